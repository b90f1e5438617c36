/**
 * One streamed reply as the visitor's sockets see it: provisional pieces, then
 * its end. Published on the bus and never stored, so a socket that joins late
 * or resumes does not get them back: the stored message (or the hand-over) is
 * the record. Nothing is published for a reply that streamed no piece.
 */
import type { ReplyStreamFrame } from '../../shared/frames/server.ts';
import { topics, type Bus } from '../bus/types.ts';
import type { ReplyStream } from '../engine/assistant.ts';
import type { Logger } from '../log.ts';
import { newId } from '../storage/ids.ts';

export interface ReplyStreamOut extends ReplyStream {
  /** The reply was stored as the entry `seq`. Call before publishing that entry, so a client swaps rather than doubles. */
  sent(seq: number): Promise<void>;
  /** The reply will not be sent: clients drop the provisional text. */
  withdrawn(): Promise<void>;
}

export function replyStream(bus: Bus, conversationId: string, log: Logger): ReplyStreamOut {
  const stream = newId('r');
  let started = false;
  const publish = (frame: ReplyStreamFrame) => bus.publish(topics.conversation(conversationId), { kind: 'stream', conversationId, frame });
  return {
    onToken(text) {
      started = true;
      // Not awaited: the model's stream must not wait on the sockets. The bus keeps publish order.
      publish({ type: 'reply_delta', conversationId, stream, text }).catch((error: unknown) =>
        log.warn('reply delta not published', { conversation: conversationId, error: String(error) }),
      );
    },
    async sent(seq) {
      if (started) await publish({ type: 'reply_end', conversationId, stream, outcome: 'sent', seq });
    },
    async withdrawn() {
      if (started) await publish({ type: 'reply_end', conversationId, stream, outcome: 'withdrawn' });
    },
  };
}
