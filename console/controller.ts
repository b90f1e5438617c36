/**
 * The console's wiring: HTTP sign-in decides whether an agent socket runs, and
 * the components call these methods instead of reaching for the API or the
 * socket themselves.
 */
import * as api from './api.ts';
import { createAgentSession } from './agent-session.ts';
import type { AgentSession, ConversationAction } from './agent-session.ts';
import type { Agent, ChosenStatus, ConsoleStoreApi } from './store.ts';

export interface ConsoleController {
  /** Ask the server whether a session cookie is already valid. */
  boot(): Promise<void>;
  /** Rejects with a BatonError whose message the sign-in form shows. */
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  open(conversationId: string): void;
  sendMessage(text: string): boolean;
  sendDraft(text: string): boolean;
  sendNote(text: string): boolean;
  /** The reply box changed: drives our "typing" indicator. */
  composing(text: string): void;
  act(action: ConversationAction): void;
  transfer(toAgentId: string): void;
  setPresence(status: ChosenStatus): void;
}

export interface ControllerOptions {
  store: ConsoleStoreApi;
  api?: Pick<typeof api, 'me' | 'login' | 'logout'>;
  createSession?: typeof createAgentSession;
  now?: () => number;
}

const SESSION_ENDED = 'Your session has ended. Please sign in again.';
/** How often, at most, a dropped socket makes us ask the server whether the session is still valid. */
const SESSION_PROBE_MS = 5_000;

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createController(opts: ControllerOptions): ConsoleController {
  const { store } = opts;
  const http = opts.api ?? api;
  const createSession = opts.createSession ?? createAgentSession;
  const now = opts.now ?? Date.now;
  let session: AgentSession | null = null;
  let lastProbe = Number.NEGATIVE_INFINITY;

  function startSession(): void {
    session?.close();
    session = createSession({
      store,
      onSessionRefused: () => stopSession(SESSION_ENDED),
      onDisconnected: () => void probeSession(),
    });
  }

  /** Signs out when the server no longer knows the session; anything else is a plain outage. */
  async function probeSession(): Promise<void> {
    if (now() - lastProbe < SESSION_PROBE_MS) return;
    lastProbe = now();
    const probed = session;
    let agent: Agent | null;
    try {
      agent = await http.me();
    } catch (err) {
      // Expected while the server is down; the status badge already says offline.
      console.debug('[baton] session check failed while offline:', err);
      return;
    }
    // Only act for the session that dropped, not one started (or ended) meanwhile.
    if (agent === null && probed !== null && session === probed) stopSession(SESSION_ENDED);
  }

  function stopSession(reason?: string): void {
    session?.close();
    session = null;
    store.getState().signedOut(reason);
  }

  function signedIn(agent: Agent): void {
    store.getState().signedIn(agent);
    startSession();
  }

  return {
    async boot() {
      let agent: Agent | null;
      try {
        agent = await http.me();
      } catch (err) {
        store.getState().booted(null, `Could not check your session: ${errorText(err)}`);
        return;
      }
      store.getState().booted(agent);
      if (agent) startSession();
    },

    async signIn(email, password) {
      signedIn(await http.login(email, password));
    },

    async signOut() {
      session?.close();
      session = null;
      try {
        await http.logout();
        store.getState().signedOut();
      } catch (err) {
        store.getState().signedOut(`Sign-out may not have completed: ${errorText(err)}`);
      }
    },

    open: (conversationId) => session?.open(conversationId),
    sendMessage: (text) => session?.sendMessage(text) ?? false,
    sendDraft: (text) => session?.sendDraft(text) ?? false,
    sendNote: (text) => session?.sendNote(text) ?? false,
    composing: (text) => session?.composing(text),
    act: (action) => session?.act(action),
    transfer: (toAgentId) => session?.transfer(toAgentId),
    setPresence: (status) => session?.setPresence(status),
  };
}
