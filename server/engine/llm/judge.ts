/**
 * Confidence and safety from the model's side. These are extra evidence for
 * the router, never a way around the rules: confidence is one signal among
 * several, and the model's safety flags can only add to the rule-based floor.
 */
import { SAFETY_CATEGORIES, type SafetyCategory } from '../../../shared/codes.ts';
import { words } from '../text.ts';
import type { LlmClient } from './client.ts';
import { buildSafetyMessages } from './prompts.ts';

/**
 * Floor for one token's log probability: ln(1e-6). OpenAI reports -9999 for a
 * token outside the top 20; unclamped, one such token in a 100-token answer
 * would pull the score to e^-100. Clamped, it counts as "very unlikely".
 */
export const MIN_LOGPROB = Math.log(1e-6);

/**
 * Geometric mean of the token probabilities, exp(mean log p): the
 * length-normalised probability of the whole answer (1 / perplexity), so long
 * and short answers compare. 0..1; no tokens gives 0 (nothing to trust).
 * Values that are not finite count as MIN_LOGPROB; positive ones as 0.
 */
export function confidenceFromLogprobs(logprobs: readonly number[]): number {
  if (logprobs.length === 0) return 0;
  let sum = 0;
  for (const lp of logprobs) sum += Number.isFinite(lp) ? Math.min(0, Math.max(MIN_LOGPROB, lp)) : MIN_LOGPROB;
  return Math.exp(sum / logprobs.length);
}

/**
 * Agreement of answers sampled for the same question (self-consistency, for
 * endpoints without logprobs): mean pairwise Jaccard overlap of their word sets.
 * Words keep negations and digits ("can" vs "cannot", "14" vs "30" disagree).
 * 0..1; fewer than two samples gives 0, since one sample agrees with nothing.
 */
export function sampleAgreement(samples: readonly string[]): number {
  if (samples.length < 2) return 0;
  const sets = samples.map((s) => new Set(words(s)));
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      total += jaccard(sets[i] ?? new Set(), sets[j] ?? new Set());
      pairs++;
    }
  }
  return total / pairs;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  // Two empty answers share nothing worth trusting.
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

const KNOWN: ReadonlySet<string> = new Set(SAFETY_CATEGORIES);

function isCategory(value: unknown): value is SafetyCategory {
  return typeof value === 'string' && KNOWN.has(value);
}

/**
 * The categories in the model's reply, or null when the reply is not the JSON
 * asked for. A fenced ```json block is accepted; unknown category names are
 * dropped (a model may invent some), the rest kept.
 */
export function parseSafetyReply(reply: string): SafetyCategory[] | null {
  const body = reply
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const categories: unknown = (json as Record<string, unknown>)['categories'];
  if (!Array.isArray(categories)) return null;
  return [...new Set((categories as unknown[]).filter(isCategory))];
}

/**
 * Asks the model which floor categories the visitor text falls in. Any failure
 * (upstream, timeout, output that is not the JSON asked for) gives no flags and
 * is reported through the client's log hook: the rule floor stands on its own.
 */
export async function llmSafetyCheck(client: LlmClient, text: string, signal?: AbortSignal): Promise<SafetyCategory[]> {
  const started = Date.now();
  const result = await client.complete({ op: 'safety', messages: buildSafetyMessages(text) }, signal);
  if (!result.ok) return [];
  const flags = parseSafetyReply(result.texts[0] ?? '');
  if (flags === null) {
    client.log({ op: 'safety', error: 'upstream', status: null, detail: 'safety reply is not the JSON asked for', elapsedMs: Date.now() - started });
    return [];
  }
  return flags;
}

/**
 * Rule flags first, in their order, then any flag the model adds. Never
 * removes: the model may raise the floor, not lower it.
 */
export function mergeFlags(ruleFlags: readonly SafetyCategory[], llmFlags: readonly SafetyCategory[]): SafetyCategory[] {
  const merged = [...new Set(ruleFlags)];
  for (const flag of llmFlags) if (isCategory(flag) && !merged.includes(flag)) merged.push(flag);
  return merged;
}
