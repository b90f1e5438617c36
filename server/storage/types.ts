/**
 * The one storage interface. SQLite (embedded) implements it now; PostgreSQL
 * comes later. Nothing outside storage/ writes SQL.
 *
 * Every conversation is one ordered log: append assigns the next `seq` under the
 * same transaction as the write, and a client id is unique per conversation, so
 * a retried message is stored once even across a restart.
 */
import type { ConversationState, StateReason } from '../../shared/codes.ts';
import type { ExitReport, WidgetEvent } from '../../shared/frames/telemetry.ts';
import type { Decision, Entry, Frustration, HandoffPack, MessageEntry, Note, Passage, Role, StateEntry, VisitorFacts } from '../../shared/model.ts';

export interface ConversationRecord {
  id: string;
  site: string;
  state: ConversationState;
  urgent: boolean;
  reason: StateReason | null;
  assignee: { id: string; name: string } | null;
  createdAt: number;
  updatedAt: number;
  queuedAt: number | null;
  lastSeq: number;
  preview: string;
  visitor: VisitorFacts;
  pack: HandoffPack | null;
  /** The assistant's decision on the latest visitor message, for a later handoff pack. */
  lastDecision: Decision | null;
  /** The visitor's frustration as last judged by the server, or null before any signal. */
  frustration: Frustration | null;
  /** The e-mail the visitor left to be answered later, or null. */
  contact: string | null;
  /** The effort survey's answer, once given. */
  survey: Survey | null;
}

export interface Survey {
  /** 1 (very hard) to 7 (very easy). */
  score: number;
  comment: string | null;
  at: number;
}

/** An exit report as stored: what the widget sent (its token checked and left out) and when it arrived. */
export type StoredExitReport = Omit<ExitReport, 'token'> & { at: number };

export interface NewMessage {
  role: Role;
  text: string;
  author?: string;
  /** Idempotency key, unique per conversation; namespaced by the sender (see gateway). */
  clientKey?: string;
  clientId?: string;
  sources?: Pick<Passage, 'article' | 'title' | 'section'>[];
  /** The assistant's confidence in its reply, kept on the entry. */
  confidence?: number;
}

export interface StateChange {
  /** Compare-and-set: the change happens only from one of these states. */
  from: readonly ConversationState[];
  to: ConversationState;
  reason: StateReason;
  agent?: { id: string; name: string } | null;
  /** When set, the conversation must be unassigned or held by this agent id. */
  requireAssignee?: string;
  urgent?: boolean;
  pack?: HandoffPack | null;
}

export type StateChangeResult =
  | { ok: true; entry: StateEntry; record: ConversationRecord }
  | { ok: false; error: 'not_found' | 'invalid_state' | 'conflict'; record: ConversationRecord | null };

export interface Storage {
  createConversation(input: { id: string; site: string; tokenHash: string; visitor: VisitorFacts; at: number }): Promise<ConversationRecord>;
  conversation(id: string): Promise<ConversationRecord | null>;
  conversationByToken(tokenHash: string): Promise<ConversationRecord | null>;
  setVisitor(id: string, visitor: VisitorFacts): Promise<void>;
  setLastDecision(id: string, decision: Decision): Promise<void>;
  /**
   * Appends a message; a repeated clientKey returns the stored entry with duplicate=true.
   * `lastDecision` is stored with it, in the same write (the assistant's reply and the decision behind it).
   */
  appendMessage(conversationId: string, message: NewMessage, at: number, options?: { lastDecision?: Decision }): Promise<{ entry: MessageEntry; duplicate: boolean }>;
  messageByClientKey(conversationId: string, clientKey: string): Promise<MessageEntry | null>;
  changeState(conversationId: string, change: StateChange, at: number): Promise<StateChangeResult>;
  /**
   * Marks the conversation urgent with a new pack, without a state change (a flag raised while a person has it or
   * it waits for one). Compare-and-set on `from`: null when it is in none of those states, or not found.
   */
  markUrgent(conversationId: string, change: { from: readonly ConversationState[]; pack: HandoffPack }): Promise<ConversationRecord | null>;
  entriesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Entry[]>;
  /** Conversations an agent may act on: queued, human, and bot ones active since `botSince`. */
  listOpen(botSince: number, limit: number): Promise<ConversationRecord[]>;
  setFrustration(conversationId: string, frustration: Frustration): Promise<void>;
  /** Conversations waiting in the queue since before `queuedBefore` (for the wait limit). */
  queuedSince(queuedBefore: number, limit: number): Promise<ConversationRecord[]>;
  /** How many conversations each agent holds now (state human), by agent id. */
  heldCounts(): Promise<Map<string, number>>;
  /** Conversations of the same identified visitor on the site that began before this one. */
  earlierConversations(conversation: Pick<ConversationRecord, 'id' | 'site' | 'createdAt' | 'visitor'>): Promise<number>;
  setContact(conversationId: string, email: string): Promise<void>;
  /** Stores the survey unless one is stored already (then ok=false and nothing changes). */
  setSurvey(conversationId: string, survey: Survey): Promise<{ ok: boolean }>;
  /** Adds an internal note once per clientKey; a repeat returns the stored note with duplicate=true. */
  addNote(conversationId: string, note: { agent: { id: string; name: string }; text: string; clientId: string; clientKey: string }, at: number): Promise<{ note: Note; duplicate: boolean }>;
  /** Oldest first. */
  notes(conversationId: string, limit: number): Promise<Note[]>;

  /** Stores an exit report once per (conversation, exitId); a repeat returns duplicate=true and changes nothing. */
  addExitReport(conversationId: string, report: Omit<ExitReport, 'token'>, at: number): Promise<{ duplicate: boolean }>;
  /** Oldest first. */
  exitReports(conversationId: string): Promise<StoredExitReport[]>;
  /** Widget events batched over the socket (texts already left out), kept with the conversation: the newest `keep` of them. */
  addWidgetEvents(conversationId: string, events: readonly WidgetEvent[], at: number, keep: number): Promise<void>;
  /** The newest `limit`, oldest first. */
  widgetEvents(conversationId: string, limit: number): Promise<WidgetEvent[]>;

  createSession(tokenHash: string, agentId: string, expiresAt: number): Promise<void>;
  sessionAgent(tokenHash: string, now: number): Promise<{ agentId: string; expiresAt: number } | null>;
  deleteSession(tokenHash: string): Promise<void>;

  close(): Promise<void>;
}
