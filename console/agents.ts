/** Rules over the agents' presence list, pure so they are tested without a DOM. */
import type { AgentPresenceT } from '../shared/frames/server.ts';

/** Who the open conversation can go to: anyone else online with room (the server refuses the rest). */
export function transferTargets(agents: readonly AgentPresenceT[], me: string | null): AgentPresenceT[] {
  return agents.filter((a) => a.id !== me && a.status === 'online' && a.active < a.max);
}

/** "2/3": conversations held of the most allowed. */
export function formatLoad(agent: Pick<AgentPresenceT, 'active' | 'max'>): string {
  return `${agent.active}/${agent.max}`;
}
