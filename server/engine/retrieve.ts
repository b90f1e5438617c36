/**
 * BM25 over knowledge-base sections. The section title and heading count twice:
 * they say what a section is about more reliably than its body.
 */
import type { Article, Section } from './knowledge.ts';
import { terms } from './text.ts';

export interface Hit {
  section: Section;
  /** Raw BM25 score. */
  score: number;
  /** Share of the query's terms the section contains, 0..1. */
  coverage: number;
}

interface Doc {
  section: Section;
  tf: Map<string, number>;
  length: number;
}

const K1 = 1.2;
const B = 0.75;

export class Index {
  readonly #docs: Doc[];
  readonly #df = new Map<string, number>();
  readonly #avgLength: number;

  constructor(articles: readonly Article[]) {
    this.#docs = articles.flatMap((a) =>
      a.sections.map((section) => {
        const tokens = [...terms(`${section.title} ${section.heading}`), ...terms(`${section.title} ${section.heading}`), ...terms(section.text)];
        const tf = new Map<string, number>();
        for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
        for (const t of tf.keys()) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
        return { section, tf, length: tokens.length };
      }),
    );
    this.#avgLength = this.#docs.reduce((n, d) => n + d.length, 0) / Math.max(1, this.#docs.length);
  }

  get size(): number {
    return this.#docs.length;
  }

  search(query: string, limit = 3): Hit[] {
    const q = [...new Set(terms(query))];
    if (q.length === 0) return [];
    const n = this.#docs.length;
    const hits: Hit[] = [];
    for (const doc of this.#docs) {
      let score = 0;
      let matched = 0;
      for (const t of q) {
        const f = doc.tf.get(t);
        if (!f) continue;
        matched++;
        const df = this.#df.get(t) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / this.#avgLength));
      }
      if (score > 0) hits.push({ section: doc.section, score, coverage: matched / q.length });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
