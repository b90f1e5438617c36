/**
 * The assistant seam: the gateway hands over the conversation and gets a
 * Decision in its final shape (reply or none, passages, confidence, route,
 * reason). Engines replace the inside; the gateway does not change.
 */
import type { Decision } from '../../shared/model.ts';
import type { Policy } from './policy.ts';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface AssistantInput {
  /** The conversation so far, oldest first; the last turn is the visitor message to route. */
  turns: readonly Turn[];
  /** The server's frustration score for the visitor (0..1); the policy's routing order weighs it with everything else. */
  frustration?: number;
}

/**
 * Where an assistant that writes its reply piece by piece reports the pieces.
 * They are provisional: only the Decision says whether the reply is sent.
 */
export interface ReplyStream {
  onToken(text: string): void;
}

/** When the visitor's frustration score offers a person, and when it hands over (the policy's `frustration` block). */
export interface FrustrationThresholds {
  offerHumanAt: number;
  handoffAt: number;
}

export interface Assistant {
  /** The site's policy: its frustration thresholds go to the widget at hello; its routing order decides without a reply too. */
  readonly policy: Policy;
  /**
   * `stream`, when given, hears the reply as it is written; assistants that do not stream ignore it.
   * `signal` aborts a reply being written (a person was asked for, or took over); the caller then ignores the Decision.
   */
  decide(input: AssistantInput, stream?: ReplyStream, signal?: AbortSignal): Promise<Decision>;
}
