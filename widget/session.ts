/**
 * The visitor's session: the visitor protocol on top of createConnection.
 * Knows tokens, seq and the outbox (saved by saved-outbox.ts); knows nothing of
 * the DOM or the store (main.tsx wires its events to the store).
 *
 * The socket opens only when needed: connect() (the panel was opened), a send,
 * or at once when there is a conversation to return to (a saved token) or
 * unsent messages. A page view alone makes no conversation on the server.
 */
import { createConnection, type ConnectionOptions, type ConnectionStatus } from '../client/connection.ts';
import { parseFrame } from '../shared/frames/parse.ts';
import * as v from 'valibot';
import { VISITOR_SERVER_FRAMES, type ReplyStreamFrame, type VisitorServerFrame, type WaitFrameT, type WelcomeFrame } from '../shared/frames/server.ts';
import type { VisitorEventsFrame, VisitorFrame, VisitorFrustrationFrame, VisitorHelloFrame, VisitorIdentifyFrame } from '../shared/frames/visitor.ts';
import { CLOSE_CODES, type ErrorCode } from '../shared/codes.ts';
import { LIMITS, PROTOCOL_VERSION } from '../shared/limits.ts';
import type { Act } from '../shared/acts/acts.ts';
import type { Entry } from '../shared/model.ts';
import { defaultStorage, safeStorage, type StorageLike } from './storage.ts';
import { savedOutbox } from './saved-outbox.ts';
import { seqTracker } from '../client/entries.ts';
import { clientId } from './ids.ts';
import { email as emailSchema } from '../shared/frames/fields.ts';

export type VisitorUser = VisitorIdentifyFrame['user'];

export interface PendingMessage {
  clientId: string;
  text: string;
  at: number;
}

export interface SessionEvents {
  status?(s: ConnectionStatus): void;
  welcome?(w: WelcomeFrame): void;
  /** An entry applied for the first time, in seq order. `live` = newer than the welcome, i.e. not history. */
  entry?(entry: Entry, live: boolean): void;
  /** A piece or the end of the reply being written: provisional, never an entry. */
  stream?(frame: ReplyStreamFrame): void;
  /** The conversation was replaced (its token was refused): forget what was shown. */
  reset?(): void;
  /** The server refused a pending frame for good (e.g. too_long); it left the outbox. */
  refused?(clientId: string, code: ErrorCode): void;
  error?(code: ErrorCode, message: string): void;
  /** While the conversation waits for a person: its place in the queue and the estimate. */
  wait?(frame: WaitFrameT): void;
  /** The person on the conversation is typing (their name), or stopped, or was not heard from within typingTtlMs (null). */
  typing?(name: string | null): void;
  /** What the server read a message of ours as (a request for a person, a closing...), once per message. */
  act?(act: Act): void;
  /**
   * A once-only action left the outbox: stored (error null; a survey answered
   * before counts as stored), or refused for good (the server's message).
   */
  saved?(what: OnceWhat, id: string, error: string | null): void;
}

export type OnceWhat = 'contact' | 'survey';

export interface SessionOptions {
  base: string;
  site: string;
  /** Evaluated on every hello: single-page sites change their URL. */
  page?: () => string;
  locale?: string;
  /** Default: the page's localStorage, guarded. null = memory only. */
  storage?: StorageLike | null;
  events?: SessionEvents;
  transport?: Pick<ConnectionOptions<VisitorServerFrame, VisitorFrame>, 'WebSocketImpl' | 'backoff' | 'heartbeat' | 'random' | 'retryDelayMs'>;
  /** Typing timings (tests shorten them): refresh and ttl default to LIMITS, idle (no keystroke: stopped) to 3 s. */
  typingMs?: { refresh: number; idle: number; ttl: number };
}

export type SendResult = { ok: true; message: PendingMessage } | { ok: false; reason: 'empty' | 'too_long' };
export type ContactResult = { ok: true; id: string; email: string } | { ok: false; reason: 'empty' | 'invalid' };

