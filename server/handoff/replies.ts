/**
 * The reply orchestrator: a visitor message is stored, then answered by the
 * assistant or handed to a person, in order per conversation. The policy's
 * routing order (engine/policy.ts) decides which; this file carries out what
 * it decided, streams the reply, and stops a reply a person overtakes. Once
 * the assistant no longer reads the visitor, the safety floor (safety-floor.ts)
 * still does.
 */
import type { TriggerReason } from '../../shared/codes.ts';
import type { Decision, HandoffPack, MessageEntry } from '../../shared/model.ts';
import type { Bus } from '../bus/types.ts';
import type { Assistant, Turn } from '../engine/assistant.ts';
import { actsModel } from '../engine/acts.ts';
import { decideRoute, routeWithoutReply, type Policy } from '../engine/policy.ts';
import type { SafetyHit } from '../engine/safety.ts';
import type { Logger } from '../log.ts';
import type { ConversationRecord } from '../storage/types.ts';
import type { ConversationLog } from './conversation-log.ts';
import type { ClientReport } from './frustration.ts';
import { FrustrationJudge } from './frustration-judge.ts';
import { assistantSpeaks } from './machine.ts';
import { buildPack } from './pack.ts';
import { replyStream, type ReplyStreamOut } from './reply-stream.ts';
import { categories, newCategories, safetyHits, underFloor, withFlags } from './safety-floor.ts';
import type { Serial } from './serial.ts';
import { handoffEvent, urgentEvent } from './webhook-events.ts';
import type { Webhooks } from './webhook.ts';

/** How many recent entries the assistant and the frustration judge read. */
const CONTEXT_ENTRIES = 40;

/** What writing a reply came to: the assistant's decision, or the error that left none. */
interface Written {
  stream: ReplyStreamOut;
  policy: Policy;
  frustration: number;
  decision: Decision | null;
  error: unknown;
}

/** What a stored visitor message leads to: `answer` is the record when the assistant should answer it. */
interface StoredVisitor {
  entry: MessageEntry;
  duplicate: boolean;
  answer: ConversationRecord | null;
  /** The conversation's state once the message is in (a resolved one has reopened). */
  state: ConversationRecord['state'];
}

export interface RepliesDeps {
  log: ConversationLog;
  serial: Serial;
  bus: Bus;
  assistantFor: (site: string) => Assistant;
  logger: Logger;
  webhooks: Pick<Webhooks, 'send'> | null;
}

export class Replies {
  readonly #log: ConversationLog;
  readonly #serial: Serial;
  readonly #bus: Bus;
  readonly #assistantFor: (site: string) => Assistant;
  readonly #logger: Logger;
  readonly #webhooks: Pick<Webhooks, 'send'> | null;
  readonly #judge: FrustrationJudge;
  /** The reply being written per conversation, to drop when a person is asked for or takes over. */
  readonly #writing = new Map<string, AbortController>();
  /** Conversations whose visitor asked for a person, until that request is carried out: the assistant answers nothing queued before it. */
  readonly #personAsked = new Set<string>();

  constructor(deps: RepliesDeps) {
    this.#log = deps.log;
    this.#serial = deps.serial;
    this.#bus = deps.bus;
    this.#assistantFor = deps.assistantFor;
    this.#logger = deps.logger;
    this.#webhooks = deps.webhooks;
    this.#judge = new FrustrationJudge(deps.log);
  }

  /** The site's policy now (it follows a reload): its frustration thresholds go to the widget at hello. */
  policyOf(site: string): Policy {
    return this.#assistantFor(site).policy;
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
    const overtakes = this.#overtakesReply(id, text);
    const stored = this.#serial.run(id, () => this.#storeVisitor(id, clientId, text));
    void this.#serial
      .run(id, async () => {
        if (overtakes) this.#personAsked.delete(id);
        // A message that was not stored was refused to its sender already; there is nothing to answer.
        const result = await stored.catch(() => null);
        if (result) await this.#afterStore(id, result, overtakes);
      })
      .catch((error: unknown) => this.#logger.error('answering failed', { conversation: id, error: String(error) }));
    return stored.then(({ entry, duplicate }) => ({ entry, duplicate }));
  }

  /**
   * A request for a person while the assistant writes a reply to an earlier
   * message: that reply stops now, and nothing queued behind it is answered,
   * so the hand-over does not wait for replies the visitor no longer wants.
   * Only then is the message's act read: otherwise the router reads it.
   */
  #overtakesReply(id: string, text: string): boolean {
    if (!this.writing(id) || actsModel().of(text) !== 'person') return false;
    this.#personAsked.add(id);
    this.stop(id);
    return true;
  }

