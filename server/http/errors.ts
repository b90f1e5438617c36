/** One shape for every HTTP error, and one handler that turns the unknown into a plain 500. */
import type { NextFunction, Request, Response } from 'express';
import type { ErrorCode } from '../../shared/codes.ts';
import type { Logger } from '../log.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function errorHandler(log: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    // express.json() reports bad bodies with a status (400 malformed, 413 too large).
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status === 400 || status === 413) {
      res.status(status).json({ error: { code: status === 413 ? 'too_long' : 'bad_frame', message: status === 413 ? 'request body too large' : 'request body is not valid JSON' } });
      return;
    }
    log.error('http handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    res.status(500).json({ error: { code: 'internal', message: 'the server failed; try again' } });
  };
}
