/**
 * The conversation service, in rooms by job: the log and its transitions
 * (conversation-log.ts), the reply orchestrator (replies.ts), who holds a
 * conversation (assignment.ts), and what it carries beside its log
 * (visitor-extras.ts). They share one Serial, so work on one conversation
 * runs in order whichever room it comes from.
 */
import type { Bus } from '../bus/types.ts';
import type { Assistant } from '../engine/assistant.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/types.ts';
import { Assignment } from './assignment.ts';
import { ConversationLog, type LogLimits } from './conversation-log.ts';
import { Replies } from './replies.ts';
import { Serial } from './serial.ts';
import { VisitorExtras } from './visitor-extras.ts';
import type { Webhooks } from './webhook.ts';

export type { AgentRef } from './conversation-log.ts';
export { toSummary } from './conversation-log.ts';

export interface ConversationsDeps {
  storage: Storage;
  bus: Bus;
  assistantFor: (site: string) => Assistant;
  log: Logger;
  limits: LogLimits;
  now?: () => number;
  /** Conversations an agent may hold at once; unlimited when absent. */
  capacityOf?: (agentId: string) => number;
  /** Handoff, offline-capture and resolve events, POSTed to the site's webhook. */
  webhooks?: Pick<Webhooks, 'send'>;
  /** The wait estimate before any claim is seen. */
  waitEstimateMs: number;
}

export class Conversations {
  readonly log: ConversationLog;
  readonly replies: Replies;
  readonly assignment: Assignment;
  readonly extras: VisitorExtras;
  readonly #serial = new Serial();

  constructor(deps: ConversationsDeps) {
    const webhooks = deps.webhooks ?? null;
    const serial = this.#serial;
    this.log = new ConversationLog({ storage: deps.storage, bus: deps.bus, log: deps.log, now: deps.now ?? Date.now, limits: deps.limits });
    this.replies = new Replies({ log: this.log, serial, bus: deps.bus, assistantFor: deps.assistantFor, logger: deps.log, webhooks });
    this.assignment = new Assignment({
      log: this.log,
      serial,
      replies: this.replies,
      capacityOf: deps.capacityOf ?? (() => Number.POSITIVE_INFINITY),
      webhooks,
      waitEstimateMs: deps.waitEstimateMs,
    });
    this.extras = new VisitorExtras({ log: this.log, serial, bus: deps.bus, logger: deps.log, webhooks });
  }

  /** Resolves when the work already queued on every conversation has finished (for a clean shutdown). */
  drain(): Promise<void> {
    return this.#serial.drain();
  }
}
