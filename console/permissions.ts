/**
 * Which actions fit a conversation's state, mirroring the server's state
 * machine (ARCHITECTURE.md) so buttons are disabled rather than refused.
 * The server still decides; a race ends in an error frame, shown to the agent.
 */
import type { ConversationSummary } from '../shared/model.ts';

export interface Allowed {
  claim: boolean;
  resolve: boolean;
  handback: boolean;
  reply: boolean;
}

const NONE: Allowed = { claim: false, resolve: false, handback: false, reply: false };

export function allowedActions(summary: ConversationSummary | null, agentId: string | null): Allowed {
  if (!summary) return NONE;
  const heldByOther = summary.assignee !== null && summary.assignee.id !== agentId;
  switch (summary.state) {
    case 'bot':
      return { claim: true, resolve: false, handback: false, reply: true };
    case 'queued':
      // server/handoff/machine.ts also lets a queued conversation be resolved (e.g. spam).
      return { claim: true, resolve: true, handback: true, reply: true };
    case 'human':
      return { claim: false, resolve: !heldByOther, handback: !heldByOther, reply: !heldByOther };
    case 'offline':
      // Nobody was there: an agent follows up (claim), or closes it.
      return { claim: true, resolve: true, handback: true, reply: true };
    case 'resolved':
      return NONE;
  }
}
