import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeBehaviour } from './llm/fake-openai.ts';
import { answer, OFF_TOPIC_QUESTION, REFUND_ANSWER, REFUND_QUESTION, safetyVerdict, startLlmSite, UNSUPPORTED_ANSWER, type LlmSite } from '../testing/llm-fixture.ts';
import type { Turn } from './assistant.ts';
import { loadKnowledge } from './knowledge.ts';
import { LlmAssistant } from './llm-assistant.ts';
import type { LlmLogEvent } from './llm/client.ts';
import { createLlmResponder } from './llm/responder.ts';
import { loadPolicy, parsePolicy } from './policy.ts';
import { Router } from './router.ts';

const BOUND = 5_000;
const ask = (text: string): Turn[] => [{ role: 'user', text }];

let site: LlmSite;
let logs: LlmLogEvent[];

beforeEach(async () => {
  site = await startLlmSite();
  logs = [];
});
afterEach(async () => {
  await site.close();
});

function assistant(timeoutMs = 600) {
  const responder = createLlmResponder({ ...site.llm(timeoutMs), log: (e) => logs.push(e) });
  return new LlmAssistant(loadKnowledge(site.kb), loadPolicy(site.policy), responder);
}

/** The offline grader's evidence for a message, whatever its current numbers. */
function evidence(text: string): number {
  return new Router(loadKnowledge(site.kb), loadPolicy(site.policy)).analyse(ask(text)).evidence;
}

async function decide(text: string, timeoutMs?: number) {
  const tokens: string[] = [];
  const decision = await assistant(timeoutMs).decide({ turns: ask(text) }, { onToken: (t) => tokens.push(t) });
  return { decision, tokens };
}

