/**
 * The routing cases through an assistant (the LLM one, for `--llm`), as the
 * `--out` lines report them. The offline router answers synchronously
 * (`routeCases`); an assistant behind a model is awaited.
 */
import type { Assistant } from '../engine/assistant.ts';
import type { RoutingCaseT } from './cases.ts';
import type { RoutingOutput } from './metrics.ts';

export async function decideCases(assistant: Assistant, cases: readonly RoutingCaseT[]): Promise<RoutingOutput[]> {
  const outputs: RoutingOutput[] = [];
  // One at a time on purpose: in parallel, the endpoint's rate limits and timeouts would become part of the figures.
  for (const c of cases) {
    const d = await assistant.decide({ turns: c.messages });
    outputs.push({ id: c.id, route: d.route, intent: d.intent?.name ?? null, confidence: d.confidence, flags: d.flags, article: d.passages[0]?.article ?? null });
  }
  return outputs;
}
