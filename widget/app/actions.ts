/** What the visitor can do from the panel, joining the session (network) and the store (screen). */
import { LIMITS } from '../../shared/limits.ts';
import type { WidgetStore } from '../store.ts';
import type { Session } from '../session.ts';
import type { WidgetEvent } from '../../shared/frames/telemetry.ts';

export interface PanelActions {
  /** True when the text was taken (the composer may clear). */
  send(text: string): boolean;
  requestHuman(): void;
  /** The visitor rated the latest reply. */
  rate(value: 'up' | 'down'): void;
  /** The composer's text changed: a person waiting or on the line hears that the visitor types (never what). */
  typing(text: string): void;
  /** Leave an e-mail while nobody is there. */
  leaveContact(email: string): void;
  /** Answer the effort survey. */
  answerSurvey(score: number, comment: string): void;
  close(): void;
}

/** Where the panel's own events go (the frustration detector); the typing burst in progress ends at a send. */
export interface ActionEvents {
  push(event: WidgetEvent): void;
  flushTyping(): void;
}

const NO_EVENTS: ActionEvents = { push: () => {}, flushTyping: () => {} };

const CONTACT_ERROR = { empty: 'Please enter your e-mail address.', invalid: 'Please enter an e-mail address like name@example.com.' };

export function createActions(
  store: WidgetStore,
  session: Pick<Session, 'sendMessage' | 'requestHuman' | 'typing' | 'leaveContact' | 'answerSurvey'>,
  events: ActionEvents = NO_EVENTS,
): PanelActions {
  const state = store.getState;
  return {
    send(text) {
      const result = session.sendMessage(text);
      if (result.ok) {
        events.flushTyping();
        events.push({ t: Date.now(), type: 'send', text: result.message.text });
        store.getState().addPending(result.message);
        store.getState().setError(null);
        return true;
      }
      if (result.reason === 'too_long') store.getState().setError(`Messages are limited to ${LIMITS.maxMessageChars} characters.`);
      return false;
    },
    requestHuman() {
      session.requestHuman();
      events.push({ t: Date.now(), type: 'human' });
      store.getState().setHumanRequested(true);
    },
    rate(value) {
      events.push({ t: Date.now(), type: 'feedback', value });
    },
    close() {
      store.getState().setOpen(false);
    },
    typing(text) {
      const s = state().convState;
      // Cleared, or nobody to tell: stopped (sends "off" only if "on" went out).
      session.typing(text.trim() !== '' && (s === 'queued' || s === 'human'));
    },
    leaveContact(email) {
      if (state().contact.id) return; // one in flight already
      const result = session.leaveContact(email);
      if (result.ok) state().onceSent('contact', result.id, result.email);
      else state().onceSettled('contact', null, CONTACT_ERROR[result.reason]);
    },
    answerSurvey(score, comment) {
      if (state().survey.id) return;
      state().onceSent('survey', session.answerSurvey(score, comment));
    },
  };
}
