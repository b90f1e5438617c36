import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Passage } from '../../../shared/model.ts';
import type { LlmLogEvent } from './client.ts';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.ts';
import { ANSWER_INSTRUCTIONS, REFERENCE_CLOSE, REFERENCE_OPEN } from './prompts.ts';
import { createLlmResponder, type DraftInput, type LlmResponderOptions } from './responder.ts';

// Every network test is bounded well under vitest's default.
const BOUND = 5_000;

const PASSAGES: Passage[] = [
  { article: 'refunds', title: 'Refunds', section: 'Time limit', text: 'Refunds are accepted within 30 days of delivery.', score: 0.8 },
  { article: 'shipping', title: 'Shipping', section: 'Costs', text: 'Standard shipping is free over 50 euros.', score: 0.6 },
];
const INPUT: DraftInput = {
  question: 'How long do I have to ask for a refund?',
  turns: [
    { role: 'user', text: 'Hi' },
    { role: 'assistant', text: 'Hello! How can I help?' },
    { role: 'user', text: 'How long do I have to ask for a refund?' },
  ],
  passages: PASSAGES,
};
const ANSWER = 'You can ask for a refund within 30 days of delivery.';

let fake: FakeOpenAI;
let logs: LlmLogEvent[];

beforeEach(async () => {
  fake = await startFakeOpenAI();
  logs = [];
});
afterEach(async () => {
  await fake.close();
});

function responder(extra: Partial<LlmResponderOptions> = {}) {
  return createLlmResponder({ baseURL: fake.baseURL, apiKey: 'sk-test', model: 'test-model', timeoutMs: 2_000, log: (e) => logs.push(e), ...extra });
}

