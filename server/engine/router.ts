/**
 * The routing engine for one visitor message: safety floor, explicit request,
 * intent, retrieval, a drafted reply and its confidence, then the policy's
 * decision. Pure over its inputs, so the eval command, the server and the
 * tests run the same code.
 */
import type { SafetyCategory } from '../../shared/codes.ts';
import type { Decision, Passage } from '../../shared/model.ts';
import { largestAmount } from './amounts.ts';
import type { Turn } from './assistant.ts';
import { IntentClassifier } from './intents.ts';
import type { Article } from './knowledge.ts';
import { excerpt, retrievalConfidence } from './offline.ts';
import { decideRoute, intentByName, type Policy } from './policy.ts';
import { Index } from './retrieve.ts';
import { detectSafety } from './safety.ts';
import { asksForPerson, SMALL_TALK_REPLIES, smallTalk } from './signals.ts';
import { terms } from './text.ts';

export interface Routed extends Decision {
  /** The top retrieved article id, or null. */
  article: string | null;
}

const MAX_ANSWER_CHARS = 600;
/** Two visitor messages this alike (term overlap) count as the same question asked again. */
const REPEAT_OVERLAP = 0.6;

function overlap(a: string, b: string): number {
  const x = new Set(terms(a));
  const y = new Set(terms(b));
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / Math.min(x.size, y.size);
}

/** The visitor asks again what the assistant's last reply did not resolve. */
export function repeatsUnresolved(turns: readonly Turn[]): boolean {
  const last = turns.at(-1);
  if (!last || last.role !== 'user') return false;
  const replied = turns.slice(0, -1).findLastIndex((t) => t.role === 'assistant');
  if (replied < 0) return false;
  const earlier = turns.slice(0, replied).findLast((t) => t.role === 'user');
  return earlier !== undefined && overlap(earlier.text, last.text) >= REPEAT_OVERLAP;
}

export class Router {
  readonly #policy: Policy;
  readonly #index: Index;
  readonly #classifier: IntentClassifier;
  readonly #safetyExamples: Partial<Record<SafetyCategory, string[]>>;

  constructor(articles: readonly Article[], policy: Policy) {
    this.#policy = policy;
    this.#index = new Index(articles);
    this.#classifier = new IntentClassifier(policy);
    this.#safetyExamples = Object.fromEntries(policy.intents.filter((i) => i.mode === 'urgent').map((i) => [i.name, i.examples]));
  }

  route(turns: readonly Turn[]): Routed {
    const text = turns.at(-1)?.text ?? '';
    const flags = [...new Set(detectSafety(text, this.#safetyExamples).map((h) => h.category))];
    const talk = smallTalk(text);
    const intent = talk ? null : this.#classifier.classify(text);
    const hits = talk ? [] : this.#index.search(text, 3);
    const best = hits[0];
    const passages: Passage[] = hits.map((h) => ({
      article: h.section.article,
      title: h.section.title,
      section: h.section.heading,
      text: h.section.text,
      score: retrievalConfidence(h),
    }));
    const draft = talk
      ? SMALL_TALK_REPLIES[talk]
      : best
        ? `${excerpt(best.section.text, MAX_ANSWER_CHARS)}\n\n(From “${best.section.title} › ${best.section.heading}”)`
        : null;
    const confidence = talk ? 0.95 : best ? retrievalConfidence(best) : 0;
    const { route, reason } = decideRoute(this.#policy, {
      intent: intentByName(this.#policy, intent?.name ?? null),
      confidence,
      flags,
      amount: largestAmount(text),
      personRequested: asksForPerson(text),
      repeatUnresolved: repeatsUnresolved(turns),
      unsupportedClaims: [],
    });
    return {
      route,
      reason,
      reply: route === 'answer' ? draft : null,
      draft,
      passages: route === 'answer' ? passages.slice(0, 1) : passages,
      confidence,
      intent,
      flags,
      unsupportedClaims: [],
      article: best?.section.article ?? null,
    };
  }
}
