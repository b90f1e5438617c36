/** One line of the transcript: a message (stored, pending, or the reply being written) or a state notice. */
import type { VisibleMessage } from '../store.ts';
import { noticeText } from './notices.ts';
import { RichText } from '../../client/rich-text.tsx';
import { Rating } from './rating.tsx';

export function MessageItem({ item, onRate, joined }: { item: VisibleMessage; onRate?: ((value: 'up' | 'down') => void) | undefined; joined?: boolean }) {
  if (item.kind === 'state') {
    const text = noticeText(item);
    // A person who joins live is introduced by their initial in a circle; the name follows in text.
    const initial = joined && item.agent ? item.agent.name.trim().charAt(0).toUpperCase() : '';
    return text === null ? null : (
      <li class="notice" data-testid="baton-notice" data-seq={String(item.seq)}>
        {initial && (
          <span class="avatar" data-testid="baton-agent-avatar" aria-hidden="true">
            {initial}
          </span>
        )}
        {text}
      </li>
    );
  }
  if (item.kind === 'provisional') {
    // Plain text while it is written (a link may be half there); hidden from screen
    // readers, which hear the stored reply once instead of every piece.
    return (
      <li class="msg msg-assistant msg-provisional" data-testid="baton-provisional" aria-hidden="true">
        {item.text}
      </li>
    );
  }
  const pending = item.kind === 'pending';
  const role = pending ? 'visitor' : item.role;
  return (
    <li
      class={`msg msg-${role}${pending ? ' msg-pending' : ''}`}
      data-testid="baton-message"
      data-role={role}
      data-seq={pending ? '' : String(item.seq)}
      data-pending={String(pending)}
    >
      {!pending && item.role === 'agent' && <span class="author">{item.author ?? 'Agent'}</span>}
      <span class="text">
        <RichText text={item.text} />
      </span>
      {pending && <span class="sr-only"> (sending)</span>}
      {onRate && <Rating onRate={onRate} />}
    </li>
  );
}
