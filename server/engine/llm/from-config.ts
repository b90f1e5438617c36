/**
 * The responder for a configured endpoint. The server and the eval's `--llm`
 * both build it here, so every OPENAI_* setting reaches both the same way.
 */
import type { LlmConfig } from '../../config.ts';
import type { LlmLogEvent } from './client.ts';
import { createLlmResponder, type LlmResponder } from './responder.ts';

export function responderFromConfig(llm: LlmConfig, log: (event: LlmLogEvent) => void): LlmResponder {
  // Named one by one rather than spread: a new config field is passed on deliberately, not by accident.
  const { apiKey, baseURL, model, timeoutMs, logprobs } = llm;
  return createLlmResponder({ apiKey, baseURL, model, timeoutMs, logprobs, log });
}
