/**
 * Failed sign-ins per client address: after `max` failures within the window
 * the address must wait. Bounds both password guessing and the scrypt work a
 * flood of sign-ins would put on the thread pool.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;

  constructor(max = 10, windowMs = 15 * 60_000) {
    this.#max = max;
    this.#windowMs = windowMs;
  }

  #recent(key: string, now: number): number[] {
    const times = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#windowMs);
    if (times.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, times);
    return times;
  }

  /** Milliseconds until this address may try again; 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const times = this.#recent(key, now);
    if (times.length < this.#max) return 0;
    return this.#windowMs - (now - (times[0] ?? now));
  }

  fail(key: string, now: number): void {
    // Keeps memory bounded under a flood from many addresses: forget the stale ones first.
    if (this.#failures.size > 10_000) for (const k of [...this.#failures.keys()]) this.#recent(k, now);
    this.#failures.set(key, [...this.#recent(key, now), now]);
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }
}