describe('LlmAssistant', () => {
  it('streams the reply token by token and sends it, confidence from logprobs capped by the evidence', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER, { logprob: -0.2, chunkDelayMs: 2 }));
    const { decision, tokens } = await decide(REFUND_QUESTION);
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.join('')).toBe(REFUND_ANSWER);
    expect(decision).toMatchObject({ route: 'answer', reason: null, reply: REFUND_ANSWER, draft: REFUND_ANSWER, flags: [], unsupportedClaims: [] });
    expect(decision.confidence).toBeCloseTo(Math.min(Math.exp(-0.2), evidence(REFUND_QUESTION)), 10);
    expect(decision.passages[0]).toMatchObject({ article: 'refunds', section: 'Refund time limit' });
    const [draft] = site.modelRequests();
    expect(draft).toMatchObject({ stream: true, logprobs: true });
    expect(site.modelRequests()).toHaveLength(1); // logprobs came: no samples asked for
    // The passages from the analysis went to the model.
    expect(draft?.messages.some((m) => m.content.includes('within 30 days of delivery'))).toBe(true);
  });

  it('hands over with low_confidence when the logprobs say the model is unsure', { timeout: BOUND }, async () => {
    site.fake.script(answer(REFUND_ANSWER, { logprob: -9999 }));
    const { decision } = await decide(REFUND_QUESTION);
    expect(decision).toMatchObject({ route: 'escalate', reason: 'low_confidence', reply: null, draft: REFUND_ANSWER });
    expect(decision.confidence).toBeLessThan(0.001);
  });

  describe('without logprobs', () => {
    it('judges by the agreement of sampled answers with the streamed one: agreeing samples, sent', { timeout: BOUND }, async () => {
      site.fake.script(answer(REFUND_ANSWER, { logprob: null }), { kind: 'reply', text: REFUND_ANSWER });
      const { decision } = await decide(REFUND_QUESTION);
      expect(decision).toMatchObject({ route: 'answer', reply: REFUND_ANSWER });
      expect(decision.confidence).toBeCloseTo(Math.min(1, evidence(REFUND_QUESTION)), 10);
      const [, samples] = site.modelRequests();
      expect(samples).toMatchObject({ stream: false, n: 3 });
    });

    it('hands over with low_confidence when the samples disagree', { timeout: BOUND }, async () => {
      site.fake.script(answer(REFUND_ANSWER, { logprob: null }), { kind: 'reply', text: ['Maybe never.', 'Call us tomorrow morning.', 'Ask at any shop'] });
      const { decision } = await decide(REFUND_QUESTION);
      expect(decision).toMatchObject({ route: 'escalate', reason: 'low_confidence', reply: null, draft: REFUND_ANSWER });
      expect(decision.confidence).toBeLessThan(0.05);
    });

    it('hands over with upstream_error when sampling fails', { timeout: BOUND }, async () => {
      site.fake.script(answer(REFUND_ANSWER, { logprob: null }), { kind: 'error', status: 500 });
      expect((await decide(REFUND_QUESTION)).decision).toMatchObject({ route: 'escalate', reason: 'upstream_error', reply: null });
    });
  });

  it('withholds a reply stating a figure the passages do not, with the claim and the draft for the agent', { timeout: BOUND }, async () => {
    site.fake.script(answer(UNSUPPORTED_ANSWER));
    const { decision } = await decide(REFUND_QUESTION);
    expect(decision).toMatchObject({ route: 'escalate', reason: 'unsupported_claims', reply: null, draft: UNSUPPORTED_ANSWER });
    expect(decision.unsupportedClaims.join(' ')).toContain('45');
    expect(decision.passages.length).toBeGreaterThan(0);
  });

  describe('an upstream failure hands over with upstream_error and the offline draft', () => {
    const failures: [string, FakeBehaviour][] = [
      ['429', { kind: 'error', status: 429 }],
      ['500', { kind: 'error', status: 500 }],
      ['a hang past the timeout', { kind: 'hang' }],
      ['a stream cut halfway', { kind: 'cut', text: REFUND_ANSWER, afterChunks: 4 }],
      ['a stream that goes quiet', { kind: 'stall', text: REFUND_ANSWER, afterChunks: 3 }],
      ['a refusal (content filter)', { kind: 'reply', text: 'I cannot help with that.', finishReason: 'content_filter' }],
      ['an answer cut by the token limit', { kind: 'reply', text: REFUND_ANSWER, finishReason: 'length' }],
    ];
    it.each(failures)('%s', { timeout: BOUND }, async (_label, behaviour) => {
      site.fake.script(behaviour);
      const started = Date.now();
      const { decision } = await decide(REFUND_QUESTION, 300);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(decision).toMatchObject({ route: 'escalate', reason: 'upstream_error', reply: null, flags: [] });
      // The agent still sees something: the knowledge base quote, and every passage retrieved.
      expect(decision.draft).toContain('within 30 days of delivery');
      expect(decision.passages.map((p) => p.section)).toContain('Refund time limit');
      expect(logs.some((l) => l.op === 'draft')).toBe(true);
    });
  });

  describe('safety double-check', () => {
    it('lets the model add a flag: urgent, and not one token of the draft reaches the visitor', { timeout: BOUND }, async () => {
      // The verdict comes after the whole draft has streamed: the tokens must still wait for it.
      site.safety.verdict = safetyVerdict(['self_harm'], 150);
      site.fake.script(answer(REFUND_ANSWER));
      const { decision, tokens } = await decide(REFUND_QUESTION);
      expect(decision).toMatchObject({ route: 'urgent', reason: 'safety:self_harm', flags: ['self_harm'], reply: null });
      expect(tokens).toEqual([]);
    });

    it('hands a message the rule floor flags to a person at once, asking the model nothing', { timeout: BOUND }, async () => {
      site.safety.verdict = safetyVerdict([], 5_000); // a hanging check must not hold an urgent handover
      const started = Date.now();
      const { decision, tokens } = await decide(`I will sue you. ${REFUND_QUESTION}`);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(decision).toMatchObject({ route: 'urgent', reason: 'safety:legal_threat', reply: null });
      expect(decision.flags).toContain('legal_threat');
      expect(tokens).toEqual([]);
      expect(site.fake.requests).toHaveLength(0);
    });

    it('keeps the rule flags and still answers when the safety check fails', { timeout: BOUND }, async () => {
      site.safety.verdict = { kind: 'error', status: 500 };
      site.fake.script(answer(REFUND_ANSWER));
      expect((await decide(REFUND_QUESTION)).decision).toMatchObject({ route: 'answer', flags: [], reply: REFUND_ANSWER });
    });

    it('ignores a safety reply that is not the JSON asked for', { timeout: BOUND }, async () => {
      site.safety.verdict = { kind: 'reply', text: 'Looks fine to me!' };
      site.fake.script(answer(REFUND_ANSWER));
      expect((await decide(REFUND_QUESTION)).decision).toMatchObject({ route: 'answer', flags: [] });
    });
  });

  it('asks the model for no reply when the route is settled (a person asked for), the offline draft going to the agent', { timeout: BOUND }, async () => {
    const { decision, tokens } = await decide('can I talk to a person');
    expect(decision).toMatchObject({ route: 'escalate', reason: 'visitor_request', reply: null });
    expect(tokens).toEqual([]);
    expect(site.modelRequests()).toEqual([]);
  });

  it('asks the model for no reply when the visitor is frustrated to handoffAt: the policy order says frustration', { timeout: BOUND }, async () => {
    const tokens: string[] = [];
    const decision = await assistant().decide({ turns: ask(REFUND_QUESTION), frustration: 0.85 }, { onToken: (t) => tokens.push(t) });
    expect(decision).toMatchObject({ route: 'escalate', reason: 'frustration', reply: null });
    expect(decision.draft).toContain('within 30 days of delivery');
    expect(tokens).toEqual([]);
    expect(site.modelRequests()).toEqual([]);
  });

  it('gives a safety flag the model adds precedence over frustration, as the policy order does', { timeout: BOUND }, async () => {
    site.safety.verdict = safetyVerdict(['legal_threat']);
    const decision = await assistant().decide({ turns: ask(REFUND_QUESTION), frustration: 0.85 });
    expect(decision).toMatchObject({ route: 'urgent', reason: 'safety:legal_threat', reply: null });
  });

  it('asks the model for no reply when the retrieval evidence is under the bar, since the evidence caps any reply', { timeout: BOUND }, async () => {
    // A bar no evidence reaches, so the test holds whatever the offline grader's numbers are.
    const strict = parsePolicy({ version: 1, minConfidence: 1, intents: [] });
    const a = new LlmAssistant(loadKnowledge(site.kb), strict, createLlmResponder(site.llm()));
    const tokens: string[] = [];
    const decision = await a.decide({ turns: ask(OFF_TOPIC_QUESTION) }, { onToken: (t) => tokens.push(t) });
    expect(decision).toMatchObject({ route: 'escalate', reason: 'low_confidence', reply: null });
    expect(tokens).toEqual([]);
    expect(site.modelRequests()).toEqual([]);
  });

  it('refuses fewer than two samples', () => {
    const responder = createLlmResponder(site.llm());
    expect(() => new LlmAssistant([], loadPolicy(site.policy), responder, { samples: 1 })).toThrow(/samples: must be an integer of at least 2/);
  });
});
