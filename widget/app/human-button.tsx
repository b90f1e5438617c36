/** "Talk to a person", offered only while the assistant has the conversation and no request is out. */
import type { WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';

export function HumanButton({ store, onRequest }: { store: WidgetStore; onRequest: () => void }) {
  const offered = useStore(store, (s) => (s.convState === 'bot' || s.convState === 'resolved') && !s.humanRequested);
  return (
    <button type="button" class="human" data-testid="baton-human" hidden={!offered} onClick={onRequest}>
      Talk to a person
    </button>
  );
}
