/** Which conversation, in which state, held by whom; how frustrated the visitor is, and the e-mail they left. */
import type { ConversationSummary } from '../../shared/model.ts';
import { formatPercent } from '../format.ts';
import { frustrationBadge } from '../queue-groups.ts';
import { StateBadge } from './StateBadge.tsx';

export function ConversationHeader({ id, summary }: { id: string; summary: ConversationSummary | null }) {
  const frustration = summary ? frustrationBadge(summary) : null;
  return (
    <header class="conversation-head">
      <h2>
        Conversation <code>{id}</code>
      </h2>
      {summary && (
        <p>
          <StateBadge state={summary.state} />
          {summary.urgent && <span class="badge urgent">urgent</span>}
          {frustration !== null && <span class="badge frustrated">frustrated {formatPercent(frustration)}</span>}
          {summary.reason && <code class="reason">{summary.reason}</code>}
          {summary.assignee && <span class="assignee">with {summary.assignee.name}</span>}
          {summary.contact && (
            <span class="contact" data-testid="console-contact">
              Follow up by e-mail: <span class="text">{summary.contact}</span>
            </span>
          )}
        </p>
      )}
    </header>
  );
}
