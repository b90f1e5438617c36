/** Who is signed in, the connection, whether we take new conversations, and the way out. */
import { useConsole, useController } from '../context.ts';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { PresenceControl } from './PresenceControl.tsx';

export function TopBar() {
  const controller = useController();
  const agent = useConsole((s) => s.agent);
  return (
    <header class="topbar">
      <strong class="brand">Baton console</strong>
      <ConnectionBadge />
      <span class="agent-name" data-testid="console-agent">
        {agent?.name}
      </span>
      <PresenceControl />
      <button type="button" class="secondary" data-testid="console-signout" onClick={() => void controller.signOut()}>
        Sign out
      </button>
    </header>
  );
}
