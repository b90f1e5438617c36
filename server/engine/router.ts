/**
 * The routing engine for one visitor message: safety floor, conversation act
 * (acts.ts: a greeting, a closing, a request for a person...), intent (the
 * trained model and the example index, intent-reader.ts), retrieval, a drafted
 * reply and its confidence, then the policy's decision. Pure over its inputs
 * and the trained models, so the eval command, the server and the tests run
 * the same code.
 */
import type { Act } from '../../shared/acts/acts.ts';
import { withoutPersonRequest } from './person-topic.ts';
import { repeatsUnresolved } from '../../shared/acts/repeat.ts';
import type { SafetyCategory } from '../../shared/codes.ts';
import type { Decision, IntentMatch, Passage } from '../../shared/model.ts';
import { largestAmount } from './amounts.ts';
import { unsupportedClaims } from './claims.ts';
import type { Turn } from './assistant.ts';
import { IntentModel, intentModelData } from './intent-model.ts';
import { IntentClassifier } from './intents.ts';
import { IntentReader } from './intent-reader.ts';
import type { ClassifierData } from './ml/classifier.ts';
import { wordVectors } from './ml/load-vectors.ts';
import type { Article } from './knowledge.ts';
import { excerpt, retrievalConfidence } from './draft.ts';
import { decideRoute, intentByName, type Decided, type Policy } from './policy.ts';
import { features, grade, type Features } from './grader.ts';
import { preferAnswerType } from './question.ts';
import { Index, type Hit } from './retrieve.ts';
import { SectionTopics } from './topics.ts';
import { detectSafety, type SafetyHit } from './safety.ts';
import { actsModel, type ActsModel } from './acts.ts';
import { SMALL_TALK_REPLIES, smallTalkOf, type SmallTalk } from './signals.ts';
import { terms, words } from './text.ts';

/** What the router knows about a message before any draft. */
export interface Analysis {
  text: string;
  flags: SafetyCategory[];
  /** What the message does (acts.ts): a greeting, a closing, yes, no, a request for a person, a complaint about the assistant. */
  act: Act | null;
  talk: SmallTalk | null;
  intent: IntentMatch | null;
  /** Retrieved sections, best first, each scored by retrieval. */
  passages: Passage[];
  /** The grader's confidence that the knowledge base answers this message (0..1). */
  evidence: number;
  /** What the grader read (null for small talk). */
  features: Features | null;
  amount: number | null;
  personRequested: boolean;
  repeatUnresolved: boolean;
  /** The server's frustration score for the visitor (0..1), weighed by the policy's routing order. */
  frustration: number;
}

/** A reply candidate: the offline quote, or a model's answer. */
export interface Draft {
  text: string | null;
  /** The part to check for claims when it differs from `text` (the quote without its source line). */
  body?: string;
  confidence: number;
  /** Quoted word for word from a passage: nothing to check. */
  verbatim: boolean;
}

export type { Decided };

export interface Routed extends Decision {
  /** The top retrieved article id, or null. */
  article: string | null;
}

const MAX_ANSWER_CHARS = 600;
/** Greetings and thanks need no knowledge: the stock reply is right. */
const SMALL_TALK_CONFIDENCE = 0.95;
/** A message with this few content words is read as a follow-up of the one before. */
const FOLLOW_UP_TERMS = 4;
/** How much the retrieved sections' topics add to intent scores (shared by score, times retrieval strength). */
const SECTION_VOTE = 0.15;
/** How many sections retrieval offers before the intent reorders them, and how much a section on the intent's topic gains. */
const RERANK_POOL = 6;
const TOPIC_BOOST = 0.4;
/** Money a visitor owes or must pay. */
const MONEY_OWED = /\b(?:pay|paying|owe|owed|owing|debts?|bills?|payments?|loans?|rent|mortgage|instalments?|installments?|arrears)\b/i;
/** The thesaurus concept (lexicon.ts) that a policy's intent for customers who cannot pay carries in its words. */
const HARDSHIP = 'hardship';
/** Retrieval at least this strong names the intent when the classifier finds none. */
const TOPIC_FALLBACK_STRENGTH = 0.6;
/**
 * A request for a person names its topic only with this much evidence beyond the request itself (the intent
 * reader's mean score). 0.45 suited the old index's scores; on the pooled eight companies 0.6 read 0.744 of
 * intents against 0.738, as the sets' writers mostly leave a request's intent empty.
 */
const PERSON_TOPIC_MIN = 0.6;

