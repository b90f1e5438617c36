/** In-process bus: the default when one server holds every socket. */
import type { Logger } from '../log.ts';
import { Registry } from '../util/registry.ts';
import type { Bus, BusMessage } from './types.ts';

export class MemoryBus implements Bus {
  readonly #handlers = new Registry<string, (message: BusMessage) => void>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  async publish(topic: string, message: BusMessage): Promise<void> {
    // A copy: a handler may unsubscribe while we iterate.
    for (const handler of this.#handlers.members(topic)) {
      try {
        handler(message);
      } catch (error) {
        this.#log.error('bus handler failed', { topic, error: String(error) });
      }
    }
  }

  subscribe(topic: string, handler: (message: BusMessage) => void): () => void {
    return this.#handlers.add(topic, handler);
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
