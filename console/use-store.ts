/**
 * The one binding between the vanilla store and Preact: re-render when the
 * selected slice changes (compared with Object.is, so select fields, not new objects).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

export function useStore<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  const [value, setValue] = useState<T>(() => selector(store.getState()));
  // Read the latest selector from the subscription without resubscribing on every render.
  const selectorRef = useRef(selector);
  selectorRef.current = selector;

  useEffect(() => {
    // The updater form, because T itself may be a function.
    const update = () => setValue(() => selectorRef.current(store.getState()));
    update(); // the store may have changed between render and subscribe
    return store.subscribe(update);
  }, [store]);

  return value;
}
