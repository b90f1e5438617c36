/** A state change in the transcript, with the reason code exactly as recorded. */
import type { StateEntry } from '../../shared/model.ts';
import { formatTime } from '../format.ts';

export function TranscriptNotice({ entry }: { entry: StateEntry }) {
  return (
    <li class="notice-line" data-testid="console-notice" data-seq={entry.seq} data-reason={entry.reason} data-to={entry.to}>
      <span>
        {entry.from} → {entry.to}
      </span>{' '}
      <code class="reason">{entry.reason}</code>
      {entry.agent && <span> by {entry.agent.name}</span>}{' '}
      <time class="muted" dateTime={new Date(entry.at).toISOString()}>
        {formatTime(entry.at)}
      </time>
    </li>
  );
}
