/**
 * Intent classification from the policy alone: each intent's description and
 * examples are documents; a message takes the intent of its best-matching
 * document, or none when nothing fits well enough (greetings, thanks and
 * off-topic questions are not forced into an intent).
 */
import { SAFETY_CATEGORIES } from '../../shared/codes.ts';
import type { IntentMatch } from '../../shared/model.ts';
import { Bm25 } from './bm25.ts';
import type { Intent, Policy } from './policy.ts';

interface IntentDoc {
  intent: string;
  text: string;
}

export interface ClassifierOptions {
  /** Below this score the message has no intent. */
  minScore: number;
}

const DEFAULTS: ClassifierOptions = { minScore: 0.3 };

/** Maps a raw BM25 score and the query coverage to 0..1. */
function squash(score: number, coverage: number): number {
  return (1 - Math.exp(-score / 3)) * (0.5 + 0.5 * coverage);
}

export class IntentClassifier {
  readonly #bm25: Bm25<IntentDoc>;
  readonly #options: ClassifierOptions;

  constructor(policy: Policy, options: Partial<ClassifierOptions> = {}) {
    const topical = policy.intents.filter((i) => !(SAFETY_CATEGORIES as readonly string[]).includes(i.name));
    const docs = topical.flatMap((i: Intent) => [
      { intent: i.name, text: `${i.name.replace(/_/g, ' ')} ${i.description ?? ''}` },
      ...i.examples.map((text) => ({ intent: i.name, text })),
    ]);
    this.#bm25 = new Bm25(docs, (d) => [{ text: d.text, weight: 1 }]);
    this.#options = { ...DEFAULTS, ...options };
  }

  /** The best intent with its score, or null when none fits. */
  classify(text: string): IntentMatch | null {
    const best = new Map<string, number>();
    for (const m of this.#bm25.search(text, 30)) {
      const s = squash(m.score, m.coverage);
      if (s > (best.get(m.item.intent) ?? 0)) best.set(m.item.intent, s);
    }
    const ranked = [...best].sort((a, b) => b[1] - a[1]);
    const top = ranked[0];
    if (!top || top[1] < this.#options.minScore) return null;
    return { name: top[0], score: Math.round(top[1] * 1000) / 1000 };
  }
}