export interface Session {
  /** Open the socket if it is not open yet (the visitor opened the panel). Idempotent. */
  connect(): void;
  sendMessage(text: string): SendResult;
  /** "Talk to a person"; returns the request's client id. */
  requestHuman(): string;
  /** Facts from the host page; untrusted, so anything but bounded id/name/email strings is dropped. Does not connect. */
  identify(user: unknown): void;
  /**
   * Telemetry, fire and forget: sent now when online, else held (a few, newest
   * kept) and sent after the next welcome. Never in the message outbox.
   */
  telemetry(frame: VisitorEventsFrame | VisitorFrustrationFrame): void;
  /** The conversation's token, once there is a conversation (the exit report proves itself with it). */
  readonly token: string | null;
  /**
   * The visitor is typing (true: call on every keystroke) or stopped (false).
   * Only the fact travels, fire and forget: `on` at most once per refresh while
   * it lasts, `off` when told, on a send, or after idle without a keystroke.
   * Dropped when offline; never in the outbox.
   */
  typing(on: boolean): void;
  /** Leave an e-mail to be answered later: kept in the outbox, resent after a drop until `saved`. Checked here first. */
  leaveContact(email: string): ContactResult;
  /** The effort survey (score 1..7, optional comment): like leaveContact. Returns the client id. */
  answerSurvey(score: number, comment?: string): string;
  /** Typed messages not yet acknowledged, including those restored after a reload. */
  pendingMessages(): PendingMessage[];
  /** Every seq up to this one applied: where a resume replays from. */
  readonly lastSeq: number;
  readonly status: ConnectionStatus;
  close(): void;
}

type OutboxFrame = Extract<VisitorFrame, { id: string }>;

/** Telemetry frames held while offline; older ones are dropped first. */
const HELD_TELEMETRY = 10;
/** No keystroke for this long: the visitor stopped typing. */
const TYPING_IDLE_MS = 3_000;

