/**
 * The order agents take conversations in, and what a waiting visitor is told.
 * Pure, so the console's list, auto-assignment and the visitor's place in the
 * queue all read the same rule: urgent first, then frustrated visitors, then
 * the longest wait.
 */
import type { ConversationRecord } from '../storage/types.ts';

type Queued = Pick<ConversationRecord, 'id' | 'state' | 'urgent' | 'queuedAt' | 'updatedAt' | 'frustration' | 'site'>;

/** The score at which a site's visitor counts as frustrated (its policy's offerHumanAt). */
export type FrustratedAt = (site: string) => number;

function frustrated(r: Queued, frustratedAt: FrustratedAt): boolean {
  return (r.frustration?.score ?? 0) >= frustratedAt(r.site);
}

/** Waiting conversations in the order they should be taken. */
export function queueOrder<T extends Queued>(records: readonly T[], frustratedAt: FrustratedAt): T[] {
  return records
    .filter((r) => r.state === 'queued')
    .sort(
      (a, b) =>
        Number(b.urgent) - Number(a.urgent) ||
        Number(frustrated(b, frustratedAt)) - Number(frustrated(a, frustratedAt)) ||
        (a.queuedAt ?? a.updatedAt) - (b.queuedAt ?? b.updatedAt) ||
        a.id.localeCompare(b.id),
    );
}

/**
 * The whole list an agent sees: the queue in its order, then the conversations
 * people hold (latest activity first), those waiting for a follow-up (offline),
 * and those the assistant has (for a takeover).
 */
export function consoleOrder<T extends Queued>(records: readonly T[], frustratedAt: FrustratedAt): T[] {
  const rest = (state: T['state']) => records.filter((r) => r.state === state).sort((a, b) => b.updatedAt - a.updatedAt);
  return [...queueOrder(records, frustratedAt), ...rest('human'), ...rest('offline'), ...rest('bot')];
}

export interface WaitEstimate {
  /** 1 = next to be taken. */
  position: number;
  /** null: nobody online to estimate from. */
  etaMs: number | null;
  agentsOnline: number;
}

/**
 * A visitor's wait: their place, and about how long — each place ahead takes
 * one typical wait (the median of recent waits, or the configured default),
 * shared among the agents online.
 */
export function estimateWait(position: number, agentsOnline: number, typicalWaitMs: number): WaitEstimate {
  return { position, agentsOnline, etaMs: agentsOnline === 0 ? null : Math.round((position * typicalWaitMs) / agentsOnline) };
}

/** The median of recent waits from queued to a person, or the fallback before any. */
export class WaitHistory {
  readonly #waits: number[] = [];
  readonly #keep: number;
  readonly #fallbackMs: number;

  constructor(fallbackMs: number, keep = 25) {
    this.#fallbackMs = fallbackMs;
    this.#keep = keep;
  }

  add(ms: number): void {
    this.#waits.push(Math.max(0, ms));
    if (this.#waits.length > this.#keep) this.#waits.shift();
  }

  typical(): number {
    if (this.#waits.length === 0) return this.#fallbackMs;
    const sorted = [...this.#waits].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? this.#fallbackMs;
  }
}
