/**
 * Pure rules for the open conversation: what the highest shown seq is and how
 * a state entry changes the summary. Entries merge by the rule the widget uses
 * too (widget/entries.ts). The store applies them; tests exercise them through the store.
 */
import type { ConversationSummary, Entry, HandoffPack } from '../shared/model.ts';
import { mergeEntry } from '../widget/entries.ts';

/** An agent reply sent but not yet back from the server as an entry. */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  text: string;
  at: number;
}

export interface CurrentConversation {
  id: string;
  /** From the queue at first, then from the `conversation` frame and state entries. */
  summary: ConversationSummary | null;
  pack: HandoffPack | null;
  /** The server's `conversation` frame arrived: `pack` null now means there is none. */
  loaded: boolean;
  /** Sorted by seq, one entry per seq. */
  entries: Entry[];
  pending: PendingMessage[];
}

export function emptyConversation(id: string, summary: ConversationSummary | null, pending: PendingMessage[]): CurrentConversation {
  return { id, summary, pack: null, loaded: false, entries: [], pending };
}

/** The highest seq shown; what `open` asks the server to replay after. */
export function lastShownSeq(current: CurrentConversation): number {
  return current.entries.at(-1)?.seq ?? 0;
}

/** A state entry newer than the summary moves the summary's state; any entry moves its lastSeq. */
export function summaryAfter(summary: ConversationSummary, entry: Entry): ConversationSummary {
  if (entry.seq <= summary.lastSeq) return summary;
  if (entry.kind !== 'state') return { ...summary, lastSeq: entry.seq, updatedAt: entry.at };
  return {
    ...summary,
    lastSeq: entry.seq,
    updatedAt: entry.at,
    state: entry.to,
    reason: entry.reason,
    // Handing back frees the conversation; a claim names its agent; resolving keeps the holder.
    assignee: entry.to === 'bot' ? null : (entry.agent ?? summary.assignee),
  };
}

/** The open conversation after one event; the same object when nothing changed. */
export function withEntry(current: CurrentConversation, entry: Entry): CurrentConversation {
  const entries = mergeEntry(current.entries, entry);
  const ownClientId = entry.kind === 'message' && entry.role === 'agent' ? entry.clientId : undefined;
  const pending = ownClientId === undefined ? current.pending : current.pending.filter((p) => p.clientId !== ownClientId);
  if (entries === current.entries && pending.length === current.pending.length) return current;
  const summary = current.summary && summaryAfter(current.summary, entry);
  return { ...current, entries, pending, summary };
}
