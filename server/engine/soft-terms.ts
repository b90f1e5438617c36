/**
 * Soft matching for retrieval: a visitor's word the knowledge base never uses
 * ("reimbursement" where the articles say "refund") stands for the
 * knowledge base's nearest word by word vectors, at a weight below a word
 * said outright. Nearest is by cosine over the knowledge base's own
 * vocabulary only (a few thousand words), worked out once per word.
 */
import type { WordVectors } from './ml/vectors.ts';
import type { Article } from './knowledge.ts';
import { terms, words } from './text.ts';

/**
 * Below this cosine a word has no stand-in: related is not the same ("refund"
 * and "payment"). On the dev set and our eight companies, 0.75 at weight 0.3
 * raised route and article accuracy a little where 0.55-0.65 at 0.5 lowered them.
 */
const MIN_SIMILARITY = 0.75;
/** A stand-in counts this much of its similarity against a word the visitor said. */
const WEIGHT = 0.3;
/** Words this short are mostly function words and codes. */
const MIN_LETTERS = 4;
/** Stand-ins remembered (visitors reuse their words; they can also invent any). */
const MEMORY = 20_000;

export interface WeightedTerm {
  term: string;
  weight: number;
}

export class SoftTerms {
  readonly #vectors: WordVectors;
  readonly #vocabulary: string[];
  readonly #matrix: Float32Array;
  readonly #known: (term: string) => boolean;
  readonly #found = new Map<string, WeightedTerm | null>();

  /** `known`: whether retrieval already has the term (then the word needs no stand-in). */
  constructor(articles: readonly Article[], vectors: WordVectors, known: (term: string) => boolean) {
    this.#vectors = vectors;
    this.#known = known;
    const text = articles.flatMap((a) => [a.title, ...a.sections.flatMap((s) => [s.heading, s.text])]).join(' ');
    this.#vocabulary = [...new Set(words(text))].filter((w) => w.length >= MIN_LETTERS && vectors.has(w) && terms(w).length > 0);
    this.#matrix = new Float32Array(this.#vocabulary.length * vectors.dims);
    for (const [i, w] of this.#vocabulary.entries()) vectors.addTo(w, this.#matrix.subarray(i * vectors.dims, (i + 1) * vectors.dims));
  }

  /** Stand-in terms for the query's words retrieval does not know. */
  expand(query: string): WeightedTerm[] {
    const out: WeightedTerm[] = [];
    for (const w of new Set(words(query))) {
      if (w.length < MIN_LETTERS) continue;
      const own = terms(w);
      if (own.length === 0 || own.every((t) => this.#known(t))) continue;
      const found = this.#standIn(w);
      if (found && !out.some((o) => o.term === found.term)) out.push(found);
    }
    return out;
  }

  #standIn(word: string): WeightedTerm | null {
    const memo = this.#found.get(word);
    if (memo !== undefined) return memo;
    let found: WeightedTerm | null = null;
    const dims = this.#vectors.dims;
    const v = new Float32Array(dims);
    if (this.#vectors.addTo(word, v)) {
      let best = -1;
      let at = -1;
      for (let i = 0; i < this.#vocabulary.length; i++) {
        let dot = 0;
        const base = i * dims;
        for (let d = 0; d < dims; d++) dot += v[d]! * this.#matrix[base + d]!;
        if (dot > best) (best = dot), (at = i);
      }
      const term = at >= 0 ? terms(this.#vocabulary[at]!)[0] : undefined;
      if (term && best >= MIN_SIMILARITY) found = { term, weight: WEIGHT * best };
    }
    if (this.#found.size >= MEMORY) this.#found.clear();
    this.#found.set(word, found);
    return found;
  }
}
