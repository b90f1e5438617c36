/**
 * Reading the question itself, before any passage: the clause that asks, the
 * kind of question, the visitor's circumstances around it, and the kind of
 * answer it wants (a duration, a price, a time, a number).
 */
import type { Hit } from './retrieve.ts';

export interface QuestionKind {
  asksPermission: number;
  asksOutcome: number;
  asksHow: number;
  asksWho: number;
}

export interface Circumstances {
  conditional: number;
  plans: number;
}

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

/** Words a question starts with. */
const ASKING = String.raw`(?:can|could|will|would|do|does|did|is|are|was|how|what|whats|what's|when|where|why|who|which|should|am)\b`;
/** Where a clause turns into a question: "..., can I move it?" */
const CLAUSES = new RegExp(String.raw`[.!?\n;]+|,\s*(?=(?:and |but |so )?${ASKING})`, 'i');
const QUESTION_START = new RegExp(String.raw`^(?:and |but |so |ok |okay )?${ASKING}`, 'i');

/** The clause that asks: the last one that starts like a question, else the whole text. Context clauses ("I bought a sofa") are background. */
export function questionClause(text: string): string {
  const clauses = text.split(CLAUSES).map((c) => c.trim()).filter(Boolean);
  return clauses.findLast((c) => QUESTION_START.test(c)) ?? text;
}

/** The kind of question, as 0/1 flags: each kind has its own base rate of being covered by a help centre. */
export function questionKind(question: string): QuestionKind {
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
export function circumstances(question: string): Circumstances {
  return {
    conditional: /\b(?:if|unless|in case|what if|even though|instead of)\b/i.test(question) ? 1 : 0,
    plans: /\b(?:going to|gonna|planning|plan to|next (?:week|month|year)|moving|travelling|traveling|abroad|for (?:a|\d+) (?:weeks?|months?|years?))\b/i.test(question) ? 1 : 0,
  };
}
