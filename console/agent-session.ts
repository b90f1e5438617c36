/**
 * The agent socket: frames in -> store actions, agent actions -> frames out.
 * Reconnecting, the outbox and the heartbeat belong to the shared connection;
 * this file decides what the console sends after each handshake and what each
 * server frame means for the store.
 */
import { createConnection } from '../widget/transport/connection.ts';
import type { Connection } from '../widget/transport/connection.ts';
import { CLOSE_CODES } from '../shared/codes.ts';
import { LIMITS, PROTOCOL_VERSION } from '../shared/limits.ts';
import { parseFrame } from '../shared/frames/parse.ts';
import { AGENT_SERVER_FRAMES } from '../shared/frames/server.ts';
import type { AgentServerFrame, ErrorFrameT } from '../shared/frames/server.ts';
import type { AgentFrame } from '../shared/frames/agent.ts';
import { lastShownSeq } from './conversation.ts';
import type { PendingMessage } from './conversation.ts';
import { newClientId } from './ids.ts';
import type { ConsoleStoreApi } from './store.ts';

type MessageFrame = Extract<AgentFrame, { type: 'message' }>;
export type ConversationAction = 'claim' | 'resolve' | 'handback';

export interface AgentSession {
  /** Show a conversation: its summary, pack and transcript, then its live events. */
  open(conversationId: string): void;
  /** Queue a reply to the open conversation; false when there was nothing to send. */
  sendMessage(text: string): boolean;
  act(action: ConversationAction): void;
  close(): void;
}

export interface AgentSessionOptions {
  store: ConsoleStoreApi;
  /** The server closed with 4401: the session cookie is gone or expired. */
  onSessionRefused: () => void;
  /**
   * The socket dropped or failed to connect. A browser never sees the HTTP 401
   * with which the server refuses an upgrade (it reports close 1006), so the
   * controller asks /api/agent/me whether the session is still alive.
   */
  onDisconnected?: () => void;
  /** Tests pass a fake; the console uses the shared reconnecting socket. */
  connect?: typeof createConnection;
  now?: () => number;
}

/** Refusals worth trying again as is; every other refusal of a message is final. */
const RETRYABLE: readonly ErrorFrameT['code'][] = ['rate_limited', 'internal'];

export function agentSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws/agent`;
}

export function createAgentSession(opts: AgentSessionOptions): AgentSession {
  const { store } = opts;
  const connect = opts.connect ?? createConnection;
  const now = opts.now ?? Date.now;
  // Replies still in the outbox, by client id: what to show again when their conversation is reopened.
  const unacked = new Map<string, PendingMessage>();
  let offlineNotice: string | null = null;

  const connection: Connection<AgentFrame> = connect<AgentServerFrame, AgentFrame>({
    url: () => agentSocketUrl(location),
    parse: (raw) => parseFrame(raw, AGENT_SERVER_FRAMES),
    hello: () => ({ type: 'hello', v: PROTOCOL_VERSION }),
    isReady: (frame) => frame.type === 'agent_welcome',
    onFrame,
    onStatus: (status) => {
      const { setStatus, setError, lastError } = store.getState();
      setStatus(status);
      // "You are offline" is no longer true: do not leave it beside an Online badge.
      if (status === 'online' && lastError !== null && lastError === offlineNotice) setError(null);
      if (status === 'offline') opts.onDisconnected?.();
    },
    onFatal,
  });

  function onFrame(frame: AgentServerFrame): void {
    const state = store.getState();
    switch (frame.type) {
      case 'agent_welcome':
        state.welcomed(frame.agent);
        // A new socket watches nothing: ask again for the open conversation, after what is shown.
        sendOpen();
        return;
      case 'queue':
        state.setQueue(frame.conversations);
        return;
      case 'conversation':
        state.conversationLoaded(frame.summary, frame.pack);
        return;
      case 'event':
        state.applyEvent(frame.conversationId, frame.entry);
        return;
      case 'ack':
        // Stored: stop resending. The pending line stays until its entry arrives.
        connection.ack(frame.clientId);
        unacked.delete(frame.clientId);
        return;
      case 'error':
        onError(frame);
        return;
      case 'pong':
        return; // the connection's heartbeat already counts it
    }
  }

  function onError(frame: ErrorFrameT): void {
    const refused = frame.ref !== undefined ? unacked.get(frame.ref) : undefined;
    if (refused && RETRYABLE.includes(frame.code)) {
      store.getState().setError(`${frame.message} (the reply will be sent again shortly)`);
      // Nothing was stored: it and the replies after it go again, in order, after the limit window.
      connection.retryFrom(refused.clientId);
      return;
    }
    if (refused) {
      // Resending the same frame would be refused the same way.
      connection.ack(refused.clientId);
      unacked.delete(refused.clientId);
      store.getState().dropPending(refused.clientId);
      store.getState().setError(`Reply not sent: ${frame.message}`);
      return;
    }
    store.getState().setError(frame.message);
  }

  function onFatal(code: number): void {
    if (code === CLOSE_CODES.unauthorized) {
      opts.onSessionRefused();
      return;
    }
    store.getState().setError(`The server refused the console connection (close code ${code}). Reload the page to try again.`);
  }

  function sendOpen(): void {
    const { current } = store.getState();
    if (!current) return;
    // Not through the outbox: after a reconnect this runs again with a fresher lastSeq.
    connection.sendNow({ type: 'open', conversationId: current.id, lastSeq: lastShownSeq(current) });
  }

  return {
    open(conversationId) {
      const pending = [...unacked.values()].filter((p) => p.conversationId === conversationId);
      store.getState().select(conversationId, pending);
      sendOpen(); // when offline, the next agent_welcome sends it
    },

    sendMessage(text) {
      const { current, setError, addPending } = store.getState();
      const trimmed = text.trim();
      if (!current || trimmed === '') return false;
      if (trimmed.length > LIMITS.maxMessageChars) {
        setError(`The reply is too long (${trimmed.length} of at most ${LIMITS.maxMessageChars} characters).`);
        return false;
      }
      const frame: MessageFrame = { type: 'message', conversationId: current.id, id: newClientId(), text: trimmed };
      try {
        connection.send(frame);
      } catch (err) {
        setError(`Reply not sent: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
      const pending: PendingMessage = { clientId: frame.id, conversationId: current.id, text: trimmed, at: now() };
      unacked.set(frame.id, pending);
      addPending(pending);
      return true;
    },

    act(action) {
      const { current, setError } = store.getState();
      if (!current) return;
      if (connection.sendNow({ type: action, conversationId: current.id })) {
        setError(null);
        return;
      }
      offlineNotice = `You are offline: "${action}" was not sent. Try again when the status shows online.`;
      setError(offlineNotice);
    },

    close() {
      connection.close();
    },
  };
}
