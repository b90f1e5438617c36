/**
 * What each conversation event tells the site's webhook (shared/webhooks.ts),
 * built from the stored conversation. The sender (webhook.ts) signs, queues
 * and retries them; this file only says what they hold.
 */
import type { SafetyCategory } from '../../shared/codes.ts';
import type { HandoffData, OfflineData, ResolvedData, TranscriptLine, UrgentData, WebhookEvent } from '../../shared/webhooks.ts';
import type { HandoffPack } from '../../shared/model.ts';
import type { ConversationRecord, Storage } from '../storage/types.ts';
import type { AgentRef } from './conversation-log.ts';

/** Messages of the transcript an offline capture carries (the newest). */
const TRANSCRIPT_LINES = 50;

export function handoffEvent(record: ConversationRecord, pack: HandoffPack, at: number): WebhookEvent {
  const data: HandoffData = {
    reason: pack.reason,
    urgent: record.urgent,
    intent: pack.intent,
    confidence: pack.confidence,
    flags: pack.flags,
    frustration: pack.frustration,
    visitor: pack.visitor,
  };
  return { type: 'conversation.handoff', conversationId: record.id, at, data };
}

/** `raised`: the categories this message raised for the first time; `record` as it is now, urgent and with its new pack. */
export function urgentEvent(record: ConversationRecord, raised: SafetyCategory[], at: number): WebhookEvent {
  const data: UrgentData = {
    state: record.state,
    raised,
    flags: record.pack?.flags ?? raised,
    reason: record.pack?.reason ?? null,
    assignee: record.assignee,
    visitor: record.visitor,
  };
  return { type: 'conversation.urgent', conversationId: record.id, at, data };
}

export async function offlineEvent(storage: Storage, record: ConversationRecord, email: string, at: number): Promise<WebhookEvent> {
  const data: OfflineData = { email, state: record.state, reason: record.pack?.reason ?? null, visitor: record.visitor, transcript: await transcript(storage, record) };
  return { type: 'conversation.offline', conversationId: record.id, at, data };
}

/** `before` is the conversation as it was, `resolved` as it is now. */
export function resolvedEvent(before: ConversationRecord, resolved: ConversationRecord, agent: AgentRef): WebhookEvent {
  const data: ResolvedData = {
    agent,
    reason: before.pack?.reason ?? null,
    queuedAt: before.queuedAt,
    resolvedAt: resolved.updatedAt,
    ...(before.queuedAt !== null && { msSinceQueued: resolved.updatedAt - before.queuedAt }),
  };
  return { type: 'conversation.resolved', conversationId: resolved.id, at: resolved.updatedAt, data };
}

/** The newest messages, oldest first; state changes left out (read twice as many entries to find them). */
async function transcript(storage: Storage, record: ConversationRecord): Promise<TranscriptLine[]> {
  const entries = await storage.entriesAfter(record.id, Math.max(0, record.lastSeq - TRANSCRIPT_LINES * 2), TRANSCRIPT_LINES * 2);
  return entries
    .flatMap((e): TranscriptLine[] => (e.kind === 'message' ? [{ role: e.role, text: e.text, at: e.at, ...(e.author !== undefined && { author: e.author }) }] : []))
    .slice(-TRANSCRIPT_LINES);
}
