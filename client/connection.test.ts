import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type Connection, type ConnectionOptions, type ConnectionStatus } from './connection.ts';
import { parseFrame } from '../shared/frames/parse.ts';
import { VISITOR_SERVER_FRAMES, type VisitorServerFrame } from '../shared/frames/server.ts';
import type { VisitorFrame } from '../shared/frames/visitor.ts';
import { startFakeServer, sleep, until, type FakeServer } from './testing/fake-server.ts';

let server: FakeServer;
let conn: Connection<VisitorFrame> | null = null;
const frames: VisitorServerFrame[] = [];
const statuses: ConnectionStatus[] = [];

function connect(extra: Partial<ConnectionOptions<VisitorServerFrame, VisitorFrame>> = {}): Connection<VisitorFrame> {
  conn = createConnection<VisitorServerFrame, VisitorFrame>({
    url: () => server.url,
    parse: (raw) => parseFrame(raw, VISITOR_SERVER_FRAMES),
    hello: () => ({ type: 'hello', v: 1 }),
    isReady: (f) => f.type === 'welcome',
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    backoff: { baseMs: 20, maxMs: 200 },
    heartbeat: { intervalMs: 1000, timeoutMs: 1000 },
    ...extra,
  });
  return conn;
}

const helloCount = () => server.framesOf('hello').length;
const messagesOn = (n: number) => server.received.filter((r) => r.conn === n && r.frame['type'] === 'message');

beforeEach(async () => {
  server = await startFakeServer();
  frames.length = 0;
  statuses.length = 0;
});

afterEach(async () => {
  conn?.close();
  conn = null;
  vi.restoreAllMocks();
  await server.stop();
});

