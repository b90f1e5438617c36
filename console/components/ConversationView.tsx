/**
 * The open conversation: header, actions, transcript, who is typing, the
 * assistant's draft and the reply box; beside it the internal notes and the
 * handoff pack.
 */
import { useConsole } from '../context.ts';
import type { CurrentConversation } from '../conversation.ts';
import { allowedActions } from '../permissions.ts';
import { ActionBar } from './ActionBar.tsx';
import { Composer } from './Composer.tsx';
import { ConversationHeader } from './ConversationHeader.tsx';
import { DraftEditor } from './DraftEditor.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { PackPanel } from './PackPanel.tsx';
import { Transcript } from './Transcript.tsx';
import { TypingLine } from './TypingLine.tsx';

export function ConversationView() {
  const current = useConsole((s) => s.current);
  const agentId = useConsole((s) => s.agent?.id ?? null);
  const draftDone = useConsole((s) => (s.current ? s.drafts[s.current.id] : undefined));
  if (!current) {
    return (
      <section class="conversation placeholder">
        <p class="muted">Pick a conversation from the queue.</p>
      </section>
    );
  }
  const allowed = allowedActions(current.summary, agentId);
  const holds = current.summary?.state === 'human' && current.summary.assignee?.id === agentId;
  const draftSent = draftDone !== undefined && draftDone.at === current.pack?.at && draftDone.done !== null && draftDone.done.clientId !== null;
  return (
    <>
      <section class="conversation" data-testid="console-conversation" data-id={current.id} data-state={current.summary?.state}>
        <ConversationHeader id={current.id} summary={current.summary} />
        <ActionBar allowed={allowed} canTransfer={holds} />
        <Transcript entries={current.entries} pending={current.pending} />
        <TypingLine typing={current.typing} />
        <DraftEditor key={current.id} conversationId={current.id} canSend={allowed.reply} hint={replyHint(current)} />
        {/* Keyed by conversation so a half-written reply never lands in another one. */}
        <Composer key={current.id} enabled={allowed.reply} hint={replyHint(current)} />
      </section>
      <div class="side">
        <NotesPanel key={current.id} notes={current.notes} pending={current.pendingNotes} />
        <PackPanel pack={current.pack} loaded={current.loaded} visitor={current.summary?.visitor} draftSent={draftSent} />
      </div>
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
