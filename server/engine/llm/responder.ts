/**
 * The LLM responder: a retrieval-augmented draft answer, streamed. It returns a
 * draft or a stable error code and nothing else; whether the draft reaches the
 * visitor (confidence, unsupported claims, safety) is the router's call.
 */
import type { Passage } from '../../../shared/model.ts';
import type { Turn } from '../assistant.ts';
import { createLlmClient, type LlmClient, type LlmClientOptions, type LlmError } from './client.ts';
import { buildAnswerMessages } from './prompts.ts';

export type LlmDraft = { ok: true; text: string; logprobs: number[] | null } | { ok: false; error: LlmError };
export type LlmSamples = { ok: true; texts: string[] } | { ok: false; error: LlmError };

export interface DraftInput {
  /** The visitor message to answer. */
  question: string;
  /** The conversation so far, oldest first (a last visitor turn equal to `question` is fine). */
  turns: Turn[];
  /** Retrieved knowledge, best first. */
  passages: Passage[];
}

export interface LlmResponderOptions extends LlmClientOptions {
  /** Ask for token logprobs (confidence). Turn off for endpoints that refuse them; use `samples`. Default true. */
  logprobs?: boolean;
  /** Sent only when set: some models accept only their default. */
  temperature?: number;
  /** Sent as `max_completion_tokens` only when set. A draft that hits it is `cut`. */
  maxTokens?: number;
  /** Earlier turns sent with the question. Default 10. */
  maxHistoryTurns?: number;
  /** Temperature for `samples`; unset leaves the endpoint default (1 on OpenAI), which gives the spread agreement needs. */
  sampleTemperature?: number;
}

export interface LlmResponder {
  /** The client underneath, for `llmSafetyCheck` on the same endpoint and limits. */
  readonly client: LlmClient;
  /**
   * Streams the answer to `onToken` as it comes. Tokens already streamed are not
   * an answer: only `ok: true` is. On any failure the partial text is dropped.
   */
  draft(input: DraftInput, onToken?: (token: string) => void, signal?: AbortSignal): Promise<LlmDraft>;
  /** `n` answers in one non-streaming call, for `sampleAgreement` where logprobs are missing. */
  samples(input: DraftInput, n: number, signal?: AbortSignal): Promise<LlmSamples>;
}

export function createLlmResponder(options: LlmResponderOptions): LlmResponder {
  const client = createLlmClient(options);
  const promptOptions = options.maxHistoryTurns !== undefined ? { maxHistoryTurns: options.maxHistoryTurns } : {};
  const tuning = {
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
  };

  return {
    client,
    draft(input, onToken, signal) {
      const messages = buildAnswerMessages(input, promptOptions);
      return client.stream({ op: 'draft', messages, logprobs: options.logprobs ?? true, ...tuning }, onToken, signal);
    },
    samples(input, n, signal) {
      const messages = buildAnswerMessages(input, promptOptions);
      return client.complete(
        {
          op: 'samples',
          messages,
          n,
          ...(options.sampleTemperature !== undefined ? { temperature: options.sampleTemperature } : {}),
          ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
        },
        signal,
      );
    },
  };
}
