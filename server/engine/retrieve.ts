/**
 * Knowledge retrieval: BM25 over sections, where the article title and the
 * section heading count twice (they say what a section is about more reliably
 * than its body), plus a share of the whole article's score, so a section of
 * the article that is about the question as a whole wins over a stray match.
 */
import { Bm25, K1, type Match } from './bm25.ts';
import type { Article, Section } from './knowledge.ts';
import type { WordVectors } from './ml/vectors.ts';
import { SoftTerms } from './soft-terms.ts';
import { terms } from './text.ts';

export type Hit = Match<Section> & {
  section: Section;
  /** The score over the most these query terms could score (`maxScore`): 0..1, comparable across queries. */
  normalised: number;
  /** How far ahead of the best section of any other article, as a share of this score (0..1; 1 when no other article matched). */
  margin: number;
};

/** How much of its article's score a section borrows. */
const ARTICLE_SHARE = 1;

export class Index {
  readonly #sections: Bm25<Section>;
  readonly #articles: Bm25<Article>;
  readonly #soft: SoftTerms | null;

  /** With word vectors, a visitor's word the articles never use also searches for the articles' nearest word (soft-terms.ts). */
  constructor(articles: readonly Article[], vectors: WordVectors | null = null) {
    this.#sections = new Bm25(
      articles.flatMap((a) => a.sections),
      (s) => [
        { text: `${s.title} ${s.heading}`, weight: 2 },
        { text: s.text, weight: 1 },
      ],
    );
    this.#articles = new Bm25(articles, (a) => [
      { text: `${a.title} ${a.sections.map((s) => s.heading).join(' ')}`, weight: 2 },
      { text: a.sections.map((s) => s.text).join('\n'), weight: 1 },
    ]);
    this.#soft = vectors ? new SoftTerms(articles, vectors, (t) => this.#sections.knows(this.#sections.correct(t))) : null;
  }

  get size(): number {
    return this.#sections.size;
  }

  /** The query's content terms as retrieval reads them (typos corrected, repeats out). */
  queryTerms(query: string): string[] {
    return [...new Set(terms(query).map((t) => this.#sections.correct(t)))];
  }

  /**
   * The most a hit could score for these terms (each term saturating in both
   * its section and its article): a hit's score over it is comparable across
   * queries of any length. Terms no section has count at full weight, so a
   * question about what the knowledge base never mentions scores low.
   */
  maxScore(queryTerms: readonly string[]): number {
    let max = 0;
    for (const t of queryTerms) max += (K1 + 1) * (this.#sections.idf(t) + ARTICLE_SHARE * this.#articles.idf(t));
    return max;
  }

  /** Whether any section mentions the term. */
  knows(term: string): boolean {
    return this.#sections.knows(term);
  }

  /** How rare a term is across sections; a term no section has gets the highest value. */
  idf(term: string): number {
    return this.#sections.idf(term);
  }

  search(query: string, limit = 3): Hit[] {
    const said = this.queryTerms(query);
    const q = [...said.map((term) => ({ term, weight: 1 })), ...(this.#soft?.expand(query) ?? [])];
    const articleScore = new Map(this.#articles.searchTerms(q, 50).map((m) => [m.item.id, m.score]));
    const max = this.maxScore(said) || 1;
    const ranked = this.#sections
      .searchTerms(q, Math.max(limit * 4, 12))
      .map((m) => ({ ...m, score: m.score + ARTICLE_SHARE * (articleScore.get(m.item.article) ?? 0), section: m.item }))
      .sort((a, b) => b.score - a.score);
    return ranked.slice(0, limit).map((h) => {
      const other = ranked.find((o) => o.section.article !== h.section.article);
      return { ...h, normalised: Math.min(1, h.score / max), margin: other ? Math.max(0, (h.score - other.score) / h.score) : 1 };
    });
  }
}
