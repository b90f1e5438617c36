/**
 * The assistant with an OpenAI-compatible model writing the reply. The router
 * keeps every rule (safety floor, policy, claims check); the model only drafts,
 * adds its reading of the safety floor, and gives a confidence. Whatever fails
 * upstream, the visitor gets no partial answer: the conversation goes to a
 * person with the offline draft in the pack.
 */
import type { SafetyCategory } from '../../shared/codes.ts';
import type { Decision } from '../../shared/model.ts';
import type { Assistant, AssistantInput, ReplyStream } from './assistant.ts';
import type { Article } from './knowledge.ts';
import { confidenceFromLogprobs, llmSafetyCheck, mergeFlags, sampleAgreement } from './llm/judge.ts';
import type { DraftInput, LlmResponder } from './llm/responder.ts';
import type { Policy } from './policy.ts';
import type { ClassifierData } from './ml/classifier.ts';
import { Router, type Analysis, type Decided } from './router.ts';

export interface LlmAssistantOptions {
  /** Answers sampled for agreement when the endpoint sends no logprobs. Default 3. */
  samples?: number;
  /** The policy's trained intent model, when a worker trained it; absent, the router gets it itself. */
  intents?: ClassifierData;
}

export class LlmAssistant implements Assistant {
  readonly #router: Router;
  readonly #responder: LlmResponder;
  readonly #samples: number;
  readonly policy: Policy;

  constructor(articles: readonly Article[], policy: Policy, responder: LlmResponder, options: LlmAssistantOptions = {}) {
    this.#router = new Router(articles, policy, options.intents);
    this.policy = policy;
    this.#responder = responder;
    this.#samples = options.samples ?? 3;
    if (!Number.isInteger(this.#samples) || this.#samples < 2) throw new RangeError(`samples: must be an integer of at least 2, got ${this.#samples}`);
  }

  async decide(input: AssistantInput, stream?: ReplyStream, signal?: AbortSignal): Promise<Decision> {
    const analysis = this.#router.analyse(input.turns, input.frustration);
    const blocked = this.#blocked(analysis);
    // The rule floor already routes it urgent: a person now, not after a model call that may hang until its
    // timeout (the model could only add a category; it can never lower the route).
    if (blocked && analysis.flags.length > 0) return this.#handOver(analysis, blocked);
    // Asked alongside the draft: the model may raise the floor, never lower it.
    const modelFlags = this.#safety(analysis.text, signal);
    if (blocked) {
      const merged = withFlags(analysis, await modelFlags);
      return this.#handOver(merged, this.#router.settled(merged) ?? blocked);
    }

    // Tokens wait until the safety check is in: text written for a message the
    // model flags (self-harm, say) must never reach the visitor, even provisionally.
    const gate = tokenGate(stream);
    const stop = new AbortController();
    // The caller's cancel (a person was asked for) stops the model call too: no tokens, no cost.
    signal?.addEventListener('abort', () => stop.abort(), { once: true });
    const draftInput: DraftInput = { question: analysis.text, turns: [...input.turns], passages: analysis.passages };
    const drafting = this.#responder.draft(draftInput, gate.push, stop.signal);
    // Awaited below; this keeps a rejection (a throwing stream callback) from counting as unhandled meanwhile.
    drafting.catch(() => undefined);

    const merged = withFlags(analysis, await modelFlags);
    const settled = this.#router.settled(merged);
    if (settled) {
      stop.abort();
      await drafting;
      return this.#handOver(merged, settled);
    }
    gate.open();

    const draft = await drafting;
    if (!draft.ok) return this.#upstreamFailed(merged);
    const judged = draft.logprobs ? confidenceFromLogprobs(draft.logprobs) : await this.#agreement(draftInput, draft.text, stop.signal);
    if (judged === null) return this.#upstreamFailed(merged);
    // Conservative on purpose: the model's confidence in its wording says nothing
    // about whether the knowledge base holds the answer (a fluent guess scores
    // high), and retrieval evidence says nothing about the wording. A reply goes
    // out only when both clear the bar, so the lower of the two decides.
    const confidence = Math.min(judged, analysis.evidence);
    const { article: _article, ...decision } = this.#router.decide(merged, { text: draft.text, confidence, verbatim: false });
    return decision;
  }

  /**
   * Why no model draft could be sent, before asking for one: the route holds
   * whatever the draft says (settled), or even a perfectly confident draft would
   * sit above the retrieval evidence it is capped by. Then no reply is drafted,
   * so the visitor never watches text appear that must be withdrawn.
   */
  #blocked(analysis: Analysis): Decided | null {
    const settled = this.#router.settled(analysis);
    if (settled) return settled;
    const best = this.#router.decide(analysis, { text: null, confidence: analysis.evidence, verbatim: true });
    return best.route === 'answer' ? null : { route: best.route, reason: best.reason };
  }

  /** A hand-over that still shows the agent something: the offline draft, and every passage retrieved. */
  #handOver(analysis: Analysis, decided: Decided): Decision {
    const { article: _article, ...offline } = this.#router.decide(analysis, this.#router.offlineDraft(analysis));
    return { ...offline, route: decided.route, reason: decided.reason, reply: null, passages: analysis.passages };
  }

  /** The model failed: the policy's order gives the reason (upstream_error, unless something it ranks higher holds). */
  #upstreamFailed(analysis: Analysis): Decision {
    const { article: _article, ...decision } = this.#router.decide(analysis, this.#router.offlineDraft(analysis), true);
    return { ...decision, passages: analysis.passages };
  }

  /** Agreement of the streamed answer with fresh samples (self-consistency); null when sampling failed. */
  async #agreement(input: DraftInput, text: string, signal: AbortSignal): Promise<number | null> {
    const sampled = await this.#responder.samples(input, this.#samples, signal);
    return sampled.ok ? sampleAgreement([text, ...sampled.texts]) : null;
  }

  /** The model's safety categories; none when the check fails, so the rule flags stand alone. */
  #safety(text: string, signal: AbortSignal | undefined): Promise<SafetyCategory[]> {
    return llmSafetyCheck(this.#responder.client, text, signal).catch(() => []);
  }
}

function withFlags(analysis: Analysis, modelFlags: readonly SafetyCategory[]): Analysis {
  return { ...analysis, flags: mergeFlags(analysis.flags, modelFlags) };
}

/** Holds tokens until opened, then passes the held ones and every later one through, in order. */
function tokenGate(stream: ReplyStream | undefined): { push: (token: string) => void; open: () => void } {
  let held: string[] | null = [];
  return {
    push(token) {
      if (held) held.push(token);
      else stream?.onToken(token);
    },
    open() {
      const waiting = held ?? [];
      held = null;
      for (const token of waiting) stream?.onToken(token);
    },
  };
}
