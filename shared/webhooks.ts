/**
 * The bodies Baton POSTs to a site's webhook (docs/PROTOCOL.md, "Webhooks"):
 * `{type, conversationId, at, data}`, one shape of `data` per type. Typed
 * here so a site's own code and Baton's tests read the same definition.
 */
import type { ConversationState, SafetyCategory, TriggerReason } from './codes.ts';
import type { Frustration, IntentMatch, VisitorFacts } from './model.ts';

export const WEBHOOK_TYPES = ['conversation.handoff', 'conversation.urgent', 'conversation.offline', 'conversation.resolved'] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** The conversation left the assistant for the queue. */
export interface HandoffData {
  reason: TriggerReason;
  urgent: boolean;
  intent: IntentMatch | null;
  confidence: number | null;
  flags: SafetyCategory[];
  frustration: Frustration | null;
  visitor: VisitorFacts;
}

/**
 * A safety flag was raised by a visitor message after the conversation left
 * the assistant (it waits for a person, or one has it): it is now urgent.
 * Sent once per category a conversation raises; a handoff that was already
 * urgent for a category counts as told.
 */
export interface UrgentData {
  state: ConversationState;
  /** The categories this message raised for the first time. */
  raised: SafetyCategory[];
  /** Every category the conversation carries now, earlier ones first. */
  flags: SafetyCategory[];
  /** Why it left the assistant. */
  reason: TriggerReason | null;
  /** Who holds it, when a person does. */
  assignee: { id: string; name: string } | null;
  visitor: VisitorFacts;
}

/** One message of the transcript an offline capture carries (the newest 50). */
export interface TranscriptLine {
  role: 'visitor' | 'assistant' | 'agent';
  text: string;
  at: number;
  author?: string;
}

/** The visitor left an e-mail to be answered later. */
export interface OfflineData {
  email: string;
  state: ConversationState;
  /** Why it left the assistant, when it did. */
  reason: TriggerReason | null;
  visitor: VisitorFacts;
  transcript: TranscriptLine[];
}

/** An agent resolved the conversation. */
export interface ResolvedData {
  agent: { id: string; name: string };
  reason: TriggerReason | null;
  queuedAt: number | null;
  resolvedAt: number;
  /** From queued to resolved, when it was queued. */
  msSinceQueued?: number;
}

interface Envelope<T extends WebhookType, D> {
  type: T;
  conversationId: string;
  at: number;
  data: D;
}

export type WebhookEvent =
  | Envelope<'conversation.handoff', HandoffData>
  | Envelope<'conversation.urgent', UrgentData>
  | Envelope<'conversation.offline', OfflineData>
  | Envelope<'conversation.resolved', ResolvedData>;
