/**
 * Internal notes: agents write them for each other; the visitor never sees
 * them. Ours show as pending until the server sends them back stored.
 */
import { useState } from 'preact/hooks';
import type { Note } from '../../shared/model.ts';
import type { PendingNote } from '../conversation.ts';
import { useController } from '../context.ts';
import { enterToSend } from './enter-to-send.ts';
import { formatTime } from '../format.ts';
import { RichText } from './RichText.tsx';

export function NotesPanel({ notes, pending }: { notes: Note[]; pending: PendingNote[] }) {
  const controller = useController();
  const [text, setText] = useState('');

  function send() {
    if (controller.sendNote(text)) setText('');
  }

  const { onKeyDown, onSubmit } = enterToSend(send);

  return (
    <section class="notes" data-testid="console-notes" aria-label="Internal notes">
      <h2>Internal notes</h2>
      <p class="notes-private">Only agents see notes — never the visitor.</p>
      <ol class="note-list">
        {notes.map((note) => (
          <li key={note.id} class="note" data-testid="console-note" data-note-id={note.id} data-client-id={note.clientId} data-pending="false">
            <div class="msg-meta">
              <span class="who">{note.agent.name}</span>
              <time dateTime={new Date(note.at).toISOString()}>{formatTime(note.at)}</time>
            </div>
            <RichText text={note.text} />
          </li>
        ))}
        {pending.map((note) => (
          <li key={note.clientId} class="note pending" data-testid="console-note" data-client-id={note.clientId} data-pending="true">
            <div class="msg-meta">
              <span class="who">You</span>
              <span class="muted">saving…</span>
            </div>
            <RichText text={note.text} />
          </li>
        ))}
        {notes.length === 0 && pending.length === 0 && <li class="empty">No notes yet.</li>}
      </ol>
      <form class="note-form" onSubmit={onSubmit}>
        <textarea
          data-testid="console-note-input"
          rows={2}
          placeholder="A note for other agents (Enter to add)"
          aria-label="Internal note (only agents see it)"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="secondary" data-testid="console-note-send" disabled={text.trim() === ''}>
          Add note
        </button>
      </form>
    </section>
  );
}
