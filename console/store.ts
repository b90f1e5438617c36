/**
 * The console's single source of state: a vanilla zustand store, so it runs
 * and is tested without a DOM. Components read it through use-store.ts; the
 * agent session and the controller write it through these actions only.
 */
import { createStore } from 'zustand/vanilla';
import type { ConnectionStatus } from '../client/connection.ts';
import type { ConversationSummary, Entry, HandoffPack, Note } from '../shared/model.ts';
import type { AgentPresenceT } from '../shared/frames/server.ts';
import { emptyConversation, withEntry, withNotes, withTyping } from './conversation.ts';
import type { CurrentConversation, PendingMessage, PendingNote, TypingIndicator } from './conversation.ts';

export interface Agent {
  id: string;
  name: string;
  /** Known from /api/agent/me; agent_welcome carries only id and name. */
  email?: string;
}

/** What the agent chose in the top bar; the server counts a closed console as offline by itself. */
export type ChosenStatus = 'online' | 'away';

/** The assistant's draft of one handoff, as the agent edits and sends it. */
export interface DraftState {
  /** The pack's time: a later handoff of the same conversation brings a new draft. */
  at: number;
  /** The agent's edit; null until they change the pack's text. */
  text: string | null;
  /** Sent as the message with this client id, or discarded (null); null `done` while still offered. */
  done: { clientId: string | null } | null;
}

export interface ConsoleState {
  /** False until the first /api/agent/me answer decides between sign-in and console. */
  sessionChecked: boolean;
  agent: Agent | null;
  status: ConnectionStatus;
  /** As the server last sent it: replaced whole, never merged. */
  queue: ConversationSummary[];
  current: CurrentConversation | null;
  lastError: string | null;
  /** Every agent's presence and load, as the server last sent it. */
  agents: AgentPresenceT[];
  /** Sent on change and again after every reconnect (a new console starts online). */
  chosenStatus: ChosenStatus;
  /** By conversation id; kept while the console runs, so a reopened conversation does not offer a sent draft again. */
  drafts: Record<string, DraftState>;
}

export interface ConsoleActions {
  booted(agent: Agent | null, error?: string): void;
  signedIn(agent: Agent): void;
  /** agent_welcome names the agent the socket belongs to; keep the e-mail /me gave. */
  welcomed(agent: { id: string; name: string }): void;
  /** Back to the sign-in screen, with a reason to show there when there is one. */
  signedOut(reason?: string): void;
  setStatus(status: ConnectionStatus): void;
  setQueue(conversations: ConversationSummary[]): void;
  /** Start showing a conversation; `pending` are its replies still in the outbox. */
  select(conversationId: string, pending: PendingMessage[], pendingNotes?: PendingNote[]): void;
  conversationLoaded(summary: ConversationSummary, pack: HandoffPack | null, notes?: readonly Note[]): void;
  applyEvent(conversationId: string, entry: Entry): void;
  addPending(message: PendingMessage): void;
  dropPending(clientId: string): void;
  setError(message: string | null): void;
  setAgents(agents: AgentPresenceT[]): void;
  choosePresence(status: ChosenStatus): void;
  /** A note stored on the server (live, or our own coming back as its ack). */
  applyNote(conversationId: string, note: Note): void;
  addPendingNote(note: PendingNote): void;
  dropPendingNote(clientId: string): void;
  typingChanged(conversationId: string, indicator: TypingIndicator, on: boolean): void;
  editDraft(conversationId: string, at: number, text: string): void;
  /** The draft of the pack made at `at` was sent as message `clientId`, or discarded (null). */
  draftDone(conversationId: string, at: number, clientId: string | null): void;
  /** The message sent from a draft was refused for good: offer the draft again, with the text that was sent. */
  draftRefused(clientId: string, text: string): void;
}

export type ConsoleStore = ConsoleState & ConsoleActions;

const signedOutState = (lastError: string | null): ConsoleState => ({
  sessionChecked: true,
  agent: null,
  status: 'offline',
  queue: [],
  current: null,
  lastError,
  agents: [],
  chosenStatus: 'online',
  drafts: {},
});

