/** One conversation in the queue: state, why it is there, what was said last, how long it has waited. */
import type { ConversationSummary } from '../../shared/model.ts';
import { formatDuration } from '../format.ts';
import { StateBadge } from './StateBadge.tsx';

interface Props {
  summary: ConversationSummary;
  selected: boolean;
  now: number;
  onOpen: (id: string) => void;
}

export function QueueItem({ summary, selected, now, onOpen }: Props) {
  // Waiting counts from when it entered the queue; otherwise from the last activity.
  const since = summary.queuedAt ?? summary.updatedAt;
  const waited = formatDuration(now - since);
  return (
    <li>
      <button
        type="button"
        class={`queue-item${selected ? ' selected' : ''}${summary.urgent ? ' urgent' : ''}`}
        data-testid="console-queue-item"
        data-id={summary.id}
        data-state={summary.state}
        data-urgent={String(summary.urgent)}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(summary.id)}
      >
        <span class="queue-item-head">
          <StateBadge state={summary.state} />
          {summary.urgent && <span class="badge urgent">urgent</span>}
          {summary.reason && <code class="reason">{summary.reason}</code>}
          <span class="waited" title={new Date(since).toLocaleString()}>
            {summary.state === 'queued' ? `waiting ${waited}` : `${waited} ago`}
          </span>
        </span>
        <span class="preview text">{summary.preview || '(no messages yet)'}</span>
        {summary.assignee && <span class="assignee">with {summary.assignee.name}</span>}
      </button>
    </li>
  );
}
