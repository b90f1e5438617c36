/**
 * The desk: what happens between "a person is needed" and "a person is here".
 * On every change of the queue or of who is online it looks again: with
 * nobody online the waiting visitors are told so at once (offline, asked for
 * an e-mail); with auto-assignment on, each waiting conversation goes to the
 * least busy online agent with room. A sweep sends conversations that waited
 * past the limit offline. It also answers "where am I in the queue".
 */
import type { AgentPresenceT } from '../../shared/frames/server.ts';
import { topics, type Bus } from '../bus/types.ts';
import type { HandoffConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { ConversationRecord } from '../storage/types.ts';
import type { Conversations } from './conversations.ts';
import type { Presence } from './presence.ts';
import { consoleOrder, estimateWait, queueOrder, type FrustratedAt, type WaitEstimate } from './queue-order.ts';

/** One read shared by everyone who asks until the next change; a failed read is not kept. */
class PerChange<T> {
  readonly #read: () => Promise<T>;
  #value: Promise<T> | null = null;

  constructor(read: () => Promise<T>) {
    this.#read = read;
  }

  get(): Promise<T> {
    const reading = (this.#value ??= this.#read());
    reading.catch(() => {
      if (this.#value === reading) this.#value = null;
    });
    return reading;
  }

  reset(): void {
    this.#value = null;
  }
}

export interface DeskDeps {
  conversations: Conversations;
  presence: Presence;
  bus: Bus;
  log: Logger;
  settings: HandoffConfig;
  frustratedAt: FrustratedAt;
  now?: () => number;
}

export class Desk {
  readonly #deps: DeskDeps;
  readonly #now: () => number;
  readonly #stops: (() => void)[] = [];
  #sweeper: NodeJS.Timeout | null = null;
  /** One look at a time; a change during a look asks for one more after it. */
  #running: Promise<void> | null = null;
  #again = false;
  /** Consoles reconnect after a server restart; until they have had time to, "nobody online" is not yet known. */
  #presenceKnownAt = 0;
  /**
   * The open conversations and each agent's load, read once per change of the
   * queue or of presence, however many consoles and waiting visitors ask.
   */
  readonly #open: PerChange<ConversationRecord[]>;
  readonly #held: PerChange<Map<string, number>>;

  constructor(deps: DeskDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#open = new PerChange(() => deps.conversations.log.open());
    this.#held = new PerChange(() => deps.conversations.log.heldCounts());
  }

  start(): this {
    const { bus, settings } = this.#deps;
    this.#presenceKnownAt = this.#now() + 2 * settings.presenceGraceMs;
    const changed = () => {
      this.#open.reset();
      this.#held.reset();
      this.kick();
    };
    this.#stops.push(bus.subscribe(topics.queue, changed));
    this.#stops.push(bus.subscribe(topics.presence, changed));
    this.#sweeper = setInterval(() => this.kick(), settings.sweepMs);
    this.#sweeper.unref();
    this.kick();
    return this;
  }

  close(): Promise<void> {
    for (const stop of this.#stops.splice(0)) stop();
    if (this.#sweeper) clearInterval(this.#sweeper);
    return this.#running ?? Promise.resolve();
  }

  /** Look at the queue soon; calls while a look runs fold into one more. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#look()
      .catch((error: unknown) => this.#deps.log.error('desk look failed', { error: String(error) }))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves once the looks asked for so far are done (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #look(): Promise<void> {
    const { conversations, presence, settings, frustratedAt } = this.#deps;
    const open = await this.#open.get();
    const known = this.#now() >= this.#presenceKnownAt;
    // A person who left (offline past the grace) cannot answer: what they held goes back to the queue.
    const orphaned = known ? open.filter((c) => c.state === 'human' && c.assignee && presence.status(c.assignee.id) === 'offline') : [];
    for (const c of orphaned) if (c.assignee) await conversations.assignment.requeue(c.id, c.assignee.id);
    if (orphaned.length > 0) return; // the requeues changed the queue: the look they set off reads it afresh
    const queued = queueOrder(open, frustratedAt);
    if (queued.length === 0) return;
    const online = presence.online();
    const tooLong = this.#now() - settings.maxWaitMs;
    const nobody = online.length === 0 && settings.offlineWhenNobody && known;
    for (const c of queued) {
      if (nobody) await conversations.assignment.goOffline(c.id, 'no_agent_online');
      else if (c.queuedAt !== null && c.queuedAt <= tooLong) await conversations.assignment.goOffline(c.id, 'wait_timeout');
    }
    if (settings.autoAssign && presence.connected().length > 0) await this.#assign(queued.filter((c) => c.queuedAt === null || c.queuedAt > tooLong));
  }

  /** Each waiting conversation, in queue order, to the connected online agent with room who holds the fewest. */
  async #assign(queued: readonly ConversationRecord[]): Promise<void> {
    const { conversations, presence } = this.#deps;
    const held = await conversations.log.heldCounts();
    for (const c of queued) {
      const free = presence
        .connected()
        .filter((a) => (held.get(a.id) ?? 0) < a.max)
        .sort((a, b) => (held.get(a.id) ?? 0) - (held.get(b.id) ?? 0) || a.id.localeCompare(b.id));
      const agent = free[0];
      if (!agent) return;
      const taken = await conversations.assignment.assign(c.id, { id: agent.id, name: agent.name });
      if (taken) held.set(agent.id, (held.get(agent.id) ?? 0) + 1);
    }
  }

  /** The open conversations in the order the console lists them. */
  async list(): Promise<ConversationRecord[]> {
    return consoleOrder(await this.#open.get(), this.#deps.frustratedAt);
  }

  /** A waiting visitor's place and estimate, or null when the conversation is not waiting. */
  async waitFor(conversationId: string): Promise<WaitEstimate | null> {
    const { conversations, presence, frustratedAt } = this.#deps;
    const queued = queueOrder(await this.#open.get(), frustratedAt);
    const index = queued.findIndex((c) => c.id === conversationId);
    if (index < 0) return null;
    return estimateWait(index + 1, presence.online().length, conversations.assignment.waits.typical());
  }

  /** Every agent's presence and load, for the consoles. */
  async presenceList(): Promise<AgentPresenceT[]> {
    const { presence } = this.#deps;
    const held = await this.#held.get();
    return presence.seats.map((s) => ({ id: s.id, name: s.name, status: presence.status(s.id), active: held.get(s.id) ?? 0, max: s.max }));
  }
}
