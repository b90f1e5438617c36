/** The conversations the server lists for agents, in the server's order (urgent and oldest first). */
import { useConsole, useController } from '../context.ts';
import { useNow } from '../use-now.ts';
import { QueueItem } from './QueueItem.tsx';

export function QueueList() {
  const controller = useController();
  const queue = useConsole((s) => s.queue);
  const currentId = useConsole((s) => s.current?.id ?? null);
  const now = useNow(15_000);
  return (
    <nav class="queue" aria-label="Conversations" data-testid="console-queue">
      <h2>Queue ({queue.filter((c) => c.state === 'queued').length} waiting)</h2>
      {queue.length === 0 ? (
        <p class="empty">No conversations right now.</p>
      ) : (
        <ul>
          {queue.map((summary) => (
            <QueueItem key={summary.id} summary={summary} selected={summary.id === currentId} now={now} onOpen={controller.open} />
          ))}
        </ul>
      )}
    </nav>
  );
}
