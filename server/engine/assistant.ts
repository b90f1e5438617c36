/**
 * The assistant seam: the gateway hands over the conversation and gets a
 * Decision in its final shape (reply or none, passages, confidence, route,
 * reason). Engines replace the inside; the gateway does not change.
 */
import type { Decision } from '../../shared/model.ts';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface AssistantInput {
  /** The conversation so far, oldest first; the last turn is the visitor message to route. */
  turns: readonly Turn[];
}

export interface Assistant {
  decide(input: AssistantInput): Promise<Decision>;
}
