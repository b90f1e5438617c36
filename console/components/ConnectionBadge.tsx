/** Whether the agent socket is live; replies typed while offline wait in the outbox. */
import { useConsole } from '../context.ts';

const LABELS = { connecting: 'Connecting…', online: 'Online', offline: 'Offline, reconnecting' } as const;

export function ConnectionBadge() {
  const status = useConsole((s) => s.status);
  return (
    <span class={`status status-${status}`} data-testid="console-status" data-status={status} role="status">
      {LABELS[status]}
    </span>
  );
}
