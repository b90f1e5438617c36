/** One message line. Visitor and assistant text is untrusted: rendered as text, never as HTML. */
import type { MessageEntry } from '../../shared/model.ts';
import type { PendingMessage } from '../conversation.ts';
import { confidenceLevel, formatPercent, formatTime } from '../format.ts';
import { RichText } from './RichText.tsx';

const WHO = { visitor: 'Visitor', assistant: 'Assistant', agent: 'Agent' } as const;

export function TranscriptMessage({ entry }: { entry: MessageEntry }) {
  const who = entry.role === 'visitor' ? WHO.visitor : (entry.author ?? WHO[entry.role]);
  return (
    <li class={`msg role-${entry.role}`} data-testid="console-message" data-role={entry.role} data-seq={entry.seq} data-pending="false">
      <div class="msg-meta">
        <span class="who">{who}</span>
        <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time>
        {entry.role === 'assistant' && entry.confidence !== undefined && <ConfidencePill value={entry.confidence} />}
      </div>
      <RichText text={entry.text} />
      {entry.sources && entry.sources.length > 0 && (
        <ul class="sources" aria-label="Sources">
          {entry.sources.map((s) => (
            <li key={`${s.article}#${s.section}`}>
              {s.title} <span class="muted">({s.article} § {s.section})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** How sure the assistant was of this reply: low, medium or high by colour, the percentage in text. */
function ConfidencePill({ value }: { value: number }) {
  const level = confidenceLevel(value);
  return (
    <span class={`confidence conf-${level}`} data-testid="console-confidence" data-level={level} title={`The assistant's confidence in this reply: ${level}`}>
      {formatPercent(value)}
    </span>
  );
}

/** A reply of ours the server has not yet sent back as an entry. */
export function PendingLine({ message }: { message: PendingMessage }) {
  return (
    <li class="msg role-agent pending" data-testid="console-message" data-role="agent" data-pending="true" data-client-id={message.clientId}>
      <div class="msg-meta">
        <span class="who">You</span>
        <span class="muted">sending…</span>
      </div>
      <RichText text={message.text} />
    </li>
  );
}