export function createConsoleStore() {
  return createStore<ConsoleStore>()((set, get) => ({
    ...signedOutState(null),
    sessionChecked: false,

    booted: (agent, error) => set({ ...signedOutState(error ?? null), agent, status: agent ? 'connecting' : 'offline' }),
    signedIn: (agent) => set({ ...signedOutState(null), agent, status: 'connecting' }),
    welcomed: ({ id, name }) => {
      const { agent } = get();
      set({ agent: agent && agent.id === id ? { ...agent, name } : { id, name } });
    },
    signedOut: (reason) => set(signedOutState(reason ?? null)),

    setStatus: (status) => set({ status }),

    setQueue: (conversations) => {
      const { current } = get();
      const fresh = current && conversations.find((c) => c.id === current.id);
      // The queue may know of a change to the open conversation first (e.g. its assignee).
      if (current && fresh && (!current.summary || fresh.lastSeq >= current.summary.lastSeq)) {
        set({ queue: conversations, current: { ...current, summary: fresh } });
      } else {
        set({ queue: conversations });
      }
    },

    select: (conversationId, pending, pendingNotes = []) => {
      const summary = get().queue.find((c) => c.id === conversationId) ?? null;
      set({ current: emptyConversation(conversationId, summary, pending, pendingNotes) });
    },

    conversationLoaded: (summary, pack, notes = []) => {
      const { current, agent } = get();
      // A late answer to an `open` of a conversation no longer shown.
      if (!current || current.id !== summary.id) return;
      set({ current: { ...withNotes(current, notes, agent?.id ?? null), summary, pack, loaded: true } });
    },

    applyEvent: (conversationId, entry) => {
      const { current } = get();
      if (!current || current.id !== conversationId) return;
      const next = withEntry(current, entry);
      if (next !== current) set({ current: next });
    },

    addPending: (message) => {
      const { current } = get();
      if (!current || current.id !== message.conversationId) return;
      set({ current: { ...current, pending: [...current.pending, message] } });
    },

    dropPending: (clientId) => {
      const { current } = get();
      if (!current || !current.pending.some((p) => p.clientId === clientId)) return;
      set({ current: { ...current, pending: current.pending.filter((p) => p.clientId !== clientId) } });
    },

    setError: (lastError) => set({ lastError }),

    setAgents: (agents) => set({ agents }),

    choosePresence: (chosenStatus) => set({ chosenStatus }),

    applyNote: (conversationId, note) => {
      const { current, agent } = get();
      if (!current || current.id !== conversationId) return;
      const next = withNotes(current, [note], agent?.id ?? null);
      if (next !== current) set({ current: next });
    },

    addPendingNote: (note) => {
      const { current } = get();
      if (!current || current.id !== note.conversationId) return;
      set({ current: { ...current, pendingNotes: [...current.pendingNotes, note] } });
    },

    dropPendingNote: (clientId) => {
      const { current } = get();
      if (!current || !current.pendingNotes.some((p) => p.clientId === clientId)) return;
      set({ current: { ...current, pendingNotes: current.pendingNotes.filter((p) => p.clientId !== clientId) } });
    },

    typingChanged: (conversationId, indicator, on) => {
      const { current } = get();
      if (!current || current.id !== conversationId) return;
      const next = withTyping(current, indicator, on);
      if (next !== current) set({ current: next });
    },

    editDraft: (conversationId, at, text) => {
      set({ drafts: { ...get().drafts, [conversationId]: { at, text, done: null } } });
    },

    draftDone: (conversationId, at, clientId) => {
      const before = get().drafts[conversationId];
      const text = before?.at === at ? before.text : null;
      set({ drafts: { ...get().drafts, [conversationId]: { at, text, done: { clientId } } } });
    },

    draftRefused: (clientId, text) => {
      const { drafts } = get();
      const entry = Object.entries(drafts).find(([, d]) => d.done?.clientId === clientId);
      if (!entry) return;
      const [conversationId, draft] = entry;
      set({ drafts: { ...drafts, [conversationId]: { at: draft.at, text, done: null } } });
    },
  }));
}

/**
 * The draft the open conversation offers the agent, or null: none in the pack,
 * already sent or discarded, or the conversation is resolved.
 */
export function offeredDraft(state: Pick<ConsoleState, 'current' | 'drafts'>): { at: number; text: string } | null {
  const { current, drafts } = state;
  const pack = current?.pack;
  if (!current || !pack || pack.draft === null || current.summary?.state === 'resolved') return null;
  const draft = drafts[current.id];
  if (!draft || draft.at !== pack.at) return { at: pack.at, text: pack.draft };
  if (draft.done) return null;
  return { at: pack.at, text: draft.text ?? pack.draft };
}

export type ConsoleStoreApi = ReturnType<typeof createConsoleStore>;
