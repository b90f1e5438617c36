/**
 * Replay then follow one conversation's log: subscribe first and hold live
 * entries while replaying from storage, so nothing falls between the two and
 * nothing is sent twice. Returns the unsubscribe function.
 */
import type { Entry } from '../../shared/model.ts';
import { topics, type Bus } from '../bus/types.ts';
import type { ConversationLog } from '../handoff/conversation-log.ts';

export async function follow(
  bus: Bus,
  log: ConversationLog,
  conversationId: string,
  afterSeq: number,
  /** Entries read from storage at a time (config.limits.resumeBatch). */
  batchSize: number,
  deliver: (entry: Entry) => void,
): Promise<() => void> {
  let last = afterSeq;
  let held: Entry[] | null = [];
  const emit = (entry: Entry) => {
    if (entry.seq <= last) return;
    last = entry.seq;
    deliver(entry);
  };
  const unsubscribe = bus.subscribe(topics.conversation(conversationId), (message) => {
    if (message.kind !== 'entry') return;
    if (held) held.push(message.entry);
    else emit(message.entry);
  });
  try {
    for (;;) {
      const batch = await log.entriesAfter(conversationId, last, batchSize);
      for (const entry of batch) emit(entry);
      if (batch.length < batchSize) break;
    }
  } catch (error) {
    unsubscribe();
    throw error;
  }
  const pending: Entry[] = held;
  held = null;
  for (const entry of pending.sort((a, b) => a.seq - b.seq)) emit(entry);
  return unsubscribe;
}
