/**
 * The console's single source of state: a vanilla zustand store, so it runs
 * and is tested without a DOM. Components read it through use-store.ts; the
 * agent session and the controller write it through these actions only.
 */
import { createStore } from 'zustand/vanilla';
import type { ConnectionStatus } from '../widget/transport/connection.ts';
import type { ConversationSummary, Entry, HandoffPack } from '../shared/model.ts';
import { emptyConversation, withEntry } from './conversation.ts';
import type { CurrentConversation, PendingMessage } from './conversation.ts';

export interface Agent {
  id: string;
  name: string;
  /** Known from /api/agent/me; agent_welcome carries only id and name. */
  email?: string;
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
  select(conversationId: string, pending: PendingMessage[]): void;
  conversationLoaded(summary: ConversationSummary, pack: HandoffPack | null): void;
  applyEvent(conversationId: string, entry: Entry): void;
  addPending(message: PendingMessage): void;
  dropPending(clientId: string): void;
  setError(message: string | null): void;
}

export type ConsoleStore = ConsoleState & ConsoleActions;

const signedOutState = (lastError: string | null): ConsoleState => ({
  sessionChecked: true,
  agent: null,
  status: 'offline',
  queue: [],
  current: null,
  lastError,
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

    select: (conversationId, pending) => {
      const summary = get().queue.find((c) => c.id === conversationId) ?? null;
      set({ current: emptyConversation(conversationId, summary, pending) });
    },

    conversationLoaded: (summary, pack) => {
      const { current } = get();
      // A late answer to an `open` of a conversation no longer shown.
      if (!current || current.id !== summary.id) return;
      set({ current: { ...current, summary, pack, loaded: true } });
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
  }));
}

export type ConsoleStoreApi = ReturnType<typeof createConsoleStore>;
