/** Sending frames: typed by the shared schemas, never throwing on a closed socket. */
import WebSocket from 'ws';
import type { ErrorCode } from '../../shared/codes.ts';
import type { AgentServerFrame, VisitorServerFrame } from '../../shared/frames/server.ts';

export function send(ws: WebSocket, frame: VisitorServerFrame | AgentServerFrame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

export function sendError(ws: WebSocket, code: ErrorCode, message: string, ref?: string): void {
  send(ws, { type: 'error', code, message, ...(ref !== undefined && { ref }) });
}