export class Router {
  readonly #policy: Policy;
  readonly #index: Index;
  readonly #classifier: IntentReader;
  readonly #topics: SectionTopics;
  /** The policy's own words (names, descriptions, examples): what a question is about, as opposed to its specifics. */
  readonly #topical: Set<string>;
  readonly #safetyExamples: Partial<Record<SafetyCategory, string[]>>;
  readonly #acts: ActsModel;

  /** `intents`: the policy's trained intent model (a worker trains it for the server); absent, it comes from the disk cache or is trained here. */
  constructor(articles: readonly Article[], policy: Policy, intents?: ClassifierData) {
    this.#policy = policy;
    const vectors = wordVectors();
    this.#index = new Index(articles, vectors);
    const model = new IntentModel(intents ?? intentModelData(policy, articles, vectors), vectors, policy);
    this.#classifier = new IntentReader(model, new IntentClassifier(policy));
    this.#topical = new Set(policy.intents.flatMap((i) => terms(`${i.name.replace(/_/g, ' ')} ${i.description ?? ''} ${i.examples.join(' ')}`)));
    this.#topics = new SectionTopics(articles, policy, this.#classifier, this.#index);
    this.#acts = actsModel();

    this.#safetyExamples = Object.fromEntries(policy.intents.filter((i) => i.mode === 'urgent').map((i) => [i.name, i.examples]));
  }