describe('createLlmResponder', () => {
  describe('#draft', () => {
    it('streams tokens in order and returns the full text', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER, chunkDelayMs: 5 });
      const tokens: string[] = [];
      const draft = await responder().draft(INPUT, (t) => tokens.push(t));
      expect(draft).toEqual({ ok: true, text: ANSWER, logprobs: null });
      expect(tokens.length).toBeGreaterThan(5);
      expect(tokens[0]).toBe('You');
      expect(tokens.join('')).toBe(ANSWER);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]?.body?.stream).toBe(true);
      expect(fake.requests[0]?.headers['authorization']).toBe('Bearer sk-test');
    });

    it('returns the token logprobs when the endpoint sends them', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: 'Within 30 days.', logprobs: [-0.01, -0.2, -0.5] });
      const draft = await responder().draft(INPUT);
      expect(draft).toEqual({ ok: true, text: 'Within 30 days.', logprobs: [-0.01, -0.2, -0.5] });
      expect(fake.requests[0]?.body?.logprobs).toBe(true);
    });

    it('returns logprobs null when the endpoint sends none', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: 'Within 30 days.' });
      const draft = await responder().draft(INPUT);
      expect(draft).toEqual({ ok: true, text: 'Within 30 days.', logprobs: null });
    });

    it('does not ask for logprobs when told not to', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: 'Within 30 days.' });
      await responder({ logprobs: false }).draft(INPUT);
      expect(fake.requests[0]?.body?.raw['logprobs']).toBeUndefined();
    });

    it('maps 429 to rate_limited, without retrying and without the upstream text', { timeout: BOUND }, async () => {
      fake.script({ kind: 'error', status: 429, message: 'Rate limit reached for org-secret on tokens per min' });
      const draft = await responder().draft(INPUT);
      expect(draft).toEqual({ ok: false, error: 'rate_limited' });
      expect(JSON.stringify(draft)).not.toContain('org-secret');
      expect(fake.requests).toHaveLength(1); // maxRetries 0: the caller decides
      // The upstream words go to the log hook only.
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ op: 'draft', error: 'rate_limited', status: 429 });
      expect(logs[0]?.detail).toContain('org-secret');
    });

    it('maps 500 to upstream, without retrying', { timeout: BOUND }, async () => {
      fake.script({ kind: 'error', status: 500, message: 'The server had an error while processing your request.' });
      const draft = await responder().draft(INPUT);
      expect(draft).toEqual({ ok: false, error: 'upstream' });
      expect(fake.requests).toHaveLength(1);
      expect(logs[0]).toMatchObject({ error: 'upstream', status: 500 });
    });

    it('maps other HTTP errors (401) to upstream', { timeout: BOUND }, async () => {
      fake.script({ kind: 'error', status: 401, message: 'Incorrect API key provided' });
      expect(await responder().draft(INPUT)).toEqual({ ok: false, error: 'upstream' });
    });

    it('gives up on a server that never answers: timeout, within a bounded time', { timeout: BOUND }, async () => {
      fake.script({ kind: 'hang' });
      const started = Date.now();
      const draft = await responder({ timeoutMs: 300 }).draft(INPUT);
      const elapsed = Date.now() - started;
      expect(draft).toEqual({ ok: false, error: 'timeout' });
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1_500);
    });

    it('gives up on a stream that goes quiet: timeout after the stall limit, not the overall one', { timeout: BOUND }, async () => {
      fake.script({ kind: 'stall', text: ANSWER, afterChunks: 3 });
      const tokens: string[] = [];
      const started = Date.now();
      const draft = await responder({ timeoutMs: 3_000, stallMs: 200 }).draft(INPUT, (t) => tokens.push(t));
      expect(draft).toEqual({ ok: false, error: 'timeout' });
      expect(tokens).toHaveLength(3);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('stops a slow but steady stream at the overall timeout', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER, chunkDelayMs: 100 });
      const started = Date.now();
      const draft = await responder({ timeoutMs: 350, stallMs: 1_000 }).draft(INPUT);
      expect(draft).toEqual({ ok: false, error: 'timeout' });
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('returns cut, not the partial text, when the stream is cut halfway', { timeout: BOUND }, async () => {
      fake.script({ kind: 'cut', text: ANSWER, afterChunks: 4 });
      const tokens: string[] = [];
      const draft = await responder().draft(INPUT, (t) => tokens.push(t));
      expect(draft).toEqual({ ok: false, error: 'cut' });
      expect(tokens.length).toBeGreaterThan(0); // some tokens did stream before the cut
      expect(tokens.length).toBeLessThanOrEqual(4);
      expect(draft).not.toHaveProperty('text');
    });

    it('returns cut when the stream ends cleanly but without a finish reason', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER, finishReason: null });
      expect(await responder().draft(INPUT)).toEqual({ ok: false, error: 'cut' });
    });

    it('returns cut when the answer hit the token limit', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER, finishReason: 'length' });
      expect(await responder({ maxTokens: 5 }).draft(INPUT)).toEqual({ ok: false, error: 'cut' });
      expect(fake.requests[0]?.body?.raw['max_completion_tokens']).toBe(5);
    });

    it('returns upstream for a content-filter stop', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER, finishReason: 'content_filter' });
      expect(await responder().draft(INPUT)).toEqual({ ok: false, error: 'upstream' });
    });

    it('returns upstream for an error event inside the stream', { timeout: BOUND }, async () => {
      fake.script({ kind: 'stream_error', text: ANSWER, afterChunks: 2, message: 'overloaded' });
      expect(await responder().draft(INPUT)).toEqual({ ok: false, error: 'upstream' });
      expect(logs[0]?.detail).toContain('overloaded');
    });

    it('returns upstream for an empty answer', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: '' });
      expect(await responder().draft(INPUT)).toEqual({ ok: false, error: 'upstream' });
    });

    it('returns upstream when nothing listens at the address', { timeout: BOUND }, async () => {
      const gone = fake.baseURL;
      await fake.close();
      const r = createLlmResponder({ baseURL: gone, apiKey: 'sk-test', model: 'm', timeoutMs: 1_000 });
      expect(await r.draft(INPUT)).toEqual({ ok: false, error: 'upstream' });
    });

    it('returns cut when the caller aborts mid-stream', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER, chunkDelayMs: 50 });
      const controller = new AbortController();
      const draft = await responder().draft(INPUT, () => controller.abort(), controller.signal);
      expect(draft).toEqual({ ok: false, error: 'cut' });
    });

    it('does not call the endpoint for an already aborted signal', { timeout: BOUND }, async () => {
      const draft = await responder().draft(INPUT, undefined, AbortSignal.abort());
      expect(draft).toEqual({ ok: false, error: 'cut' });
      expect(fake.requests).toHaveLength(0);
    });

    it('rethrows an error thrown by onToken instead of blaming the upstream', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER });
      const boom = new Error('widget gone');
      await expect(
        responder().draft(INPUT, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(logs).toHaveLength(0);
    });

    it('goes through the fetch it is given', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER });
      const urls: string[] = [];
      const draft = await responder({
        fetch: (input, init) => {
          urls.push(input instanceof Request ? input.url : String(input));
          return fetch(input, init);
        },
      }).draft(INPUT);
      expect(draft.ok).toBe(true);
      expect(urls).toEqual([`${fake.baseURL}/chat/completions`]);
    });

    it('sends the passages apart from the instructions, fenced as reference data', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ANSWER });
      await responder().draft(INPUT);
      const messages = fake.requests[0]?.body?.messages ?? [];
      const system = messages.filter((m) => m.role === 'system');
      expect(system).toHaveLength(1);
      expect(messages[0]).toEqual({ role: 'system', content: ANSWER_INSTRUCTIONS });
      // No knowledge text in the instructions.
      for (const p of PASSAGES) expect(system[0]?.content).not.toContain(p.text);
      // The knowledge is in one message of its own, fenced, with no instructions in it.
      const reference = messages.filter((m) => m.content.includes(PASSAGES[0]?.text ?? '?'));
      expect(reference).toHaveLength(1);
      expect(reference[0]?.role).toBe('user');
      expect(reference[0]?.content).toContain(REFERENCE_OPEN);
      expect(reference[0]?.content).toContain(REFERENCE_CLOSE);
      expect(reference[0]?.content).toContain(PASSAGES[1]?.text);
      expect(reference[0]?.content).not.toContain(ANSWER_INSTRUCTIONS.slice(0, 40));
      // History, then data, then the question; the question is not repeated.
      expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'user']);
      expect(messages.at(-1)?.content).toBe(INPUT.question);
      expect(messages.filter((m) => m.content === INPUT.question)).toHaveLength(1);
      expect(fake.requests[0]?.body?.model).toBe('test-model');
    });
  });

  describe('#samples', () => {
    it('asks for n answers in one call and returns them', { timeout: BOUND }, async () => {
      fake.script({ kind: 'reply', text: ['Within 30 days.', 'You have 30 days.', 'Thirty days after delivery.'] });
      const result = await responder({ sampleTemperature: 0.9 }).samples(INPUT, 3);
      expect(result).toEqual({ ok: true, texts: ['Within 30 days.', 'You have 30 days.', 'Thirty days after delivery.'] });
      expect(fake.requests[0]?.body).toMatchObject({ n: 3, stream: false });
      expect(fake.requests[0]?.body?.raw['temperature']).toBe(0.9);
    });

    it('maps a hang to timeout', { timeout: BOUND }, async () => {
      fake.script({ kind: 'hang' });
      expect(await responder({ timeoutMs: 300 }).samples(INPUT, 3)).toEqual({ ok: false, error: 'timeout' });
    });
  });
});
