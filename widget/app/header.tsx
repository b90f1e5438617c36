/** Title (who the visitor is talking to, or the site's name), connection status and the close button. */
import type { ConnectionStatus } from '../../client/connection.ts';
import { panelTitle, type WidgetStore } from '../store.ts';
import { useStore } from './use-store.ts';

const STATUS_TEXT: Record<ConnectionStatus, string> = { connecting: 'Connecting…', online: 'Online', offline: 'Offline' };

export function Header({ store, onClose }: { store: WidgetStore; onClose: () => void }) {
  const status = useStore(store, (s) => s.status);
  const title = useStore(store, panelTitle);
  return (
    <header class="header">
      <div class="title">
        <strong id="baton-title" data-testid="baton-title">
          {title}
        </strong>
        <span class="status" data-testid="baton-status" data-status={status}>
          {STATUS_TEXT[status]}
        </span>
      </div>
      <button type="button" class="close" data-testid="baton-close" aria-label="Close chat" onClick={onClose}>
        ×
      </button>
    </header>
  );
}
