/** Sending frames: typed by the shared schemas, never throwing on a closed socket. */
import WebSocket from 'ws';
import type { ErrorCode } from '../../shared/codes.ts';
import { BatonError } from '../../shared/errors.ts';
import type { AgentServerFrame, VisitorServerFrame } from '../../shared/frames/server.ts';

export function send(ws: WebSocket, frame: VisitorServerFrame | AgentServerFrame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

export function sendError(ws: WebSocket, code: ErrorCode, message: string, ref?: string): void {
  send(ws, { type: 'error', code, message, ...(ref !== undefined && { ref }) });
}

/** A refusal (BatonError) becomes an error frame naming `ref`: true when sent, false for anything else (a failure). */
export function sendRefusal(ws: WebSocket, error: unknown, ref?: string): boolean {
  if (!(error instanceof BatonError)) return false;
  sendError(ws, error.wireCode, error.message, ref);
  return true;
}
