/**
 * One conversation in the queue: state, urgency, frustration, why it is there,
 * what was said last, how long it has waited, and whom to follow up with.
 */
import type { ConversationSummary } from '../../shared/model.ts';
import { formatDuration, formatPercent, formatWaiting } from '../format.ts';

/** "just now" rather than "now ago". */
const ago = (ms: number) => {
  const d = formatDuration(ms);
  return d === 'now' ? 'just now' : `${d} ago`;
};
import { frustrationBadge } from '../queue-groups.ts';
import { StateBadge } from './StateBadge.tsx';

interface Props {
  summary: ConversationSummary;
  /** Place among the waiting ones (1 = next); null for the others. */
  position: number | null;
  selected: boolean;
  now: number;
  onOpen: (id: string) => void;
}

export function QueueItem({ summary, position, selected, now, onOpen }: Props) {
  // Waiting counts from when it entered the queue; otherwise from the last activity.
  const since = summary.queuedAt ?? summary.updatedAt;
  const waiting = summary.state === 'queued';
  const frustration = frustrationBadge(summary);
  return (
    <li>
      <button
        type="button"
        class={`queue-item${selected ? ' selected' : ''}${summary.urgent ? ' urgent' : ''}${frustration !== null ? ' frustrated' : ''}`}
        data-testid="console-queue-item"
        data-id={summary.id}
        data-state={summary.state}
        data-urgent={String(summary.urgent)}
        data-position={position ?? undefined}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(summary.id)}
      >
        <span class="queue-item-head">
          {position !== null && (
            <span class="position" title="Place in the queue">
              #{position}
            </span>
          )}
          <StateBadge state={summary.state} />
          {summary.urgent && (
            <span class="badge urgent" data-testid="console-queue-urgent">
              urgent
            </span>
          )}
          {frustration !== null && (
            <span class="badge frustrated" data-testid="console-queue-frustration" title="The visitor's frustration as last judged">
              frustrated {formatPercent(frustration)}
            </span>
          )}
          {summary.reason && <code class="reason">{summary.reason}</code>}
          <span class="waited" data-testid={waiting ? 'console-queue-wait' : undefined} title={new Date(since).toLocaleString()}>
            {waiting ? `waiting ${formatWaiting(now - since)}` : ago(now - since)}
          </span>
        </span>
        <span class="preview text">{summary.preview || '(no messages yet)'}</span>
        {summary.contact && (
          <span class="contact" data-testid="console-queue-contact">
            Follow up: <span class="text">{summary.contact}</span>
          </span>
        )}
        {summary.state === 'offline' && !summary.contact && <span class="contact muted">No e-mail left</span>}
        {summary.assignee && <span class="assignee">with {summary.assignee.name}</span>}
      </button>
    </li>
  );
}
