/**
 * Fan-out between the parts of the server (and, with Redis later, between
 * servers). Messages are plain JSON so any transport can carry them.
 */
import type { ReplyStreamFrame } from '../../shared/frames/server.ts';
import type { Entry } from '../../shared/model.ts';

export type BusMessage =
  | { kind: 'entry'; conversationId: string; entry: Entry }
  /** A streamed reply's provisional piece or its end, for the visitor's sockets only: never stored. */
  | { kind: 'stream'; conversationId: string; frame: ReplyStreamFrame }
  /** Something the agents' queue shows changed; subscribers rebuild their snapshot. */
  | { kind: 'queue' };

export const topics = {
  conversation: (id: string) => `conv:${id}`,
  queue: 'queue',
} as const;

export interface Bus {
  publish(topic: string, message: BusMessage): Promise<void>;
  /** Returns the unsubscribe function. Handlers must not throw; a throw is logged and skipped. */
  subscribe(topic: string, handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}
