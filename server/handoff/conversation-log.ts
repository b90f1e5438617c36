/**
 * The conversation log and its transitions: every change is stored first,
 * then published on the bus. A state change goes through the machine's table
 * with compare-and-set, so two changes at once cannot both apply.
 */
import type { ConversationState, StateReason } from '../../shared/codes.ts';
import { BatonError } from '../../shared/errors.ts';
import type { ConversationSummary, Entry, HandoffPack, VisitorFacts } from '../../shared/model.ts';
import { topics, type Bus } from '../bus/types.ts';
import type { Logger } from '../log.ts';
import { hashSecret, newId, newSecret } from '../storage/ids.ts';
import type { ConversationRecord, StateChange, Storage } from '../storage/types.ts';
import { TRANSITIONS, type Transition } from './machine.ts';

export interface AgentRef {
  id: string;
  name: string;
}

export interface LogLimits {
  /** Open conversations the agents' list shows at most. */
  queueLimit: number;
  /** Assistant conversations active this recently show in the agents' list (for a takeover). */
  recentBotMs: number;
}

export interface ConversationLogDeps {
  storage: Storage;
  bus: Bus;
  log: Logger;
  now: () => number;
  limits: LogLimits;
}

export function toSummary(r: ConversationRecord): ConversationSummary {
  return {
    id: r.id,
    site: r.site,
    state: r.state,
    urgent: r.urgent,
    reason: r.reason,
    assignee: r.assignee,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    queuedAt: r.queuedAt,
    lastSeq: r.lastSeq,
    preview: r.preview,
    visitor: r.visitor,
    frustration: r.frustration?.score ?? null,
    contact: r.contact,
  };
}

export class ConversationLog {
  readonly storage: Storage;
  readonly #bus: Bus;
  readonly #log: Logger;
  readonly now: () => number;
  readonly #limits: LogLimits;
  /** Told after every state change (a new episode: what was said about the last one no longer counts). */
  readonly #onTransition: ((id: string) => void)[] = [];

  constructor(deps: ConversationLogDeps) {
    this.storage = deps.storage;
    this.#bus = deps.bus;
    this.#log = deps.log;
    this.now = deps.now;
    this.#limits = deps.limits;
  }

  onTransition(listener: (id: string) => void): void {
    this.#onTransition.push(listener);
  }

  async start(site: string, visitor: VisitorFacts): Promise<{ record: ConversationRecord; token: string }> {
    const token = newSecret();
    const record = await this.storage.createConversation({ id: newId('c'), site, tokenHash: hashSecret(token), visitor, at: this.now() });
    return { record, token };
  }

  /** The conversation a visitor token opens, or null. */
  byToken(token: string): Promise<ConversationRecord | null> {
    return this.storage.conversationByToken(hashSecret(token));
  }

  /** The conversation, or a `not_found` refusal. */
  async get(id: string): Promise<ConversationRecord> {
    const record = await this.storage.conversation(id);
    if (!record) throw new BatonError('not_found', `conversation ${id} not found`);
    return record;
  }

  entriesAfter(id: string, afterSeq: number, limit: number): Promise<Entry[]> {
    return this.storage.entriesAfter(id, afterSeq, limit);
  }

  /** The newest `count` entries up to `seq`, oldest first. */
  recent(id: string, count: number, seq: number): Promise<Entry[]> {
    return this.storage.entriesAfter(id, Math.max(0, seq - count), count);
  }

  setVisitor(id: string, visitor: VisitorFacts): Promise<void> {
    return this.storage.setVisitor(id, visitor);
  }

  /** Open conversations as stored (queued, held, offline, recent bot ones); the desk orders them. */
  open(): Promise<ConversationRecord[]> {
    return this.storage.listOpen(this.now() - this.#limits.recentBotMs, this.#limits.queueLimit);
  }

  heldCounts(): Promise<Map<string, number>> {
    return this.storage.heldCounts();
  }

  async publish(conversationId: string, entry: Entry): Promise<void> {
    await this.#bus.publish(topics.conversation(conversationId), { kind: 'entry', conversationId, entry });
  }

  /** The agents' list changed (a new conversation, a preview, an order). */
  async queueChanged(): Promise<void> {
    await this.#bus.publish(topics.queue, { kind: 'queue' });
  }

  /**
   * Urgent from now on, with the pack the agent sees, while it stays in one of
   * `from`; null when it moved on meanwhile. The agents' list re-sorts (urgent
   * first) and every console showing it gets its new summary.
   */
  async markUrgent(id: string, from: readonly ConversationState[], pack: HandoffPack): Promise<ConversationRecord | null> {
    const record = await this.storage.markUrgent(id, { from, pack });
    if (!record) return null;
    await this.queueChanged();
    this.#log.info('urgent', { conversation: id, state: record.state, flags: pack.flags });
    return record;
  }

  /** Applies a transition of the machine, or refuses it with `conflict`, `invalid_state` or `not_found`. */
  async transition(id: string, name: Transition, reason: StateReason, extra: Partial<StateChange> = {}): Promise<ConversationRecord> {
    const { from, to } = TRANSITIONS[name];
    const result = await this.storage.changeState(id, { from, to, reason, ...extra }, this.now());
    if (!result.ok) {
      const state = result.record?.state ?? 'unknown';
      const message =
        result.error === 'conflict'
          ? `conversation is held by ${result.record?.assignee?.name ?? 'another agent'}`
          : result.error === 'invalid_state'
            ? `cannot ${name} a conversation that is ${state}`
            : `conversation ${id} not found`;
      throw new BatonError(result.error, message);
    }
    for (const listener of this.#onTransition) listener(id);
    await this.publish(id, result.entry);
    await this.queueChanged();
    this.#log.info('state', { conversation: id, from: result.entry.from, to: result.entry.to, reason });
    return result.record;
  }
}
