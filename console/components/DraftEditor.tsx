/**
 * The reply the assistant was about to send when it handed over (never sent to
 * the visitor): the agent edits it and sends it as their own reply, or discards it.
 */
import { useConsole, useController } from '../context.ts';
import { offeredDraft } from '../store.ts';

interface Props {
  conversationId: string;
  canSend: boolean;
  /** Why sending is off, when it is. */
  hint: string;
}

export function DraftEditor({ conversationId, canSend, hint }: Props) {
  const controller = useController();
  // Two primitive selections: the component re-renders only when one changes.
  const text = useConsole((s) => offeredDraft(s)?.text ?? null);
  const at = useConsole((s) => offeredDraft(s)?.at ?? null);
  const editDraft = useConsole((s) => s.editDraft);
  const draftDone = useConsole((s) => s.draftDone);
  if (text === null || at === null) return null;
  const empty = text.trim() === '';
  return (
    <section class="draft-editor" data-testid="console-draft-editor" aria-label="The assistant's draft">
      <p class="draft-editor-head">
        <strong>The assistant's draft</strong> <span class="muted">— not sent to the visitor. Edit it, then send it as your reply.</span>
      </p>
      <textarea
        data-testid="console-draft"
        rows={3}
        aria-label="Draft reply"
        value={text}
        onInput={(e) => editDraft(conversationId, at, e.currentTarget.value)}
      />
      <div class="composer-foot">
        {!canSend && hint && <span class="muted">{hint}</span>}
        <button type="button" class="secondary" data-testid="console-discard-draft" onClick={() => draftDone(conversationId, at, null)}>
          Discard
        </button>
        <button type="button" data-testid="console-send-draft" disabled={!canSend || empty} onClick={() => controller.sendDraft(text)}>
          Send draft
        </button>
      </div>
    </section>
  );
}
