/**
 * The example index: intent classification from the policy alone by BM25,
 * half of the intent reader (intent-reader.ts; the trained model is the other
 * half). Two views of each intent are searched: the whole intent (its name, description and every example as one
 * document, so words spread over several examples add up) and each example
 * alone (a close paraphrase of one example is strong evidence). A message
 * takes the best-scoring intent, or none when nothing fits well enough
 * (greetings, thanks and off-topic questions are not forced into an intent).
 */
import { SAFETY_CATEGORIES } from '../../shared/codes.ts';
import type { IntentMatch } from '../../shared/model.ts';
import { Bm25 } from './bm25.ts';
import type { Intent, Policy } from './policy.ts';
import { terms } from './text.ts';

export interface ClassifierOptions {
  /** Below this score the message has no intent. */
  minScore: number;
}

const DEFAULTS: ClassifierOptions = { minScore: 0.3 };
/** The score of a message that holds every term of one example (of at least this many terms). */
const CONTAINED = 0.75;
const CONTAINED_MIN_TERMS = 2;
/** What a match on a single, incidental word keeps of its score. */
const SINGLE_WORD = 0.6;

/** Maps a raw BM25 score and the query coverage to 0..1. */
function squash(score: number, coverage: number): number {
  return (1 - Math.exp(-score / 3)) * (0.5 + 0.5 * coverage);
}

interface ExampleDoc {
  intent: string;
  text: string;
  /** The example's distinct terms, for the containment check. */
  terms: readonly string[];
}

export class IntentClassifier {
  readonly #whole: Bm25<Intent>;
  readonly #examples: Bm25<ExampleDoc>;
  /** Terms of each intent's name: a message that says "refund" is about refunds more than anything else. */
  readonly #nameTerms: Map<string, readonly string[]>;
  /** Terms of each intent's name and description: what it is about, not just how one example is worded. */
  readonly #coreTerms: Map<string, readonly string[]>;
  readonly #options: ClassifierOptions;

  constructor(policy: Policy, options: Partial<ClassifierOptions> = {}) {
    const topical = policy.intents.filter((i) => !(SAFETY_CATEGORIES as readonly string[]).includes(i.name));
    const name = (i: Intent) => i.name.replace(/_/g, ' ');
    this.#whole = new Bm25(topical, (i) => [
      { text: name(i), weight: 3 },
      { text: i.description ?? '', weight: 1 },
      { text: i.examples.join(' \n '), weight: 1 },
    ]);
    this.#examples = new Bm25(
      topical.flatMap((i) => [`${name(i)} ${i.description ?? ''}`, ...i.examples].map((text, n) => ({ intent: i.name, text, terms: n === 0 ? [] : [...new Set(terms(text))] }))),
      (d) => [{ text: d.text, weight: 1 }],
    );
    this.#nameTerms = new Map(topical.map((i) => [i.name, terms(name(i))]));
    this.#coreTerms = new Map(topical.map((i) => [i.name, terms(`${name(i)} ${i.description ?? ''}`)]));
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Every intent with evidence, best first. */
  rank(text: string): IntentMatch[] {
    const scores = new Map<string, number>();
    const said = new Set(terms(text));
    // One shared word is thin evidence ("keep" in "the app keeps crashing") unless the intent's name or description uses it.
    const thin = (intent: string, coverage: number) => Math.round(coverage * said.size) <= 1 && !this.#coreTerms.get(intent)?.some((t) => said.has(t));
    const add = (intent: string, s: number, coverage: number) => {
      const damped = thin(intent, coverage) ? s * SINGLE_WORD : s;
      scores.set(intent, Math.max(scores.get(intent) ?? 0, damped));
    };
    for (const m of this.#examples.search(text, 40)) {
      add(m.item.intent, squash(m.score, m.coverage), m.coverage);
      // A message that holds every word of an example ("my bill is overdue, may I still ...") says
      // that example, however much else it says: BM25's query coverage alone would dilute it.
      if (m.item.terms.length >= CONTAINED_MIN_TERMS && m.item.terms.every((t) => said.has(t))) add(m.item.intent, CONTAINED, 1);
    }
    const whole = this.#whole.search(text, 10);
    for (const m of whole) add(m.item.name, 0.9 * squash(m.score, m.coverage), m.coverage);
    for (const [intent, nameTerms] of this.#nameTerms) {
      const hits = nameTerms.filter((t) => said.has(t)).length;
      if (hits > 0 && scores.has(intent)) scores.set(intent, Math.min(1, (scores.get(intent) ?? 0) + 0.15 * (hits / nameTerms.length)));
    }
    return [...scores]
      .map(([name, score]) => ({ name, score: Math.round(score * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score);
  }

  /** The best intent with its score, or null when none fits. */
  classify(text: string): IntentMatch | null {
    const top = this.rank(text)[0];
    return top && top.score >= this.#options.minScore ? top : null;
  }
}
