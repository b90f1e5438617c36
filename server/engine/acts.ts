/**
 * The conversation-acts model: what a visitor's message does (a greeting, a
 * closing, yes, no, a request for a person, a complaint about the assistant)
 * apart from what it is about. Trained from the built-in corpus
 * (corpora/acts-*.jsonl: at least 300 examples an act, with look-alikes
 * labelled none), once per process, and cached on disk. The server names the
 * act of every visitor message and tells the widget in the ack, so there is
 * one definition.
 */
import { ACTS, type Act } from '../../shared/acts/acts.ts';
import { actCorpus } from './corpora.ts';
import { modelsDir } from './intent-model.ts';
import { DEFAULT_FIT, TextClassifier, type ClassifierData, type FitOptions } from './ml/classifier.ts';
import { wordVectors } from './ml/load-vectors.ts';
import { modelKey, readModel, writeModel } from './ml/model-store.ts';
import type { WordVectors } from './ml/vectors.ts';

const NONE = 'none';
const LABELS = [...ACTS, NONE];
/** The corpus is large and balanced: three folds calibrate it as well as five, in less time. */
export const ACT_FIT: Partial<FitOptions> = { folds: 3, steps: 30_000, maxEpochs: 20 };
/** An act needs this calibrated probability: a message the model is unsure about is an ordinary message. */
const MIN_ACT = 0.5;
/**
 * A clause read alone must be this sure of a request for a person: a short
 * clause ("I moved here in May") is easy to misread, and on our eight
 * companies' sets a bar of 0.5 handed over 34 ordinary questions of 888 where
 * 0.9 handed over 15, for one request of 77 missed.
 */
const CLAUSE_PERSON = 0.9;
/** How many clauses at each end of a message are read on their own. */
const EDGE_CLAUSES = 3;
/** Words a clause needs to be read on its own. */
const CLAUSE_MIN_WORDS = 3;
/** Where a sentence or clause ends, in the scripts the corpus covers (Latin, CJK, Devanagari, Arabic). */
const CLAUSE_END = /(?<=[.!?;,。！？；，、।؟،])\s*|\n+/u;

export function trainActs(vectors: WordVectors | null): ClassifierData {
  return TextClassifier.fit(
    actCorpus().map((l) => ({ text: l.text, label: l.act })),
    vectors,
    { ...ACT_FIT, threshold: 0 },
    LABELS,
  ).data;
}

export function actsModelKey(vectors: WordVectors | null): string {
  return modelKey({ kind: 'acts', corpus: actCorpus(), fit: { ...DEFAULT_FIT, ...ACT_FIT }, vectors: vectors ? [vectors.size, vectors.dims] : null });
}

export class ActsModel {
  readonly #classifier: TextClassifier;

  constructor(data: ClassifierData, vectors: WordVectors | null) {
    this.#classifier = new TextClassifier(data, vectors);
  }

  /** The message's act, or null for an ordinary message. */
  of(text: string): Act | null {
    const p = this.#classifier.predict(text, MIN_ACT);
    if (this.#asksForPerson(p.ranked, MIN_ACT)) return 'person';
    // A long message that tells its story first and asks for a person last ("...I've written three times, get me
    // someone") says the request in one clause: its story would drown that clause in a whole-message reading.
    // A clause of a word or two inside a longer message is a fragment ("The agent, Sarah, said..."), not a request.
    // Only the first and last few clauses: a request opens or closes a message, and a 400-word paste must stay cheap.
    const all = text.split(CLAUSE_END).filter((s) => s.trim());
    const clauses = all.length > 2 * EDGE_CLAUSES ? [...all.slice(0, EDGE_CLAUSES), ...all.slice(-EDGE_CLAUSES)] : all;
    const readable = (s: string) => s.trim().split(/\s+/).length >= CLAUSE_MIN_WORDS;
    if (all.length > 1 && clauses.some((s) => readable(s) && this.#asksForPerson(this.#classifier.predict(s, MIN_ACT).ranked, CLAUSE_PERSON))) return 'person';
    return p.label === null || p.label === NONE ? null : (p.label as Act);
  }

  /** Whether the request for a person is at least `bar` likely: the whole message's and a clause's bars differ. */
  #asksForPerson(ranked: readonly { label: string; p: number }[], bar: number): boolean {
    return (ranked.find((r) => r.label === 'person')?.p ?? 0) >= bar;
  }

  /** Every label's probability, best first (for tests and the eval). */
  rank(text: string): { label: string; p: number }[] {
    return this.#classifier.predict(text, MIN_ACT).ranked;
  }
}

let shared: ActsModel | undefined;

/** The process's acts model: from the disk cache, or trained once. */
export function actsModel(dir = modelsDir()): ActsModel {
  if (shared) return shared;
  const vectors = wordVectors();
  const key = actsModelKey(vectors);
  let data = readModel(dir, key);
  if (!data) {
    data = trainActs(vectors);
    writeModel(dir, key, data);
  }
  return (shared = new ActsModel(data, vectors));
}
