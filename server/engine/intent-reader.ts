/**
 * How the engine reads a message's intent: two models of different kinds,
 * averaged. The trained model (intent-model.ts) generalises from words and
 * word vectors; the example index (intents.ts) finds the example a message
 * says again, word for word, which a linear model with four examples an
 * intent can miss. Averaging measured better than either alone on the dev
 * set and on our own companies' sets (docs/intent-model.md).
 */
import type { IntentMatch } from '../../shared/model.ts';
import type { IntentModel } from './intent-model.ts';
import type { IntentClassifier } from './intents.ts';

/** The index's score for a message holding every word of an example (intents.ts CONTAINED). */
const EXAMPLE_SAID = 0.75;

export class IntentReader {
  readonly #model: IntentModel;
  readonly #examples: IntentClassifier;
  #last: { text: string; model: IntentMatch[]; examples: IntentMatch[] } | null = null;

  constructor(model: IntentModel, examples: IntentClassifier) {
    this.#model = model;
    this.#examples = examples;
  }

  /** Below this no intent fits: the trained model's threshold (cross-validated, or the policy's `minIntentScore`). */
  get threshold(): number {
    return this.#model.threshold;
  }

  /**
   * Whether any intent fits: the trained model is sure enough, or the message
   * says one of the examples again (every word of it: the index scores that
   * EXAMPLE_SAID), which a model cross-validated on four examples an intent
   * can be too unsure of.
   */
  fits(text: string): boolean {
    const { model, examples } = this.#read(text);
    return (model[0]?.score ?? 0) >= this.threshold || (examples[0]?.score ?? 0) >= EXAMPLE_SAID;
  }

  /** Every intent either model scores, by the mean of the two scores (0 where a model has none), best first. */
  rank(text: string): IntentMatch[] {
    const { model, examples } = this.#read(text);
    const scores = new Map<string, number>();
    for (const r of model) scores.set(r.name, r.score / 2);
    for (const r of examples) scores.set(r.name, (scores.get(r.name) ?? 0) + r.score / 2);
    return [...scores].map(([name, score]) => ({ name, score })).sort((a, b) => b.score - a.score);
  }

  /** Both models' readings, kept for the last text: the router asks rank and fits of the same message in turn. */
  #read(text: string): { model: IntentMatch[]; examples: IntentMatch[] } {
    if (this.#last?.text !== text) this.#last = { text, model: this.#model.rank(text), examples: this.#examples.rank(text) };
    return this.#last;
  }

  classify(text: string): IntentMatch | null {
    return this.fits(text) ? (this.rank(text)[0] ?? null) : null;
  }
}
