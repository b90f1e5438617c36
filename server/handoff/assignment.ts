/**
 * Who holds a conversation: claims, auto-assignment, transfer, capacity, the
 * agent's own replies, resolve and hand-back, and the queue's exits (offline,
 * back to the queue). Every change is atomic: under the agent's lock, then the
 * conversation's (serial.ts), applied with compare-and-set (conversation-log.ts).
 */
import { BatonError, isRefusal } from '../../shared/errors.ts';
import type { MessageEntry } from '../../shared/model.ts';
import type { ConversationRecord, StateChange } from '../storage/types.ts';
import type { AgentRef, ConversationLog } from './conversation-log.ts';
import { buildPack } from './pack.ts';
import { WaitHistory } from './queue-order.ts';
import type { Replies } from './replies.ts';
import type { Serial } from './serial.ts';
import { resolvedEvent } from './webhook-events.ts';
import type { Webhooks } from './webhook.ts';

export interface AssignmentDeps {
  log: ConversationLog;
  serial: Serial;
  replies: Replies;
  /** Conversations an agent may hold at once. */
  capacityOf: (agentId: string) => number;
  webhooks: Pick<Webhooks, 'send'> | null;
  /** The wait estimate before any claim is seen. */
  waitEstimateMs: number;
}

export class Assignment {
  readonly #log: ConversationLog;
  readonly #serial: Serial;
  readonly #replies: Replies;
  readonly #capacityOf: (agentId: string) => number;
  readonly #webhooks: Pick<Webhooks, 'send'> | null;
  /** Recent waits from queued to a person: what a waiting visitor's estimate is built from. */
  readonly waits: WaitHistory;

  constructor(deps: AssignmentDeps) {
    this.#log = deps.log;
    this.#serial = deps.serial;
    this.#replies = deps.replies;
    this.#capacityOf = deps.capacityOf;
    this.#webhooks = deps.webhooks;
    this.waits = new WaitHistory(deps.waitEstimateMs);
  }

  /**
   * An agent takes the conversation: from the queue, from the assistant
   * unasked, or to follow up offline. Atomic: of two agents claiming at once,
   * one wins and the other gets `conflict`; an agent at capacity gets `at_capacity`.
   */
  async claim(id: string, agent: AgentRef): Promise<ConversationRecord> {
    const stopped = await this.#stopReplyFor(id, agent);
    try {
      return await this.#serial.forAgent(agent.id, id, () => this.#claim(id, agent, 'claim'));
    } catch (error) {
      if (stopped) this.#replies.answerIfUnanswered(id);
      throw error;
    }
  }

  /**
   * A person is stepping in: the reply the assistant is writing stops, so it
   * cannot land after them — but only when this agent can take the
   * conversation (not held by another, room to spare). Otherwise the claim
   * will be refused and the visitor must still get their answer. True when a reply was stopped.
   */
  async #stopReplyFor(id: string, agent: AgentRef): Promise<boolean> {
    if (!this.#replies.writing(id)) return false;
    const record = await this.#log.get(id);
    if (record.assignee && record.assignee.id !== agent.id && record.state === 'human') return false;
    if (record.assignee?.id !== agent.id) await this.#room(agent);
    this.#replies.stop(id);
    return true;
  }

