/**
 * The agent socket: frames in -> store actions, agent actions -> frames out.
 * Reconnecting, the outbox and the heartbeat belong to the shared connection;
 * this file decides what the console sends after each handshake and what each
 * server frame means for the store.
 */
import { createConnection } from '../client/connection.ts';
import type { Connection } from '../client/connection.ts';
import { CLOSE_CODES } from '../shared/codes.ts';
import { LIMITS, PROTOCOL_VERSION } from '../shared/limits.ts';
import { parseFrame } from '../shared/frames/parse.ts';
import { AGENT_SERVER_FRAMES } from '../shared/frames/server.ts';
import type { AgentServerFrame, ErrorFrameT } from '../shared/frames/server.ts';
import type { AgentFrame } from '../shared/frames/agent.ts';
import type { Note } from '../shared/model.ts';
import { lastShownSeq, typingKey } from './conversation.ts';
import type { PendingMessage, PendingNote, TypingIndicator } from './conversation.ts';
import { newClientId } from './ids.ts';
import type { ChosenStatus, ConsoleStoreApi } from './store.ts';

type MessageFrame = Extract<AgentFrame, { type: 'message' }>;
type NoteFrame = Extract<AgentFrame, { type: 'note' }>;
type TypingFrameIn = Extract<AgentServerFrame, { type: 'typing' }>;
export type ConversationAction = 'claim' | 'resolve' | 'handback';

