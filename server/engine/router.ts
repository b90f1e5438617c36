/**
 * The routing engine for one visitor message: safety floor, explicit request,
 * intent, retrieval, a drafted reply and its confidence, then the policy's
 * decision. Pure over its inputs, so the eval command, the server and the
 * tests run the same code.
 */
import type { SafetyCategory } from '../../shared/codes.ts';
import type { Decision, IntentMatch, Passage } from '../../shared/model.ts';
import { largestAmount } from './amounts.ts';
import { unsupportedClaims } from './claims.ts';
import type { Turn } from './assistant.ts';
import { IntentClassifier } from './intents.ts';
import type { Article } from './knowledge.ts';
import { excerpt, retrievalConfidence } from './draft.ts';
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
/** A message with this few content words is read as a follow-up of the one before. */
const FOLLOW_UP_TERMS = 4;
/** How much the best article's topic adds to that intent's score (times retrieval strength). */
const ARTICLE_VOTE = 0.2;
const MIN_INTENT_SCORE = 0.3;

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
  readonly #articleIntent: Map<string, string>;
  readonly #safetyExamples: Partial<Record<SafetyCategory, string[]>>;

  constructor(articles: readonly Article[], policy: Policy) {
    this.#policy = policy;
    this.#index = new Index(articles);
    this.#classifier = new IntentClassifier(policy);
    // What each article is about, in the policy's terms: its title and headings classified once.
    this.#articleIntent = new Map(
      articles.flatMap((a) => {
        const top = this.#classifier.classify(`${a.title} ${a.sections.map((s) => s.heading).join(' ')}`);
        return top ? [[a.id, top.name] as const] : [];
      }),
    );
    this.#safetyExamples = Object.fromEntries(policy.intents.filter((i) => i.mode === 'urgent').map((i) => [i.name, i.examples]));
  }

  /**
   * A short follow-up ("ok and does that cost anything?") carries its topic
   * from the visitor's earlier message: classify it with that context when it
   * says too little on its own.
   */
  #intent(turns: readonly Turn[], text: string, article: string | null, strength: number) {
    const own = this.#classify(text, article, strength);
    const earlier = turns.slice(0, -1).findLast((t) => t.role === 'user');
    if (!earlier || terms(text).length > FOLLOW_UP_TERMS) return own;
    const withContext = this.#classify(`${earlier.text} ${text}`, article, strength);
    return withContext && withContext.score > (own?.score ?? 0) ? withContext : own;
  }

  /** The classifier's ranking, with a vote for the intent the best-matching article is about. */
  #classify(text: string, article: string | null, strength: number): IntentMatch | null {
    const ranked = this.#classifier.rank(text);
    const topic = article ? this.#articleIntent.get(article) : undefined;
    if (topic) {
      const found = ranked.find((r) => r.name === topic);
      if (found) found.score = Math.min(1, found.score + ARTICLE_VOTE * strength);
      ranked.sort((a, b) => b.score - a.score);
    }
    const top = ranked[0];
    return top && top.score >= MIN_INTENT_SCORE ? top : null;
  }

  route(turns: readonly Turn[]): Routed {
    const text = turns.at(-1)?.text ?? '';
    const flags = [...new Set(detectSafety(text, this.#safetyExamples).map((h) => h.category))];
    const talk = smallTalk(text);
    const hits = talk ? [] : this.#index.search(text, 3);
    const best = hits[0];
    const intent = talk ? null : this.#intent(turns, text, best?.section.article ?? null, best ? retrievalConfidence(best) : 0);
    const passages: Passage[] = hits.map((h) => ({
      article: h.section.article,
      title: h.section.title,
      section: h.section.heading,
      text: h.section.text,
      score: retrievalConfidence(h),
    }));
    const body = best ? excerpt(best.section.text, MAX_ANSWER_CHARS) : null;
    const draft = talk ? SMALL_TALK_REPLIES[talk] : best ? `${body}\n\n(From “${best.section.title} › ${best.section.heading}”)` : null;
    const confidence = talk ? 0.95 : best ? retrievalConfidence(best) : 0;
    // Every number, price, date, duration and link in the draft must stand in the passage it quotes.
    // A verbatim quote is supported by definition; anything else (a rewritten or generated draft) is checked.
    const quoted = body !== null && best !== undefined && best.section.text.includes(body.replace(/ …$/, ''));
    const unsupported = !talk && best && body !== null && !quoted ? unsupportedClaims(body, [best.section.text]) : [];
    const { route, reason } = decideRoute(this.#policy, {
      intent: intentByName(this.#policy, intent?.name ?? null),
      confidence,
      flags,
      amount: largestAmount(text),
      personRequested: asksForPerson(text),
      repeatUnresolved: repeatsUnresolved(turns),
      unsupportedClaims: unsupported,
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
      unsupportedClaims: unsupported,
      article: best?.section.article ?? null,
    };
  }
}
