/**
 * The host page's API behind window.Baton: commands in, message events out.
 * Host input is untrusted and host callbacks may throw; neither may break the widget.
 */
import type { Entry } from '../../shared/model.ts';
import type { WidgetStore } from '../store.ts';
import type { Session } from '../session.ts';

export interface PageMessage {
  role: 'visitor' | 'assistant' | 'agent';
  text: string;
  author: string | undefined;
  seq: number;
}

export interface PageApi {
  command(name: string, ...args: unknown[]): void;
  /** Tell 'message' listeners about an entry. main.tsx calls it for live entries only, not replayed history. */
  emit(entry: Entry): void;
}

export function createPageApi(store: WidgetStore, session: Pick<Session, 'identify'>): PageApi {
  const listeners = new Set<(message: PageMessage) => void>();
  return {
    command(name, ...args) {
      switch (name) {
        case 'open':
          return store.getState().setOpen(true);
        case 'close':
          return store.getState().setOpen(false);
        case 'identify':
          return session.identify(args[0]);
        case 'on': {
          const [event, fn] = args;
          if (event === 'message' && typeof fn === 'function') {
            listeners.add(fn as (message: PageMessage) => void);
            return;
          }
          return console.warn(`[baton] Baton('on', ...) takes 'message' and a function`);
        }
        default:
          return console.warn(`[baton] unknown command ${JSON.stringify(String(name))}`);
      }
    },
    emit(entry) {
      if (entry.kind !== 'message') return;
      const message: PageMessage = { role: entry.role, text: entry.text, author: entry.author, seq: entry.seq };
      for (const fn of listeners) {
        try {
          fn(message);
        } catch (err) {
          console.error('[baton] a page "message" listener threw', err);
        }
      }
    },
  };
}
