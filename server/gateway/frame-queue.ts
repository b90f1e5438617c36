/**
 * Handles a socket's frames one at a time, in arrival order: a message must not
 * overtake the hello before it. A handler failure becomes an `internal` error
 * frame; the socket and the server carry on.
 */
import type WebSocket from 'ws';
import type { Logger } from '../log.ts';
import { sendError, sendRefusal } from './frames.ts';

export function frameQueue(ws: WebSocket, log: Logger, handle: (raw: string) => Promise<void>): void {
  let chain = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    chain = chain.then(async () => {
      if (isBinary) return sendError(ws, 'bad_frame', 'binary frames are not accepted; send JSON text');
      try {
        await handle(data.toString());
      } catch (error) {
        if (sendRefusal(ws, error)) return;
        log.error('frame handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        sendError(ws, 'internal', 'the server could not handle this frame');
      }
    });
  });
}
