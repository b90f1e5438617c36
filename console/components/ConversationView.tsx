/** The open conversation: header, actions, transcript and composer, beside its handoff pack. */
import { useConsole } from '../context.ts';
import type { CurrentConversation } from '../conversation.ts';
import { allowedActions } from '../permissions.ts';
import { ActionBar } from './ActionBar.tsx';
import { Composer } from './Composer.tsx';
import { ConversationHeader } from './ConversationHeader.tsx';
import { PackPanel } from './PackPanel.tsx';
import { Transcript } from './Transcript.tsx';

export function ConversationView() {
  const current = useConsole((s) => s.current);
  const agentId = useConsole((s) => s.agent?.id ?? null);
  if (!current) {
    return (
      <section class="conversation placeholder">
        <p class="muted">Pick a conversation from the queue.</p>
      </section>
    );
  }
  const allowed = allowedActions(current.summary, agentId);
  return (
    <>
      <section class="conversation" data-testid="console-conversation" data-id={current.id} data-state={current.summary?.state}>
        <ConversationHeader id={current.id} summary={current.summary} />
        <ActionBar allowed={allowed} />
        <Transcript entries={current.entries} pending={current.pending} />
        {/* Keyed by conversation so a half-written reply never lands in another one. */}
        <Composer key={current.id} enabled={allowed.reply} hint={replyHint(current)} />
      </section>
      <PackPanel pack={current.pack} loaded={current.loaded} visitor={current.summary?.visitor} />
    </>
  );
}

function replyHint(current: CurrentConversation): string {
  const summary = current.summary;
  if (!summary) return 'Loading…';
  if (summary.state === 'resolved') return 'This conversation is resolved.';
  if (summary.assignee) return `${summary.assignee.name} is handling this conversation.`;
  return '';
}
