/**
 * Keeps the widget's latest frustration report per conversation and judges
 * the visitor from it and the stored log (frustration.ts), storing the result
 * with the conversation when it changed.
 */
import type { Entry, Frustration } from '../../shared/model.ts';
import type { ConversationRecord } from '../storage/types.ts';
import type { ConversationLog } from './conversation-log.ts';
import { judgeFrustration, type ClientReport } from './frustration.ts';
import type { FrustrationThresholds } from '../engine/assistant.ts';

/** Widget frustration reports kept in memory at most (one per conversation). */
const REPORTS_KEPT = 10_000;

export class FrustrationJudge {
  readonly #log: ConversationLog;
  /** Kept in memory: the widget reports again on change, and a state change starts a new episode. */
  readonly #reports = new Map<string, ClientReport>();

  constructor(log: ConversationLog) {
    this.#log = log;
    // A new episode: what the widget said about the last one no longer counts.
    log.onTransition((id) => this.#reports.delete(id));
  }

  /** Keeps the widget's latest report (already clamped) for the next judgement. */
  note(id: string, report: ClientReport): void {
    // Bounded: a report is dropped at the conversation's next state change; this caps conversations that never have one.
    if (this.#reports.size >= REPORTS_KEPT && !this.#reports.has(id)) this.#reports.delete(this.#reports.keys().next().value ?? '');
    this.#reports.delete(id);
    this.#reports.set(id, report);
  }

  /** Judges the visitor from `history` and the widget's last report, and keeps the result with the conversation. */
  async judge(record: ConversationRecord, history: readonly Entry[], thresholds: FrustrationThresholds): Promise<Frustration> {
    const judged = judgeFrustration(history, thresholds, this.#reports.get(record.id) ?? null, this.#log.now());
    const before = record.frustration;
    if (judged.score !== (before?.score ?? 0) || judged.signals.length !== (before?.signals.length ?? 0)) {
      await this.#log.storage.setFrustration(record.id, judged);
      // Frustration orders the queue: a waiting visitor who grows angrier moves up.
      if (record.state === 'queued') await this.#log.queueChanged();
    }
    return judged;
  }
}
