import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, type OnceWhat, type Session, type SessionOptions } from './session.ts';
import type { WaitFrameT, WelcomeFrame } from '../shared/frames/server.ts';
import type { StorageLike } from './storage.ts';
import type { Entry } from '../shared/model.ts';
import type { ErrorCode } from '../shared/codes.ts';
import { CONVERSATION_ID, TOKEN, startFakeServer, sleep, until, type FakeServer } from '../client/testing/fake-server.ts';

class FakeStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

/** Storage that throws on every access, as in a sandboxed iframe. */
class BlockedStorage implements StorageLike {
  getItem(): string | null {
    throw new DOMException('blocked', 'SecurityError');
  }
  setItem(): void {
    throw new DOMException('blocked', 'SecurityError');
  }
  removeItem(): void {
    throw new DOMException('blocked', 'SecurityError');
  }
}

const TOKEN_KEY = 'baton:demo:token';
const OUTBOX_KEY = 'baton:demo:outbox';

let server: FakeServer;
let storage: FakeStorage;
const sessions: Session[] = [];
let applied: { seq: number; live: boolean }[];
let resets: number;
let refused: [string, ErrorCode][];

/** A session as the widget makes one; `open` (the default) is the visitor opening the panel. */
function start(extra: Partial<SessionOptions> = {}, { open = true, store = storage }: { open?: boolean; store?: StorageLike } = {}): Session {
  const session = createSession({
    base: server.url.replace(/^ws/, 'http'),
    site: 'demo',
    page: () => 'https://shop.example/checkout',
    locale: 'en-GB',
    storage: store,
    events: {
      entry: (e: Entry, live: boolean) => applied.push({ seq: e.seq, live }),
      reset: () => resets++,
      refused: (id, code) => refused.push([id, code]),
    },
    transport: { backoff: { baseMs: 20, maxMs: 100 }, heartbeat: { intervalMs: 1000, timeoutMs: 1000 } },
    ...extra,
  });
  sessions.push(session);
  if (open) session.connect();
  return session;
}

const hellos = () => server.framesOf('hello').map((r) => r.frame);

beforeEach(async () => {
  server = await startFakeServer();
  storage = new FakeStorage();
  applied = [];
  resets = 0;
  refused = [];
});

afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  vi.restoreAllMocks();
  await server.stop();
});

