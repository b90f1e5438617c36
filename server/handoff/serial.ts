/**
 * Work serialised per key: each piece runs after the one queued before it on
 * the same key, whether that one succeeded or failed. A conversation's id is
 * a key (the assistant never answers two messages out of order); so is an
 * agent's (`agent:<id>`), so two claims at once cannot both take the last
 * free place. Locks are always taken agent first, then conversation.
 */
export class Serial {
  readonly #chains = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.#chains.set(key, tail);
    void tail.then(() => {
      if (this.#chains.get(key) === tail) this.#chains.delete(key);
    });
    return next;
  }

  /** Under the agent's lock, then the conversation's. */
  forAgent<T>(agentId: string, conversationId: string, work: () => Promise<T>): Promise<T> {
    return this.run(`agent:${agentId}`, () => this.run(conversationId, work));
  }

  /** Resolves when the work already queued on every key has finished (for a clean shutdown). */
  async drain(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }
}
