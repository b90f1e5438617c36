/** What a state change says to the visitor; null when it says nothing. */
import type { StateEntry } from '../../shared/model.ts';

export function noticeText(entry: StateEntry): string | null {
  switch (entry.to) {
    case 'queued':
      return 'Waiting for a person…';
    case 'human':
      return `${entry.agent?.name ?? 'A person'} joined`;
    case 'resolved':
      return 'Conversation resolved';
    case 'offline':
      return 'Nobody is available right now';
    case 'bot':
      // resolved -> bot (the visitor wrote again) needs no announcement.
      return entry.from === 'queued' || entry.from === 'human' || entry.from === 'offline' ? "You're back with the assistant" : null;
  }
}
