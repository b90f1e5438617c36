/**
 * The visitor socket with the LLM assistant: a real Baton (real sockets, real
 * SQLite) in front of a scripted OpenAI-compatible server on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFrame } from '../../shared/frames/parse.ts';
import { VISITOR_SERVER_FRAMES } from '../../shared/frames/server.ts';
import type { Entry } from '../../shared/model.ts';
import type { FakeBehaviour } from '../engine/llm/fake-openai.ts';
import { SHOP, startHarness, TestSocket, visitorUrl, type Harness } from '../testing/harness.ts';
import { answer, REFUND_ANSWER, REFUND_QUESTION, safetyVerdict, startLlmSite, UNSUPPORTED_ANSWER, type LlmSite } from '../testing/llm-fixture.ts';

type Frame = { type: string } & Record<string, unknown>;

/** Model calls give up after this long in these tests. */
const TIMEOUT_MS = 500;
const BOUND = 5_000;

describe('visitor socket with the LLM assistant', () => {
  let site: LlmSite;
  let h: Harness;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    site = await startLlmSite();
    h = await startHarness({
      sites: [{ id: 'demo', name: 'Demo', allowedOrigins: [SHOP], kb: site.kb, policy: site.policy }],
      llm: site.llm(TIMEOUT_MS),
    });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await h.close();
    await site.close();
  });

  /** A visitor socket after its welcome; `seen` keeps every frame in arrival order, each checked against its shared schema. */
  async function visitor(extra: object = {}) {
    const s = new TestSocket(visitorUrl(h.baton), { origin: SHOP });
    sockets.push(s);
    const seen: Frame[] = [];
    s.ws.on('message', (data) => {
      const raw = data.toString();
      const parsed = parseFrame(raw, VISITOR_SERVER_FRAMES);
      if (!parsed.ok) throw new Error(`server sent a frame its schema refuses: ${parsed.message} in ${raw}`);
      seen.push(JSON.parse(raw) as Frame);
    });
    await s.opened;
    s.send({ type: 'hello', v: 1, ...extra });
    const welcome = await s.next('welcome');
    return { s, seen, id: welcome.conversationId as string, token: welcome.token as string };
  }

  const entry = (f: Frame) => f.entry as Entry;
  const isEntry = (f: Frame, test: (e: Entry) => boolean) => f.type === 'event' && test(entry(f));
  const assistantEvent = (f: Frame) => isEntry(f, (e) => e.kind === 'message' && e.role === 'assistant');
  const stateEvent = (f: Frame) => isEntry(f, (e) => e.kind === 'state');
  const ofType = (seen: Frame[], type: string) => seen.filter((f) => f.type === type);

  async function log(id: string) {
    const entries = await h.baton.conversations.log.entriesAfter(id, 0, 100);
    return entries.flatMap((e) => (e.kind === 'message' ? [`${e.role}: ${e.text}`] : [`state: ${e.from}->${e.to} ${e.reason}`]));
  }

  it('drops the reply being written when the visitor asks for a person, and queues them at once', { timeout: BOUND }, async () => {
    // A slow model: the whole answer would take about 4 s.
    site.fake.script(answer(REFUND_ANSWER, { chunkDelayMs: 100 }));
    const { s, seen, id } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    await s.next('reply_delta');
    const asked = Date.now();
    s.send({ type: 'human', id: 'h1' });
    expect(entry(await s.next(stateEvent))).toMatchObject({ to: 'queued', reason: 'visitor_request' });
    expect(Date.now() - asked).toBeLessThan(1_000);
    const ends = ofType(seen, 'reply_end');
    expect(ends).toMatchObject([{ outcome: 'withdrawn' }]);
    expect(seen.indexOf(ends[0] as Frame)).toBeLessThan(seen.findIndex(stateEvent));
    expect(await log(id)).toEqual([`visitor: ${REFUND_QUESTION}`, 'state: bot->queued visitor_request']);
    // What the assistant had goes to the agent: its offline draft and passages.
    const record = await h.baton.conversations.log.get(id);
    expect(record.pack).toMatchObject({ reason: 'visitor_request' });
    expect(record.pack?.passages[0]).toMatchObject({ article: 'refunds' });
    expect(record.pack?.draft).toBeTruthy();
  });

  it('drops the reply being written when an agent takes the conversation over', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER, { chunkDelayMs: 100 }));
    const { s, seen, id } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    await s.next('reply_delta');
    const claimed = await h.baton.conversations.assignment.claim(id, { id: 'a1', name: 'Ana' });
    expect(claimed.state).toBe('human');
    expect(entry(await s.next(stateEvent))).toMatchObject({ to: 'human' });
    expect(ofType(seen, 'reply_end')).toMatchObject([{ outcome: 'withdrawn' }]);
    expect((await log(id)).filter((l) => l.startsWith('assistant'))).toEqual([]);
  });

  it('streams the reply to the visitor piece by piece, then the stored reply once in its place', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER, { chunkDelayMs: 5 }));
    const { s, seen, id } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    const reply = entry(await s.next(assistantEvent));
    expect(reply).toMatchObject({ seq: 2, role: 'assistant', text: REFUND_ANSWER, sources: [{ article: 'refunds', section: 'Refund time limit' }] });

    const deltas = ofType(seen, 'reply_delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => d.text).join('')).toBe(REFUND_ANSWER);
    const stream = deltas[0]?.stream;
    expect(deltas.every((d) => d.stream === stream && d.conversationId === id)).toBe(true);
    const ends = ofType(seen, 'reply_end');
    expect(ends).toEqual([{ type: 'reply_end', conversationId: id, stream, outcome: 'sent', seq: 2 }]);
    // Pieces, then the end naming the stored seq, then the stored entry itself.
    const at = (f: Frame | undefined) => seen.indexOf(f as Frame);
    expect(at(deltas.at(-1))).toBeLessThan(at(ends[0]));
    expect(at(ends[0])).toBeLessThan(seen.findIndex(assistantEvent));
    // The visitor's own message was acked without waiting for the model.
    expect(seen.findIndex((f) => f.type === 'ack')).toBeLessThan(at(deltas.at(-1)));

    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter(assistantEvent)).toHaveLength(1);
    expect(await log(id)).toEqual([`visitor: ${REFUND_QUESTION}`, `assistant: ${REFUND_ANSWER}`]);
    // Confidence from the logprobs (capped by the retrieval evidence), recorded with the decision.
    const record = await h.baton.conversations.log.get(id);
    expect(record.lastDecision?.confidence).toBeGreaterThan(0);
    expect(record.lastDecision?.confidence).toBeLessThanOrEqual(Math.exp(-0.01));
    expect(site.modelRequests()).toHaveLength(1);
  });

  it('does not replay the pieces on resume: the stored reply only', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER));
    const first = await visitor();
    first.s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    await first.s.next(assistantEvent);
    first.s.close();
    const again = await visitor({ token: first.token, lastSeq: 0 });
    await again.s.next((f) => isEntry(f, (e) => e.seq === 2));
    expect(again.seen.map((f) => f.type)).toEqual(['welcome', 'event', 'event']);
  });

  it('samples for agreement when the endpoint sends no logprobs, and withdraws a reply the samples disagree on', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER, { logprob: null }), { kind: 'reply', text: ['Maybe never.', 'Call us tomorrow morning.', 'Ask at any shop'] });
    const { s, seen, id } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    expect(entry(await s.next(stateEvent))).toMatchObject({ from: 'bot', to: 'queued', reason: 'low_confidence' });
    expect(ofType(seen, 'reply_end')).toMatchObject([{ outcome: 'withdrawn' }]);
    expect(site.modelRequests().map((r) => [r.stream, r.n])).toEqual([
      [true, 1],
      [false, 3],
    ]);
    const record = await h.baton.conversations.log.get(id);
    expect(record.pack).toMatchObject({ reason: 'low_confidence', draft: REFUND_ANSWER });
    expect(record.pack?.confidence).toBeLessThan(0.05);
    expect(await log(id)).toEqual([`visitor: ${REFUND_QUESTION}`, 'state: bot->queued low_confidence']);
  });

  it('sends a reply the samples agree on', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER, { logprob: null }), { kind: 'reply', text: REFUND_ANSWER });
    const { s } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    expect(entry(await s.next(assistantEvent))).toMatchObject({ text: REFUND_ANSWER });
  });

  describe('a model failure hands over: queued with upstream_error, nothing partial stored, the transcript whole', () => {
    const failures: [string, FakeBehaviour, boolean][] = [
      ['429', { kind: 'error', status: 429 }, false],
      ['500', { kind: 'error', status: 500 }, false],
      ['a hang past the timeout', { kind: 'hang' }, false],
      ['a stream cut halfway', { kind: 'cut', text: REFUND_ANSWER, afterChunks: 4 }, true],
    ];
    it.each(failures)('%s', { timeout: BOUND }, async (_label, behaviour, streamsFirst) => {
      site.fake.script(behaviour);
      const { s, seen, id } = await visitor();
      s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
      const state = await s.next(stateEvent, 2_000);
      expect(entry(state)).toMatchObject({ from: 'bot', to: 'queued', reason: 'upstream_error' });

      const deltas = ofType(seen, 'reply_delta');
      if (streamsFirst) {
        expect(deltas.length).toBeGreaterThan(0);
        expect(deltas.length).toBeLessThanOrEqual(4);
        // The provisional text is withdrawn before the state changes.
        expect(ofType(seen, 'reply_end')).toEqual([{ type: 'reply_end', conversationId: id, stream: deltas[0]?.stream, outcome: 'withdrawn' }]);
        expect(seen.findIndex((f) => f.type === 'reply_end')).toBeLessThan(seen.findIndex(stateEvent));
      } else {
        expect(deltas).toEqual([]);
        expect(ofType(seen, 'reply_end')).toEqual([]);
      }
      expect(seen.filter(assistantEvent)).toEqual([]);
      expect(await log(id)).toEqual([`visitor: ${REFUND_QUESTION}`, 'state: bot->queued upstream_error']);
      const record = await h.baton.conversations.log.get(id);
      expect(record.state).toBe('queued');
      // The agent still sees the knowledge base's answer and its passages.
      expect(record.pack).toMatchObject({ reason: 'upstream_error', route: 'escalate' });
      expect(record.pack?.draft).toContain('within 30 days of delivery');
      expect(record.pack?.passages.length).toBeGreaterThan(0);
    });

    it('keeps every visitor message when a stream is cut after an answered one, and the assistant stays silent after', { timeout: BOUND }, async () => {
      site.fake.script(answer(REFUND_ANSWER), { kind: 'cut', text: REFUND_ANSWER, afterChunks: 3 });
      const { s, id } = await visitor();
      s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
      await s.next(assistantEvent);
      s.send({ type: 'message', id: 'm2', text: 'And how are refunds paid?' });
      expect(entry(await s.next(stateEvent))).toMatchObject({ to: 'queued', reason: 'upstream_error' });
      s.send({ type: 'message', id: 'm3', text: 'Hello? Anyone there?' });
      await s.next((f) => f.type === 'ack' && f.clientId === 'm3');
      expect(await log(id)).toEqual([
        `visitor: ${REFUND_QUESTION}`,
        `assistant: ${REFUND_ANSWER}`,
        'visitor: And how are refunds paid?',
        'state: bot->queued upstream_error',
        'visitor: Hello? Anyone there?',
      ]);
    });
  });

  it('answers pings and acks while the model is still thinking', { timeout: BOUND }, async () => {
    site.fake.script({ kind: 'hang' });
    const { s, seen } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    await s.next('ack', 200);
    s.send({ type: 'ping' });
    await s.next('pong', 200);
    expect(seen.some(stateEvent)).toBe(false);
    expect(entry(await s.next(stateEvent))).toMatchObject({ reason: 'upstream_error' });
  });

  it('answers pings while the model is thinking even after a frustration report, which waits its turn', { timeout: BOUND }, async () => {
    site.fake.script({ kind: 'hang' });
    const { s, seen } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    await s.next('ack', 200);
    s.send({ type: 'frustration', score: 0.3, signals: ['rage_click'] });
    s.send({ type: 'ping' });
    await s.next('pong', 200);
    expect(seen.some(stateEvent)).toBe(false);
    expect(entry(await s.next(stateEvent))).toMatchObject({ reason: 'upstream_error' });
  });

  it('withdraws a reply with a figure the knowledge base does not state; the pack carries the claim and the draft', { timeout: BOUND }, async () => {
    site.fake.script(answer(UNSUPPORTED_ANSWER));
    const { s, seen, id } = await visitor();
    s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
    expect(entry(await s.next(stateEvent))).toMatchObject({ to: 'queued', reason: 'unsupported_claims' });
    expect(ofType(seen, 'reply_delta').map((d) => d.text).join('')).toBe(UNSUPPORTED_ANSWER);
    expect(ofType(seen, 'reply_end')).toMatchObject([{ outcome: 'withdrawn' }]);
    expect(seen.filter(assistantEvent)).toEqual([]);
    const record = await h.baton.conversations.log.get(id);
    expect(record.pack).toMatchObject({ reason: 'unsupported_claims', draft: UNSUPPORTED_ANSWER });
    expect(record.pack?.unsupportedClaims.join(' ')).toContain('45');
    expect(await log(id)).toEqual([`visitor: ${REFUND_QUESTION}`, 'state: bot->queued unsupported_claims']);
  });

  describe('safety double-check', () => {
    it('lets the model add a flag: urgent, with no piece of the draft shown', { timeout: BOUND }, async () => {
      site.safety.verdict = safetyVerdict(['self_harm'], 100);
      site.fake.script(answer(REFUND_ANSWER));
      const { s, seen, id } = await visitor();
      s.send({ type: 'message', id: 'm1', text: REFUND_QUESTION });
      expect(entry(await s.next(stateEvent))).toMatchObject({ to: 'queued', reason: 'safety:self_harm' });
      expect(ofType(seen, 'reply_delta')).toEqual([]);
      expect(ofType(seen, 'reply_end')).toEqual([]);
      expect(await h.baton.conversations.log.get(id)).toMatchObject({ urgent: true, pack: { route: 'urgent', flags: ['self_harm'] } });
    });

    it('queues a message the rule floor flags as urgent without waiting on the model', { timeout: BOUND }, async () => {
      site.safety.verdict = safetyVerdict([], 5_000);
      const { s, id } = await visitor();
      s.send({ type: 'message', id: 'm1', text: `I will sue you. ${REFUND_QUESTION}` });
      expect(entry(await s.next(stateEvent))).toMatchObject({ to: 'queued', reason: 'safety:legal_threat' });
      const record = await h.baton.conversations.log.get(id);
      expect(record).toMatchObject({ urgent: true, pack: { route: 'urgent' } });
      expect(record.pack?.flags).toContain('legal_threat');
      expect(site.fake.requests).toHaveLength(0); // neither a safety check nor a draft for a route the floor settled
    });
  });
});