describe('createSession', () => {
  describe('lazy connection', () => {
    it('opens no socket until connect() when there is no token and nothing unsent, and remembers identify for the hello', async () => {
      const s = start({}, { open: false });
      s.identify({ name: 'Ada' });
      await sleep(150);
      expect(server.sockets).toHaveLength(0);
      expect(s.status).toBe('offline');
      expect(storage.map.size).toBe(0);

      s.connect();
      await until(() => s.status === 'online', 'online after connect()');
      s.connect(); // the panel opened again: still one socket
      await sleep(50);
      expect(server.sockets).toHaveLength(1);
      expect(hellos()).toEqual([
        { type: 'hello', v: 1, lastSeq: 0, page: 'https://shop.example/checkout', locale: 'en-GB', user: { name: 'Ada' } },
      ]);
      expect(server.framesOf('identify')).toEqual([]);
    });

    it('connects at once for a returning visitor (a saved token)', async () => {
      server.append({ role: 'assistant', text: 'welcome back' });
      storage.setItem(TOKEN_KEY, TOKEN);
      const s = start({}, { open: false });
      await until(() => s.status === 'online' && applied.length === 1, 'resumed without opening');
      expect(hellos()[0]?.['token']).toBe(TOKEN);
    });

    it('connects at once to deliver unsent saved messages', async () => {
      storage.setItem(OUTBOX_KEY, JSON.stringify([{ frame: { type: 'message', id: 'left1', text: 'unsent' }, at: 1 }]));
      start({}, { open: false });
      await until(() => server.framesOf('message').length === 1, 'resent without opening');
      await until(() => storage.getItem(OUTBOX_KEY) === null, 'acked');
    });

    it('connects when a message is sent', async () => {
      const s = start({}, { open: false });
      s.sendMessage('hi');
      await until(() => server.framesOf('message').length === 1, 'message');
      expect(server.sockets).toHaveLength(1);
    });
  });

  describe('hello', () => {
    it('opens /ws/visitor?site= and says hello with lastSeq 0, page and locale on a fresh page', async () => {
      const s = start();
      await until(() => s.status === 'online', 'online');
      expect(server.paths).toEqual(['/ws/visitor?site=demo']);
      expect(hellos()).toEqual([
        { type: 'hello', v: 1, lastSeq: 0, page: 'https://shop.example/checkout', locale: 'en-GB' },
      ]);
    });

    it('carries identify() in later hellos and sends it at once when online', async () => {
      const s = start();
      await until(() => s.status === 'online', 'online');
      s.identify({ name: 'Ada', email: 'ada@example.com', role: 'admin', id: 42 });
      await until(() => server.framesOf('identify').length === 1, 'identify');
      expect(server.framesOf('identify')[0]?.frame).toEqual({ type: 'identify', user: { name: 'Ada', email: 'ada@example.com' } });
      server.terminateAll();
      await until(() => hellos().length === 2, 'second hello');
      expect(hellos()[1]?.['user']).toEqual({ name: 'Ada', email: 'ada@example.com' });
    });
  });

  describe('resume', () => {
    it('replays the whole transcript on a fresh page, then resumes from the highest seq applied', async () => {
      server.append({ role: 'visitor', text: 'hi' });
      server.append({ role: 'assistant', text: 'hello' });
      storage.setItem(TOKEN_KEY, TOKEN);
      const s = start({
        transport: { random: () => 1, backoff: { baseMs: 150, maxMs: 150 }, heartbeat: { intervalMs: 1000, timeoutMs: 1000 } },
      });
      await until(() => applied.length === 2, 'history');
      expect(applied).toEqual([
        { seq: 1, live: false },
        { seq: 2, live: false },
      ]);
      server.append({ role: 'assistant', text: 'anything else?' });
      await until(() => applied.length === 3, 'live entry');
      expect(applied[2]).toEqual({ seq: 3, live: true });

      server.terminateAll();
      await until(() => s.status === 'offline', 'offline');
      server.append({ role: 'agent', text: 'missed while offline', author: 'Sam' });
      await until(() => applied.length === 4, 'missed entry');
      expect(hellos().map((h) => h['lastSeq'])).toEqual([0, 3]);
      expect(hellos()[1]?.['token']).toBe(TOKEN);
      // After the page's first welcome, everything counts as live, even what was missed.
      expect(applied[3]).toEqual({ seq: 4, live: true });
      expect(s.lastSeq).toBe(4);
    });

    it('applies each seq exactly once when the server replays what was already seen', async () => {
      server.replayFrom = 0; // replays the whole log on every hello, whatever lastSeq says
      server.append({ role: 'visitor', text: 'one' });
      server.append({ role: 'assistant', text: 'two' });
      const s = start();
      await until(() => applied.length === 2, 'first replay');
      server.terminateAll();
      await until(() => hellos().length === 2 && s.status === 'online', 'second handshake');
      server.append({ role: 'assistant', text: 'three' });
      server.broadcast({ type: 'event', conversationId: CONVERSATION_ID, entry: server.log[1] }); // a stray duplicate
      server.append({ role: 'assistant', text: 'four' });
      await until(() => applied.length >= 4, 'new entries');
      await sleep(50);
      expect(applied.map((a) => a.seq)).toEqual([1, 2, 3, 4]);
    });

    it('applies a missing older seq that arrives late, once, and resumes from the first gap', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const s = start({
        transport: { random: () => 1, backoff: { baseMs: 100, maxMs: 100 }, heartbeat: { intervalMs: 1000, timeoutMs: 1000 } },
      });
      await until(() => s.status === 'online', 'online');
      const entry = (seq: number): Entry => ({ kind: 'message', id: `e${seq}`, seq, at: seq, role: 'assistant', text: `line ${seq}` });
      server.log.push(entry(1), entry(2), entry(3));
      server.broadcast({ type: 'event', conversationId: CONVERSATION_ID, entry: entry(1) });
      server.broadcast({ type: 'event', conversationId: CONVERSATION_ID, entry: entry(3) }); // 2 is missing
      await until(() => applied.length === 2, 'two entries');
      expect(s.lastSeq).toBe(1);

      server.terminateAll();
      await until(() => hellos().length === 2 && applied.length === 3, 'resumed');
      await sleep(50);
      expect(hellos()[1]?.['lastSeq']).toBe(1); // the server replays 2 and 3; 3 is not applied twice
      expect(applied.map((a) => a.seq)).toEqual([1, 3, 2]);
      expect(s.lastSeq).toBe(3);
    });

    it('ignores events of another conversation', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const s = start();
      await until(() => s.status === 'online', 'online');
      server.broadcast({
        type: 'event',
        conversationId: 'someone_else',
        entry: { kind: 'message', id: 'x', seq: 1, at: 1, role: 'agent', text: 'not yours' },
      });
      server.append({ role: 'assistant', text: 'yours' });
      await until(() => applied.length === 1, 'own entry');
      expect(applied[0]?.seq).toBe(1);
      expect(s.lastSeq).toBe(1);
    });
  });

  describe('a streamed reply', () => {
    it('hands its pieces and end to the stream event, not as entries, and ignores another conversation\'s', async () => {
      const streamed: unknown[] = [];
      const s = start({ events: { entry: (e: Entry, live: boolean) => applied.push({ seq: e.seq, live }), stream: (f) => streamed.push(f) } });
      await until(() => s.status === 'online', 'online');
      const piece = { type: 'reply_delta', conversationId: CONVERSATION_ID, stream: 'r1', text: 'Within' };
      server.broadcast({ ...piece, conversationId: 'someone_else' });
      server.broadcast(piece);
      server.broadcast({ type: 'reply_end', conversationId: CONVERSATION_ID, stream: 'r1', outcome: 'sent', seq: 1 });
      server.append({ role: 'assistant', text: 'Within 30 days.' });
      await until(() => applied.length === 1, 'the stored reply');
      expect(streamed).toEqual([piece, { type: 'reply_end', conversationId: CONVERSATION_ID, stream: 'r1', outcome: 'sent', seq: 1 }]);
      expect(s.lastSeq).toBe(1);
    });

    it('drops a reply_end that says sent without the seq it was stored at', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const streamed: unknown[] = [];
      const s = start({ events: { stream: (f) => streamed.push(f) } });
      await until(() => s.status === 'online', 'online');
      server.broadcast({ type: 'reply_end', conversationId: CONVERSATION_ID, stream: 'r1', outcome: 'sent' });
      server.append({ role: 'assistant', text: 'after' });
      await sleep(50);
      expect(streamed).toEqual([]);
    });
  });

  describe('token', () => {
    it('stores the token from welcome and sends it in the next session', async () => {
      const first = start();
      await until(() => first.status === 'online', 'online');
      expect(storage.getItem(TOKEN_KEY)).toBe(TOKEN);
      expect(hellos()[0]).not.toHaveProperty('token');
      first.close();

      const second = start();
      await until(() => second.status === 'online', 'second online');
      expect(hellos()[1]?.['token']).toBe(TOKEN);
    });

    it('drops a refused token (4401), resets and starts afresh without it', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      storage.setItem(TOKEN_KEY, 'tok_unknown_to_this_server');
      const s = start();
      await until(() => s.status === 'online', 'online after the refusal');
      expect(hellos().map((h) => h['token'] ?? null)).toEqual(['tok_unknown_to_this_server', null]);
      expect(hellos()[1]?.['lastSeq']).toBe(0);
      expect(resets).toBe(1);
      expect(storage.getItem(TOKEN_KEY)).toBe(TOKEN);
    });

    it('does not send a saved token the hello schema would refuse', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      storage.setItem(TOKEN_KEY, 'short');
      const s = start();
      await until(() => s.status === 'online', 'online');
      expect(hellos()[0]).not.toHaveProperty('token');
      expect(storage.getItem(TOKEN_KEY)).toBe(TOKEN);
    });

    it('keeps the token in memory when storage is blocked', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const s = start({ storage: new BlockedStorage() });
      await until(() => s.status === 'online', 'online');
      server.terminateAll();
      await until(() => hellos().length === 2, 'second hello');
      expect(hellos()[1]?.['token']).toBe(TOKEN);
    });
  });

  describe('#sendMessage', () => {
    it('trims, and refuses empty or over-long text locally', async () => {
      const s = start();
      expect(s.sendMessage('   ')).toEqual({ ok: false, reason: 'empty' });
      expect(s.sendMessage('x'.repeat(2001))).toEqual({ ok: false, reason: 'too_long' });
      const sent = s.sendMessage('  where is my order?  ');
      expect(sent.ok).toBe(true);
      if (!sent.ok) return;
      expect(sent.message.text).toBe('where is my order?');
      expect(sent.message.clientId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      await until(() => server.framesOf('message').length === 1, 'message');
      expect(server.framesOf('message')[0]?.frame).toEqual({ type: 'message', id: sent.message.clientId, text: 'where is my order?' });
    });

    it('persists unacked messages so a reload resends them with the same id', async () => {
      server.ackMessages = false;
      const first = start();
      await until(() => first.status === 'online', 'online');
      const sent = first.sendMessage('do not lose me');
      if (!sent.ok) throw new Error('refused');
      expect(JSON.parse(storage.getItem(OUTBOX_KEY) ?? '[]')).toEqual([
        { frame: { type: 'message', id: sent.message.clientId, text: 'do not lose me' }, at: sent.message.at },
      ]);
      await until(() => server.framesOf('message').length === 1, 'first send');
      first.close(); // the "reload"

      server.ackMessages = true;
      const second = start();
      expect(second.pendingMessages()).toEqual([sent.message]);
      await until(() => storage.getItem(OUTBOX_KEY) === null, 'outbox cleared by the ack');
      const resent = server.framesOf('message').filter((r) => r.conn === 2);
      expect(resent.map((r) => r.frame['id'])).toEqual([sent.message.clientId]);
      expect(second.pendingMessages()).toEqual([]);
    });

    it('drops an unreadable saved outbox', () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      storage.setItem(OUTBOX_KEY, '[{"frame":{"type":"message","id":"bad id!","text":"x"},"at":1}]');
      const s = start();
      expect(s.pendingMessages()).toEqual([]);
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
    });

    it('gives up on a message the server refuses for good', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      server.ackMessages = false;
      const s = start();
      await until(() => s.status === 'online', 'online');
      const sent = s.sendMessage('refused');
      if (!sent.ok) throw new Error('refused locally');
      await until(() => server.framesOf('message').length === 1, 'message');
      server.broadcast({ type: 'error', code: 'too_long', message: 'message.text: too long', ref: sent.message.clientId });
      await until(() => refused.length === 1, 'refused');
      expect(refused).toEqual([[sent.message.clientId, 'too_long']]);
      expect(s.pendingMessages()).toEqual([]);
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
    });
  });

  describe('rate limit', () => {
    it('keeps the typed order when one message is refused for now (rate_limited)', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const errors: ErrorCode[] = [];
      server.rateLimit = { messages: 2, windowMs: 100 };
      const s = start({
        events: { error: (code) => errors.push(code), refused: (id, code) => refused.push([id, code]) },
        transport: { retryDelayMs: 300, backoff: { baseMs: 20, maxMs: 100 }, heartbeat: { intervalMs: 1000, timeoutMs: 1000 } },
      });
      await until(() => s.status === 'online', 'online');
      for (const text of ['one', 'two', 'three']) s.sendMessage(text);
      await until(() => errors.length === 1, 'three refused');
      await sleep(150); // the server's window has reset; 'three' still waits for its retry
      s.sendMessage('four');
      await until(() => server.log.length === 4, 'all stored', 2000);
      expect(server.log.map((e) => (e.kind === 'message' ? e.text : e.kind))).toEqual(['one', 'two', 'three', 'four']);
      expect(errors).toEqual(['rate_limited']);
      expect(refused).toEqual([]);
      await until(() => storage.getItem(OUTBOX_KEY) === null, 'outbox empty');
    });
  });

  describe('two tabs', () => {
    it('share the saved outbox without erasing each other, and remove only what each saw acked', async () => {
      server.ackMessages = false;
      const tabA = start();
      const tabB = start();
      await until(() => tabA.status === 'online' && tabB.status === 'online', 'both online');
      const a = tabA.sendMessage('from tab A');
      const b = tabB.sendMessage('from tab B');
      if (!a.ok || !b.ok) throw new Error('refused locally');
      const saved = () => (JSON.parse(storage.getItem(OUTBOX_KEY) ?? '[]') as { frame: { id: string } }[]).map((m) => m.frame.id);
      expect(saved()).toEqual([a.message.clientId, b.message.clientId]);
      const a2 = tabA.sendMessage('another from A');
      if (!a2.ok) throw new Error('refused locally');
      expect(saved()).toEqual([a.message.clientId, b.message.clientId, a2.message.clientId]);

      // Tab B sees its own message acked; tab A does not know that id and keeps quiet.
      server.broadcast({ type: 'ack', conversationId: CONVERSATION_ID, clientId: b.message.clientId, messageId: 'e1', seq: 1 });
      await until(() => tabB.pendingMessages().length === 0, 'B acked');
      expect(saved()).toEqual([a.message.clientId, a2.message.clientId]);

      // Tab A is reloaded: what it had not delivered comes back.
      tabA.close();
      const reloaded = start({}, { open: false });
      expect(reloaded.pendingMessages().map((p) => p.text)).toEqual(['from tab A', 'another from A']);
    });

    it('a tab that loaded another tab’s message removes it once it sees it stored', async () => {
      server.ackMessages = false;
      const tabA = start();
      await until(() => tabA.status === 'online', 'A online');
      const a = tabA.sendMessage('typed in A');
      if (!a.ok) throw new Error('refused locally');
      const tabB = start(); // loads A's unsent message and sends it too (same id: stored once)
      expect(tabB.pendingMessages().map((p) => p.clientId)).toEqual([a.message.clientId]);
      await until(() => server.framesOf('message').length === 2, 'sent by both tabs');
      server.append({ role: 'visitor', text: 'typed in A', clientId: a.message.clientId });
      await until(() => tabA.pendingMessages().length === 0 && tabB.pendingMessages().length === 0, 'both settled');
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
    });
  });

  describe('#requestHuman', () => {
    it('is not saved for a reload and is settled by a later state change, whatever it is', async () => {
      server.append({ kind: 'state', from: 'bot', to: 'queued', reason: 'low_confidence' }); // history: seq 1
      server.append({ kind: 'state', from: 'queued', to: 'bot', reason: 'handed_back' }); // seq 2
      const s = start();
      await until(() => applied.length === 2, 'history');
      server.refuseWith = 1011; // the next hellos fail: the request waits in the outbox
      server.terminateAll();
      s.requestHuman();
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
      await sleep(60);
      server.refuseWith = null;
      await until(() => server.framesOf('human').length === 1, 'request sent after reconnect');
      await until(() => applied.length === 3, 'queued');
      // Settled: a later reconnect does not resend it.
      server.terminateAll();
      await until(() => s.status === 'online' && server.framesOf('hello').length >= 3, 'reconnect');
      await sleep(50);
      expect(server.framesOf('human')).toHaveLength(1);
    });

    it('sends a human request and settles it when the conversation is queued', async () => {
      const s = start();
      await until(() => s.status === 'online', 'online');
      const id = s.requestHuman();
      await until(() => applied.length === 1, 'queued state entry');
      expect(server.framesOf('human')[0]?.frame).toEqual({ type: 'human', id });
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
      server.terminateAll();
      await until(() => hellos().length === 2 && s.status === 'online', 'reconnect');
      await sleep(50);
      expect(server.framesOf('human')).toHaveLength(1);
    });
  });

  describe('#typing', () => {
    const typingFrames = () => server.framesOf('typing');

    it('sends "on" once however many keys, "off" before the message it ends, and never a word of the text', async () => {
      const s = start();
      await until(() => s.status === 'online', 'online');
      for (let i = 0; i < 5; i++) {
        s.typing(true);
        await sleep(20);
      }
      s.sendMessage('my card number is 4242');
      await until(() => server.framesOf('message').length === 1, 'message');
      expect(typingFrames().map((r) => r.frame)).toEqual([
        { type: 'typing', on: true },
        { type: 'typing', on: false },
      ]);
      expect(server.received.filter((r) => r.frame['type'] !== 'hello').map((r) => r.frame['type'])).toEqual(['typing', 'typing', 'message']);
      expect(JSON.stringify(typingFrames())).not.toMatch(/4242|card/);
      s.typing(false); // stopped already: no second "off"
      await sleep(30);
      expect(typingFrames()).toHaveLength(2);
    });

    it('refreshes "on" at most once per refresh while typing goes on, and says "off" after the idle time without a key', async () => {
      const s = start({ typingMs: { refresh: 100, idle: 200, ttl: 1000 } });
      await until(() => s.status === 'online', 'online');
      const began = Date.now();
      while (Date.now() - began < 450) {
        s.typing(true);
        await sleep(10);
      }
      const ons = typingFrames().filter((r) => r.frame['on'] === true);
      expect(ons.length).toBeGreaterThanOrEqual(3); // refreshed while it lasts (4 or 5 unless the machine stalls)
      expect(ons.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < ons.length; i++) expect(ons[i]!.at - ons[i - 1]!.at).toBeGreaterThanOrEqual(90);
      expect(typingFrames().some((r) => r.frame['on'] === false)).toBe(false);
      await until(() => typingFrames().some((r) => r.frame['on'] === false), 'off after idle');
      expect(typingFrames().at(-1)!.at - ons.at(-1)!.at).toBeGreaterThanOrEqual(100);
      expect(typingFrames().filter((r) => r.frame['on'] === false)).toHaveLength(1);
    });

    it('drops typing while offline instead of keeping it for the reconnect', async () => {
      const s = start();
      await until(() => s.status === 'online', 'online');
      server.refuseWith = 1011;
      server.terminateAll();
      await until(() => s.status !== 'online', 'offline');
      s.typing(true);
      s.typing(false);
      server.refuseWith = null;
      await until(() => s.status === 'online', 'online again');
      await sleep(50);
      expect(typingFrames()).toEqual([]);
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
      // The frame that was dropped did not use up the refresh: the next key is heard at once.
      s.typing(true);
      await until(() => typingFrames().length === 1, 'typing after the reconnect');
    });
  });

  describe('the person on the conversation', () => {
    it('hands on their typing and the wait, of this conversation only, and drops a typing not refreshed within the ttl', async () => {
      const typing: (string | null)[] = [];
      const waits: WaitFrameT[] = [];
      const s = start({ typingMs: { refresh: 3000, idle: 3000, ttl: 150 }, events: { typing: (name) => typing.push(name), wait: (w) => waits.push(w) } });
      await until(() => s.status === 'online', 'online');
      const wait = { type: 'wait', conversationId: CONVERSATION_ID, position: 2, etaMs: 90_000, agentsOnline: 1 } as const;
      server.broadcast({ ...wait, conversationId: 'someone_else' });
      server.broadcast(wait);
      server.broadcast({ type: 'typing', conversationId: 'someone_else', on: true, name: 'Eve' });
      server.broadcast({ type: 'typing', conversationId: CONVERSATION_ID, on: true, name: 'Dana' });
      server.broadcast({ type: 'typing', conversationId: CONVERSATION_ID, on: false, name: 'Dana' });
      await until(() => typing.length === 2, 'on and off');
      expect(waits).toEqual([wait]);
      expect(typing).toEqual(['Dana', null]);
      await sleep(200); // the ttl of the "on" was cleared by the "off": nothing more
      expect(typing).toEqual(['Dana', null]);
      server.broadcast({ type: 'typing', conversationId: CONVERSATION_ID, on: true, name: 'Dana' });
      await until(() => typing.length === 4, 'dropped after the ttl');
      expect(typing).toEqual(['Dana', null, 'Dana', null]);
    });
  });

  describe('once-only actions', () => {
    let saved: [OnceWhat, string, string | null][];
    let welcomes: WelcomeFrame[];
    const withOnce = (extra: Partial<SessionOptions> = {}) =>
      start({ ...extra, events: { saved: (what, id, error) => saved.push([what, id, error]), welcome: (w) => welcomes.push(w) } });
    const framesOn = (type: string, conn: number) => server.framesOf(type).filter((r) => r.conn === conn);
    /** Online, with an e-mail left that the server does not answer on its own. */
    const leftUnanswered = async () => {
      server.answerOnce = false;
      const s = withOnce();
      await until(() => s.status === 'online', 'online');
      const left = s.leaveContact('ada@example.com');
      if (!left.ok) throw new Error('refused locally');
      return { s, left };
    };

    beforeEach(() => {
      saved = [];
      welcomes = [];
    });

    it('checks the e-mail locally and sends it trimmed', async () => {
      const s = withOnce();
      await until(() => s.status === 'online', 'online');
      expect(s.leaveContact('  ')).toEqual({ ok: false, reason: 'empty' });
      expect(s.leaveContact('ada@')).toEqual({ ok: false, reason: 'invalid' });
      expect(s.leaveContact(`${'a'.repeat(250)}@example.com`)).toEqual({ ok: false, reason: 'invalid' });
      const left = s.leaveContact(' ada@example.com ');
      if (!left.ok) throw new Error('refused locally');
      expect(left.email).toBe('ada@example.com');
      await until(() => saved.length === 1, 'saved');
      expect(server.framesOf('contact').map((r) => r.frame)).toEqual([{ type: 'contact', id: left.id, email: 'ada@example.com' }]);
      expect(saved).toEqual([['contact', left.id, null]]);
    });

    it('resends the e-mail after every drop until it is saved, then never again; it is not a message', async () => {
      const { s, left } = await leftUnanswered();
      await until(() => framesOn('contact', 1).length === 1, 'sent');
      expect(s.pendingMessages()).toEqual([]);
      expect(storage.getItem(OUTBOX_KEY)).toBeNull();
      server.terminateAll();
      await until(() => framesOn('contact', 2).length === 1, 'resent after the drop');
      expect(framesOn('contact', 2)[0]?.frame['id']).toBe(left.id);
      expect(saved).toEqual([]);

      server.answerOnce = true;
      server.terminateAll();
      await until(() => saved.length === 1, 'saved on the third socket');
      expect(saved).toEqual([['contact', left.id, null]]);
      server.terminateAll();
      await until(() => hellos().length === 4 && s.status === 'online', 'fourth socket');
      await sleep(50);
      expect(framesOn('contact', 4)).toEqual([]);
    });

    it('ignores a saved frame for another id or another kind', async () => {
      const { s, left } = await leftUnanswered();
      server.broadcast({ type: 'saved', conversationId: CONVERSATION_ID, what: 'contact', id: 'not_mine' });
      server.broadcast({ type: 'saved', conversationId: CONVERSATION_ID, what: 'survey', id: left.id });
      await sleep(50);
      expect(saved).toEqual([]);
      server.terminateAll();
      await until(() => framesOn('contact', 2).length === 1, 'still resent');
    });

    it('gives the e-mail up with the server’s message when an error names it', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { s, left } = await leftUnanswered();
      await until(() => framesOn('contact', 1).length === 1, 'sent');
      server.broadcast({ type: 'error', code: 'bad_frame', message: 'contact.email: must be an e-mail address', ref: left.id });
      await until(() => saved.length === 1, 'refused');
      expect(saved).toEqual([['contact', left.id, 'contact.email: must be an e-mail address']]);
      server.terminateAll();
      await until(() => hellos().length === 2 && s.status === 'online', 'reconnect');
      await sleep(50);
      expect(framesOn('contact', 2)).toEqual([]);
    });

    it('resends the survey after a drop until it is saved, with the comment trimmed and an empty one left out', async () => {
      server.answerOnce = false;
      const s = withOnce();
      await until(() => s.status === 'online', 'online');
      const id = s.answerSurvey(6, '  quick and kind  ');
      await until(() => framesOn('survey', 1).length === 1, 'sent');
      server.answerOnce = true;
      server.terminateAll();
      await until(() => saved.length === 1, 'saved after the drop');
      expect(framesOn('survey', 2).map((r) => r.frame)).toEqual([{ type: 'survey', id, score: 6, comment: 'quick and kind' }]);
      expect(saved).toEqual([['survey', id, null]]);

      server.surveyed = false;
      const second = s.answerSurvey(2, '   ');
      await until(() => saved.length === 2, 'second saved');
      expect(server.framesOf('survey').at(-1)?.frame).toEqual({ type: 'survey', id: second, score: 2 });
    });

    it('takes already_done (which names no frame) as the survey stored, and does not send it again', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const s = withOnce();
      await until(() => s.status === 'online', 'online');
      server.surveyed = true; // answered in another tab since this page's welcome
      const id = s.answerSurvey(5);
      await until(() => saved.length === 1, 'settled');
      expect(saved).toEqual([['survey', id, null]]);
      server.terminateAll();
      await until(() => hellos().length === 2 && s.status === 'online', 'reconnect');
      await sleep(50);
      expect(framesOn('survey', 2)).toEqual([]);
    });

    it('gives the survey up when the server says the conversation is not resolved', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      server.answerOnce = false;
      const s = withOnce();
      await until(() => s.status === 'online', 'online');
      const id = s.answerSurvey(3);
      await until(() => framesOn('survey', 1).length === 1, 'sent');
      server.broadcast({ type: 'error', code: 'invalid_state', message: 'the survey is asked once the conversation is resolved' });
      await until(() => saved.length === 1, 'refused');
      expect(saved).toEqual([['survey', id, 'the survey is asked once the conversation is resolved']]);
    });

    it('passes on the welcome’s contactLeft and surveyed, and settles a survey in flight that the welcome says was answered', async () => {
      server.answerOnce = false;
      server.state = 'resolved';
      const s = withOnce();
      await until(() => s.status === 'online', 'online');
      expect(welcomes[0]).toMatchObject({ state: 'resolved', contactLeft: false, surveyed: false });
      const id = s.answerSurvey(7);
      await until(() => framesOn('survey', 1).length === 1, 'sent');
      // Stored, but the saved frame was lost with the socket.
      server.surveyed = true;
      server.contactLeft = true;
      server.terminateAll();
      await until(() => welcomes.length === 2, 'second welcome');
      expect(welcomes[1]).toMatchObject({ contactLeft: true, surveyed: true });
      expect(saved).toEqual([['survey', id, null]]);
      await sleep(50);
      expect(framesOn('survey', 2)).toEqual([]);
    });

    it('drops what was in flight when the conversation is replaced', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      server.answerOnce = false;
      storage.setItem(TOKEN_KEY, 'tok_unknown_to_this_server');
      server.refuseWith = 1011; // not connected yet: the e-mail waits in the outbox
      const s = withOnce();
      const left = s.leaveContact('ada@example.com');
      if (!left.ok) throw new Error('refused locally');
      await sleep(30);
      server.refuseWith = null;
      await until(() => s.status === 'online', 'online with a fresh conversation');
      await sleep(50);
      expect(server.framesOf('contact')).toEqual([]);
    });
  });
});
