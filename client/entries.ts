/**
 * The one rule for merging a conversation's log, used by the widget's store and
 * the console's open conversation: entries are kept sorted by seq, one per seq.
 */

/**
 * Merge `entry` into `entries` (sorted by seq). A seq already present is a
 * replay and is ignored: the same array comes back, so a store can tell nothing
 * changed and the first copy shown is never rewritten. Any other seq is inserted
 * in order, also one older than the newest: a late line (a replay of an earlier
 * request arriving after newer events) is still a line the log must show.
 */
export function mergeEntry<E extends { seq: number }>(entries: E[], entry: E): E[] {
  let i = entries.length;
  while (i > 0 && entries[i - 1]!.seq > entry.seq) i--;
  if (i > 0 && entries[i - 1]!.seq === entry.seq) return entries;
  return [...entries.slice(0, i), entry, ...entries.slice(i)];
}

export interface SeqTracker {
  /** Every seq from 1 up to this one has been applied: where a resume asks the server to replay from. */
  readonly lastSeq: number;
  /**
   * Record a seq; false when it was applied already. The same rule as
   * mergeEntry: a repeat is ignored, a missing older seq is still taken.
   */
  take(seq: number): boolean;
  reset(): void;
}

/** What a client that does not keep the entries (the widget's session) has applied. */
export function seqTracker(): SeqTracker {
  let lastSeq = 0;
  const above = new Set<number>(); // applied past a gap, waiting for it to fill
  return {
    get lastSeq() {
      return lastSeq;
    },
    take(seq) {
      if (seq <= lastSeq || above.has(seq)) return false;
      if (seq !== lastSeq + 1) console.warn(`[baton] seq gap: ${lastSeq} -> ${seq}`);
      above.add(seq);
      while (above.delete(lastSeq + 1)) lastSeq++;
      return true;
    },
    reset() {
      lastSeq = 0;
      above.clear();
    },
  };
}
