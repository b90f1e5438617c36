/**
 * The widget's single source of state: a vanilla zustand store, no DOM, so
 * Node tests it directly and Preact reads it through app/use-store.ts.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConversationState } from '../shared/codes.ts';
import type { Entry } from '../shared/model.ts';
import type { ReplyStreamFrame } from '../shared/frames/server.ts';
import type { ConnectionStatus } from './transport/connection.ts';
import type { PendingMessage } from './session.ts';
import { mergeEntry } from './entries.ts';

export type { PendingMessage };

export interface WidgetState {
  open: boolean;
  status: ConnectionStatus;
  conversationId: string | null;
  convState: ConversationState;
  /** Sorted by seq, one per seq. */
  entries: Entry[];
  /** Sent by this visitor and not yet back as an entry. */
  pending: PendingMessage[];
  /** The person who owns the conversation, while one does. */
  agentName: string | null;
  /** "Talk to a person" pressed and not yet answered by a state change. */
  humanRequested: boolean;
  lastError: string | null;
  /** The site's public name, once fetched (the panel title). */
  siteName: string | null;
  /**
   * The assistant's reply while it is written: shown as in progress, never an
   * entry (so never saved, replayed or told to the page). `seq`: it was sent and
   * stored as that entry, and stays until the entry arrives to take its place.
   */
  provisional: { stream: string; text: string; seq?: number } | null;
  /** The detector's frustration score (0..1) and the policy's threshold for offering a person. */
  frustration: number;
  offerAt: number;
  /** The score when the visitor said "no thanks" to the offer: it comes back only if the score rises past it. */
  offerDeclinedAt: number;
}

export interface WidgetActions {
  setOpen(open: boolean): void;
  toggle(): void;
  setStatus(status: ConnectionStatus): void;
  welcome(conversationId: string, state: ConversationState): void;
  addEntry(entry: Entry): void;
  addPending(message: PendingMessage): void;
  dropPending(clientId: string): void;
  setHumanRequested(requested: boolean): void;
  setError(error: string | null): void;
  setSiteName(name: string): void;
  /** A reply_delta or reply_end frame. */
  replyStream(frame: ReplyStreamFrame): void;
  setFrustration(score: number, offerAt: number): void;
  declineOffer(): void;
  /** The conversation was replaced: forget its transcript (pending messages stay, they will be resent). */
  reset(): void;
}

export type WidgetStore = StoreApi<WidgetState & WidgetActions>;

const initial: WidgetState = {
  open: false,
  status: 'connecting',
  conversationId: null,
  convState: 'bot',
  entries: [],
  pending: [],
  agentName: null,
  humanRequested: false,
  lastError: null,
  siteName: null,
  provisional: null,
  frustration: 0,
  offerAt: 1,
  offerDeclinedAt: -1,
};

export function createWidgetStore(init: Partial<WidgetState> = {}): WidgetStore {
  return createStore<WidgetState & WidgetActions>()((set) => ({
    ...initial,
    ...init,
    setOpen: (open) => set({ open }),
    toggle: () => set((s) => ({ open: !s.open })),
    setStatus: (status) => set({ status }),
    welcome: (conversationId, convState) =>
      set((s) => ({
        conversationId,
        convState,
        // A request still in the outbox stays shown as made until a state change answers it.
        humanRequested: s.humanRequested && convState === 'bot',
        agentName: convState === 'human' ? s.agentName : null,
        // Pieces are not replayed: what was written before a reconnect would never be finished.
        provisional: null,
      })),
    addEntry: (entry) => set((s) => withEntry(s, entry)),
    addPending: (message) =>
      set((s) => (s.pending.some((p) => p.clientId === message.clientId) ? s : { pending: [...s.pending, message] })),
    dropPending: (clientId) => set((s) => ({ pending: s.pending.filter((p) => p.clientId !== clientId) })),
    setHumanRequested: (humanRequested) => set({ humanRequested }),
    setError: (lastError) => set({ lastError }),
    setSiteName: (siteName) => set({ siteName }),
    setFrustration: (frustration, offerAt) => set((s) => (s.frustration === frustration && s.offerAt === offerAt ? s : { frustration, offerAt })),
    declineOffer: () => set((s) => ({ offerDeclinedAt: s.frustration })),
    replyStream: (f) =>
      set((s) => {
        const mine = s.provisional?.stream === f.stream ? s.provisional : null;
        if (f.type === 'reply_delta') return { provisional: { stream: f.stream, text: (mine?.text ?? '') + f.text } };
        if (!mine) return s; // the end of a stream this page never saw begin
        // Sent: keep showing it until its entry arrives (withEntry), unless it is already here.
        return { provisional: f.outcome === 'sent' && !s.entries.some((e) => e.seq === f.seq) ? { ...mine, seq: f.seq } : null };
      }),
    reset: () => set({ conversationId: null, convState: 'bot', entries: [], agentName: null, humanRequested: false, provisional: null }),
  }));
}

