/** The signed-in screen: top bar, queue, and the open conversation. */
import { ConversationView } from './ConversationView.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { QueueList } from './QueueList.tsx';
import { TopBar } from './TopBar.tsx';

export function Workspace() {
  return (
    <div class="workspace">
      <TopBar />
      <ErrorBanner />
      <div class="panes">
        <QueueList />
        <ConversationView />
      </div>
    </div>
  );
}
