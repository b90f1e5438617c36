/**
 * The reply box. Enter sends, Shift+Enter breaks the line; replies queue while
 * offline. Typing tells the others so (the session throttles it and says when we stop).
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../../shared/limits.ts';
import { useController } from '../context.ts';
import { enterToSend } from './enter-to-send.ts';

/** Show the count only when it starts to matter. */
const COUNT_FROM = Math.floor(LIMITS.maxMessageChars * 0.9);

export function Composer({ enabled, hint }: { enabled: boolean; hint: string }) {
  const controller = useController();
  const [text, setText] = useState('');

  function send() {
    if (controller.sendMessage(text)) setText('');
  }

  function onInput(value: string) {
    setText(value);
    controller.composing(value);
  }

  const { onKeyDown, onSubmit } = enterToSend(send);

  const length = text.trim().length;
  return (
    <form class="composer" onSubmit={onSubmit}>
      <textarea
        data-testid="console-input"
        rows={3}
        placeholder={enabled ? 'Reply to the visitor (Enter to send, Shift+Enter for a new line)' : hint}
        aria-label="Reply"
        disabled={!enabled}
        value={text}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div class="composer-foot">
        {length >= COUNT_FROM && (
          <span class={length > LIMITS.maxMessageChars ? 'error' : 'muted'}>
            {length}/{LIMITS.maxMessageChars}
          </span>
        )}
        <button data-testid="console-send" type="submit" disabled={!enabled || length === 0}>
          Send
        </button>
      </div>
    </form>
  );
}
