import type { ErrorCode } from '../../shared/codes.ts';

/** A refusal the gateway turns into an error frame (or HTTP error) with this code. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