  /** The desk gives a queued conversation to an agent (auto-assignment); null when it was taken meanwhile or they are full. */
  assign(id: string, agent: AgentRef): Promise<ConversationRecord | null> {
    return this.#serial.forAgent(agent.id, id, async () => {
      const record = await this.#log.get(id);
      if (record.state !== 'queued') return null;
      return this.#claim(id, agent, 'assign').catch((error: unknown) => {
        if (isRefusal(error, 'at_capacity', 'conflict', 'invalid_state')) return null;
        throw error;
      });
    });
  }

  async #room(agent: AgentRef): Promise<void> {
    const held = (await this.#log.heldCounts()).get(agent.id) ?? 0;
    const max = this.#capacityOf(agent.id);
    if (held >= max) throw new BatonError('at_capacity', `${agent.name} already holds ${held} of ${max} conversations; resolve or hand one back first`);
  }

  async #claim(id: string, agent: AgentRef, how: 'claim' | 'assign'): Promise<ConversationRecord> {
    const record = await this.#log.get(id);
    if (record.state === 'human') {
      if (record.assignee?.id === agent.id) return record;
      throw new BatonError('conflict', `conversation is held by ${record.assignee?.name ?? 'another agent'}`);
    }
    await this.#room(agent);
    const reason = how === 'assign' ? 'auto_assigned' : record.state === 'bot' ? 'agent_takeover' : 'agent_claimed';
    const extra: Partial<StateChange> = { agent, requireAssignee: agent.id };
    if (record.state === 'bot') {
      const earlier = await this.#log.storage.earlierConversations(record);
      extra.pack = buildPack('agent_takeover', record.lastDecision, record.visitor, this.#log.now(), record.frustration, earlier);
    }
    const claimed = await this.#log.transition(id, how, reason, extra);
    if (record.state === 'queued' && record.queuedAt !== null) this.waits.add(this.#log.now() - record.queuedAt);
    return claimed;
  }

  /** Passes a conversation `from` holds to another agent, who must be online with room (`isOnline` says who is). */
  transfer(id: string, from: AgentRef, to: AgentRef, isOnline: boolean): Promise<ConversationRecord> {
    if (to.id === from.id) return Promise.reject(new BatonError('invalid_state', 'the conversation is already yours'));
    if (!isOnline) return Promise.reject(new BatonError('agent_unavailable', `${to.name} is not online`));
    return this.#serial.forAgent(to.id, id, async () => {
      await this.#room(to);
      return this.#log.transition(id, 'transfer', 'agent_transferred', { agent: to, requireAssignee: from.id });
    });
  }

  /** Nobody can take it (none online, or the wait passed its limit): the visitor is told and asked for an e-mail. */
  goOffline(id: string, reason: 'no_agent_online' | 'wait_timeout'): Promise<ConversationRecord | null> {
    return this.#serial.run(id, async () => {
      const record = await this.#log.get(id);
      if (record.state !== 'queued') return null;
      return this.#log.transition(id, 'goOffline', reason);
    });
  }

  /** The agent who held it went offline: back to the queue, for someone who is there. */
  requeue(id: string, agentId: string): Promise<ConversationRecord | null> {
    return this.#serial.run(id, async () => {
      const record = await this.#log.get(id);
      if (record.state !== 'human' || record.assignee?.id !== agentId) return null;
      return this.#log.transition(id, 'requeue', 'agent_offline', { requireAssignee: agentId });
    });
  }

  /** An agent's reply; replying to a conversation nobody holds claims it (same stop, locks and capacity as claim()). */
  async agentMessage(id: string, agent: AgentRef, clientId: string, text: string): Promise<{ entry: MessageEntry; duplicate: boolean }> {
    const stopped = await this.#stopReplyFor(id, agent).catch(() => false);
    const stored = this.#serial.forAgent(agent.id, id, async () => {
      const clientKey = `a:${agent.id}:${clientId}`;
      // A retry of a message already stored is acked as before, whatever the state is now.
      const existing = await this.#log.storage.messageByClientKey(id, clientKey);
      if (existing) return { entry: existing, duplicate: true };
      const record = await this.#log.get(id);
      if (record.state === 'resolved') throw new BatonError('invalid_state', 'conversation is resolved');
      if (record.state !== 'human' || record.assignee?.id !== agent.id) await this.#claim(id, agent, 'claim');
      const appended = await this.#log.storage.appendMessage(id, { role: 'agent', text, author: agent.name, clientId, clientKey }, this.#log.now());
      if (!appended.duplicate) await this.#log.publish(id, appended.entry);
      return appended;
    });
    return stored.catch((error: unknown) => {
      if (stopped) this.#replies.answerIfUnanswered(id);
      throw error;
    });
  }

  resolve(id: string, agent: AgentRef): Promise<ConversationRecord> {
    return this.#serial.run(id, async () => {
      const before = await this.#log.get(id);
      const resolved = await this.#log.transition(id, 'resolve', 'agent_resolved', { requireAssignee: agent.id, agent });
      this.#webhooks?.send(resolved.site, resolvedEvent(before, resolved, agent));
      return resolved;
    });
  }

  handBack(id: string, agent: AgentRef): Promise<ConversationRecord> {
    return this.#serial.run(id, () => this.#log.transition(id, 'handBack', 'handed_back', { requireAssignee: agent.id, agent: null }));
  }
}
