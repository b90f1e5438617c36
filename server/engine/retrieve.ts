/**
 * Knowledge retrieval: BM25 over sections, where the article title and the
 * section heading count twice (they say what a section is about more reliably
 * than its body).
 */
import { Bm25, type Match } from './bm25.ts';
import type { Article, Section } from './knowledge.ts';

export type Hit = Match<Section> & { section: Section };

export class Index {
  readonly #bm25: Bm25<Section>;

  constructor(articles: readonly Article[]) {
    this.#bm25 = new Bm25(
      articles.flatMap((a) => a.sections),
      (s) => [
        { text: `${s.title} ${s.heading}`, weight: 2 },
        { text: s.text, weight: 1 },
      ],
    );
  }

  get size(): number {
    return this.#bm25.size;
  }

  search(query: string, limit = 3): Hit[] {
    return this.#bm25.search(query, limit).map((m) => ({ ...m, section: m.item }));
  }
}
