/** "Visitor is typing…" and other agents typing in the open conversation (never what they type). */
import type { TypingIndicator } from '../conversation.ts';

export function TypingLine({ typing }: { typing: TypingIndicator[] }) {
  return (
    <div class="typing-line" aria-live="polite">
      {typing.map((t) =>
        t.who === 'visitor' ? (
          <span key={t.key} data-testid="console-visitor-typing">
            Visitor is typing…
          </span>
        ) : (
          <span key={t.key} data-testid="console-agent-typing" data-name={t.name ?? ''}>
            {t.name || 'Another agent'} is typing…
          </span>
        ),
      )}
    </div>
  );
}
