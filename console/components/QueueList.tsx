/**
 * The conversations the server lists for agents, grouped by state, each group
 * in the server's order (waiting: urgent, then frustrated, then longest wait).
 */
import { useConsole, useController } from '../context.ts';
import { groupQueue } from '../queue-groups.ts';
import { useNow } from '../use-now.ts';
import { QueueItem } from './QueueItem.tsx';

export function QueueList() {
  const controller = useController();
  const queue = useConsole((s) => s.queue);
  const currentId = useConsole((s) => s.current?.id ?? null);
  // Waiting times count in seconds.
  const now = useNow(1_000);
  const groups = groupQueue(queue);
  const waiting = groups.find((g) => g.state === 'queued')?.rows.length ?? 0;
  return (
    <nav class="queue" aria-label="Conversations" data-testid="console-queue">
      <h2>Queue ({waiting} waiting)</h2>
      {groups.length === 0 ? (
        <p class="empty">No conversations right now.</p>
      ) : (
        groups.map((group) => (
          <section key={group.state} class={`queue-group group-${group.state}`} data-testid="console-queue-group" data-group={group.state}>
            <h3>
              {group.title} <span class="count">{group.rows.length}</span>
            </h3>
            <ul>
              {group.rows.map(({ summary, position }) => (
                <QueueItem
                  key={summary.id}
                  summary={summary}
                  position={position}
                  selected={summary.id === currentId}
                  now={now}
                  onOpen={controller.open}
                />
              ))}
            </ul>
          </section>
        ))
      )}
    </nav>
  );
}
