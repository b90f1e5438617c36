/** The message box: Enter sends, Shift+Enter breaks the line; every edit tells onType the text (for "typing", never sent). */
import type { TargetedKeyboardEvent } from 'preact';
import { LIMITS } from '../../shared/limits.ts';

export function Composer({ onSend, onType, inputRef }: { onSend: (text: string) => boolean; onType: (text: string) => void; inputRef: { current: HTMLTextAreaElement | null } }) {
  const submit = (event?: Event) => {
    event?.preventDefault();
    const input = inputRef.current;
    if (input && onSend(input.value)) input.value = '';
  };
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that confirms an IME composition is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
  };
  return (
    <form class="composer" onSubmit={submit}>
      <textarea
        ref={inputRef}
        data-testid="baton-input"
        aria-label="Message"
        placeholder="Type your message…"
        rows={2}
        maxLength={LIMITS.maxMessageChars}
        onKeyDown={onKeyDown}
        onInput={(event) => onType(event.currentTarget.value)}
      />
      <button type="submit" data-testid="baton-send">
        Send
      </button>
    </form>
  );
}
