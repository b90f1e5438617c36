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

interface Doc<T> {
  item: T;
  tf: Map<string, number>;
  length: number;
}

const K1 = 1.2;
const B = 0.75;

export class Bm25<T> {
  readonly #docs: Doc<T>[];
  readonly #df = new Map<string, number>();
  readonly #avgLength: number;

  constructor(items: readonly T[], fields: (item: T) => Field[]) {
    this.#docs = items.map((item) => {
      const tf = new Map<string, number>();
      let length = 0;
      for (const field of fields(item)) {
        for (const t of terms(field.text)) {
          tf.set(t, (tf.get(t) ?? 0) + field.weight);
          length += field.weight;
        }
      }
      for (const t of tf.keys()) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
      return { item, tf, length };
    });
    this.#avgLength = this.#docs.reduce((n, d) => n + d.length, 0) / Math.max(1, this.#docs.length);
  }

  get size(): number {
    return this.#docs.length;
  }

  /** Whether any document mentions the term (after stemming). */
  knows(term: string): boolean {
    return this.#df.has(term);
  }

  idf(term: string): number {
    const n = this.#docs.length;
    const df = this.#df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * A visitor's typo ("instalmnet", "arived") of a word the documents use: an
   * unknown term of five letters or more one edit away from exactly one known
   * term is read as that term.
   */
  correct(term: string): string {
    if (this.#df.has(term) || term.length < 5 || /\d/.test(term)) return term;
    let found: string | null = null;
    for (const known of this.#df.keys()) {
      if (Math.abs(known.length - term.length) > 1 || !oneEditApart(term, known)) continue;
      if (found !== null) return term; // ambiguous: leave it alone
      found = known;
    }
    return found ?? term;
  }

  search(query: string, limit = 3): Match<T>[] {
    const q = [...new Set(terms(query).map((t) => this.correct(t)))];
    if (q.length === 0) return [];
    const idf = q.map((t) => this.idf(t));
    const matches: Match<T>[] = [];
    for (const doc of this.#docs) {
      let score = 0;
      let matched = 0;
      for (let i = 0; i < q.length; i++) {
        const f = doc.tf.get(q[i] ?? '');
        if (!f) continue;
        matched++;
        score += ((idf[i] ?? 0) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / this.#avgLength));
      }
      if (score > 0) matches.push({ item: doc.item, score, coverage: matched / q.length });
    }
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