export function createSession(opts: SessionOptions): Session {
  const storage = safeStorage(opts.storage === undefined ? defaultStorage() : opts.storage);
  const tokenKey = `baton:${opts.site}:token`;
  const saved = savedOutbox(storage, `baton:${opts.site}:outbox`);
  const events = opts.events ?? {};
  const base = opts.base.replace(/\/+$/, '');

  let token = readToken(storage.getItem(tokenKey));
  // Seqs applied; starts at 0 on a fresh page so the whole transcript replays.
  const seqs = seqTracker();
  /** Client ids whose act was told: a resend's second ack says it again. */
  const acted = new Set<string>();
  let conversationId: string | null = null;
  // Entries up to the first welcome's lastSeq are the history this page found;
  // everything after is live, including what arrives after an offline spell.
  let historySeq: number | null = null;
  let user: VisitorUser | undefined;
  const sentAt = new Map<string, number>();
  // Outstanding requests for a person -> lastSeq when made. The protocol has no
  // ack for them: the next state change answers them (queued, or moot).
  const humanAfter = new Map<string, number>();
  let held: (VisitorEventsFrame | VisitorFrustrationFrame)[] = [];
  // Once-only actions in the outbox: client id -> what it is. Not saved for a
  // reload (only messages are): the next page's welcome says whether they were stored.
  const once = new Map<string, OnceWhat>();
  const typingMs = opts.typingMs ?? { refresh: LIMITS.typingRefreshMs, idle: TYPING_IDLE_MS, ttl: LIMITS.typingTtlMs };
  let typingOn = false; // an "on" went out and no "off" after it
  let lastTypingOn = -Infinity; // when that "on" went out
  let typingIdle: ReturnType<typeof setTimeout> | undefined;
  let agentTypingTtl: ReturnType<typeof setTimeout> | undefined;

  const connection = createConnection<VisitorServerFrame, VisitorFrame>({
    ...opts.transport,
    lazy: true,
    url: () => `${base.replace(/^http/, 'ws')}/ws/visitor?site=${encodeURIComponent(opts.site)}`,
    parse: (raw) => parseFrame(raw, VISITOR_SERVER_FRAMES),
    hello,
    isReady: (frame) => frame.type === 'welcome',
    onFrame,
    onStatus: (s) => events.status?.(s),
    onFatal,
  });
  const restored = saved.load();
  for (const item of restored) {
    sentAt.set(item.frame.id, item.at);
    connection.send(item.frame);
  }
  // A conversation to return to, or messages to deliver: connect now. Otherwise wait for connect().
  if (token || restored.length > 0) connection.start();

  function hello(): VisitorHelloFrame {
    const page = opts.page?.();
    // Every field spelled out (no spreads), so a field renamed in the schema fails the
    // build; JSON leaves out the undefined ones.
    return {
      type: 'hello',
      v: PROTOCOL_VERSION,
      lastSeq: seqs.lastSeq,
      token: token ?? undefined,
      page: page ? page.slice(0, LIMITS.maxPageChars) : undefined,
      locale: opts.locale ? opts.locale.slice(0, LIMITS.maxLocaleChars) : undefined,
      user,
    };
  }

  function onFrame(frame: VisitorServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        return onWelcome(frame);
      case 'event': {
        if (frame.conversationId !== conversationId) {
          console.warn('[baton] ignored an event of another conversation');
          return;
        }
        const entry = frame.entry;
        if (!seqs.take(entry.seq)) return; // already applied: a replay overlapping what we have
        settleBy(entry);
        events.entry?.(entry, entry.seq > (historySeq ?? 0));
        return;
      }
      case 'reply_delta':
      case 'reply_end':
        if (frame.conversationId === conversationId) events.stream?.(frame);
        return;
      case 'ack':
        // A resend is acked again: its act is told once.
        if (frame.act && !acted.has(frame.clientId)) {
          acted.add(frame.clientId);
          events.act?.(frame.act);
        }
        return settle(frame.clientId);
      case 'wait':
        if (frame.conversationId === conversationId) events.wait?.(frame);
        return;
      case 'typing':
        if (frame.conversationId !== conversationId) return;
        clearTimeout(agentTypingTtl);
        // A lost "stopped" must not leave the indicator on for good.
        if (frame.on) agentTypingTtl = setTimeout(() => events.typing?.(null), typingMs.ttl);
        return events.typing?.(frame.on ? frame.name : null);
      case 'saved':
        if (frame.conversationId === conversationId && once.get(frame.id) === frame.what) finish(frame.id, null);
        return;
      case 'error':
        return onError(frame.code, frame.message, frame.ref);
      case 'pong':
        return;
    }
  }

  function onWelcome(frame: WelcomeFrame): void {
    if (frame.token !== token) {
      token = frame.token;
      storage.setItem(tokenKey, token);
    }
    const replaced = conversationId !== null && conversationId !== frame.conversationId;
    conversationId = frame.conversationId;
    if (replaced) {
      // Another conversation than the one shown: its seqs are not ours.
      const resumedFrom = seqs.lastSeq;
      seqs.reset();
      historySeq = null;
      for (const id of humanAfter.keys()) humanAfter.set(id, 0);
      dropOnce();
      events.reset?.();
      if (resumedFrom > 0) {
        // The server replays after the lastSeq we sent; ask again from 0.
        connection.reconnect();
        return;
      }
    }
    historySeq ??= frame.lastSeq;
    if (frame.state === 'queued' || frame.state === 'human') for (const id of [...humanAfter.keys()]) settle(id);
    // Answered already (the saved frame was lost with the socket): settled before the flush would resend it.
    if (frame.surveyed) for (const [id, what] of [...once]) if (what === 'survey') finish(id, null);
    events.welcome?.(frame);
    const late = held;
    held = [];
    for (const f of late) if (!connection.sendNow(f)) held.push(f);
  }

  /** An entry proves what it answers: our message was stored, our request for a person taken. */
  function settleBy(entry: Entry): void {
    if (entry.kind === 'message' && entry.clientId !== undefined) settle(entry.clientId);
    if (entry.kind === 'state') {
      for (const [id, after] of [...humanAfter]) if (entry.seq > after) settle(id);
    }
  }

  function settle(id: string): void {
    if (!sentAt.has(id)) return;
    connection.ack(id);
    sentAt.delete(id);
    humanAfter.delete(id);
    once.delete(id);
    saved.settled(id);
    saveOutbox();
  }

  /** A once-only action left the outbox: stored (error null) or refused for good. */
  function finish(id: string, error: string | null): void {
    const what = once.get(id);
    if (!what) return;
    settle(id);
    events.saved?.(what, id, error);
  }

  /** Once-only actions belong to the conversation they were made in: a replaced one takes none of them. */
  function dropOnce(): void {
    for (const id of [...once.keys()]) settle(id);
  }

  function onError(code: ErrorCode, message: string, ref: string | undefined): void {
    // The survey's own refusals name no frame; they can only be about the survey in flight.
    if (ref === undefined && (code === 'already_done' || code === 'invalid_state')) ref = [...once].find(([, what]) => what === 'survey')?.[0];
    const refused = ref !== undefined && sentAt.has(ref) ? ref : undefined;
    if (refused !== undefined && once.has(refused) && code !== 'rate_limited') {
      // A survey answered before is as good as stored.
      finish(refused, code === 'already_done' ? null : message);
    } else if (refused !== undefined && code === 'rate_limited') {
      // Nothing was stored: it and everything after it go again, in order, after the window.
      connection.retryFrom(refused);
    } else if (refused !== undefined) {
      // Resending would be refused the same way.
      settle(refused);
      events.refused?.(refused, code);
    }
    console.warn(`[baton] server error ${code}: ${message}`);
    events.error?.(code, message);
  }

  function onFatal(code: number): void {
    if (code === CLOSE_CODES.unauthorized && token) {
      // The token is unknown to the server: start a fresh conversation.
      token = null;
      storage.removeItem(tokenKey);
      conversationId = null;
      seqs.reset();
      historySeq = null;
      for (const id of humanAfter.keys()) humanAfter.set(id, 0);
      dropOnce();
      events.reset?.();
      connection.reconnect();
      return;
    }
    events.error?.(code === CLOSE_CODES.forbidden ? 'forbidden' : 'unauthorized', `connection refused (${code})`);
  }

  function enqueue(frame: OutboxFrame): void {
    sentAt.set(frame.id, Date.now());
    connection.send(frame);
    saveOutbox();
    connection.start();
  }

  function saveOutbox(): void {
    const items = [];
    for (const frame of connection.pending()) {
      if (frame.type === 'message') items.push({ frame, at: sentAt.get(frame.id) ?? Date.now() });
    }
    saved.save(items);
  }

  function typing(on: boolean): void {
    clearTimeout(typingIdle);
    if (on) {
      typingIdle = setTimeout(typing, typingMs.idle, false);
      // At most one "on" per refresh, whether it refreshes a burst or starts the next.
      const now = Date.now();
      if (now - lastTypingOn < typingMs.refresh) return;
      if (connection.sendNow({ type: 'typing', on: true })) {
        typingOn = true;
        lastTypingOn = now;
      }
    } else if (typingOn) {
      typingOn = false;
      connection.sendNow({ type: 'typing', on: false });
    }
  }

  function enqueueOnce(frame: Extract<OutboxFrame, { type: OnceWhat }>): string {
    once.set(frame.id, frame.type);
    enqueue(frame);
    return frame.id;
  }

  return {
    connect: () => connection.start(),
    typing,
    leaveContact(input) {
      if (input.trim() === '') return { ok: false, reason: 'empty' };
      const parsed = v.safeParse(emailSchema, input);
      if (!parsed.success) return { ok: false, reason: 'invalid' };
      const email = parsed.output;
      return { ok: true, id: enqueueOnce({ type: 'contact', id: clientId(), email }), email };
    },
    answerSurvey(score, input = '') {
      const comment = input.trim().slice(0, LIMITS.maxSurveyCommentChars);
      return enqueueOnce({ type: 'survey', id: clientId(), score, comment: comment || undefined });
    },
    sendMessage(input) {
      const text = input.trim();
      if (text === '') return { ok: false, reason: 'empty' };
      if (text.length > LIMITS.maxMessageChars) return { ok: false, reason: 'too_long' };
      typing(false);
      const id = clientId();
      enqueue({ type: 'message', id, text });
      return { ok: true, message: { clientId: id, text, at: sentAt.get(id) ?? Date.now() } };
    },
    requestHuman() {
      const id = clientId();
      humanAfter.set(id, seqs.lastSeq);
      enqueue({ type: 'human', id });
      return id;
    },
    identify(next) {
      user = cleanUser(next);
      // Offline or not connected yet, the next hello carries it.
      connection.sendNow({ type: 'identify', user });
    },
    telemetry(frame) {
      if (connection.sendNow(frame)) return;
      held.push(frame);
      if (held.length > HELD_TELEMETRY) held.shift();
    },
    get token() {
      return token;
    },
    pendingMessages() {
      const out: PendingMessage[] = [];
      for (const f of connection.pending()) {
        if (f.type === 'message') out.push({ clientId: f.id, text: f.text, at: sentAt.get(f.id) ?? Date.now() });
      }
      return out;
    },
    get lastSeq() {
      return seqs.lastSeq;
    },
    get status() {
      return connection.status;
    },
    close() {
      clearTimeout(typingIdle);
      clearTimeout(agentTypingTtl);
      connection.close();
    },
  };
}

/**
 * A stored token the hello schema would refuse (16..128 chars) would get every
 * hello closed with 4400, forever; start without it instead.
 */
function readToken(stored: string | null): string | null {
  if (stored === null) return null;
  if (stored.length >= 16 && stored.length <= 128) return stored;
  console.warn('[baton] ignored a malformed saved token');
  return null;
}

/** Host-page input is untrusted: keep only bounded strings the schema accepts. */
export function cleanUser(input: unknown): VisitorUser {
  const out: VisitorUser = {};
  if (typeof input !== 'object' || input === null) return out;
  for (const key of ['id', 'name', 'email'] as const) {
    const value: unknown = (input as Record<string, unknown>)[key];
    if (typeof value === 'string') out[key] = value.slice(0, LIMITS.maxIdentifyFieldChars);
  }
  return out;
}
