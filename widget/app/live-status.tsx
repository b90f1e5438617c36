/** Under the transcript, read out politely as it changes: the place in the queue, and the person typing. */
import type { WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';
import { waitText } from './notices.ts';

export function LiveStatus({ store }: { store: WidgetStore }) {
  const wait = useStore(store, (s) => (s.convState === 'queued' ? s.wait : null));
  const typing = useStore(store, (s) => s.agentTyping);
  // The region is always there (a region added with its text is often not read); its lines come and go.
  return (
    <div class="live" aria-live="polite">
      {wait && <p data-testid="baton-wait">{waitText(wait)}</p>}
      {typing && <p data-testid="baton-agent-typing">{typing} is typing…</p>}
    </div>
  );
}
