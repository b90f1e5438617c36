/** Work that waits for the visitor: the socket and the site's name are wanted only once the panel opens. */
import type { WidgetStore } from '../store.ts';

/** Run `fn` once, the first time the panel is open (at once when it already is). */
export function onFirstOpen(store: WidgetStore, fn: () => void): void {
  if (store.getState().open) return fn();
  const unsubscribe = store.subscribe((s) => {
    if (!s.open) return;
    unsubscribe();
    fn();
  });
}
