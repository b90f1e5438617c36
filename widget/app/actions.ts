/** What the visitor can do from the panel, joining the session (network) and the store (screen). */
import { LIMITS } from '../../shared/limits.ts';
import type { WidgetStore } from '../store.ts';
import type { Session } from '../session.ts';

export interface PanelActions {
  /** True when the text was taken (the composer may clear). */
  send(text: string): boolean;
  requestHuman(): void;
  close(): void;
}

export function createActions(store: WidgetStore, session: Pick<Session, 'sendMessage' | 'requestHuman'>): PanelActions {
  return {
    send(text) {
      const result = session.sendMessage(text);
      if (result.ok) {
        store.getState().addPending(result.message);
        store.getState().setError(null);
        return true;
      }
      if (result.reason === 'too_long') store.getState().setError(`Messages are limited to ${LIMITS.maxMessageChars} characters.`);
      return false;
    },
    requestHuman() {
      session.requestHuman();
      store.getState().setHumanRequested(true);
    },
    close() {
      store.getState().setOpen(false);
    },
  };
}
