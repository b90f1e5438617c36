/** In-process bus: the default when one server holds every socket. */
import type { Logger } from '../log.ts';
import type { Bus, BusMessage } from './types.ts';

export class MemoryBus implements Bus {
  readonly #handlers = new Map<string, Set<(message: BusMessage) => void>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  async publish(topic: string, message: BusMessage): Promise<void> {
    const handlers = this.#handlers.get(topic);
    if (!handlers) return;
    // Copy: a handler may unsubscribe while we iterate.
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        this.#log.error('bus handler failed', { topic, error: String(error) });
      }
    }
  }

  subscribe(topic: string, handler: (message: BusMessage) => void): () => void {
    let set = this.#handlers.get(topic);
    if (!set) this.#handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.#handlers.get(topic) === set) this.#handlers.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
