/** The conversation's log in seq order, then our replies still on their way. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Entry } from '../../shared/model.ts';
import type { PendingMessage } from '../conversation.ts';
import { PendingLine, TranscriptMessage } from './TranscriptMessage.tsx';
import { TranscriptNotice } from './TranscriptNotice.tsx';

/** Within this many pixels of the bottom counts as "reading the latest": follow new lines. */
const FOLLOW_SLACK_PX = 48;

export function Transcript({ entries, pending }: { entries: Entry[]; pending: PendingMessage[] }) {
  const list = useRef<HTMLOListElement>(null);
  const follow = useRef(true);

  useLayoutEffect(() => {
    const el = list.current;
    // Do not yank an agent who scrolled up to read back.
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [entries.length, pending.length]);

  function onScroll() {
    const el = list.current;
    if (el) follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX;
  }

  return (
    <ol class="transcript" ref={list} onScroll={onScroll} aria-label="Transcript" aria-live="polite">
      {entries.map((entry) =>
        entry.kind === 'message' ? <TranscriptMessage key={entry.seq} entry={entry} /> : <TranscriptNotice key={entry.seq} entry={entry} />,
      )}
      {pending.map((message) => (
        <PendingLine key={message.clientId} message={message} />
      ))}
      {entries.length === 0 && pending.length === 0 && <li class="empty">No messages yet.</li>}
    </ol>
  );
}
