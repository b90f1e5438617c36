/** Offered inline when the visitor seems frustrated (the policy's offerHumanAt): a person, one tap away. */
import { offersPerson, type WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';

export function PersonOffer({ store, onRequest }: { store: WidgetStore; onRequest: () => void }) {
  const offered = useStore(store, offersPerson);
  if (!offered) return null;
  return (
    <div class="offer" role="status" data-testid="baton-offer">
      <span>This doesn't seem to be helping. Would you like to talk to a person?</span>
      <button type="button" data-testid="baton-offer-accept" onClick={onRequest}>
        Yes, a person please
      </button>
      <button type="button" class="decline" data-testid="baton-offer-decline" onClick={() => store.getState().declineOffer()}>
        No, thanks
      </button>
    </div>
  );
}
