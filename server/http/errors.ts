/** One shape for every HTTP error, and one handler that turns the unknown into a plain 500. */
import type { NextFunction, Request, Response } from 'express';
import type { ErrorCode } from '../../shared/codes.ts';
import { BatonError } from '../../shared/errors.ts';
import type { ErrorBodyT } from '../../shared/http.ts';
import type { Logger } from '../log.ts';

/** The one shape of an HTTP error body (shared/http.ts ErrorBody). */
export function errorBody(code: ErrorCode, message: string): ErrorBodyT {
  return { error: { code, message } };
}

/** express's own body readers report with a status; each becomes the code that says the same. */
const READER_CODES: Record<number, ErrorCode> = { 400: 'bad_frame', 413: 'too_long', 415: 'unsupported_media' };
const READER_MESSAGES: Record<number, string> = {
  400: 'request body is not valid JSON',
  413: 'request body too large',
  415: 'unsupported charset or content encoding; send UTF-8',
};

/** The central handler: a BatonError answers with its code's status; anything else is logged and answered 500. */
export function errorHandler(log: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof BatonError) {
      res.status(error.status).json(errorBody(error.wireCode, error.message));
      return;
    }
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    const code = READER_CODES[status];
    if (code) {
      res.status(status).json(errorBody(code, READER_MESSAGES[status] ?? code));
      return;
    }
    log.error('http handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    res.status(500).json(errorBody('internal', 'the server failed; try again'));
  };
}
