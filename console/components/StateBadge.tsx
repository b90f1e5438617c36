import type { ConversationState } from '../../shared/codes.ts';

export function StateBadge({ state }: { state: ConversationState }) {
  return <span class={`badge state-${state}`}>{state}</span>;
}
