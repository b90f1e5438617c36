/** Which conversation, in which state, held by whom. */
import type { ConversationSummary } from '../../shared/model.ts';
import { StateBadge } from './StateBadge.tsx';

export function ConversationHeader({ id, summary }: { id: string; summary: ConversationSummary | null }) {
  return (
    <header class="conversation-head">
      <h2>
        Conversation <code>{id}</code>
      </h2>
      {summary && (
        <p>
          <StateBadge state={summary.state} />
          {summary.urgent && <span class="badge urgent">urgent</span>}
          {summary.reason && <code class="reason">{summary.reason}</code>}
          {summary.assignee && <span class="assignee">with {summary.assignee.name}</span>}
        </p>
      )}
    </header>
  );
}