describe('createConnection', () => {
  describe('handshake', () => {
    it('sends hello first and goes online on the ready frame', async () => {
      const c = connect();
      expect(c.status).toBe('connecting');
      await until(() => c.status === 'online', 'online');
      expect(server.received[0]?.frame).toEqual({ type: 'hello', v: 1 });
      expect(frames[0]?.type).toBe('welcome');
      expect(statuses).toEqual(['online']);
    });

    it('evaluates url() and hello() again on every connect', async () => {
      let n = 0;
      const c = connect({ hello: () => ({ type: 'hello', v: 1, lastSeq: n++ }) });
      await until(() => c.status === 'online', 'first handshake');
      server.terminateAll();
      await until(() => helloCount() === 2 && c.status === 'online', 'second handshake');
      expect(server.framesOf('hello').map((r) => [r.conn, r.frame['lastSeq']])).toEqual([
        [1, 0],
        [2, 1],
      ]);
    });
  });

  describe('reconnect', () => {
    it('reconnects after the server terminates the socket, and reports offline meanwhile', async () => {
      const c = connect();
      await until(() => c.status === 'online', 'online');
      server.terminateAll();
      await until(() => server.sockets.length === 2 && c.status === 'online', 'reconnected');
      expect(statuses).toEqual(['online', 'offline', 'connecting', 'online']);
    });

    it('backs off exponentially while the handshake fails, and resets after a handshake', async () => {
      server.refuseWith = 1011; // server error: retry
      connect({ random: () => 1, backoff: { baseMs: 40, maxMs: 10_000 } });
      await until(() => server.connectedAt.length >= 4, 'four attempts');
      const at = server.connectedAt;
      const gaps = [at[1]! - at[0]!, at[2]! - at[1]!, at[3]! - at[2]!];
      // Expected 40, 80, 160 ms (random() = 1 takes the whole window).
      expect(gaps[0]).toBeGreaterThanOrEqual(35);
      expect(gaps[1]).toBeGreaterThanOrEqual(75);
      expect(gaps[2]).toBeGreaterThanOrEqual(150);

      server.refuseWith = null;
      await until(() => conn?.status === 'online', 'handshake', 5000);
      const before = server.connectedAt.length;
      const droppedAt = Date.now();
      server.terminateAll();
      await until(() => server.connectedAt.length > before, 'reconnect after reset');
      // Back to the base delay (40 ms), not the next step (320 ms).
      expect(server.connectedAt.at(-1)! - droppedAt).toBeLessThan(250);
    });

    it('caps the delay at maxMs', async () => {
      server.refuseWith = 1011;
      connect({ random: () => 1, backoff: { baseMs: 30, maxMs: 60 } });
      await until(() => server.connectedAt.length >= 5, 'five attempts');
      const at = server.connectedAt;
      expect(at[4]! - at[3]!).toBeLessThan(150);
    });
  });

  describe('outbox', () => {
    it('resends unacked frames after reconnect with the same ids, in order, after hello; ack removes them', async () => {
      server.ackMessages = false;
      const c = connect();
      await until(() => c.status === 'online', 'online');
      c.send({ type: 'message', id: 'm1', text: 'one' });
      c.send({ type: 'message', id: 'm2', text: 'two' });
      c.send({ type: 'message', id: 'm3', text: 'three' });
      await until(() => messagesOn(1).length === 3, 'three messages on the first socket');
      expect(c.pending().map((f) => f.id)).toEqual(['m1', 'm2', 'm3']);

      server.terminateAll();
      await until(() => messagesOn(2).length === 3, 'three messages resent on the second socket');
      const second = server.received.filter((r) => r.conn === 2).map((r) => r.frame['id'] ?? r.frame['type']);
      expect(second).toEqual(['hello', 'm1', 'm2', 'm3']);

      c.ack('m2');
      expect(c.pending().map((f) => f.id)).toEqual(['m1', 'm3']);
      c.ack('m1');
      c.ack('m3');
      server.terminateAll();
      await until(() => server.framesOf('hello').length === 3 && c.status === 'online', 'third handshake');
      await sleep(50);
      expect(messagesOn(3)).toEqual([]);
    });

    it('sends frames queued while offline once the handshake completes', async () => {
      const c = connect({ random: () => 1, backoff: { baseMs: 150, maxMs: 150 } });
      await until(() => c.status === 'online', 'online');
      server.terminateAll();
      await until(() => c.status === 'offline', 'offline');
      c.send({ type: 'message', id: 'late', text: 'sent while offline' });
      expect(c.sendNow({ type: 'ping' })).toBe(false);
      expect(messagesOn(1)).toEqual([]);
      await until(() => messagesOn(2).length === 1, 'message after reconnect');
      expect(server.received.filter((r) => r.conn === 2).map((r) => r.frame['type'])).toEqual(['hello', 'message']);
      // The fake server acks; the caller acks the outbox on the ack frame.
      await until(() => frames.some((f) => f.type === 'ack' && f.clientId === 'late'), 'ack');
    });

    it('holds frames until the ready frame, even when the socket is open', async () => {
      server.answerHello = false;
      const c = connect();
      await until(() => helloCount() === 1, 'hello');
      c.send({ type: 'message', id: 'early', text: 'before welcome' });
      await sleep(50);
      expect(messagesOn(1)).toEqual([]);
      expect(c.status).toBe('connecting');
    });

    it('keeps the order when the caller sends from inside onFrame(ready frame)', async () => {
      server.ackMessages = false;
      let c: Connection<VisitorFrame> | null = null;
      let welcomes = 0;
      c = connect({
        onFrame: (f) => {
          if (f.type === 'welcome' && ++welcomes === 2) c?.send({ type: 'message', id: 'new', text: 'on welcome' });
        },
      });
      await until(() => c?.status === 'online', 'online');
      c.send({ type: 'message', id: 'old', text: 'before the drop' });
      await until(() => messagesOn(1).length === 1, 'first message');
      server.terminateAll();
      await until(() => messagesOn(2).length === 2, 'both messages on the second socket');
      expect(messagesOn(2).map((r) => r.frame['id'])).toEqual(['old', 'new']);
    });

    it('refuses a frame the server could never accept (over maxPayloadBytes)', () => {
      const c = connect();
      expect(() => c.send({ type: 'message', id: 'big', text: 'x'.repeat(20_000) })).toThrow(RangeError);
      expect(c.pending()).toEqual([]);
    });
  });

  describe('lazy start', () => {
    it('opens no socket until start(), keeps what is sent meanwhile, and sends it after hello', async () => {
      const c = connect({ lazy: true });
      expect(c.status).toBe('offline');
      c.send({ type: 'message', id: 'early', text: 'queued before start' });
      expect(c.sendNow({ type: 'ping' })).toBe(false);
      await sleep(100);
      expect(server.sockets).toHaveLength(0);
      expect(statuses).toEqual([]);

      c.start();
      c.start(); // twice is harmless
      expect(c.status).toBe('connecting');
      await until(() => messagesOn(1).length === 1, 'message after start');
      expect(server.received.map((r) => r.frame['type'])).toEqual(['hello', 'message']);
      expect(server.sockets).toHaveLength(1);
    });
  });

  describe('#retryFrom', () => {
    /** Plays the caller: acks what is stored, hands a rate_limited refusal back to the connection. */
    const callerLike = (extra: Partial<ConnectionOptions<VisitorServerFrame, VisitorFrame>> = {}) =>
      connect({
        onFrame: (f) => {
          frames.push(f);
          if (f.type === 'ack') conn?.ack(f.clientId);
          if (f.type === 'error' && f.code === 'rate_limited' && f.ref !== undefined) conn?.retryFrom(f.ref);
        },
        ...extra,
      });
    const storedIds = () => server.log.map((e) => (e.kind === 'message' ? e.clientId : e.kind));
    const refusals = () => frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length;

    it('holds the refused frame and every later one, then sends them in order after the delay', async () => {
      server.rateLimit = { messages: 2, windowMs: 100 };
      const c = callerLike({ retryDelayMs: 300 });
      await until(() => c.status === 'online', 'online');
      const window = Date.now();
      for (const id of ['m1', 'm2', 'm3']) c.send({ type: 'message', id, text: id });
      await until(() => refusals() === 1, 'm3 refused');
      expect(storedIds()).toEqual(['m1', 'm2']);

      // The server's window has reset, but m3 waits for its retry: m4 must not overtake it.
      await sleep(Math.max(0, 150 - (Date.now() - window)));
      c.send({ type: 'message', id: 'm4', text: 'm4' });
      await sleep(50);
      expect(messagesOn(1).map((r) => r.frame['id'])).toEqual(['m1', 'm2', 'm3']);

      await until(() => server.log.length === 4, 'm3 and m4 stored', 2000);
      expect(storedIds()).toEqual(['m1', 'm2', 'm3', 'm4']);
      expect(messagesOn(1).map((r) => r.frame['id'])).toEqual(['m1', 'm2', 'm3', 'm3', 'm4']);
      await until(() => c.pending().length === 0, 'both acked');
    });

    it('keeps the order when the resent burst is refused again', async () => {
      server.rateLimit = { messages: 2, windowMs: 100 };
      const c = callerLike({ retryDelayMs: 120 });
      await until(() => c.status === 'online', 'online');
      const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
      for (const id of ids) c.send({ type: 'message', id, text: id });
      await until(() => server.log.length === ids.length, 'all stored', 5000);
      expect(storedIds()).toEqual(ids);
    });

    it('sends held frames at once, in order, after a reconnect (a new socket has a new window)', async () => {
      server.rateLimit = { messages: 1, windowMs: 60_000 };
      const c = callerLike({ retryDelayMs: 60_000 });
      await until(() => c.status === 'online', 'online');
      c.send({ type: 'message', id: 'm1', text: 'm1' });
      c.send({ type: 'message', id: 'm2', text: 'm2' });
      await until(() => refusals() === 1, 'm2 refused');
      c.send({ type: 'message', id: 'm3', text: 'm3' }); // held behind m2
      await sleep(30);
      expect(messagesOn(1).map((r) => r.frame['id'])).toEqual(['m1', 'm2']);

      server.rateLimit = null;
      server.terminateAll();
      await until(() => server.log.length === 3, 'stored after the reconnect');
      expect(storedIds()).toEqual(['m1', 'm2', 'm3']);
      expect(messagesOn(2).map((r) => r.frame['id'])).toEqual(['m2', 'm3']);
    });

    it('keeps holding the frames after a held one that turns out stored (acked)', async () => {
      server.ackMessages = false;
      const c = callerLike({ retryDelayMs: 200 });
      await until(() => c.status === 'online', 'online');
      for (const id of ['m1', 'm2', 'm3']) c.send({ type: 'message', id, text: id });
      await until(() => messagesOn(1).length === 3, 'sent');
      c.retryFrom('m2');
      c.send({ type: 'message', id: 'm4', text: 'm4' });
      server.broadcast({ type: 'ack', conversationId: 'conv_test_1', clientId: 'm2', messageId: 'e2', seq: 2 });
      await until(() => c.pending().length === 3, 'm2 acked');
      await sleep(50);
      expect(messagesOn(1).map((r) => r.frame['id'])).toEqual(['m1', 'm2', 'm3']);
      await until(() => messagesOn(1).length === 5, 'released', 2000);
      expect(messagesOn(1).map((r) => r.frame['id'])).toEqual(['m1', 'm2', 'm3', 'm3', 'm4']);
    });

    it('ignores an id that is not in the outbox', async () => {
      const c = callerLike({ retryDelayMs: 60_000 });
      await until(() => c.status === 'online', 'online');
      c.retryFrom('nope');
      c.send({ type: 'message', id: 'm1', text: 'm1' });
      await until(() => server.log.length === 1, 'stored at once');
    });
  });

  describe('heartbeat', () => {
    it('reconnects when nothing arrives within the timeout after a ping', async () => {
      server.answerPings = false;
      const c = connect({ heartbeat: { intervalMs: 50, timeoutMs: 60 } });
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      await until(() => c.status === 'online', 'online');
      await until(() => server.sockets.length >= 2, 'reconnect after heartbeat timeout', 2000);
      expect(server.framesOf('ping').length).toBeGreaterThan(0);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('[baton] heartbeat timeout'));
    });

    it('stays connected while pongs arrive', async () => {
      const c = connect({ heartbeat: { intervalMs: 30, timeoutMs: 60 } });
      await until(() => c.status === 'online', 'online');
      await sleep(400);
      expect(server.framesOf('ping').length).toBeGreaterThanOrEqual(5);
      expect(server.sockets.length).toBe(1);
      expect(frames.filter((f) => f.type === 'pong').length).toBeGreaterThanOrEqual(4);
    });

    it('gives up on a handshake that is never answered, even while pongs arrive', async () => {
      server.answerHello = false;
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      connect({ heartbeat: { intervalMs: 40, timeoutMs: 40 } });
      await until(() => server.sockets.length >= 2, 'second attempt', 2000);
      expect(server.framesOf('ping').length).toBeGreaterThan(0);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('[baton] handshake timeout'));
    });
  });

  describe('fatal close', () => {
    it('stops on 4401, calls onFatal, and connects again only on reconnect()', async () => {
      const fatal: number[] = [];
      server.refuseWith = 4401;
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const c = connect({ onFatal: (code) => fatal.push(code) });
      await until(() => fatal.length === 1, 'onFatal');
      expect(fatal).toEqual([4401]);
      expect(c.status).toBe('offline');
      await sleep(200); // ten times the base backoff
      expect(server.sockets.length).toBe(1);

      server.refuseWith = null;
      c.reconnect();
      await until(() => c.status === 'online', 'online after reconnect()');
      expect(server.sockets.length).toBe(2);
    });

    it('retries on a non-fatal application close code (4408)', async () => {
      server.refuseWith = 4408;
      const fatal: number[] = [];
      connect({ onFatal: (code) => fatal.push(code) });
      await until(() => server.sockets.length >= 2, 'retry');
      expect(fatal).toEqual([]);
    });
  });

  describe('invalid frames', () => {
    it('logs and ignores them, and keeps the connection', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const c = connect();
      await until(() => c.status === 'online', 'online');
      server.broadcast('not json');
      server.broadcast({ type: 'bogus' });
      server.broadcast({ type: 'ack', clientId: 'x' });
      server.broadcast('[1,2]');
      server.broadcast({ type: 'pong' });
      await until(() => frames.some((f) => f.type === 'pong'), 'pong');
      expect(frames.map((f) => f.type)).toEqual(['welcome', 'pong']);
      expect(warn).toHaveBeenCalledTimes(4);
      for (const call of warn.mock.calls) expect(String(call[0])).toMatch(/^\[baton\] ignored an invalid frame/);
      expect(server.sockets.length).toBe(1);
      expect(c.status).toBe('online');
    });

    it('survives a callback that throws', async () => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const c = connect({
        onFrame: (f) => {
          frames.push(f);
          throw new Error('caller bug');
        },
      });
      await until(() => c.status === 'online', 'online');
      c.send({ type: 'message', id: 'after-throw', text: 'still works' });
      await until(() => frames.some((f) => f.type === 'ack'), 'ack despite throwing callback');
      expect(error).toHaveBeenCalledWith(expect.stringContaining('[baton] onFrame'), expect.any(Error));
    });
  });

  describe('#close', () => {
    it('stops for good', async () => {
      const c = connect();
      await until(() => c.status === 'online', 'online');
      c.close();
      expect(c.status).toBe('offline');
      await sleep(150);
      expect(server.sockets.length).toBe(1);
      c.close(); // twice is harmless
    });
  });
});