export interface AgentSession {
  /** Show a conversation: its summary, pack and transcript, then its live events. */
  open(conversationId: string): void;
  /** Queue a reply to the open conversation; false when there was nothing to send. */
  sendMessage(text: string): boolean;
  /**
   * Send the assistant's draft, as edited, as an ordinary reply (the server
   * claims the conversation for us if needed); the draft is then no longer offered.
   */
  sendDraft(text: string): boolean;
  /** Queue an internal note on the open conversation; false when there was nothing to send. */
  sendNote(text: string): boolean;
  /** The reply box now holds `text`: tells the others we are typing (throttled), or that we stopped. */
  composing(text: string): void;
  act(action: ConversationAction): void;
  /** Pass the open conversation (ours) to another online agent. */
  transfer(toAgentId: string): void;
  /** Online takes new conversations, away does not; kept and sent again after every reconnect. */
  setPresence(status: ChosenStatus): void;
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
  // Notes still in the outbox, by client id; a `note` frame with the same clientId acks one.
  const unackedNotes = new Map<string, PendingNote>();
  let offlineNotice: string | null = null;
  // Our own typing: the conversation we last said "typing" in (null: we said nothing, or "stopped").
  let typingIn: string | null = null;
  let typingSentAt = Number.NEGATIVE_INFINITY;
  let typingIdle: ReturnType<typeof setTimeout> | undefined;
  // Others typing: each indicator is dropped when not refreshed within typingTtlMs.
  const typingExpiry = new Map<string, ReturnType<typeof setTimeout>>();

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
      if (status === 'offline') {
        // The server ends a closed console's typing itself; say it again on the next keystroke.
        forgetTyping();
        opts.onDisconnected?.();
      }
    },
    onFatal,
  });

  function onFrame(frame: AgentServerFrame): void {
    const state = store.getState();
    switch (frame.type) {
      case 'agent_welcome':
        state.welcomed(frame.agent);
        // A new console starts online on the server: say again that we chose away.
        if (state.chosenStatus !== 'online') connection.sendNow({ type: 'presence', status: state.chosenStatus });
        // A new socket watches nothing: ask again for the open conversation, after what is shown.
        sendOpen();
        return;
      case 'queue':
        state.setQueue(frame.conversations);
        return;
      case 'presence':
        state.setAgents(frame.agents);
        return;
      case 'conversation':
        // A note stored before its ack was lost is acked by being there.
        for (const note of frame.notes) ackNote(note);
        state.conversationLoaded(frame.summary, frame.pack, frame.notes);
        return;
      case 'note':
        ackNote(frame.note);
        state.applyNote(frame.conversationId, frame.note);
        return;
      case 'typing':
        onTyping(frame);
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

  /** Our note came back stored: stop resending it. Another agent's note acks nothing. */
  function ackNote(note: Note): void {
    if (!unackedNotes.has(note.clientId)) return;
    const me = store.getState().agent?.id;
    if (me !== undefined && note.agent.id !== me) return;
    connection.ack(note.clientId);
    unackedNotes.delete(note.clientId);
  }

  function onTyping(frame: TypingFrameIn): void {
    const indicator: TypingIndicator = { key: typingKey(frame.who, frame.name), who: frame.who, name: frame.name ?? null };
    const timerKey = `${frame.conversationId} ${indicator.key}`;
    clearTimeout(typingExpiry.get(timerKey));
    typingExpiry.delete(timerKey);
    store.getState().typingChanged(frame.conversationId, indicator, frame.on);
    if (!frame.on) return;
    // A lost "stopped typing" must not leave the indicator up for good.
    const timer = setTimeout(() => {
      typingExpiry.delete(timerKey);
      store.getState().typingChanged(frame.conversationId, indicator, false);
    }, LIMITS.typingTtlMs);
    typingExpiry.set(timerKey, timer);
  }

  function onError(frame: ErrorFrameT): void {
    const note = frame.ref !== undefined ? unackedNotes.get(frame.ref) : undefined;
    if (note) {
      onNoteRefused(note, frame);
      return;
    }
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
      // A reply sent from the assistant's draft: offer the draft again, as it was sent.
      store.getState().draftRefused(refused.clientId, refused.text);
      store.getState().setError(`Reply not sent: ${frame.message}`);
      return;
    }
    store.getState().setError(frame.message);
  }

  function onNoteRefused(note: PendingNote, frame: ErrorFrameT): void {
    if (RETRYABLE.includes(frame.code)) {
      store.getState().setError(`${frame.message} (the note will be sent again shortly)`);
      connection.retryFrom(note.clientId);
      return;
    }
    connection.ack(note.clientId);
    unackedNotes.delete(note.clientId);
    store.getState().dropPendingNote(note.clientId);
    store.getState().setError(`Note not saved: ${frame.message}`);
  }

  /**
   * A reply or a note through the outbox (resent after every reconnect until
   * acked): checked, sent, and returned as the pending line; null when there was
   * nothing to send or it was refused (the reason is shown).
   */
  function sendText(kind: 'message' | 'note', text: string): PendingMessage | null {
    const { current, setError } = store.getState();
    const trimmed = text.trim();
    if (!current || trimmed === '') return null;
    const what = kind === 'message' ? 'reply' : 'note';
    if (trimmed.length > LIMITS.maxMessageChars) {
      setError(`The ${what} is too long (${trimmed.length} of at most ${LIMITS.maxMessageChars} characters).`);
      return null;
    }
    const frame: MessageFrame | NoteFrame = { type: kind, conversationId: current.id, id: newClientId(), text: trimmed };
    try {
      connection.send(frame);
    } catch (err) {
      setError(`${kind === 'message' ? 'Reply not sent' : 'Note not saved'}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
    return { clientId: frame.id, conversationId: current.id, text: trimmed, at: now() };
  }

  /** Queue a reply; its client id, or null when there was nothing to send (the reason is shown). */
  function queueMessage(text: string): string | null {
    const pending = sendText('message', text);
    if (!pending) return null;
    unacked.set(pending.clientId, pending);
    store.getState().addPending(pending);
    // Sent: no longer typing it.
    stopTyping();
    return pending.clientId;
  }

  /** Say "stopped typing" where we said "typing". */
  function stopTyping(): void {
    clearTimeout(typingIdle);
    typingIdle = undefined;
    if (typingIn === null) return;
    connection.sendNow({ type: 'typing', conversationId: typingIn, on: false });
    forgetTyping();
  }

  function forgetTyping(): void {
    clearTimeout(typingIdle);
    typingIdle = undefined;
    typingIn = null;
    typingSentAt = Number.NEGATIVE_INFINITY;
  }

  /** Send a frame that only makes sense now (an action); when offline, say so instead of queueing it. */
  function sendAction(frame: AgentFrame, what: string): void {
    if (connection.sendNow(frame)) {
      store.getState().setError(null);
      return;
    }
    offlineNotice = `You are offline: "${what}" was not sent. Try again when the status shows online.`;
    store.getState().setError(offlineNotice);
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
      // A reply half-typed in the last conversation is not being typed any more.
      if (typingIn !== null && typingIn !== conversationId) stopTyping();
      const pending = [...unacked.values()].filter((p) => p.conversationId === conversationId);
      const pendingNotes = [...unackedNotes.values()].filter((p) => p.conversationId === conversationId);
      store.getState().select(conversationId, pending, pendingNotes);
      sendOpen(); // when offline, the next agent_welcome sends it
    },

    sendMessage(text) {
      return queueMessage(text) !== null;
    },

    sendDraft(text) {
      const { current } = store.getState();
      const at = current?.pack?.at;
      if (!current || at === undefined) return false;
      const clientId = queueMessage(text);
      if (clientId === null) return false;
      store.getState().draftDone(current.id, at, clientId);
      return true;
    },

    sendNote(text) {
      const pending = sendText('note', text);
      if (!pending) return false;
      unackedNotes.set(pending.clientId, pending);
      store.getState().addPendingNote(pending);
      return true;
    },

    composing(text) {
      const { current } = store.getState();
      if (!current || text.trim() === '') {
        stopTyping();
        return;
      }
      if (typingIn !== null && typingIn !== current.id) stopTyping();
      // "Typing" is refreshed while it lasts, at most every typingRefreshMs; never what is typed.
      if (typingIn === null || now() - typingSentAt >= LIMITS.typingRefreshMs) {
        if (connection.sendNow({ type: 'typing', conversationId: current.id, on: true })) {
          typingIn = current.id;
          typingSentAt = now();
        }
      }
      // A pause as long as the refresh interval counts as stopped.
      clearTimeout(typingIdle);
      typingIdle = setTimeout(stopTyping, LIMITS.typingRefreshMs);
    },

    act(action) {
      const { current } = store.getState();
      if (!current) return;
      sendAction({ type: action, conversationId: current.id }, action);
    },

    transfer(toAgentId) {
      const { current } = store.getState();
      if (!current || toAgentId === '') return;
      sendAction({ type: 'transfer', conversationId: current.id, to: toAgentId }, 'transfer');
    },

    setPresence(status) {
      store.getState().choosePresence(status);
      // Offline: the next agent_welcome sends it.
      connection.sendNow({ type: 'presence', status });
    },

    close() {
      clearTimeout(typingIdle);
      for (const timer of typingExpiry.values()) clearTimeout(timer);
      typingExpiry.clear();
      connection.close();
    },
  };
}
