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

/** What kind of answer a question asks for, and what a passage must hold to give it. */
const ANSWER_TYPES: readonly { asks: RegExp; gives: RegExp }[] = [
  {
    asks: /\bhow long\b|\bhow many (?:working |business )?(?:days|weeks|hours|minutes|months|years)\b|\bhow soon\b|\bhow quickly\b/i,
    gives: /\b\d+(?:\s*(?:-|–|to)\s*\d+)?\s*(?:working |business |calendar )?(?:minutes?|hours?|days?|weeks?|months?|years?)\b|\b(?:one|two|three|four|five|six|seven|ten|fourteen|thirty|a few|a couple of)\s+(?:working |business )?(?:minutes?|hours?|days?|weeks?|months?|years?)\b|\b(?:immediately|instantly|straight away|right away|same day|next day|overnight)\b/i,
  },
  {
    asks: /\bhow much\b|\bwhat (?:does|will) it cost\b|\bcost(?:s)? anything\b|\bis (?:it|there) (?:a )?(?:free|fee|charge)\b|\bprice of\b/i,
    gives: /[£$€]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:dollars|pounds|euros|usd|gbp|eur|cad)\b|\bfree\b|\bno (?:fee|charge|cost)\b|\bdoesn'?t cost\b|\bcosts? nothing\b|\bnot charged?\b/i,
  },
  {
    asks: /\bwhat time\b|\bwhich day\b|\bwhat day\b|\bwhat date\b/i,
    gives: /\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b(?:midnight|noon|morning|afternoon|evening)\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|weekday)s?\b|\bdue date\b|\bsame day\b/i,
  },
  {
    asks: /\bhow many\b|\bminimum\b|\bmaximum\b|\bsmallest\b|\blargest\b|\bhow (?:big|small|high|low)\b|\blimit\b/i,
    gives: /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|once)\b/i,
  },
];

/** 1 when the question's answer type is one the passage can give, 0 when not, 0.5 when the question sets none. */
export function typeFit(question: string, passage: string): number {
  const wanted = ANSWER_TYPES.filter((t) => t.asks.test(question));
  if (wanted.length === 0) return 0.5;
  return wanted.some((t) => t.gives.test(passage)) ? 1 : 0;
}

/** Sections scoring at least this share of the best are close enough for the answer type to decide between them. */
const CLOSE_SCORE = 0.7;

/**
 * Puts first the close-scoring section that can give the kind of answer asked
 * for: "how long" picks the section with a duration over the one with a price.
 */
export function preferAnswerType(question: string, hits: readonly Hit[]): Hit[] {
  const best = hits[0];
  if (!best || !ANSWER_TYPES.some((t) => t.asks.test(question))) return [...hits];
  const fitting = hits.find((h) => h.score >= CLOSE_SCORE * best.score && typeFit(question, h.section.text) === 1);
  return fitting ? [fitting, ...hits.filter((h) => h !== fitting)] : [...hits];
}

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

/** Where a clause turns into a question: "..., can I move it?" */
const CLAUSES = /[.!?\n;]+|,\s*(?=(?:and |but |so )?(?:can|could|will|would|do|does|did|is|are|was|how|what|whats|when|where|why|who|which|should|am)\b)/i;
const QUESTION_START = /^(?:and |but |so |ok |okay )?(?:can|could|will|would|do|does|did|is|are|was|how|what|whats|what's|when|where|why|who|which|should|am)\b/i;

/** The clause that asks: the last one that starts like a question, else the whole text. Context clauses ("I bought a sofa") are background. */
export function questionClause(text: string): string {
  const clauses = text.split(CLAUSES).map((c) => c.trim()).filter(Boolean);
  return clauses.findLast((c) => QUESTION_START.test(c)) ?? text;
}

/** The kind of question, as 0/1 flags: each kind has its own base rate of being covered by a help centre. */
export function questionKind(question: string): Pick<Features, 'asksPermission' | 'asksOutcome' | 'asksHow' | 'asksWho'> {
  const clause = questionClause(question).toLowerCase();
  return {
    asksPermission: /^(?:and |but |so )?(?:can|could|may|am i allowed|is it possible|is there a way)\b/.test(clause) ? 1 : 0,
    asksOutcome: /^(?:and |but |so )?(?:will|would|does|do|did|is|are|what happens|what if)\b/.test(clause) ? 1 : 0,
    asksHow: /^(?:and |but |so )?(?:how|where|when|what|whats|which)\b/.test(clause) && !/^(?:what happens|what if)/.test(clause) ? 1 : 0,
    asksWho: /^(?:and |but |so )?(?:who|why)\b/.test(clause) ? 1 : 0,
  };
}

/**
 * The visitor's own circumstances around the question: a condition ("if",
 * "instead of") or a plan or change of life ("moving abroad next month").
 * Help centres describe the usual path; questions framed by a case of one's
 * own are where they are most often silent.
 */
export function circumstances(question: string): Pick<Features, 'conditional' | 'plans'> {
  return {
    conditional: /\b(?:if|unless|in case|what if|even though|instead of)\b/i.test(question) ? 1 : 0,
    plans: /\b(?:going to|gonna|planning|plan to|next (?:week|month|year)|moving|travelling|traveling|abroad|for (?:a|\d+) (?:weeks?|months?|years?))\b/i.test(question) ? 1 : 0,
  };
}

/**
 * Does the section hold the words that make the question this question: its
 * rarest term (1 or 0), and the share of its two rarest, in the asking clause.
 * "What IP addresses do your webhooks come from?" lands on the webhooks
 * section; whether that section says "IP" is what decides.
 */
export function keyTerms(asked: Map<string, number>, section: Section): Pick<Features, 'keyTerm' | 'keyTerms'> {
  const key = [...asked].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  if (key.length === 0) return { keyTerm: 1, keyTerms: 1 };
  const held = new Set(terms(`${section.title} ${section.heading} ${section.text}`));
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