  async #storeVisitor(id: string, clientId: string, text: string): Promise<StoredVisitor> {
    const record = await this.#log.get(id);
    const stored = await this.#log.storage.appendMessage(id, { role: 'visitor', text, clientId, clientKey: `v:${clientId}` }, this.#log.now());
    if (stored.duplicate) {
      // A retry after the server died between storing the message and answering it: answer now.
      const unanswered = assistantSpeaks(record.state) && record.lastSeq === stored.entry.seq;
      return { ...stored, answer: unanswered ? record : null, state: record.state };
    }
    await this.#log.publish(id, stored.entry);
    let state = record.state;
    if (state === 'resolved') state = (await this.#log.transition(id, 'reopen', 'visitor_returned')).state;
    // The agents' list shows a new conversation and the latest preview of those a person is on.
    else if (state !== 'bot' || stored.entry.seq === 1) await this.#log.queueChanged();
    return { ...stored, answer: assistantSpeaks(state) ? record : null, state };
  }

  /** Whoever reads the message next: the assistant, the safety floor, or the person it asked for. */
  async #afterStore(id: string, { entry, answer, state }: StoredVisitor, overtakes: boolean): Promise<void> {
    if (overtakes && assistantSpeaks(state)) return this.#handOverOnRequest(id, entry);
    if (answer) return this.#respond(answer, entry);
    if (underFloor(state)) return this.#safetyFloor(id, entry);
  }

  /**
   * The visitor asked for a person over a reply being written, which was
   * stopped: the policy's order routes the request with no reply to judge
   * (a safety flag in the same words still goes first, and urgent).
   */
  async #handOverOnRequest(id: string, message: MessageEntry): Promise<void> {
    const record = await this.#log.get(id);
    if (!assistantSpeaks(record.state)) return this.#safetyFloor(id, message);
    const policy = this.policyOf(record.site);
    const hits = safetyHits(message.text, policy);
    const decided = decideRoute(policy, {
      intent: null,
      confidence: 1,
      flags: categories(hits),
      amount: null,
      personRequested: true,
      repeatUnresolved: false,
      unsupportedClaims: [],
      frustration: record.frustration?.score ?? 0,
      upstreamError: false,
    });
    // What the assistant had for the stopped reply (its draft, passages, intent) is what the person gets.
    const decision = record.lastDecision && { ...record.lastDecision, route: decided.route, reason: decided.reason, reply: null };
    await this.#handOver(record, decided.reason ?? 'visitor_request', decision, { hits, seq: message.seq });
  }

  /**
   * A message to a person, or to the queue, that raises a safety flag: the
   * conversation becomes urgent, the pack gains the flag and its evidence, and
   * the site hears of each category once.
   */
  async #safetyFloor(id: string, message: MessageEntry): Promise<void> {
    const record = await this.#log.get(id);
    if (!underFloor(record.state)) return;
    const hits = safetyHits(message.text, this.policyOf(record.site));
    const first = hits[0];
    if (!first) return;
    const now = this.#log.now();
    // Only a conversation stored before packs existed has none: the flag is then why it needs a person.
    const before = record.pack ?? (await this.#packFor(record, `safety:${first.category}`, null, now));
    const pack = withFlags(before, hits, message.seq, now);
    if (!pack) return;
    const flagged = await this.#log.markUrgent(id, [record.state], pack);
    const raised = newCategories(record.pack, hits);
    if (flagged && raised.length > 0) this.#webhooks?.send(flagged.site, urgentEvent(flagged, raised, now));
  }

  async #respond(record: ConversationRecord, message: MessageEntry): Promise<void> {
    // A person was asked for after this message: they answer it.
    if (this.#personAsked.has(record.id)) return;
    // Registered before the context is read, so a request for a person arriving meanwhile finds a reply to stop.
    const cancel = new AbortController();
    this.#writing.set(record.id, cancel);
    let written: Written;
    try {
      written = await this.#write(record, message, cancel.signal);
    } finally {
      this.#writing.delete(record.id);
    }
    await this.#deliver(record, written, cancel.signal);
  }

  async #write(record: ConversationRecord, message: MessageEntry, signal: AbortSignal): Promise<Written> {
    const history = await this.#log.recent(record.id, CONTEXT_ENTRIES, message.seq);
    const turns: Turn[] = history.flatMap((e) =>
      e.kind === 'message' && e.seq <= message.seq ? [{ role: e.role === 'visitor' ? 'user' : 'assistant', text: e.text } as const] : [],
    );
    const assistant = this.#assistantFor(record.site);
    const frustration = (await this.#judge.judge(record, history, assistant.policy.frustration)).score;
    // The reply's pieces reach the visitor as they are written; only a reply the
    // assistant decides to send is stored, and then replaces them.
    const stream = replyStream(this.#bus, record.id, this.#logger);
    const written = { stream, policy: assistant.policy, frustration };
    if (signal.aborted) return { ...written, decision: null, error: signal.reason };
    try {
      return { ...written, decision: await assistant.decide({ turns, frustration }, stream, signal), error: null };
    } catch (error) {
      return { ...written, decision: null, error };
    }
  }

  async #deliver(record: ConversationRecord, { stream, policy, frustration, decision, error }: Written, signal: AbortSignal): Promise<void> {
    const sending = !signal.aborted && decision?.route === 'answer' && Boolean(decision.reply);
    // A reply to send is stored with its decision, in one write (#send); any other decision is stored now.
    if (decision && !sending) await this.#log.storage.setLastDecision(record.id, decision);
    // A person was asked for or took over while the reply was written: the reply is dropped, and
    // what the assistant had (its offline draft, passages, intent) goes into the pack they see.
    if (signal.aborted) return stream.withdrawn();
    if (!decision) {
      // Never show an engine failure to the visitor: a person takes over, for the reason the policy gives.
      this.#logger.error('assistant failed', { conversation: record.id, error: String(error) });
      await stream.withdrawn();
      const failed = routeWithoutReply(policy, { frustration, upstreamError: true });
      return this.#handOver(record, failed.reason ?? 'upstream_error', null);
    }
    if (decision.route === 'answer' && decision.reply) return this.#send(record, decision, decision.reply, stream.sent);
    await stream.withdrawn();
    await this.#handOver(record, decision.reason ?? 'low_confidence', decision);
  }

  async #send(record: ConversationRecord, decision: Decision, text: string, sent: (seq: number) => Promise<void>): Promise<void> {
    const reply = await this.#log.storage.appendMessage(
      record.id,
      {
        role: 'assistant',
        text,
        author: 'Assistant',
        sources: decision.passages.map(({ article, title, section }) => ({ article, title, section })),
        confidence: decision.confidence,
      },
      this.#log.now(),
      // Sent: a later hand-over's pack must not show this reply as a draft "not sent" (its passages and confidence stay).
      { lastDecision: { ...decision, draft: null } },
    );
    await sent(reply.entry.seq);
    await this.#log.publish(record.id, reply.entry);
  }

  /**
   * To the queue, with the warm-handoff pack; the site's webhook hears of it.
   * `flagged`: safety hits read here rather than by the assistant, whose
   * evidence goes into the pack.
   */
  async #handOver(record: ConversationRecord, reason: TriggerReason, decision: Decision | null, flagged?: { hits: SafetyHit[]; seq: number }): Promise<void> {
    const current = await this.#log.get(record.id);
    const now = this.#log.now();
    const built = await this.#packFor(current, reason, decision, now);
    const pack = (flagged && withFlags(built, flagged.hits, flagged.seq, now)) ?? built;
    const queued = await this.#log.transition(record.id, 'trigger', reason, { urgent: pack.route === 'urgent', pack });
    this.#webhooks?.send(queued.site, handoffEvent(queued, pack, now));
  }

  async #packFor(record: ConversationRecord, reason: TriggerReason, decision: Decision | null, now: number): Promise<HandoffPack> {
    return buildPack(reason, decision, record.visitor, now, record.frustration, await this.#log.storage.earlierConversations(record));
  }

  /**
   * Keeps the widget's latest frustration report (already clamped) for the next
   * judgement, without judging now: a report over the gateway's rate limit is
   * still the latest word.
   */
  noteFrustration(id: string, report: ClientReport): void {
    this.#judge.note(id, report);
  }

  /**
   * The widget's frustration report: noted, then judged after the work already
   * queued on the conversation (a reply being written finishes first; the
   * caller does not wait). A conversation still with the assistant goes to a
   * person when the policy's order says so for this score alone; the server's
   * own reading caps what the report can add.
   */
  visitorFrustration(id: string, report: ClientReport): Promise<void> {
    this.noteFrustration(id, report);
    return this.#serial.run(id, async () => {
      const record = await this.#log.get(id);
      const history = await this.#log.recent(id, CONTEXT_ENTRIES, record.lastSeq);
      const policy = this.policyOf(record.site);
      const judged = await this.#judge.judge(record, history, policy.frustration);
      if (record.state !== 'bot') return;
      const decided = routeWithoutReply(policy, { frustration: judged.score, upstreamError: false });
      if (decided.reason) await this.#handOver(record, decided.reason, record.lastDecision);
    });
  }

  /** "Talk to a person": queues the conversation unless a person is already on it. */
  requestPerson(id: string): Promise<void> {
    this.#personAsked.add(id);
    this.stop(id);
    return this.#serial.run(id, async () => {
      this.#personAsked.delete(id);
      const record = await this.#log.get(id);
      if (record.state !== 'bot' && record.state !== 'resolved') return;
      if (record.state === 'resolved') await this.#log.transition(id, 'reopen', 'visitor_returned');
      await this.#handOver(record, 'visitor_request', record.lastDecision);
    });
  }

  /** Whether the assistant is writing a reply in this conversation now. */
  writing(id: string): boolean {
    return this.#writing.has(id);
  }

  /** Stops the reply being written, if any: it will not be sent. */
  stop(id: string): void {
    this.#writing.get(id)?.abort();
  }

  /** After a stopped reply whose claim then failed (a race): answer the visitor's last message after all. */
  answerIfUnanswered(id: string): void {
    void this.#serial
      .run(id, async () => {
        const record = await this.#log.get(id);
        if (!assistantSpeaks(record.state)) return;
        const last = (await this.#log.recent(id, 1, record.lastSeq))[0];
        if (last?.kind === 'message' && last.role === 'visitor') await this.#respond(record, last);
      })
      .catch((error: unknown) => this.#logger.error('answering again failed', { conversation: id, error: String(error) }));
  }
}
