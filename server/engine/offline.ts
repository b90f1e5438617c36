/**
 * The offline assistant: answers from the knowledge base alone, no AI account
 * needed. It quotes the best section and cites it; when retrieval is weak it
 * hands over instead of guessing.
 */
import type { Decision, Passage } from '../../shared/model.ts';
import type { Assistant, AssistantInput } from './assistant.ts';
import type { Article } from './knowledge.ts';
import { Index, type Hit } from './retrieve.ts';
import { asksForPerson, SMALL_TALK_REPLIES, smallTalk } from './signals.ts';

export interface OfflineOptions {
  /** Below this confidence the assistant does not answer. */
  minConfidence: number;
  /** Longest quoted answer, in characters. */
  maxAnswerChars: number;
}

const DEFAULTS: OfflineOptions = { minConfidence: 0.5, maxAnswerChars: 600 };

/** Confidence from retrieval alone: strong matches that cover the question score high. */
export function retrievalConfidence(hit: Hit): number {
  const strength = 1 - Math.exp(-hit.score / 4);
  return Math.round((0.5 * hit.coverage + 0.5 * strength) * 1000) / 1000;
}

function toPassage(hit: Hit, confidence: number): Passage {
  const { article, title, heading, text } = hit.section;
  return { article, title, section: heading, text, score: confidence };
}

/** The first paragraphs of a section, cut at a sentence or line end within the limit. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('. '));
  return (end > max / 3 ? cut.slice(0, end + 1) : cut).trim() + ' …';
}

const base: Omit<Decision, 'route' | 'reason' | 'reply' | 'draft' | 'confidence'> = {
  passages: [],
  intent: null,
  flags: [],
  unsupportedClaims: [],
};

export class OfflineAssistant implements Assistant {
  readonly #index: Index;
  readonly #options: OfflineOptions;

  constructor(articles: readonly Article[], options: Partial<OfflineOptions> = {}) {
    this.#index = new Index(articles);
    this.#options = { ...DEFAULTS, ...options };
  }

  async decide(input: AssistantInput): Promise<Decision> {
    const text = input.turns.at(-1)?.text ?? '';
    if (asksForPerson(text)) {
      return { ...base, route: 'escalate', reason: 'visitor_request', reply: null, draft: null, confidence: 0 };
    }
    const talk = smallTalk(text);
    if (talk) {
      const reply = SMALL_TALK_REPLIES[talk];
      return { ...base, route: 'answer', reason: null, reply, draft: reply, confidence: 1 };
    }
    const hits = this.#index.search(text, 3);
    const best = hits[0];
    if (!best) return { ...base, route: 'escalate', reason: 'low_confidence', reply: null, draft: null, confidence: 0 };
    const confidence = retrievalConfidence(best);
    const passages = hits.map((h) => toPassage(h, retrievalConfidence(h)));
    const draft = `${excerpt(best.section.text, this.#options.maxAnswerChars)}\n\n(From “${best.section.title} › ${best.section.heading}”)`;
    if (confidence < this.#options.minConfidence) {
      return { ...base, passages, route: 'escalate', reason: 'low_confidence', reply: null, draft, confidence };
    }
    return { ...base, passages: passages.slice(0, 1), route: 'answer', reason: null, reply: draft, draft, confidence };
  }
}