  /**
   * The message's intent. A flagged message and a request for a person are read
   * without the words that made them so; a short follow-up ("ok and does that
   * cost anything?") carries its topic from the visitor's earlier message when
   * it says too little on its own.
   */
  #intent(turns: readonly Turn[], text: string, hits: readonly Hit[], safety: readonly SafetyHit[], act: Act | null) {
    const earlier = turns.slice(0, -1).findLast((t) => t.role === 'user');
    if (safety.length > 0) {
      // A threat or a cry for help is routed by its flag; its topic is what the rest of the message says
      // ("...I'll never be able to pay this back"), read without the flagged words and without passages they retrieved.
      const flaggedWords = new Set(safety.flatMap((h) => words(h.evidence)));
      const rest = words(text).filter((w) => !flaggedWords.has(w)).join(' ');
      // Despair about what one owes is financial hardship, whatever words carry it: the policy's hardship intent, if it has one.
      const despairOverMoney = safety.some((h) => h.category === 'self_harm') && MONEY_OWED.test(text);
      return (despairOverMoney ? (this.#classifier.rank(HARDSHIP)[0] ?? null) : null) ?? this.#classify(rest, []);
    }
    if (act === 'person') {
      // "Can I speak to someone?" is about nothing yet: only what is left once the request is out names a topic,
      // and it must say so clearly; otherwise the topic is the conversation's so far, or none.
      const topic = this.#classify(withoutPersonRequest(text), hits);
      if (topic && topic.score >= PERSON_TOPIC_MIN) return topic;
      return earlier ? this.#classify(earlier.text, this.#index.search(earlier.text, 3)) : null;
    }
    const own = this.#classify(text, hits);
    if (!earlier || terms(text).length > FOLLOW_UP_TERMS) return own;
    const withContext = this.#classify(`${earlier.text} ${text}`, hits);
    return withContext && withContext.score > (own?.score ?? 0) ? withContext : own;
  }

  /** The classifier's ranking, with a vote from the sections the message retrieved, each for its topic. */
  #classify(text: string, hits: readonly Hit[]): IntentMatch | null {
    const ranked = this.#classifier.rank(text);
    const top = hits[0];
    if (top) {
      const total = hits.reduce((n, h) => n + h.score, 0);
      const strength = retrievalConfidence(top);
      for (const h of hits) {
        const topic = this.#topics.of(h.section);
        if (!topic) continue;
        const vote = (SECTION_VOTE * strength * h.score) / total;
        const found = ranked.find((r) => r.name === topic);
        if (found) found.score = Math.min(1, found.score + vote);
        else ranked.push({ name: topic, score: vote });
      }
      ranked.sort((a, b) => b.score - a.score);
    }
    const best = ranked[0];
    const floor = this.#classifier.threshold;
    if (best && this.#classifier.fits(text)) return best;
    // The policy's words do not reach the message ("blender arrived smashed") but the knowledge base answers it
    // clearly: the intent is the topic of the section it lands on, at the lowest score an intent can have.
    const topic = top && retrievalConfidence(top) >= TOPIC_FALLBACK_STRENGTH ? this.#topics.of(top.section) : null;
    return topic ? { name: topic, score: floor } : null;
  }

  /**
   * Everything about a visitor message that does not depend on the draft:
   * safety flags, small talk, intent, retrieved passages, amounts, requests.
   */
  analyse(turns: readonly Turn[], frustration = 0): Analysis {
    const text = turns.at(-1)?.text ?? '';
    const safety = detectSafety(text, this.#safetyExamples);
    const flags = [...new Set(safety.map((h) => h.category))];
    const act = this.#acts.of(text);
    // A greeting or a closing needs no knowledge, unless it carries a flag: "thanks, I'm going to court" is not a thank-you.
    const talk = safety.length === 0 ? smallTalkOf(act) : null;
    const found = talk ? [] : this.#index.search(text, RERANK_POOL);
    const intent = talk ? null : this.#intent(turns, text, found.slice(0, 3), safety, act);
    // The intent knows what the policy's examples say the message is about; sections on that topic move up.
    const onTopic = intent ? found.map((h) => (this.#topics.of(h.section) === intent.name ? { ...h, score: h.score * (1 + TOPIC_BOOST) } : h)) : found;
    const hits = preferAnswerType(text, onTopic.sort((a, b) => b.score - a.score).slice(0, 3));
    const best = hits[0];
    const passages: Passage[] = hits.map((h) => ({
      article: h.section.article,
      title: h.section.title,
      section: h.section.heading,
      text: h.section.text,
      score: Math.round(h.normalised * 1000) / 1000,
    }));
    const graded = talk ? null : features(this.#index, text, hits, intent?.score ?? 0, this.#topical);
    const evidence = graded ? grade(graded) : SMALL_TALK_CONFIDENCE;
    return {
      text,
      flags,
      act,
      talk,
      intent,
      passages,
      evidence,
      features: graded,
      amount: largestAmount(text),
      personRequested: act === 'person',
      // "That's not what I asked" right after a reply says the reply did not resolve it, like asking again.
      repeatUnresolved: repeatsUnresolved(turns) || (act === 'complaint' && turns.at(-2)?.role === 'assistant'),
      frustration,
    };
  }

  /** The offline draft: small-talk reply, or the best section quoted with its source. */
  offlineDraft(analysis: Analysis): Draft {
    if (analysis.talk) return { text: SMALL_TALK_REPLIES[analysis.talk], confidence: analysis.evidence, verbatim: true };
    const best = analysis.passages[0];
    if (!best) return { text: null, confidence: 0, verbatim: true };
    const body = excerpt(best.text, MAX_ANSWER_CHARS);
    // A verbatim quote is supported by definition; anything else is checked for claims.
    const verbatim = best.text.includes(body.replace(/ …$/, ''));
    return { text: `${body}\n\n(From “${best.title} › ${best.section}”)`, body, confidence: analysis.evidence, verbatim };
  }

  /**
   * The route the policy gives whatever the draft says (safety, a person asked
   * for, frustration, a human intent, an amount, a repeat), or null when the draft's
   * confidence and claims decide. The LLM path calls the model only on null.
   */
  settled(analysis: Analysis): Decided | null {
    const decided = this.#policyRoute(analysis, 1, [], false);
    return decided.route === 'answer' ? null : decided;
  }

  /**
   * The decision for one draft: its claims are checked against the passage it rests on, then the policy decides.
   * `upstreamError`: the model failed to write its reply, and `draft` is the offline one, shown to the agent only.
   */
  decide(analysis: Analysis, draft: Draft, upstreamError = false): Routed {
    const best = analysis.passages[0];
    const checked = draft.body ?? draft.text;
    // Every number, price, date, duration and link in the draft must stand in the passages it rests on.
    const unsupported = !analysis.talk && best && checked !== null && !draft.verbatim ? unsupportedClaims(checked, analysis.passages.map((p) => p.text)) : [];
    const { route, reason } = this.#policyRoute(analysis, draft.confidence, unsupported, upstreamError);
    return {
      route,
      reason,
      reply: route === 'answer' ? draft.text : null,
      draft: draft.text,
      passages: route === 'answer' ? analysis.passages.slice(0, 1) : analysis.passages,
      confidence: draft.confidence,
      intent: analysis.intent,
      flags: analysis.flags,
      unsupportedClaims: unsupported,
      article: best?.article ?? null,
    };
  }

  route(turns: readonly Turn[], frustration = 0): Routed {
    const analysis = this.analyse(turns, frustration);
    return this.decide(analysis, this.offlineDraft(analysis));
  }

  #policyRoute(analysis: Analysis, confidence: number, unsupported: string[], upstreamError: boolean): Decided {
    return decideRoute(this.#policy, {
      intent: intentByName(this.#policy, analysis.intent?.name ?? null),
      confidence,
      flags: analysis.flags,
      amount: analysis.amount,
      personRequested: analysis.personRequested,
      repeatUnresolved: analysis.repeatUnresolved,
      unsupportedClaims: unsupported,
      frustration: analysis.frustration,
      upstreamError,
    });
  }
}