/** The same state object back when nothing changes, so zustand notifies nobody. */
function withEntry<S extends WidgetState>(s: S, entry: Entry): S | Partial<WidgetState> {
  const entries = mergeEntry(s.entries, entry);
  if (entries === s.entries) return s;
  const next: Partial<WidgetState> = { entries };
  if (s.provisional?.seq !== undefined && entry.seq >= s.provisional.seq) next.provisional = null;
  if (entry.kind === 'message' && entry.clientId !== undefined) {
    const clientId = entry.clientId;
    if (s.pending.some((p) => p.clientId === clientId)) next.pending = s.pending.filter((p) => p.clientId !== clientId);
  }
  // Only the newest state entry speaks for the present; an older one arriving late does not.
  if (entry.kind === 'state' && !entries.some((e) => e.kind === 'state' && e.seq > entry.seq)) {
    next.convState = entry.to;
    // Any state change answers a pending request for a person (queued, or refused by a handback).
    next.humanRequested = false;
    if (entry.to !== 'human') next.agentName = null;
    else if (entry.agent) next.agentName = entry.agent.name;
  }
  return next;
}

/** Offer a person inline: the visitor is frustrated enough, the assistant still has them, and none was asked for. */
export function offersPerson(s: Pick<WidgetState, 'frustration' | 'offerAt' | 'offerDeclinedAt' | 'convState' | 'humanRequested'>): boolean {
  return s.frustration >= s.offerAt && s.frustration > s.offerDeclinedAt && (s.convState === 'bot' || s.convState === 'resolved') && !s.humanRequested;
}

/** The panel title: the person the visitor talks to, else the site's name, else "Support" (loading or unavailable). */
export function panelTitle(s: Pick<WidgetState, 'convState' | 'agentName' | 'siteName'>): string {
  if (s.convState === 'human' && s.agentName) return `Chat with ${s.agentName}`;
  return s.siteName ?? 'Support';
}

export type VisibleMessage = Entry | ({ kind: 'pending' } & PendingMessage) | { kind: 'provisional'; text: string };

type Shown = Pick<WidgetState, 'entries' | 'pending' | 'provisional'>;
let memo: (Shown & { out: VisibleMessage[] }) | null = null;

/**
 * Entries, the reply being written, then pending messages not yet back as
 * entries. Memoised on its inputs so a selector returns the same array while none changed.
 */
export function visibleMessages(state: Shown): VisibleMessage[] {
  if (memo && memo.entries === state.entries && memo.pending === state.pending && memo.provisional === state.provisional) return memo.out;
  const arrived = new Set<string>();
  for (const e of state.entries) if (e.kind === 'message' && e.clientId !== undefined) arrived.add(e.clientId);
  const out: VisibleMessage[] = [...state.entries];
  if (state.provisional) out.push({ kind: 'provisional', text: state.provisional.text });
  for (const p of state.pending) if (!arrived.has(p.clientId)) out.push({ kind: 'pending', ...p });
  memo = { entries: state.entries, pending: state.pending, provisional: state.provisional, out };
  return out;
}
