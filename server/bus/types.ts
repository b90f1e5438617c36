/**
 * Fan-out between the parts of the server (and, with Redis later, between
 * servers). Messages are plain JSON so any transport can carry them.
 */
import type { ReplyStreamFrame } from '../../shared/frames/server.ts';
import type { Entry, Note } from '../../shared/model.ts';

export type BusMessage =
  | { kind: 'entry'; conversationId: string; entry: Entry }
  /** A streamed reply's provisional piece or its end, for the visitor's sockets only: never stored. */
  | { kind: 'stream'; conversationId: string; frame: ReplyStreamFrame }
  /** Something the agents' queue shows changed; subscribers rebuild their snapshot. */
  | { kind: 'queue' }
  /** An agent's presence changed. */
  | { kind: 'presence' }
  /** An internal note (agents' side only). */
  | { kind: 'note'; conversationId: string; note: Note }
  /** Someone started or stopped typing: the visitor (to the agents' side) or an agent (to both sides). */
  | { kind: 'typing'; conversationId: string; who: 'visitor' | 'agent'; on: boolean; agent?: { id: string; name: string }; toVisitor: boolean };

export const topics = {
  conversation: (id: string) => `conv:${id}`,
  /** What only agents see of a conversation: notes, the visitor typing. */
  agentSide: (id: string) => `agents:${id}`,
  queue: 'queue',
  presence: 'presence',
} as const;

export interface Bus {
  publish(topic: string, message: BusMessage): Promise<void>;
  /** Returns the unsubscribe function. Handlers must not throw; a throw is logged and skipped. */
  subscribe(topic: string, handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}
