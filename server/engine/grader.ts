/**
 * The offline grader: how likely the knowledge base answers this message,
 * from general evidence rather than one retrieval score (questions the
 * knowledge base cannot answer often share most of their words with an
 * article). The evidence:
 *
 * - strength and coverage of the best section's match;
 * - whether one passage (two sentences) holds what was asked, not only the
 *   section or article as a whole;
 * - the share of the question's weight in terms the knowledge base never
 *   mentions ("credit bureau", "apple watch");
 * - whether the answer type fits the question type (a "how long" question
 *   needs a duration, a "how much" a price);
 * - whether the section holds the rarest words of the asking clause;
 * - the kind of question: "how / what / when" questions are what help
 *   centres are written for; "can I ...?" and "will it ...?" about a case
 *   of one's own are where they are most often silent;
 * - the visitor's own circumstances: a condition, a plan or a move;
 * - the margin to the best other article, and the intent's score.
 *
 * A logistic model over these turns them into a probability; its weights are
 * fitted by `npm run calibrate` on labelled sets (docs/CALIBRATION.md), so the
 * policy's thresholds read as "at least this likely to be answered right".
 */
import { GRADER_FIT } from './grader-fit.ts';
import type { Section } from './knowledge.ts';
import { circumstances, questionClause, questionKind, typeFit } from './question.ts';
import type { Index, Hit } from './retrieve.ts';
import { terms } from './text.ts';

export const FEATURES = ['strength', 'coverage', 'passage', 'unknown', 'typeFit', 'margin', 'intent', 'specifics', 'specificsPassage', 'normScore', 'questionPassage', 'questionCoverage', 'asksPermission', 'asksOutcome', 'asksHow', 'asksWho', 'conditional', 'plans', 'keyTerm', 'keyTerms'] as const;
export type Feature = (typeof FEATURES)[number];
export type Features = Record<Feature, number>;

export interface GraderFit {
  bias: number;
  weights: Record<Feature, number>;
}

const SENTENCE = /(?<=[.!?])\s+|\n+/;

function weightOf(index: Index, query: readonly string[]): Map<string, number> {
  return new Map(query.map((t) => [t, index.idf(t)]));
}

/** Each text's sentences as term sets, worked out once per section text (sections are few; messages many). */
const sentenceCache = new Map<string, Set<string>[]>();
const SENTENCE_CACHE_LIMIT = 20_000;

function sentenceTerms(text: string): Set<string>[] {
  let found = sentenceCache.get(text);
  if (!found) {
    if (sentenceCache.size >= SENTENCE_CACHE_LIMIT) sentenceCache.clear();
    found = text.split(SENTENCE).map((s) => new Set(terms(s)));
    sentenceCache.set(text, found);
  }
  return found;
}

/** Each section's terms (title and heading included), worked out once. */
const sectionTermCache = new WeakMap<Section, Set<string>>();

function sectionTerms(section: Section): Set<string> {
  let found = sectionTermCache.get(section);
  if (!found) sectionTermCache.set(section, (found = new Set(terms(`${section.title} ${section.heading} ${section.text}`))));
  return found;
}

/** Share of the question's weight found together in one window of two sentences of the passage. */
function passageCoverage(weights: Map<string, number>, text: string): number {
  const total = [...weights.values()].reduce((n, w) => n + w, 0);
  if (total === 0) return 0;
  const sentences = sentenceTerms(text);
  let best = 0;
  for (let i = 0; i < sentences.length; i++) {
    const window = new Set([...(sentences[i] ?? []), ...(sentences[i + 1] ?? [])]);
    let found = 0;
    for (const [t, w] of weights) if (window.has(t)) found += w;
    best = Math.max(best, found / total);
  }
  return best;
}

/** Weighted share of the question's specific terms (those that are not the policy's topic words) that the section holds. */
function specificCoverage(weights: Map<string, number>, topical: ReadonlySet<string>, text: string, windowed: boolean): number {
  const specific = new Map([...weights].filter(([t]) => !topical.has(t)));
  if (specific.size === 0) return 1;
  return windowed ? passageCoverage(specific, text) : passageCoverage(specific, text.replace(SENTENCE_BREAKS, ' '));
}

const SENTENCE_BREAKS = /[.!?\n]+/g;

/**
 * Does the section hold the words that make the question this question: its
 * rarest term (1 or 0), and the share of its two rarest, in the asking clause.
 * "What IP addresses do your webhooks come from?" lands on the webhooks
 * section; whether that section says "IP" is what decides.
 */
export function keyTerms(asked: Map<string, number>, section: Section): Pick<Features, 'keyTerm' | 'keyTerms'> {
  const key = [...asked].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  if (key.length === 0) return { keyTerm: 1, keyTerms: 1 };
  const held = sectionTerms(section);
  const two = key.slice(0, 2);
  return { keyTerm: held.has(key[0]!) ? 1 : 0, keyTerms: two.filter((t) => held.has(t)).length / two.length };
}

export function features(index: Index, question: string, hits: readonly Hit[], intentScore: number, topical: ReadonlySet<string> = new Set()): Features {
  const best = hits[0];
  if (!best) {
    return { strength: 0, coverage: 0, passage: 0, unknown: 1, typeFit: 0, margin: 0, intent: intentScore, specifics: 0, specificsPassage: 0, normScore: 0, questionPassage: 0, questionCoverage: 0, ...questionKind(question), ...circumstances(question), keyTerm: 0, keyTerms: 0 };
  }
  const query = index.queryTerms(question);
  const weights = weightOf(index, query);
  const total = [...weights.values()].reduce((n, w) => n + w, 0) || 1;
  const unknown = query.filter((t) => !index.knows(t)).reduce((n, t) => n + (weights.get(t) ?? 0), 0) / total;
  const asked = weightOf(index, index.queryTerms(questionClause(question)));
  return {
    strength: 1 - Math.exp(-best.score / 4),
    coverage: best.coverage,
    passage: passageCoverage(weights, best.section.text),
    unknown,
    typeFit: typeFit(question, best.section.text),
    margin: best.margin,
    intent: intentScore,
    specifics: specificCoverage(weights, topical, best.section.text, false),
    specificsPassage: specificCoverage(weights, topical, best.section.text, true),
    normScore: best.normalised,
    questionPassage: passageCoverage(asked, best.section.text),
    questionCoverage: passageCoverage(asked, best.section.text.replace(SENTENCE_BREAKS, ' ')),
    ...questionKind(question),
    ...circumstances(question),
    ...keyTerms(asked, best.section),
  };
}

export function grade(f: Features, fit: GraderFit = GRADER_FIT): number {
  let z = fit.bias;
  for (const name of FEATURES) z += fit.weights[name] * f[name];
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
