/**
 * What each knowledge-base section is about, in the policy's intents. Two
 * readings are added: the classifier reading the section (title, heading and
 * text), and the intents whose description and examples retrieve the section.
 * A visitor message that lands on a section then votes for that section's
 * intent, so a message worded like the knowledge base ("video selfie") finds
 * its intent even when no example says it.
 */
import type { IntentClassifier } from './intents.ts';
import type { Article } from './knowledge.ts';
import type { Policy } from './policy.ts';
import type { Index } from './retrieve.ts';

/** How much reverse retrieval (raw BM25, summed per intent) adds to the classifier's 0..1 reading. */
const REVERSE_WEIGHT = 0.05;

export type SectionKey = `${string}#${string}`;

export function sectionKey(article: string, heading: string): SectionKey {
  return `${article}#${heading}`;
}

export function sectionTopics(articles: readonly Article[], policy: Policy, classifier: IntentClassifier, index: Index): Map<SectionKey, string> {
  const scores = new Map<SectionKey, Map<string, number>>();
  const add = (key: SectionKey, intent: string, s: number) => {
    let m = scores.get(key);
    if (!m) scores.set(key, (m = new Map()));
    m.set(intent, (m.get(intent) ?? 0) + s);
  };
  for (const a of articles) {
    for (const s of a.sections) {
      for (const r of classifier.rank(`${a.title} ${s.heading} ${s.text}`).slice(0, 3)) add(sectionKey(a.id, s.heading), r.name, r.score);
    }
  }
  for (const intent of policy.intents) {
    const queries = [`${intent.name.replace(/_/g, ' ')} ${intent.description ?? ''}`, ...intent.examples];
    for (const q of queries) {
      for (const h of index.search(q, 3)) add(sectionKey(h.section.article, h.section.heading), intent.name, (REVERSE_WEIGHT * h.score) / queries.length);
    }
  }
  const topics = new Map<SectionKey, string>();
  for (const [key, m] of scores) {
    const top = [...m].sort((x, y) => y[1] - x[1])[0];
    if (top) topics.set(key, top[0]);
  }
  return topics;
}
