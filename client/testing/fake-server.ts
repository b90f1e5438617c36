/**
 * A small, real WebSocket server speaking a minimal visitor protocol, for the
 * transport and session tests: hello -> welcome (+ replay after lastSeq),
 * message -> stored once per id, ack + event (or rate_limited, like the real
 * server's fixed window per socket, when rateLimit is set), ping -> pong,
 * contact and survey -> saved (a second survey: already_done, naming no frame,
 * as the real server says it); typing is only recorded. Each behaviour can
 * be switched off so a test can make the server misbehave.
 */
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Entry, MessageEntry } from '../../shared/model.ts';
import type { ConversationState } from '../../shared/codes.ts';

export type Json = Record<string, unknown>;

export interface Received {
  /** 1-based number of the connection the frame arrived on. */
  conn: number;
  frame: Json;
  /** Date.now() on arrival. */
  at: number;
}

export interface FakeServer {
  readonly url: string;
  readonly sockets: ServerSocket[];
  readonly received: Received[];
  /** The conversation log; seq = index + 1. */
  readonly log: Entry[];
  /** Tokens the server knows; a hello with another token is closed with 4401. */
  readonly tokens: Set<string>;
  answerPings: boolean;
  answerHello: boolean;
  ackMessages: boolean;
  /** Close every new connection at once with this code (after its hello arrives). */
  refuseWith: number | null;
  /** Replay from this seq instead of the hello's lastSeq (to test duplicate suppression). */
  replayFrom: number | null;
  /** At most `messages` messages per `windowMs` per socket; the rest get error rate_limited and are not stored. */
  rateLimit: { messages: number; windowMs: number } | null;
  /** The state the welcome tells. */
  state: ConversationState;
  /** What the welcome says of the once-only actions; contact and survey frames set them when stored. */
  contactLeft: boolean;
  surveyed: boolean;
  /** Answer contact and survey frames (saved, or already_done); when false they are only recorded. */
  answerOnce: boolean;
  /** Time (Date.now) and request path of every accepted connection. */
  readonly connectedAt: number[];
  readonly paths: string[];
  framesOf(type: string): Received[];
  /** Store an entry (a message unless `kind` says otherwise) and send it to every socket. */
  append(entry: NewEntry | Omit<MessageEntry, 'seq' | 'id' | 'at' | 'kind'>): Entry;
  broadcast(frame: Json | string): void;
  terminateAll(): void;
  closeAll(code: number): void;
  stop(): Promise<void>;
}

type NewEntry = Entry extends infer E ? (E extends Entry ? Omit<E, 'seq' | 'id' | 'at'> : never) : never;

export const CONVERSATION_ID = 'conv_test_1';
export const TOKEN = 'tok_0123456789abcdef';

export async function startFakeServer(): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;

  const server: FakeServer = {
    url: `ws://127.0.0.1:${port}`,
    sockets: [],
    received: [],
    log: [],
    tokens: new Set([TOKEN]),
    answerPings: true,
    answerHello: true,
    ackMessages: true,
    refuseWith: null,
    replayFrom: null,
    rateLimit: null,
    state: 'bot',
    contactLeft: false,
    surveyed: false,
    answerOnce: true,
    connectedAt: [],
    paths: [],
    framesOf: (type) => server.received.filter((r) => r.frame['type'] === type),
    append(partial) {
      const seq = server.log.length + 1;
      const entry = { kind: 'message', ...partial, seq, id: `e${seq}`, at: Date.now() } as Entry;
      server.log.push(entry);
      server.broadcast({ type: 'event', conversationId: CONVERSATION_ID, entry });
      return entry;
    },
    broadcast(frame) {
      const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
      for (const ws of server.sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    terminateAll() {
      for (const ws of server.sockets) ws.terminate();
    },
    closeAll(code) {
      for (const ws of server.sockets) if (ws.readyState === ws.OPEN) ws.close(code);
    },
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };

  // clientId -> stored entry, so a resent message is stored once.
  const byClientId = new Map<string, Entry>();

  wss.on('connection', (ws, req) => {
    server.paths.push(req.url ?? '');
    server.sockets.push(ws);
    server.connectedAt.push(Date.now());
    const conn = server.sockets.length;
    const reply = (frame: Json) => ws.send(JSON.stringify(frame));
    let windowStart = 0;
    let windowCount = 0;
    const limited = (): boolean => {
      const limit = server.rateLimit;
      if (!limit) return false;
      const now = Date.now();
      if (now - windowStart >= limit.windowMs) {
        windowStart = now;
        windowCount = 0;
      }
      if (windowCount >= limit.messages) return true;
      windowCount++;
      return false;
    };
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Json;
      server.received.push({ conn, frame, at: Date.now() });
      switch (frame['type']) {
        case 'hello': {
          if (server.refuseWith !== null) return ws.close(server.refuseWith);
          const token = frame['token'];
          if (typeof token === 'string' && !server.tokens.has(token)) return ws.close(4401);
          if (!server.answerHello) return;
          const lastSeq = typeof frame['lastSeq'] === 'number' ? frame['lastSeq'] : 0;
          reply({
            type: 'welcome',
            v: 1,
            conversationId: CONVERSATION_ID,
            token: TOKEN,
            state: server.state,
            lastSeq: server.log.length,
            frustration: { offerHumanAt: 0.5, handoffAt: 0.8 },
            contactLeft: server.contactLeft,
            surveyed: server.surveyed,
          });
          const from = server.replayFrom ?? lastSeq;
          for (const entry of server.log.slice(from)) reply({ type: 'event', conversationId: CONVERSATION_ID, entry });
          return;
        }
        case 'message': {
          if (!server.ackMessages) return;
          const id = String(frame['id']);
          if (limited()) return reply({ type: 'error', code: 'rate_limited', message: 'too many messages', ref: id });
          let entry = byClientId.get(id);
          if (!entry) {
            entry = server.append({ role: 'visitor', text: String(frame['text']), clientId: id });
            byClientId.set(id, entry);
          }
          return reply({ type: 'ack', conversationId: CONVERSATION_ID, clientId: id, messageId: entry.id, seq: entry.seq });
        }
        case 'human':
          // The protocol has no ack for `human`; the state change answers it.
          server.append({ kind: 'state', from: 'bot', to: 'queued', reason: 'visitor_request' });
          return;
        case 'ping':
          if (server.answerPings) reply({ type: 'pong' });
          return;
        case 'contact':
          if (!server.answerOnce) return;
          server.contactLeft = true;
          return reply({ type: 'saved', conversationId: CONVERSATION_ID, what: 'contact', id: frame['id'] });
        case 'survey':
          if (!server.answerOnce) return;
          if (server.surveyed) return reply({ type: 'error', code: 'already_done', message: 'this conversation has been rated already' });
          server.surveyed = true;
          return reply({ type: 'saved', conversationId: CONVERSATION_ID, what: 'survey', id: frame['id'] });
        default:
          return;
      }
    });
  });
  return server;
}

/** Poll until `check` holds; fail with `what` after `ms`. Every wait in these tests is bounded. */
export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
