/** What the conversation's state says to the visitor: its changes (null when one says nothing) and the wait. */
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

/** The queue place and the estimate, rounded up to whole minutes: "You're number 2 in the queue · about 3 min". */
export function waitText({ position, etaMs }: { position: number; etaMs: number | null }): string {
  const place = `You're number ${position} in the queue`;
  if (etaMs === null) return place; // nobody online to estimate from: no guess
  return `${place} · ${etaMs < 60_000 ? 'less than a minute' : `about ${Math.ceil(etaMs / 60_000)} min`}`;
}
