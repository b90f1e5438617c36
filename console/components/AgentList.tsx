/** Who else is there: each agent's presence and how many conversations they hold of their maximum. */
import { formatLoad } from '../agents.ts';
import { useConsole } from '../context.ts';

const LABELS = { online: 'online', away: 'away', offline: 'offline' } as const;

export function AgentList() {
  const agents = useConsole((s) => s.agents);
  const me = useConsole((s) => s.agent?.id ?? null);
  return (
    <section class="agents" data-testid="console-agents" aria-label="Agents">
      <h2>Agents</h2>
      {agents.length === 0 ? (
        <p class="empty">Nobody listed yet.</p>
      ) : (
        <ul>
          {agents.map((a) => (
            <li key={a.id} class={`agent-row presence-${a.status}`} data-testid="console-agent-row" data-agent-id={a.id} data-status={a.status}>
              <span class="dot" aria-hidden="true" />
              <span class="agent-row-name">
                {a.name}
                {a.id === me && <span class="muted"> (you)</span>}
              </span>
              <span class="muted">{LABELS[a.status]}</span>
              <span class="load" title={`Holds ${a.active} of at most ${a.max} conversations`}>
                {formatLoad(a)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
