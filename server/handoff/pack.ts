/** The warm-handoff pack: what an agent sees the moment a conversation reaches the queue. */
import type { TriggerReason } from '../../shared/codes.ts';
import type { Decision, Frustration, HandoffPack, VisitorFacts } from '../../shared/model.ts';

export function buildPack(
  reason: TriggerReason,
  decision: Decision | null,
  visitor: VisitorFacts,
  at: number,
  frustration: Frustration | null,
  earlierConversations = 0,
): HandoffPack {
  return {
    reason,
    at,
    route: decision?.route === 'urgent' ? 'urgent' : 'escalate',
    intent: decision?.intent ?? null,
    confidence: decision ? decision.confidence : null,
    draft: decision?.draft ?? null,
    passages: decision?.passages ?? [],
    unsupportedClaims: decision?.unsupportedClaims ?? [],
    flags: decision?.flags ?? [],
    visitor,
    frustration,
    earlierConversations,
  };
}
