/**
 * What both sockets do the same way: refuse anything but a valid hello first
 * (error frame, then close 4400), check the protocol version, and store a
 * message under its client id with an ack or a refusal that names that id.
 */
import type WebSocket from 'ws';
import { CLOSE_CODES, ERRORS, type ErrorCode } from '../../shared/codes.ts';
import { PROTOCOL_VERSION } from '../../shared/limits.ts';
import type { MessageEntry } from '../../shared/model.ts';
import { actsModel } from '../engine/acts.ts';
import type { Logger } from '../log.ts';
import { send, sendError, sendRefusal } from './frames.ts';
import type { RateLimiter } from './rate-limit.ts';

/** Refuses the first frame of a socket and closes it: the client must fix itself, not retry. */
export function refuseHello(ws: WebSocket, code: ErrorCode, message: string, ref?: string): void {
  sendError(ws, code, message, ref);
  ws.close(ERRORS[code].close ?? CLOSE_CODES.badHello, code);
}

/** True when the hello's version is ours; otherwise refuses it. */
export function acceptVersion(ws: WebSocket, v: number): boolean {
  if (v === PROTOCOL_VERSION) return true;
  refuseHello(ws, 'unsupported_version', `protocol version ${v} is not supported; this server speaks ${PROTOCOL_VERSION}`);
  return false;
}

/**
 * Refuses a text over the deployment's message limit with `too_long`, naming the frame. The schema
 * holds the protocol's limit; a configuration may set a lower one (config.limits.maxMessageChars).
 */
export function refuseOverLength(ws: WebSocket, text: string, maxChars: number, ref: string): boolean {
  if (text.length <= maxChars) return false;
  sendError(ws, 'too_long', `text: ${text.length} characters, at most ${maxChars}`, ref);
  return true;
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
    // A visitor's message is acked with what it does (acts.ts): the widget's detector counts a request for a person
    // from this reading, the one the router used, rather than from a copy of its own.
    const act = entry.role === 'visitor' ? actsModel().of(entry.text) : null;
    send(ws, { type: 'ack', conversationId, clientId, messageId: entry.id, seq: entry.seq, ...(act && { act }) });
  } catch (error) {
    if (sendRefusal(ws, error, clientId)) return;
    log.error('message not stored', { conversation: conversationId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    sendError(ws, 'internal', 'the message was not stored; send it again', clientId);
  }
}
