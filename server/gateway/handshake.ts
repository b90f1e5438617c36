/**
 * What both sockets do the same way: refuse anything but a valid hello first
 * (error frame, then close 4400), check the protocol version, and store a
 * message under its client id with an ack or a refusal that names that id.
 */
import type WebSocket from 'ws';
import { CLOSE_CODES, type ErrorCode } from '../../shared/codes.ts';
import { PROTOCOL_VERSION } from '../../shared/limits.ts';
import type { MessageEntry } from '../../shared/model.ts';
import { ServiceError } from '../handoff/errors.ts';
import type { Logger } from '../log.ts';
import { send, sendError } from './frames.ts';
import type { RateLimiter } from './rate-limit.ts';

/** Refuses the first frame of a socket and closes it: the client must fix itself, not retry. */
export function refuseHello(ws: WebSocket, code: ErrorCode, message: string, ref?: string): void {
  sendError(ws, code, message, ref);
  ws.close(CLOSE_CODES.badHello, code);
}

/** True when the hello's version is ours; otherwise refuses it. */
export function acceptVersion(ws: WebSocket, v: number): boolean {
  if (v === PROTOCOL_VERSION) return true;
  refuseHello(ws, 'unsupported_version', `protocol version ${v} is not supported; this server speaks ${PROTOCOL_VERSION}`);
  return false;
}

/** Rate-limits, stores and acks one message; every refusal carries the client id. */
export async function storeAndAck(
  ws: WebSocket,
  log: Logger,
  limiter: RateLimiter,
  conversationId: string,
  clientId: string,
  store: () => Promise<{ entry: MessageEntry }>,
): Promise<void> {
  if (!limiter.take()) return sendError(ws, 'rate_limited', 'too many messages; wait a moment and resend', clientId);
  try {
    const { entry } = await store();
    send(ws, { type: 'ack', conversationId, clientId, messageId: entry.id, seq: entry.seq });
  } catch (error) {
    if (error instanceof ServiceError) return sendError(ws, error.code, error.message, clientId);
    log.error('message not stored', { conversation: conversationId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    sendError(ws, 'internal', 'the message was not stored; send it again', clientId);
  }
}
