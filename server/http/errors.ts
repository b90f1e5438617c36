/** One shape for every HTTP error, and one handler that turns the unknown into a plain 500. */
import type { NextFunction, Request, Response } from 'express';
import type { ErrorCode } from '../../shared/codes.ts';
import type { ErrorBodyT } from '../../shared/http.ts';
import type { Logger } from '../log.ts';

/** The one shape of an HTTP error body (shared/http.ts ErrorBody). */
export function errorBody(code: ErrorCode, message: string): ErrorBodyT {
  return { error: { code, message } };
}

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
      res.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    // express.json() reports bad bodies with a status (400 malformed, 413 too large).
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status === 400 || status === 413) {
      res.status(status).json(status === 413 ? errorBody('too_long', 'request body too large') : errorBody('bad_frame', 'request body is not valid JSON'));
      return;
    }
    log.error('http handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    res.status(500).json(errorBody('internal', 'the server failed; try again'));
  };
}
