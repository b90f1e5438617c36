/** The signed-in screen: top bar, queue and agents, and the open conversation. */
import { AgentList } from './AgentList.tsx';
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
        <div class="left">
          <QueueList />
          <AgentList />
        </div>
        <ConversationView />
      </div>
    </div>
  );
}
