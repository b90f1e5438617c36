/**
 * Pure rules for the open conversation: what the highest shown seq is and how
 * a state entry changes the summary. Entries merge by the rule the widget uses
 * too (client/entries.ts). The store applies them; tests exercise them through the store.
 */
import type { ConversationSummary, Entry, HandoffPack, Note } from '../shared/model.ts';
import { mergeEntry } from '../client/entries.ts';

/** An agent reply sent but not yet back from the server as an entry. */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  text: string;
  at: number;
}

/** An internal note sent but not yet back from the server (its `note` frame with the same clientId acks it). */
export interface PendingNote {
  clientId: string;
  conversationId: string;
  text: string;
  at: number;
}

/** Someone typing in the open conversation: the visitor, or another agent (by name). */
export interface TypingIndicator {
  /** 'visitor', or 'agent:' and the agent's name: one indicator per person. */
  key: string;
  who: 'visitor' | 'agent';
  name: string | null;
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
  /** Internal notes, oldest first, one per note id. */
  notes: Note[];
  /** Our notes still on their way. */
  pendingNotes: PendingNote[];
  typing: TypingIndicator[];
}

export function emptyConversation(
  id: string,
  summary: ConversationSummary | null,
  pending: PendingMessage[],
  pendingNotes: PendingNote[] = [],
): CurrentConversation {
  return { id, summary, pack: null, loaded: false, entries: [], pending, notes: [], pendingNotes, typing: [] };
}

export function typingKey(who: 'visitor' | 'agent', name: string | null | undefined): string {
  return who === 'visitor' ? 'visitor' : `agent:${name ?? ''}`;
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
  // A new message ends its author's "typing…" (the "stopped" frame may come later, or never).
  const typing = entries === current.entries ? current.typing : current.typing.filter((t) => !typedThis(t, entry));
  return { ...current, entries, pending, summary, typing };
}

function typedThis(indicator: TypingIndicator, entry: Entry): boolean {
  if (entry.kind !== 'message') return false;
  if (entry.role === 'visitor') return indicator.who === 'visitor';
  return entry.role === 'agent' && indicator.who === 'agent' && indicator.name === (entry.author ?? null);
}

/**
 * Notes merged by id, oldest first (by time, then id); the first copy of a note
 * wins. The same array comes back when nothing is new, so a repeat (the bus copy
 * and the author's ack of one note, or a reload) changes nothing.
 */
export function mergeNotes(notes: Note[], incoming: readonly Note[]): Note[] {
  const fresh = incoming.filter((n, i) => !notes.some((m) => m.id === n.id) && incoming.findIndex((m) => m.id === n.id) === i);
  if (fresh.length === 0) return notes;
  return [...notes, ...fresh].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The open conversation with these notes; a pending note of ours whose stored
 * copy is among them is shown once, as stored. `me` is the signed-in agent:
 * only our own notes clear our pending ones.
 */
export function withNotes(current: CurrentConversation, incoming: readonly Note[], me: string | null): CurrentConversation {
  const notes = mergeNotes(current.notes, incoming);
  const stored = new Set(incoming.filter((n) => me === null || n.agent.id === me).map((n) => n.clientId));
  const pendingNotes = current.pendingNotes.filter((p) => !stored.has(p.clientId));
  if (notes === current.notes && pendingNotes.length === current.pendingNotes.length) return current;
  return { ...current, notes, pendingNotes };
}

/** The open conversation with one person's typing indicator on or off; the same object when nothing changed. */
export function withTyping(current: CurrentConversation, indicator: TypingIndicator, on: boolean): CurrentConversation {
  const shown = current.typing.some((t) => t.key === indicator.key);
  if (shown === on) return current;
  const typing = on ? [...current.typing, indicator] : current.typing.filter((t) => t.key !== indicator.key);
  return { ...current, typing };
}
