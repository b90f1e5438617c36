import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import { SHOP, startHarness, TestSocket, visitorUrl, type Harness } from '../testing/harness.ts';

describe('visitor gateway', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const open = async (origin = SHOP, site = 'demo') => {
    const s = new TestSocket(visitorUrl(h.baton, site), { origin });
    sockets.push(s);
    await s.opened;
    return s;
  };
  const hello = async (extra: object = {}) => {
    const s = await open();
    s.send({ type: 'hello', v: 1, ...extra });
    const welcome = await s.next('welcome');
    return { s, welcome, token: welcome.token as string, id: welcome.conversationId as string };
  };
  const entry = (f: Record<string, unknown>) => f.entry as { seq: number; kind: string; role?: string; text?: string; to?: string; reason?: string };

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await h.close();
  });

  describe('hello', () => {
    it('starts a conversation and hands out an unguessable token', async () => {
      const { welcome, token } = await hello();
      expect(welcome).toMatchObject({ v: 1, state: 'bot', lastSeq: 0 });
      expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    });

    it('answers a question from the knowledge base with the article cited', async () => {
      const { s } = await hello();
      s.send({ type: 'message', id: 'm1', text: 'how many working days does standard delivery take?' });
      const mine = await s.next('event');
      expect(entry(mine)).toMatchObject({ seq: 1, role: 'visitor', text: 'how many working days does standard delivery take?' });
      const ack = await s.next('ack');
      expect(ack).toMatchObject({ clientId: 'm1', seq: 1 });
      const reply = entry(await s.next('event'));
      expect(reply).toMatchObject({ seq: 2, role: 'assistant' });
      expect(reply.text).toContain('2 to 4 working days');
    });

    it('refuses version 2 with unsupported_version and close 4400', async () => {
      const s = await open();
      s.send({ type: 'hello', v: 2 });
      expect(await s.next('error')).toMatchObject({ code: 'unsupported_version' });
      expect((await s.closed).code).toBe(4400);
    });

    it('refuses an unknown token with unauthorized and close 4401', async () => {
      const s = await open();
      s.send({ type: 'hello', v: 1, token: 'x'.repeat(43) });
      expect(await s.next('error')).toMatchObject({ code: 'unauthorized' });
      expect((await s.closed).code).toBe(4401);
    });

    it('requires hello before anything else, closing with 4400', async () => {
      const s = await open();
      s.send({ type: 'message', id: 'm1', text: 'hi' });
      expect(await s.next('error')).toMatchObject({ code: 'hello_required' });
      expect((await s.closed).code).toBe(4400);
    });

    it('closes with 4400 on a malformed first frame', async () => {
      const s = await open();
      s.send({ type: 'hello', v: 1, token: 'short' });
      expect(await s.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringContaining('hello.token') });
      expect((await s.closed).code).toBe(4400);
    });
  });

  describe('at the door', () => {
    it.each([
      ['a near-miss host', 'http://shop.test.evil.com'],
      ['another scheme', 'https://shop.test'],
      ['a port', 'http://shop.test:8080'],
      ['a suffix', 'http://evilshop.test'],
    ])('refuses %s with HTTP 403', async (_label, origin) => {
      const s = new TestSocket(visitorUrl(h.baton), { origin });
      await expect(s.opened).rejects.toThrow('HTTP 403');
    });

    it('refuses an unknown site with HTTP 404 and an unknown path too', async () => {
      await expect(new TestSocket(visitorUrl(h.baton, 'nope'), { origin: SHOP }).opened).rejects.toThrow('HTTP 404');
      await expect(new TestSocket(`ws://127.0.0.1:${h.baton.port}/ws/other`, { origin: SHOP }).opened).rejects.toThrow('HTTP 404');
    });
  });

  describe('frames', () => {
    it('answers malformed JSON, unknown types and bad fields with codes and keeps serving', async () => {
      const { s } = await hello();
      s.send('{not json');
      expect(await s.next('error')).toMatchObject({ code: 'bad_frame' });
      s.send({ type: 'teleport' });
      expect(await s.next('error')).toMatchObject({ code: 'unknown_type' });
      s.send({ type: 'message', id: 'bad id!', text: 'x' });
      expect(await s.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringContaining('message.id') });
      s.send({ type: 'message', id: 'm1', text: '   ' });
      expect(await s.next('error')).toMatchObject({ code: 'bad_frame' });
      s.send({ type: 'message', id: 'm2', text: 'x'.repeat(LIMITS.maxMessageChars + 1) });
      expect(await s.next('error')).toMatchObject({ code: 'too_long', ref: 'm2' });
      s.send({ type: 'ping' });
      expect(await s.next('pong')).toBeTruthy();
    });

    it('closes an oversized frame with 1009 and the server keeps serving', async () => {
      const { s } = await hello();
      s.send({ type: 'message', id: 'big', text: 'x'.repeat(LIMITS.maxPayloadBytes + 10) });
      expect((await s.closed).code).toBe(1009);
      const other = await hello();
      other.s.send({ type: 'ping' });
      expect(await other.s.next('pong')).toBeTruthy();
    });

    it('rate-limits a flood of messages and stores none beyond the limit', async () => {
      const { s } = await hello();
      for (let i = 0; i <= LIMITS.rateLimitMessages; i++) s.send({ type: 'message', id: `m${i}`, text: 'hello' });
      const refused = await s.next('error', 5000);
      expect(refused).toMatchObject({ code: 'rate_limited', ref: `m${LIMITS.rateLimitMessages}` });
    });
  });

  describe('idempotency and resume', () => {
    it('stores a repeated client id once and acks it with the same server id', async () => {
      const { s, id } = await hello();
      s.send({ type: 'message', id: 'same', text: 'where do you deliver?' });
      const first = await s.next('ack');
      s.send({ type: 'message', id: 'same', text: 'where do you deliver?' });
      const second = await s.next('ack');
      expect(second).toEqual(first);
      const entries = await h.baton.conversations.log.entriesAfter(id, 0, 100);
      expect(entries.filter((e) => e.kind === 'message' && e.role === 'visitor')).toHaveLength(1);
    });

    it('keeps the dedupe across a server restart', async () => {
      const { s, token } = await hello();
      s.send({ type: 'message', id: 'persist', text: 'how do I reset my password?' });
      const first = await s.next('ack');
      s.close();
      await h.restart();
      const again = await open();
      again.send({ type: 'hello', v: 1, token, lastSeq: 99 });
      await again.next('welcome');
      again.send({ type: 'message', id: 'persist', text: 'how do I reset my password?' });
      expect(await again.next('ack')).toEqual(first);
    });

    it('answers a retried message the server stored but never answered (it died in between)', async () => {
      const { s, id } = await hello();
      const { SqliteStorage } = await import('../storage/sqlite.ts');
      const other = new SqliteStorage(h.config.dbPath);
      await other.appendMessage(id, { role: 'visitor', text: 'how do I reset my password?', clientId: 'lost', clientKey: 'v:lost' }, Date.now());
      await other.close();
      s.send({ type: 'message', id: 'lost', text: 'how do I reset my password?' });
      expect(await s.next('ack')).toMatchObject({ clientId: 'lost', seq: 1 });
      expect(entry(await s.next((f) => f.type === 'event' && entry(f).role === 'assistant'))).toMatchObject({ seq: 2 });
    });

    it('replays what a client missed, in order, once', async () => {
      const { s, token } = await hello();
      s.send({ type: 'message', id: 'a', text: 'how much is express delivery?' });
      await s.next((f) => f.type === 'event' && entry(f).seq === 2);
      s.close();
      const again = await open();
      again.send({ type: 'hello', v: 1, token, lastSeq: 1 });
      expect(await again.next('welcome')).toMatchObject({ lastSeq: 2 });
      expect(entry(await again.next('event')).seq).toBe(2);
      again.send({ type: 'message', id: 'b', text: 'can I pause my subscription?' });
      const seqs: number[] = [];
      for (let i = 0; i < 2; i++) seqs.push(entry(await again.next('event')).seq);
      expect(seqs).toEqual([3, 4]);
      expect(again.frames.filter((f) => f.type === 'event')).toEqual([]);
    });

    it('never shows one visitor the conversation of another', async () => {
      const a = await hello();
      const b = await hello();
      expect(b.id).not.toBe(a.id);
      a.s.send({ type: 'message', id: 'secret', text: 'my card number is private' });
      await a.s.next('ack');
      b.s.send({ type: 'ping' });
      await b.s.next('pong');
      expect(b.s.frames.filter((f) => f.type === 'event')).toEqual([]);
    });
  });

  describe('handoff', () => {
    it('queues the conversation when the visitor asks for a person in words, then the assistant is silent', async () => {
      const { s } = await hello();
      s.send({ type: 'message', id: 'p', text: 'can I talk to a real person please' });
      const state = await s.next((f) => f.type === 'event' && entry(f).kind === 'state');
      expect(entry(state)).toMatchObject({ from: 'bot', to: 'queued', reason: 'visitor_request' });
      s.send({ type: 'message', id: 'q', text: 'how long does standard delivery take?' });
      await s.next('ack');
      await new Promise((r) => setTimeout(r, 100));
      const later = s.frames.filter((f) => f.type === 'event' && entry(f).role === 'assistant');
      expect(later).toEqual([]);
    });

    it('puts a legal threat at the head of the queue through the safety floor, with the pack', async () => {
      const { s, id } = await hello();
      s.send({ type: 'message', id: 'lt', text: 'sort this out or I am taking you to small claims court' });
      const state = entry(await s.next((f) => f.type === 'event' && entry(f).kind === 'state'));
      expect(state).toMatchObject({ to: 'queued', reason: 'safety:legal_threat' });
      const record = await h.baton.conversations.log.get(id);
      expect(record).toMatchObject({ urgent: true, pack: { reason: 'safety:legal_threat', route: 'urgent', flags: ['legal_threat'] } });
    });

    it('sends a human-mode intent to a person and keeps the draft for the agent', async () => {
      const { s, id } = await hello();
      s.send({ type: 'message', id: 'hm', text: 'I was charged twice for my last order' });
      expect(entry(await s.next((f) => f.type === 'event' && entry(f).kind === 'state'))).toMatchObject({ reason: 'human_intent' });
      expect((await h.baton.conversations.log.get(id)).pack).toMatchObject({ intent: { name: 'payment_problem' } });
    });

    it('queues on the button frame with reason visitor_request', async () => {
      const { s } = await hello();
      s.send({ type: 'human', id: 'h1' });
      expect(entry(await s.next('event'))).toMatchObject({ to: 'queued', reason: 'visitor_request' });
    });

    it('hands over a question the knowledge base cannot answer, with low_confidence', async () => {
      const { s } = await hello();
      s.send({ type: 'message', id: 'x', text: 'does the quantum flux capacitor support zeppelin mode' });
      const state = await s.next((f) => f.type === 'event' && entry(f).kind === 'state');
      expect(entry(state)).toMatchObject({ to: 'queued', reason: 'low_confidence' });
    });
  });
});

describe('visitor gateway with limits a configuration lowered', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('refuses a message over the configured length with too_long naming it, and stores the one within', async () => {
    h = await startHarness({ limits: { ...DEFAULT_LIMITS, maxMessageChars: 40 } });
    const s = new TestSocket(visitorUrl(h.baton), { origin: SHOP });
    await s.opened;
    s.send({ type: 'hello', v: 1 });
    const welcome = await s.next('welcome');
    s.send({ type: 'message', id: 'long', text: 'x'.repeat(41) });
    expect(await s.next('error')).toMatchObject({ code: 'too_long', ref: 'long', message: 'text: 41 characters, at most 40' });
    s.send({ type: 'message', id: 'short', text: 'where is my order?' });
    expect(await s.next('ack')).toMatchObject({ clientId: 'short', seq: 1 });
    const stored = await h.baton.conversations.log.entriesAfter(String(welcome.conversationId), 0, 10);
    expect(stored.filter((e) => e.kind === 'message' && e.role === 'visitor').map((e) => e.kind === 'message' && e.text)).toEqual(['where is my order?']);
    s.close();
  });
});
