/**
 * The widget's single source of state: a vanilla zustand store, no DOM, so
 * Node tests it directly and Preact reads it through app/use-store.ts.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConversationState } from '../shared/codes.ts';
import type { Entry } from '../shared/model.ts';
import type { ReplyStreamFrame, WaitFrameT } from '../shared/frames/server.ts';
import type { ConnectionStatus } from '../client/connection.ts';
import type { OnceWhat, PendingMessage } from './session.ts';
import { mergeEntry } from '../client/entries.ts';

export type { OnceWhat, PendingMessage };

/** A once-only visitor action (the e-mail left while nobody was there, the effort survey). */
export interface OnceState {
  /** The client id in flight: sent, resent after a drop, until the server says `saved` or refuses it. */
  id: string | null;
  /** Stored (on this page, or before: the welcome says so). */
  done: boolean;
  /** Why the last try was refused (locally or by the server); cleared by the next try. */
  error: string | null;
}

/** The queue place and wait estimate (etaMs null: nobody online to estimate from). */
export type WaitInfo = Pick<WaitFrameT, 'position' | 'etaMs'>;

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
  /** While queued: the place in the queue, from the newest `wait` frame. */
  wait: WaitInfo | null;
  /** The name of the person typing on the conversation, while they are. */
  agentTyping: string | null;
  /** Seqs of the entries where a person joined live (not history): their notice shows the person's avatar. */
  joins: number[];
  /** The e-mail left while nobody was there; `email` is known only on the page that sent it. */
  contact: OnceState & { email: string | null };
  survey: OnceState;
}

export interface WidgetActions {
  setOpen(open: boolean): void;
  toggle(): void;
  setStatus(status: ConnectionStatus): void;
  /** `done`: the welcome's word on the once-only actions (an e-mail left, the survey answered). */
  welcome(conversationId: string, state: ConversationState, done?: { contactLeft: boolean; surveyed: boolean }): void;
  /** `live`: newer than the page's first welcome (not history). */
  addEntry(entry: Entry, live?: boolean): void;
  setWait(wait: WaitInfo): void;
  setAgentTyping(name: string | null): void;
  /** A once-only action was sent with client id `id` (the contact with its e-mail). */
  onceSent(what: OnceWhat, id: string, email?: string): void;
  /** It was stored (error null) or refused (the reason): `id` no longer in flight. A local refusal passes id null. */
  onceSettled(what: OnceWhat, id: string | null, error: string | null): void;
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
  wait: null,
  agentTyping: null,
  joins: [],
  contact: { id: null, done: false, error: null, email: null },
  survey: { id: null, done: false, error: null },
};

export function createWidgetStore(init: Partial<WidgetState> = {}): WidgetStore {
  return createStore<WidgetState & WidgetActions>()((set) => ({
    ...initial,
    ...init,
    setOpen: (open) => set({ open }),
    toggle: () => set((s) => ({ open: !s.open })),
    setStatus: (status) => set({ status }),
    welcome: (conversationId, convState, done) =>
      set((s) => ({
        conversationId,
        convState,
        // A request still in the outbox stays shown as made until a state change answers it.
        humanRequested: s.humanRequested && convState === 'bot',
        agentName: convState === 'human' ? s.agentName : null,
        // Pieces are not replayed: what was written before a reconnect would never be finished.
        provisional: null,
        wait: convState === 'queued' ? s.wait : null,
        agentTyping: null,
        contact: done?.contactLeft && !s.contact.done ? { ...s.contact, done: true } : s.contact,
        survey: done?.surveyed && !s.survey.done ? { ...s.survey, done: true } : s.survey,
      })),
    addEntry: (entry, live) =>
      set((s) => {
        const next = withEntry(s, entry);
        // A person joining as it happens gets the clear notice; the same line in history stays plain.
        return live && next !== s && entry.kind === 'state' && entry.to === 'human' && entry.agent ? { ...next, joins: [...s.joins, entry.seq] } : next;
      }),
    // A late estimate for a wait that is over is not shown.
    setWait: (wait) => set((s) => (s.convState === 'queued' ? { wait: { position: wait.position, etaMs: wait.etaMs } } : s)),
    setAgentTyping: (agentTyping) => set((s) => (s.agentTyping === agentTyping ? s : { agentTyping })),
    onceSent: (what, id, email) => set((s) => ({ [what]: { ...s[what], id, error: null, ...(email !== undefined && { email }) } })),
    onceSettled: (what, id, error) =>
      set((s) => {
        const once = s[what];
        if (id !== once.id) return s; // not the try in flight (an older one, already settled)
        return { [what]: { ...once, id: null, done: once.done || error === null, error } };
      }),
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
    reset: () =>
      set({
        conversationId: null,
        convState: 'bot',
        entries: [],
        agentName: null,
        humanRequested: false,
        provisional: null,
        wait: null,
        agentTyping: null,
        joins: [],
        contact: initial.contact,
        survey: initial.survey,
      }),
  }));
}

/** The same state object back when nothing changes, so zustand notifies nobody. */
function withEntry<S extends WidgetState>(s: S, entry: Entry): S | Partial<WidgetState> {
  const entries = mergeEntry(s.entries, entry);
  if (entries === s.entries) return s;
  const next: Partial<WidgetState> = { entries };
  if (s.provisional?.seq !== undefined && entry.seq >= s.provisional.seq) next.provisional = null;
  // The person's message is what their typing was for.
  if (entry.kind === 'message' && entry.role === 'agent') next.agentTyping = null;
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
    if (entry.to !== 'queued') next.wait = null;
    // Whoever typed before the change (a transfer, a resolve) is not the one to wait for now.
    next.agentTyping = null;
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
