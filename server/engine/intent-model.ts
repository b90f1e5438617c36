/**
 * The intent model: a classifier trained at policy load from the policy's own
 * intent names, descriptions and examples, plus the knowledge base's
 * sentences, each labelled with the intent its section is about (a first
 * model trained on the examples alone, and the sections the examples
 * retrieve, say which: topics.ts). A policy writes four examples an intent;
 * its knowledge base says the same things in many more words. "None fits"
 * is a threshold on the calibrated top probability, chosen by
 * cross-validation against the built-in out-of-scope corpus, or the
 * policy's `minIntentScore`. Safety categories are not topics: the safety
 * floor reads those.
 */
import { join } from 'node:path';
import { SAFETY_CATEGORIES } from '../../shared/codes.ts';
import type { IntentMatch } from '../../shared/model.ts';
import { outOfScopeCorpus } from './corpora.ts';
import type { Article } from './knowledge.ts';
import { cacheDir } from './ml/cache-dir.ts';
import { DEFAULT_FIT, TextClassifier, type ClassifierData, type FitOptions, type LabelledText } from './ml/classifier.ts';
import { tokens } from './ml/features.ts';
import { modelKey, readModel, writeModel } from './ml/model-store.ts';
import type { WordVectors } from './ml/vectors.ts';
import type { Policy } from './policy.ts';
import { Index } from './retrieve.ts';
import { SectionTopics } from './topics.ts';

/** A knowledge-base sentence weighs this much against one of the policy's examples: the examples say how visitors ask. */
const SENTENCE_WEIGHT = 0.3;
/** At most this many knowledge-base sentences per intent, so a long article does not outweigh the policy. */
const SENTENCES_PER_INTENT = 40;

/** The least threshold, as a multiple of the even-spread probability 1/intents. */
const EVEN_SPREAD_FACTOR = 2;

export const INTENT_FIT: Partial<FitOptions> = { noneRecallWeight: 0.3 };

const topical = (policy: Policy) => policy.intents.filter((i) => !(SAFETY_CATEGORIES as readonly string[]).includes(i.name));

/** What the policy says: each example, and the intent's name and description as one more. */
export function policyExamples(policy: Policy): { items: LabelledText[]; labels: string[] } {
  const intents = topical(policy);
  const items: LabelledText[] = intents.flatMap((i) => [
    { text: `${i.name.replace(/_/g, ' ')} ${i.description ?? ''}`.trim(), label: i.name },
    ...i.examples.map((text) => ({ text, label: i.name })),
  ]);
  return { items, labels: intents.map((i) => i.name) };
}

/** The knowledge base's sentences, each under its section's intent (its heading in front: "Fees: it costs £5"). */
export function knowledgeExamples(articles: readonly Article[], policy: Policy, vectors: WordVectors | null): LabelledText[] {
  const { items, labels } = policyExamples(policy);
  if (labels.length === 0) return [];
  const first = new IntentModel(TextClassifier.fit(items, vectors, { ...INTENT_FIT, folds: 0 }, labels).data, vectors, policy);
  const topics = new SectionTopics(articles, policy, first, new Index(articles));
  const perIntent = new Map<string, number>();
  const out: LabelledText[] = [];
  for (const article of articles) {
    for (const section of article.sections) {
      const label = topics.of(section);
      if (!label || !labels.includes(label)) continue;
      for (const sentence of section.text.split(/(?<=[.!?])\s+/)) {
        const n = perIntent.get(label) ?? 0;
        if (n >= SENTENCES_PER_INTENT || sentence.length < 12) continue;
        perIntent.set(label, n + 1);
        out.push({ text: `${section.heading}: ${sentence}`, label, weight: SENTENCE_WEIGHT });
      }
    }
  }
  return out;
}

/** The cache key of a model: everything it is trained from. */
export function intentModelKey(policy: Policy, articles: readonly Article[], vectors: WordVectors | null): string {
  return modelKey({
    kind: 'intents',
    intents: topical(policy).map((i) => [i.name, i.description, i.examples]),
    articles: articles.map((a) => [a.id, a.title, a.sections.map((s) => [s.heading, s.text])]),
    corpus: outOfScopeCorpus(),
    fit: { ...DEFAULT_FIT, ...INTENT_FIT },
    vectors: vectors ? [vectors.size, vectors.dims] : null,
  });
}

/** Trains (no cache): what the worker runs. */
export function trainIntents(policy: Policy, articles: readonly Article[], vectors: WordVectors | null): ClassifierData {
  const { items, labels } = policyExamples(policy);
  const all = [...items, ...knowledgeExamples(articles, policy, vectors)];
  return TextClassifier.fit(all, vectors, INTENT_FIT, labels, outOfScopeCorpus()).data;
}

export const modelsDir = (): string => join(cacheDir(), 'models');

/** The model from the disk cache, or trained here and cached. */
export function intentModelData(policy: Policy, articles: readonly Article[], vectors: WordVectors | null, dir = modelsDir()): ClassifierData {
  const key = intentModelKey(policy, articles, vectors);
  const cached = readModel(dir, key);
  if (cached) return cached;
  const data = trainIntents(policy, articles, vectors);
  writeModel(dir, key, data);
  return data;
}

export class IntentModel {
  readonly #classifier: TextClassifier;
  readonly #threshold: number;

  constructor(data: ClassifierData, vectors: WordVectors | null, policy: Policy) {
    this.#classifier = new TextClassifier(data, vectors);
    // A probability not clearly above an even spread says nothing, however the cross-validation of a tiny policy came out.
    this.#threshold = policy.minIntentScore ?? Math.max(data.threshold, Math.min(0.9, EVEN_SPREAD_FACTOR / Math.max(1, data.labels.length)));
  }

  get threshold(): number {
    return this.#threshold;
  }

  get data(): ClassifierData {
    return this.#classifier.data;
  }

  /** Every intent with its calibrated probability, best first; nothing for a message without words ("?", an emptied request). */
  rank(text: string): IntentMatch[] {
    if (tokens(text).length === 0) return [];
    return this.#classifier.predict(text, this.#threshold).ranked.map((r) => ({ name: r.label, score: r.p }));
  }

  /** The intent, or null when none fits. */
  classify(text: string): IntentMatch | null {
    if (tokens(text).length === 0) return null;
    const p = this.#classifier.predict(text, this.#threshold);
    return p.label === null ? null : { name: p.label, score: p.p };
  }
}
