/**
 * BM25 over any documents made of weighted text fields. Knowledge sections and
 * policy intents are both searched with it.
 */
import { terms } from './text.ts';

export interface Field {
  text: string;
  /** How many times the field's terms count (titles say what a document is about). */
  weight: number;
}

export interface Match<T> {
  item: T;
  /** Raw BM25 score. */
  score: number;
  /** Share of the query's distinct terms the document contains, 0..1. */
  coverage: number;
}

interface Posting {
  doc: number;
  tf: number;
}

export const K1 = 1.2;
const B = 0.75;

export class Bm25<T> {
  readonly #items: T[];
  readonly #lengths: number[];
  /** Inverted index: a query reads only the documents that hold its terms. */
  readonly #postings = new Map<string, Posting[]>();
  readonly #avgLength: number;
  /** Typo corrections already worked out (unknown words recur). */
  readonly #corrections = new Map<string, string>();

  constructor(items: readonly T[], fields: (item: T) => Field[]) {
    this.#items = [...items];
    this.#lengths = this.#items.map((item, doc) => {
      const tf = new Map<string, number>();
      let length = 0;
      for (const field of fields(item)) {
        for (const t of terms(field.text)) {
          tf.set(t, (tf.get(t) ?? 0) + field.weight);
          length += field.weight;
        }
      }
      for (const [t, f] of tf) {
        let list = this.#postings.get(t);
        if (!list) this.#postings.set(t, (list = []));
        list.push({ doc, tf: f });
      }
      return length;
    });
    this.#avgLength = this.#lengths.reduce((n, l) => n + l, 0) / Math.max(1, this.#lengths.length);
  }

  get size(): number {
    return this.#items.length;
  }

  /** Whether any document mentions the term (after stemming). */
  knows(term: string): boolean {
    return this.#postings.has(term);
  }

  idf(term: string): number {
    const n = this.#items.length;
    const df = this.#postings.get(term)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * A visitor's typo ("instalmnet", "arived") of a word the documents use: an
   * unknown term of five letters or more one edit away from exactly one known
   * term is read as that term.
   */
  correct(term: string): string {
    if (this.#postings.has(term) || term.length < 5 || /\d/.test(term)) return term;
    let found = this.#corrections.get(term);
    if (found === undefined) {
      found = this.#nearest(term);
      if (this.#corrections.size > 50_000) this.#corrections.clear(); // bounded: visitors can invent any word
      this.#corrections.set(term, found);
    }
    return found;
  }

  #nearest(term: string): string {
    let found: string | null = null;
    for (const known of this.#postings.keys()) {
      if (Math.abs(known.length - term.length) > 1 || !oneEditApart(term, known)) continue;
      if (found !== null) return term; // ambiguous: leave it alone
      found = known;
    }
    return found ?? term;
  }

  search(query: string, limit = 3): Match<T>[] {
    return this.searchTerms([...new Set(terms(query).map((t) => this.correct(t)))].map((term) => ({ term, weight: 1 })), limit);
  }

  /** BM25 for weighted terms (a term a visitor implied rather than said counts for less); coverage counts the full-weight ones. */
  searchTerms(q: readonly { term: string; weight: number }[], limit = 3): Match<T>[] {
    if (q.length === 0) return [];
    const said = q.filter((t) => t.weight >= 1).length || 1;
    const scores = new Map<number, { score: number; matched: number }>();
    for (const { term: t, weight } of q) {
      const postings = this.#postings.get(t);
      if (!postings) continue;
      const idf = this.idf(t) * weight;
      const counts = weight >= 1 ? 1 : 0;
      for (const { doc, tf } of postings) {
        const length = this.#lengths[doc] ?? 0;
        const add = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / this.#avgLength));
        const acc = scores.get(doc);
        if (acc) {
          acc.score += add;
          acc.matched += counts;
        } else scores.set(doc, { score: add, matched: counts });
      }
    }
    const matches: Match<T>[] = [];
    for (const [doc, { score, matched }] of scores) matches.push({ item: this.#items[doc] as T, score, coverage: Math.min(1, matched / said) });
    return matches.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/** Levenshtein distance of exactly one (one insertion, deletion, substitution, or adjacent swap). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs;
    return diffs.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
