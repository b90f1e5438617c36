/**
 * A site whose answers are obvious, and a scripted model in front of it, for
 * the LLM path's tests (server and e2e). The knowledge base answers the refund
 * and delivery questions outright and the policy's bar is low, so whether a
 * reply is sent is decided by what the fake model says and its logprobs, not
 * by the offline grader's exact numbers (which are still being tuned).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SafetyCategory } from '../../shared/codes.ts';
import type { LlmConfig } from '../config.ts';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAI, type RecordedBody } from '../engine/llm/fake-openai.ts';
import { SAFETY_INSTRUCTIONS } from '../engine/llm/prompts.ts';

export const REFUND_QUESTION = 'How many days do I get to request a refund?';
/** Every figure in it stands in the knowledge base. */
export const REFUND_ANSWER = 'You can ask for a refund within 30 days of delivery. Send your order number with the request.';
/** Says 45 days where the knowledge base says 30. */
export const UNSUPPORTED_ANSWER = 'You can ask for a refund within 45 days of delivery.';
/** Nothing in the knowledge base answers it. */
export const OFF_TOPIC_QUESTION = 'does the quantum flux capacitor support zeppelin mode';

const ARTICLES: Record<string, string> = {
  'refunds.md': `# Refunds

## Refund time limit

You can ask for a refund within 30 days of delivery. Send your order number with the request.

## How refunds are paid

Refunds go back to the card you paid with, within 5 working days.
`,
  'delivery.md': `# Delivery

## Standard delivery

Standard delivery takes 2 to 4 working days and is free for orders over 40 euros.
`,
};

/** No intents, a low bar: a reply with support in the knowledge base is sent unless the judge doubts it. */
const POLICY = { version: 1, minConfidence: 0.05, intents: [] };

/** The safety check's answer: these categories, after `delayMs`. */
export function safetyVerdict(categories: SafetyCategory[] = [], delayMs = 0): FakeBehaviour {
  return { kind: 'reply', text: JSON.stringify({ categories }), chunkDelayMs: delayMs };
}

/** The model's reply, streamed in small pieces, with every token at the given log probability (a sure model by default). */
export function answer(text: string, options: { logprob?: number | null; chunkDelayMs?: number } = {}): FakeBehaviour {
  const logprob = options.logprob === undefined ? -0.01 : options.logprob;
  return { kind: 'reply', text, ...(logprob !== null && { logprobs: [logprob] }), ...(options.chunkDelayMs !== undefined && { chunkDelayMs: options.chunkDelayMs }) };
}

export function isSafetyRequest(body: RecordedBody): boolean {
  return body.messages[0]?.content === SAFETY_INSTRUCTIONS;
}

export interface LlmSite {
  kb: string;
  policy: string;
  fake: FakeOpenAI;
  /** What the next safety checks get (the default: no category). Drafts and samples take the fake's script. */
  safety: { verdict: FakeBehaviour };
  /** Requests other than safety checks, in arrival order. */
  modelRequests(): RecordedBody[];
  llm(timeoutMs?: number): LlmConfig;
  close(): Promise<void>;
}

export async function startLlmSite(): Promise<LlmSite> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-llm-'));
  const kb = join(dir, 'kb');
  mkdirSync(kb);
  for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(join(kb, name), text);
  const policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify(POLICY));
  const safety = { verdict: safetyVerdict() };
  // Safety checks run beside the draft, so their arrival order is not fixed: they are answered by what they ask.
  const fake = await startFakeOpenAI({ respond: (body) => (isSafetyRequest(body) ? safety.verdict : undefined) });
  return {
    kb,
    policy,
    fake,
    safety,
    modelRequests: () => fake.requests.flatMap((r) => (r.body && !isSafetyRequest(r.body) ? [r.body] : [])),
    llm: (timeoutMs = 600) => ({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'test-model', timeoutMs, logprobs: true }),
    async close() {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
