/**
 * The conversation service: every change to a conversation goes through here,
 * is stored first, then published on the bus. Work on one conversation is
 * serialised, so the assistant never answers two messages out of order.
 */
import type { StateReason, TriggerReason } from '../../shared/codes.ts';
import type { ConversationSummary, Decision, Entry, MessageEntry, Note, VisitorFacts } from '../../shared/model.ts';
import type { Bus } from '../bus/types.ts';
import { topics } from '../bus/types.ts';
import type { Assistant, FrustrationThresholds, Turn } from '../engine/assistant.ts';
import type { Logger } from '../log.ts';
import { hashSecret, newId, newSecret } from '../storage/ids.ts';
import type { ConversationRecord, StateChange, Storage } from '../storage/types.ts';
import { ServiceError } from './errors.ts';
import { TRANSITIONS, assistantSpeaks, type Transition } from './machine.ts';
import { buildPack } from './pack.ts';
import { judgeFrustration, type ClientReport } from './frustration.ts';
import { replyStream } from './reply-stream.ts';
import { WaitHistory } from './queue-order.ts';
import type { WebhookEvent, Webhooks } from './webhook.ts';

export interface AgentRef {
  id: string;
  name: string;
}

export interface ConversationsDeps {
  storage: Storage;
  bus: Bus;
  assistantFor: (site: string) => Assistant;
  log: Logger;
  now?: () => number;
  /** Conversations an agent may hold at once; unlimited when absent. */
  capacityOf?: (agentId: string) => number;
  /** Handoff, offline-capture and resolve events, POSTed to the site's webhook. */
  webhooks?: Pick<Webhooks, 'send'>;
  /** The wait estimate before any claim is seen. */
  waitEstimateMs?: number;
}

/** How many recent turns the assistant reads. */
const CONTEXT_ENTRIES = 40;
/** Bot conversations active this recently show in the agents' list (for a takeover). */
const RECENT_BOT_MS = 30 * 60_000;
const QUEUE_LIMIT = 200;
/** Widget frustration reports kept in memory at most (one per conversation). */
const CLIENT_REPORTS_KEPT = 10_000;
/** Reasons that come before frustration in the policy's order (policy.ts decideRoute). */
const OUTRANKS_FRUSTRATION: ReadonlySet<TriggerReason> = new Set(['safety:legal_threat', 'safety:self_harm', 'safety:regulatory_complaint', 'urgent_intent', 'visitor_request']);

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

/** Messages of the transcript a webhook carries (the newest). */
const WEBHOOK_TRANSCRIPT = 50;
const NOTES_SHOWN = 200;

export class Conversations {
  readonly #storage: Storage;
  readonly #bus: Bus;
  readonly #assistantFor: (site: string) => Assistant;
  /** The reply being written per conversation, to drop when a person is asked for or takes over. */
  readonly #replying = new Map<string, AbortController>();
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #chains = new Map<string, Promise<unknown>>();
  /** The widget's last frustration report per conversation (clamped); kept in memory, the widget reports again on change. */
  readonly #clientReports = new Map<string, ClientReport>();
  readonly #capacityOf: (agentId: string) => number;
  readonly #webhooks: Pick<Webhooks, 'send'> | null;
  /** Recent waits from queued to a person: what a waiting visitor's estimate is built from. */
  readonly waits: WaitHistory;

  constructor(deps: ConversationsDeps) {
    this.#storage = deps.storage;
    this.#bus = deps.bus;
    this.#assistantFor = deps.assistantFor;
    this.#log = deps.log;
    this.#now = deps.now ?? Date.now;
    this.#capacityOf = deps.capacityOf ?? (() => Number.POSITIVE_INFINITY);
    this.#webhooks = deps.webhooks ?? null;
    this.waits = new WaitHistory(deps.waitEstimateMs ?? 120_000);
  }

  /** Runs work for one conversation after the work queued before it. */
  #serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.#chains.set(id, tail);
    void tail.then(() => {
      if (this.#chains.get(id) === tail) this.#chains.delete(id);
    });
    return next;
  }

