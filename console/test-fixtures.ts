/** Builders for test data that satisfies the shared schemas, so tests state only what matters. */
import type { AgentPresenceT } from '../shared/frames/server.ts';
import type { ConversationSummary, HandoffPack, MessageEntry, Note, StateEntry } from '../shared/model.ts';

export function summary(over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 'c1',
    site: 'demo',
    state: 'queued',
    urgent: false,
    reason: 'low_confidence',
    assignee: null,
    createdAt: 1_000,
    updatedAt: 2_000,
    queuedAt: 1_500,
    lastSeq: 0,
    preview: 'Where is my refund?',
    visitor: {},
    frustration: null,
    contact: null,
    ...over,
  };
}

export function message(seq: number, over: Partial<MessageEntry> = {}): MessageEntry {
  return { kind: 'message', id: `m${seq}`, seq, at: 1_000 + seq, role: 'visitor', text: `line ${seq}`, ...over };
}

export function stateEntry(seq: number, from: StateEntry['from'], to: StateEntry['to'], reason: StateEntry['reason'], over: Partial<StateEntry> = {}): StateEntry {
  return { kind: 'state', id: `s${seq}`, seq, at: 1_000 + seq, from, to, reason, ...over };
}

export function pack(over: Partial<HandoffPack> = {}): HandoffPack {
  return {
    reason: 'low_confidence',
    at: 1_500,
    route: 'escalate',
    intent: { name: 'refund', score: 0.8 },
    confidence: 0.31,
    draft: 'Refunds take 5 days.',
    passages: [],
    unsupportedClaims: [],
    flags: [],
    visitor: {},
    frustration: null,
    earlierConversations: 0,
    ...over,
  };
}

export function note(id: string, over: Partial<Note> = {}): Note {
  return { id, at: 2_000, agent: { id: 'a2', name: 'Bo' }, text: `note ${id}`, clientId: `client-${id}`, ...over };
}

export function agentPresence(id: string, over: Partial<AgentPresenceT> = {}): AgentPresenceT {
  return { id, name: id.toUpperCase(), status: 'online', active: 0, max: 3, ...over };
}
