import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session, type SessionOptions } from './session.ts';
import type { StorageLike } from './storage.ts';
import type { Entry } from '../shared/model.ts';
import type { ErrorCode } from '../shared/codes.ts';
import { CONVERSATION_ID, TOKEN, startFakeServer, sleep, until, type FakeServer } from './testing/fake-server.ts';

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

function start(extra: Partial<SessionOptions> = {}): Session {
  const session = createSession({
    base: server.url.replace(/^ws/, 'http'),
    site: 'demo',
    page: () => 'https://shop.example/checkout',
    locale: 'en-GB',
    storage,
    events: {
      entry: (e: Entry, live: boolean) => applied.push({ seq: e.seq, live }),
      reset: () => resets++,
      refused: (id, code) => refused.push([id, code]),
    },
    transport: { backoff: { baseMs: 20, maxMs: 100 }, heartbeat: { intervalMs: 1000, timeoutMs: 1000 } },
    ...extra,
  });
  sessions.push(session);
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
});