  async #publish(conversationId: string, entry: Entry): Promise<void> {
    await this.#bus.publish(topics.conversation(conversationId), { kind: 'entry', conversationId, entry });
  }

  async #queueChanged(): Promise<void> {
    await this.#bus.publish(topics.queue, { kind: 'queue' });
  }

  async #require(id: string): Promise<ConversationRecord> {
    const record = await this.#storage.conversation(id);
    if (!record) throw new ServiceError('not_found', `conversation ${id} not found`);
    return record;
  }

  async #transition(id: string, name: Transition, reason: StateReason, extra: Partial<StateChange> = {}): Promise<ConversationRecord> {
    const { from, to } = TRANSITIONS[name];
    const result = await this.#storage.changeState(id, { from, to, reason, ...extra }, this.#now());
    if (!result.ok) {
      const state = result.record?.state ?? 'unknown';
      const message =
        result.error === 'conflict'
          ? `conversation is held by ${result.record?.assignee?.name ?? 'another agent'}`
          : result.error === 'invalid_state'
            ? `cannot ${name} a conversation that is ${state}`
            : `conversation ${id} not found`;
      throw new ServiceError(result.error, message);
    }
    // A new episode: what the widget said about the last one no longer counts (see #judge).
    this.#clientReports.delete(id);
    await this.#publish(id, result.entry);
    await this.#queueChanged();
    this.#log.info('state', { conversation: id, from: result.entry.from, to: result.entry.to, reason });
    return result.record;
  }

  async start(site: string, visitor: VisitorFacts): Promise<{ record: ConversationRecord; token: string }> {
    const token = newSecret();
    const record = await this.#storage.createConversation({ id: newId('c'), site, tokenHash: hashSecret(token), visitor, at: this.#now() });
    return { record, token };
  }

  /** The conversation a visitor token opens, or null. */
  async byToken(token: string): Promise<ConversationRecord | null> {
    return this.#storage.conversationByToken(hashSecret(token));
  }

  /** Resolves when the work already queued on every conversation has finished (for a clean shutdown). */
  async drain(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  get(id: string): Promise<ConversationRecord> {
    return this.#require(id);
  }

  entriesAfter(id: string, afterSeq: number, limit: number): Promise<Entry[]> {
    return this.#storage.entriesAfter(id, afterSeq, limit);
  }

  /** The site policy's frustration thresholds (they follow a policy reload). */
  frustrationThresholds(site: string): FrustrationThresholds {
    return this.#assistantFor(site).frustration;
  }

  async setVisitor(id: string, visitor: VisitorFacts): Promise<void> {
    await this.#storage.setVisitor(id, visitor);
  }

  /** Open conversations as stored (queued, held, offline, recent bot ones); the desk orders them. */
  open(): Promise<ConversationRecord[]> {
    return this.#storage.listOpen(this.#now() - RECENT_BOT_MS, QUEUE_LIMIT);
  }

  async queue(): Promise<ConversationSummary[]> {
    return (await this.open()).map(toSummary);
  }

  heldCounts(): Promise<Map<string, number>> {
    return this.#storage.heldCounts();
  }

  #webhook(site: string, type: WebhookEvent['type'], conversationId: string, data: Record<string, unknown>): void {
    this.#webhooks?.send(site, { type, conversationId, at: this.#now(), data });
  }

  async #transcript(id: string): Promise<{ role: string; text: string; at: number; author?: string }[]> {
    const record = await this.#require(id);
    const entries = await this.#storage.entriesAfter(id, Math.max(0, record.lastSeq - WEBHOOK_TRANSCRIPT * 2), WEBHOOK_TRANSCRIPT * 2);
    return entries
      .flatMap((e) => (e.kind === 'message' ? [{ role: e.role, text: e.text, at: e.at, ...(e.author !== undefined && { author: e.author }) }] : []))
      .slice(-WEBHOOK_TRANSCRIPT);
  }

  /**
   * A visitor message: stored once per client id, then answered by the
   * assistant or left for the person who holds the conversation.
   *
   * Resolves once the message is stored, not when it is answered: a model may
   * take seconds, and the socket's ack (and its later frames, pings too) must
   * not wait for it. The answer is queued right behind the store on the same
   * conversation's chain, so nothing overtakes it and drain() still waits for it.
   */
  visitorMessage(id: string, clientId: string, text: string): Promise<{ entry: MessageEntry; duplicate: boolean }> {
    const stored = this.#serial(id, () => this.#storeVisitor(id, clientId, text));
    void this.#serial(id, async () => {
      // A message that was not stored was refused to its sender already; there is nothing to answer.
      const result = await stored.catch(() => null);
      if (result?.answer) await this.#respond(result.answer, result.entry);
    }).catch((error: unknown) => this.#log.error('answering failed', { conversation: id, error: String(error) }));
    return stored.then(({ entry, duplicate }) => ({ entry, duplicate }));
  }

  /** Stores a visitor message; `answer` is the record when the assistant should answer it. */
  async #storeVisitor(id: string, clientId: string, text: string): Promise<{ entry: MessageEntry; duplicate: boolean; answer: ConversationRecord | null }> {
    const record = await this.#require(id);
    const stored = await this.#storage.appendMessage(id, { role: 'visitor', text, clientId, clientKey: `v:${clientId}` }, this.#now());
    if (stored.duplicate) {
      // A retry after the server died between storing the message and answering it: answer now.
      const unanswered = assistantSpeaks(record.state) && record.lastSeq === stored.entry.seq;
      return { ...stored, answer: unanswered ? record : null };
    }
    await this.#publish(id, stored.entry);
    let state = record.state;
    if (state === 'resolved') state = (await this.#transition(id, 'reopen', 'visitor_returned')).state;
    // The agents' list shows a new conversation and the latest preview of those a person is on.
    else if (state !== 'bot' || stored.entry.seq === 1) await this.#queueChanged();
    return { ...stored, answer: assistantSpeaks(state) ? record : null };
  }

  async #respond(record: ConversationRecord, message: MessageEntry): Promise<void> {
    const history = await this.#storage.entriesAfter(record.id, Math.max(0, message.seq - CONTEXT_ENTRIES), CONTEXT_ENTRIES);
    const turns: Turn[] = history.flatMap((e) =>
      e.kind === 'message' && e.seq <= message.seq ? [{ role: e.role === 'visitor' ? 'user' : 'assistant', text: e.text } as const] : [],
    );
    const assistant = this.#assistantFor(record.site);
    // A visitor this frustrated gets a person, with the reply the assistant would have given in the pack.
    const frustration = await this.#judge(record, history);
    const handOver = frustration.score >= assistant.frustration.handoffAt;
    // The reply's pieces reach the visitor as they are written; only a reply the
    // assistant decides to send is stored, and then replaces them.
    const stream = replyStream(this.#bus, record.id, this.#log);
    const cancel = new AbortController();
    this.#replying.set(record.id, cancel);
    let decision: Decision;
    try {
      decision = await assistant.decide({ turns }, handOver ? undefined : stream, cancel.signal);
    } catch (error) {
      if (cancel.signal.aborted) return stream.withdrawn();
      // Never show an engine failure to the visitor: hand over with what we have.
      this.#log.error('assistant failed', { conversation: record.id, error: String(error) });
      await stream.withdrawn();
      await this.#trigger(record, handOver ? 'frustration' : 'upstream_error', null);
      return;
    } finally {
      this.#replying.delete(record.id);
    }
    await this.#storage.setLastDecision(record.id, decision);
    // A person was asked for or took over while the reply was written: the reply is dropped, and
    // what the assistant had (its offline draft, passages, intent) goes into the pack they see.
    if (cancel.signal.aborted) return stream.withdrawn();
    // The policy's order: a safety flag, an urgent intent or the visitor's own request speak first; frustration
    // outranks every other reason (a human intent, an amount, low confidence, ...).
    if (handOver && !OUTRANKS_FRUSTRATION.has(decision.reason ?? 'low_confidence')) {
      await stream.withdrawn();
      return this.#trigger(record, 'frustration', decision);
    }
    if (decision.route === 'answer' && decision.reply) {
      const reply = await this.#storage.appendMessage(
        record.id,
        {
          role: 'assistant',
          text: decision.reply,
          author: 'Assistant',
          sources: decision.passages.map(({ article, title, section }) => ({ article, title, section })),
          confidence: decision.confidence,
        },
        this.#now(),
      );
      await stream.sent(reply.entry.seq);
      await this.#publish(record.id, reply.entry);
      // Sent: a later hand-over's pack must not show this reply as a draft "not sent" (its passages and confidence stay).
      await this.#storage.setLastDecision(record.id, { ...decision, draft: null });
      return;
    }
    await stream.withdrawn();
    await this.#trigger(record, decision.reason ?? 'low_confidence', decision);
  }

  async #trigger(record: ConversationRecord, reason: TriggerReason, decision: Decision | null): Promise<void> {
    const current = await this.#require(record.id);
    const pack = buildPack(reason, decision, current.visitor, this.#now(), current.frustration, await this.#storage.earlierConversations(current));
    const queued = await this.#transition(record.id, 'trigger', reason, { urgent: decision?.route === 'urgent', pack });
    this.#webhook(queued.site, 'conversation.handoff', queued.id, {
      reason,
      urgent: queued.urgent,
      intent: pack.intent,
      confidence: pack.confidence,
      flags: pack.flags,
      frustration: pack.frustration,
      visitor: pack.visitor,
    });
  }

  /** Judges the visitor's frustration from the stored log and the widget's last report, and keeps it with the conversation. */
  async #judge(record: ConversationRecord, history: readonly Entry[]) {
    const thresholds = this.#assistantFor(record.site).frustration;
    const judged = judgeFrustration(history, thresholds, this.#clientReports.get(record.id) ?? null, this.#now());
    const before = record.frustration;
    if (judged.score !== (before?.score ?? 0) || judged.signals.length !== (before?.signals.length ?? 0)) {
      await this.#storage.setFrustration(record.id, judged);
      // Frustration orders the queue: a waiting visitor who grows angrier moves up.
      if (record.state === 'queued') await this.#queueChanged();
    }
    return judged;
  }

  /**
   * Keeps the widget's latest frustration report (already clamped) for the next
   * judgement, without judging now: a report over the gateway's rate limit is
   * still the latest word.
   */
  noteFrustration(id: string, report: ClientReport): void {
    // Bounded: a report is dropped at the conversation's next state change; this caps conversations that never have one.
    if (this.#clientReports.size >= CLIENT_REPORTS_KEPT && !this.#clientReports.has(id)) this.#clientReports.delete(this.#clientReports.keys().next().value ?? '');
    this.#clientReports.delete(id);
    this.#clientReports.set(id, report);
  }

  /**
   * The widget's frustration report: noted, then judged after the work already
   * queued on the conversation (a reply being written finishes first; the
   * caller does not wait). At the policy's handoffAt, a conversation still with
   * the assistant goes to a person with reason `frustration`; the server's own
   * reading caps what the report can add.
   */
  visitorFrustration(id: string, report: ClientReport): Promise<void> {
    this.noteFrustration(id, report);
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      const history = await this.#storage.entriesAfter(id, Math.max(0, record.lastSeq - CONTEXT_ENTRIES), CONTEXT_ENTRIES);
      const judged = await this.#judge(record, history);
      if (record.state !== 'bot' || judged.score < this.#assistantFor(record.site).frustration.handoffAt) return;
      await this.#trigger(record, 'frustration', record.lastDecision);
    });
  }

  /** "Talk to a person": queues the conversation unless a person is already on it. */
  requestPerson(id: string): Promise<void> {
    this.#replying.get(id)?.abort();
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (record.state !== 'bot' && record.state !== 'resolved') return;
      if (record.state === 'resolved') await this.#transition(id, 'reopen', 'visitor_returned');
      await this.#trigger(record, 'visitor_request', record.lastDecision);
    });
  }

  /** An agent takes the conversation: from the queue, or from the assistant unasked. */
  /**
   * An agent takes the conversation: from the queue, from the assistant
   * unasked, or to follow up offline. Atomic: of two agents claiming at once,
   * one wins and the other gets `conflict`; an agent at capacity gets `at_capacity`.
   */
  async claim(id: string, agent: AgentRef): Promise<ConversationRecord> {
    const stopped = await this.#stopReplyFor(id, agent);
    try {
      // One agent's claims run one at a time, so two at once cannot both fit the last free place.
      return await this.#serial(`agent:${agent.id}`, () => this.#serial(id, () => this.#claim(id, agent, 'claim')));
    } catch (error) {
      if (stopped) this.#answerIfUnanswered(id);
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
    const replying = this.#replying.get(id);
    if (!replying) return false;
    const record = await this.#require(id);
    if (record.assignee && record.assignee.id !== agent.id && record.state === 'human') return false;
    if (record.assignee?.id !== agent.id) await this.#room(agent);
    replying.abort();
    return true;
  }

  /** After a stopped reply whose claim then failed (a race): answer the visitor's last message after all. */
  #answerIfUnanswered(id: string): void {
    void this.#serial(id, async () => {
      const record = await this.#require(id);
      if (!assistantSpeaks(record.state)) return;
      const last = (await this.#storage.entriesAfter(id, Math.max(0, record.lastSeq - 1), 1))[0];
      if (last?.kind === 'message' && last.role === 'visitor') await this.#respond(record, last);
    }).catch((error: unknown) => this.#log.error('answering again failed', { conversation: id, error: String(error) }));
  }

  /** The desk gives a queued conversation to an agent (auto-assignment); null when it was taken meanwhile or they are full. */
  assign(id: string, agent: AgentRef): Promise<ConversationRecord | null> {
    return this.#serial(`agent:${agent.id}`, () =>
      this.#serial(id, async () => {
        const record = await this.#require(id);
        if (record.state !== 'queued') return null;
        return this.#claim(id, agent, 'assign').catch((error: unknown) => {
          if (error instanceof ServiceError && (error.code === 'at_capacity' || error.code === 'conflict' || error.code === 'invalid_state')) return null;
          throw error;
        });
      }),
    );
  }

  async #room(agent: AgentRef): Promise<void> {
    const held = (await this.#storage.heldCounts()).get(agent.id) ?? 0;
    const max = this.#capacityOf(agent.id);
    if (held >= max) throw new ServiceError('at_capacity', `${agent.name} already holds ${held} of ${max} conversations; resolve or hand one back first`);
  }

  async #claim(id: string, agent: AgentRef, how: 'claim' | 'assign'): Promise<ConversationRecord> {
    const record = await this.#require(id);
    if (record.state === 'human') {
      if (record.assignee?.id === agent.id) return record;
      throw new ServiceError('conflict', `conversation is held by ${record.assignee?.name ?? 'another agent'}`);
    }
    await this.#room(agent);
    const reason = how === 'assign' ? 'auto_assigned' : record.state === 'bot' ? 'agent_takeover' : 'agent_claimed';
    const extra: Partial<StateChange> = { agent, requireAssignee: agent.id };
    if (record.state === 'bot') extra.pack = buildPack('agent_takeover', record.lastDecision, record.visitor, this.#now(), record.frustration, await this.#storage.earlierConversations(record));
    const claimed = await this.#transition(id, how, reason, extra);
    if (record.state === 'queued' && record.queuedAt !== null) this.waits.add(this.#now() - record.queuedAt);
    return claimed;
  }

  /** Passes a conversation `from` holds to another agent, who must be online with room (`isOnline` says who is). */
  transfer(id: string, from: AgentRef, to: AgentRef, isOnline: boolean): Promise<ConversationRecord> {
    if (to.id === from.id) return Promise.reject(new ServiceError('invalid_state', 'the conversation is already yours'));
    if (!isOnline) return Promise.reject(new ServiceError('agent_unavailable', `${to.name} is not online`));
    return this.#serial(`agent:${to.id}`, () =>
      this.#serial(id, async () => {
        await this.#room(to);
        return this.#transition(id, 'transfer', 'agent_transferred', { agent: to, requireAssignee: from.id });
      }),
    );
  }

  /** Nobody can take it (none online, or the wait passed its limit): the visitor is told and asked for an e-mail. */
  goOffline(id: string, reason: 'no_agent_online' | 'wait_timeout'): Promise<ConversationRecord | null> {
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (record.state !== 'queued') return null;
      return this.#transition(id, 'goOffline', reason);
    });
  }

  /** The agent who held it went offline: back to the queue, for someone who is there. */
  requeue(id: string, agentId: string): Promise<ConversationRecord | null> {
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (record.state !== 'human' || record.assignee?.id !== agentId) return null;
      return this.#transition(id, 'requeue', 'agent_offline', { requireAssignee: agentId });
    });
  }

  /** The e-mail a visitor leaves to be answered later; the site's webhook hears of it with the transcript. */
  leaveContact(id: string, email: string): Promise<void> {
    return this.#serial(id, async () => {
      const before = await this.#require(id);
      // Asked for when nobody can take the conversation now; while waiting, a visitor may prefer it too.
      if (before.state !== 'offline' && before.state !== 'queued') throw new ServiceError('invalid_state', 'an e-mail is asked for only while the conversation waits for a person');
      // A resend (after a drop) or the same address again is stored already: nothing new to tell the site.
      if (before.contact === email) return;
      await this.#storage.setContact(id, email);
      const record = await this.#require(id);
      await this.#queueChanged();
      this.#webhook(record.site, 'conversation.offline', id, {
        email,
        state: record.state,
        reason: record.pack?.reason ?? null,
        visitor: record.visitor,
        transcript: await this.#transcript(id),
      });
    });
  }

  /** The effort survey, once per conversation and only after a resolve. */
  survey(id: string, score: number, comment: string | null): Promise<void> {
    return this.#serial(id, async () => {
      const record = await this.#require(id);
      if (record.state !== 'resolved') throw new ServiceError('invalid_state', 'the survey is asked once the conversation is resolved');
      const saved = await this.#storage.setSurvey(id, { score, comment, at: this.#now() });
      if (!saved.ok) throw new ServiceError('already_done', 'this conversation has been rated already');
      this.#log.info('survey', { conversation: id, score });
    });
  }

  /** An internal note for the agents; never in the visitor's log. */
  async addNote(id: string, agent: AgentRef, clientId: string, text: string): Promise<{ note: Note; duplicate: boolean }> {
    await this.#require(id);
    const stored = await this.#storage.addNote(id, { agent, text, clientId, clientKey: `a:${agent.id}:${clientId}` }, this.#now());
    if (!stored.duplicate) await this.#bus.publish(topics.agentSide(id), { kind: 'note', conversationId: id, note: stored.note });
    return stored;
  }

  notes(id: string): Promise<Note[]> {
    return this.#storage.notes(id, NOTES_SHOWN);
  }

  /** An agent's reply; replying to an unclaimed conversation claims it first. */
  async agentMessage(id: string, agent: AgentRef, clientId: string, text: string): Promise<{ entry: MessageEntry; duplicate: boolean }> {
    // Replying to a conversation nobody holds claims it: the same stop, lock order (agent, then conversation) and capacity as claim().
    const stopped = await this.#stopReplyFor(id, agent).catch(() => false);
    const stored = this.#serial(`agent:${agent.id}`, () =>
      this.#serial(id, async () => {
        const clientKey = `a:${agent.id}:${clientId}`;
        // A retry of a message already stored is acked as before, whatever the state is now.
        const existing = await this.#storage.messageByClientKey(id, clientKey);
        if (existing) return { entry: existing, duplicate: true };
        const record = await this.#require(id);
        if (record.state === 'resolved') throw new ServiceError('invalid_state', 'conversation is resolved');
        if (record.state !== 'human' || record.assignee?.id !== agent.id) await this.#claim(id, agent, 'claim');
        const appended = await this.#storage.appendMessage(id, { role: 'agent', text, author: agent.name, clientId, clientKey }, this.#now());
        if (!appended.duplicate) await this.#publish(id, appended.entry);
        return appended;
      }),
    );
    return stored.catch((error: unknown) => {
      if (stopped) this.#answerIfUnanswered(id);
      throw error;
    });
  }

  resolve(id: string, agent: AgentRef): Promise<ConversationRecord> {
    return this.#serial(id, async () => {
      const before = await this.#require(id);
      const resolved = await this.#transition(id, 'resolve', 'agent_resolved', { requireAssignee: agent.id, agent });
      this.#webhook(resolved.site, 'conversation.resolved', id, {
        agent,
        reason: before.pack?.reason ?? null,
        queuedAt: before.queuedAt,
        resolvedAt: resolved.updatedAt,
        ...(before.queuedAt !== null && { msSinceQueued: resolved.updatedAt - before.queuedAt }),
      });
      return resolved;
    });
  }

  handBack(id: string, agent: AgentRef): Promise<ConversationRecord> {
    return this.#serial(id, () => this.#transition(id, 'handBack', 'handed_back', { requireAssignee: agent.id, agent: null }));
  }
}
