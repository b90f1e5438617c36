/**
 * What each knowledge-base section is about, in the policy's intents. Two
 * readings are added: the classifier reading the section (title, heading and
 * text), and the intents whose description and examples retrieve the section.
 * A visitor message that lands on a section then votes for that section's
 * intent, so a message worded like the knowledge base ("video selfie") finds
 * its intent even when no example says it.
 */
import type { IntentMatch } from '../../shared/model.ts';
import type { Article, Section } from './knowledge.ts';
import type { Policy } from './policy.ts';
import type { Index } from './retrieve.ts';

/** How much reverse retrieval (raw BM25, summed per intent) adds to the classifier's 0..1 reading. */
const REVERSE_WEIGHT = 0.05;
/** The description and a few examples say enough; every example of a 15,000-example policy would slow start-up for little. */
const REVERSE_EXAMPLES = 8;
/** How much the article's average reading adds to a section's own. */
const ARTICLE_SMOOTHING = 2;

const keyOf = (s: Pick<Section, 'article' | 'heading'>) => `${s.article}#${s.heading}`;

export class SectionTopics {
  readonly #classifier: { rank(text: string): IntentMatch[] };
  /** Reverse retrieval, done once at start: intent scores per section key. */
  readonly #reverse = new Map<string, Map<string, number>>();
  /** The classifier's reading of a section is worked out when a message first lands on it (or on a sibling). */
  readonly #own = new Map<string, Map<string, number>>();
  readonly #topics = new Map<string, string | null>();
  readonly #sections: Map<string, readonly Section[]>;

  constructor(articles: readonly Article[], policy: Policy, classifier: { rank(text: string): IntentMatch[] }, index: Index) {
    this.#classifier = classifier;
    this.#sections = new Map(articles.map((a) => [a.id, a.sections]));
    for (const intent of policy.intents) {
      const queries = [`${intent.name.replace(/_/g, ' ')} ${intent.description ?? ''}`, ...intent.examples.slice(0, REVERSE_EXAMPLES)];
      for (const q of queries) {
        for (const h of index.search(q, 3)) {
          const key = keyOf(h.section);
          let m = this.#reverse.get(key);
          if (!m) this.#reverse.set(key, (m = new Map()));
          m.set(intent.name, (m.get(intent.name) ?? 0) + (REVERSE_WEIGHT * h.score) / queries.length);
        }
      }
    }
  }

  /** The intent a section is about, or null when none reads it. */
  of(section: Section): string | null {
    const key = keyOf(section);
    const known = this.#topics.get(key);
    if (known !== undefined) return known;
    // A section's own reading, steadied by its article's: a short section ("What you need") says little alone.
    const scores = new Map(this.#scores(section));
    const siblings = this.#sections.get(section.article) ?? [];
    for (const sibling of siblings) {
      for (const [intent, score] of this.#scores(sibling)) scores.set(intent, (scores.get(intent) ?? 0) + (ARTICLE_SMOOTHING * score) / siblings.length);
    }
    const top = [...scores].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
    this.#topics.set(key, top);
    return top;
  }

  #scores(section: Section): Map<string, number> {
    const key = keyOf(section);
    let scores = this.#own.get(key);
    if (!scores) {
      scores = new Map(this.#reverse.get(key));
      for (const r of this.#classifier.rank(`${section.title} ${section.heading} ${section.text}`).slice(0, 3)) {
        scores.set(r.name, (scores.get(r.name) ?? 0) + r.score);
      }
      this.#own.set(key, scores);
    }
    return scores;
  }
}
