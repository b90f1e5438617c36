/**
 * The widget's telemetry, kept with the conversation: the exit report a leaving
 * page sends over HTTP (authorised by the conversation token alone, since a
 * beacon carries no socket) and the event batches that arrive over the socket.
 */
import type { ExitReport, WidgetEvent } from '../../shared/frames/telemetry.ts';
import { BatonError } from '../../shared/errors.ts';
import type { Limits } from '../config.ts';
import type { Logger } from '../log.ts';
import { hashSecret } from '../storage/ids.ts';
import type { Storage } from '../storage/types.ts';

export interface TelemetryDeps {
  storage: Storage;
  log: Logger;
  limits: Pick<Limits, 'maxExitReportsPerConversation' | 'maxWidgetEventsPerConversation'>;
  now?: () => number;
}

/** What the HTTP exit endpoint needs of Telemetry. */
export interface ExitRecorder {
  recordExit(site: string, report: ExitReport): Promise<{ duplicate: boolean }>;
}

/** The event without the text the visitor sent or was shown: the server has the messages already. */
function withoutText(event: WidgetEvent): WidgetEvent {
  if (event.type === 'send') return { t: event.t, type: 'send' };
  if (event.type === 'reply') {
    return { t: event.t, type: 'reply', from: event.from, ...(event.confidence !== undefined && { confidence: event.confidence }) };
  }
  return event;
}

export class Telemetry implements ExitRecorder {
  readonly #storage: Storage;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #limits: TelemetryDeps['limits'];

  constructor(deps: TelemetryDeps) {
    this.#storage = deps.storage;
    this.#log = deps.log;
    this.#limits = deps.limits;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Stores an exit report once per exitId. The token must be one of this site's
   * conversations (else `unauthorized`, nothing stored); it is not stored itself.
   */
  async recordExit(site: string, report: ExitReport): Promise<{ duplicate: boolean }> {
    const record = await this.#storage.conversationByToken(hashSecret(report.token));
    // Another site's token is refused the same way as an unknown one: the answer says nothing about which it was.
    if (!record || record.site !== site) throw new BatonError('unauthorized', 'unknown conversation token');
    const { token: _token, ...rest } = report;
    // A repeat of a stored exitId is still a 204 below; only new reports count against the cap.
    const stored = await this.#storage.exitReports(record.id);
    const max = this.#limits.maxExitReportsPerConversation;
    if (stored.length >= max && !stored.some((r) => r.exitId === report.exitId)) {
      throw new BatonError('rate_limited', `at most ${max} exit reports per conversation`);
    }
    const result = await this.#storage.addExitReport(record.id, rest, this.#now());
    if (result.duplicate) {
      this.#log.debug('exit report repeated', { conversation: record.id, exitId: report.exitId });
    } else {
      this.#log.info('exit report', { conversation: record.id, abandoned: report.abandoned, rageQuit: report.rageQuit, stage: report.stage });
    }
    return result;
  }

  /** Stores a batch of widget events for a conversation the caller has bound, texts left out. */
  async recordEvents(conversationId: string, events: readonly WidgetEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#storage.addWidgetEvents(conversationId, events.map(withoutText), this.#now(), this.#limits.maxWidgetEventsPerConversation);
  }
}
