/** While nobody is there (offline): leave an e-mail to be answered later, once; then the thanks. */
import { useRef } from 'preact/hooks';
import { LIMITS } from '../../shared/limits.ts';
import type { WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';

/**
 * The thanks that replaces a form after a send from it takes the focus the
 * form had (it went with the form), so a keyboard or screen reader user hears
 * it and is not left nowhere. A thanks shown on load, or a visitor who moved on
 * to the composer meanwhile, keeps the focus where it is.
 */
export const focusOnce = (sent: { current: boolean }) => (el: HTMLElement | null) => {
  if (!el || !sent.current) return;
  sent.current = false;
  if (!(el.getRootNode() as ShadowRoot).activeElement) el.focus();
};

export function Contact({ store, onSend }: { store: WidgetStore; onSend: (email: string) => void }) {
  const contact = useStore(store, (s) => (s.convState === 'offline' ? s.contact : null));
  const input = useRef<HTMLInputElement>(null);
  const sent = useRef(false);
  if (!contact) return null;
  if (contact.done) {
    return (
      <p class="offer" role="status" data-testid="baton-contact-saved" tabIndex={-1} ref={focusOnce(sent)}>
        {/* After a reload only the fact is known, not the address. */}
        {contact.email ? `Thanks — we'll reply to ${contact.email}` : "Thanks — we'll reply by e-mail"}
      </p>
    );
  }
  const sending = contact.id !== null;
  const submit = (event: Event) => {
    event.preventDefault();
    sent.current = true;
    onSend(input.current?.value ?? '');
  };
  // noValidate: the check and its message are ours, inline, the same in every browser.
  return (
    <form class="offer" data-testid="baton-contact" noValidate onSubmit={submit}>
      <p id="baton-contact-text">Nobody from the team is available right now. Leave your e-mail and we'll reply there — this conversation is kept.</p>
      <input
        ref={input}
        type="email"
        data-testid="baton-contact-email"
        aria-label="Your e-mail"
        aria-describedby={contact.error ? 'baton-contact-text baton-contact-error' : 'baton-contact-text'}
        aria-invalid={contact.error !== null}
        autoComplete="email"
        placeholder="name@example.com"
        maxLength={LIMITS.maxEmailChars}
        readOnly={sending}
      />
      {contact.error && (
        <p class="field-error" id="baton-contact-error" role="alert" data-testid="baton-contact-error">
          {contact.error}
        </p>
      )}
      <button type="submit" data-testid="baton-contact-send" aria-disabled={sending}>
        {sending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
