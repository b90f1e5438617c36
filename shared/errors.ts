/**
 * The one error type: every refusal Baton makes on purpose carries a code
 * from codes.ts. The server throws it and turns it into an error frame or an
 * HTTP error (status from ERRORS); the console rebuilds it from an error body.
 * Anything else thrown is a failure and reaches a client only as `internal`.
 */
import { ERRORS, type ErrorCode, type SetupCode } from './codes.ts';

export class BatonError extends Error {
  readonly code: ErrorCode | SetupCode;

  constructor(code: ErrorCode | SetupCode, message: string) {
    super(message);
    this.name = 'BatonError';
    this.code = code;
  }

  /** The HTTP status of a wire code; a setup error is no client's doing, so 500. */
  get status(): number {
    return isWireCode(this.code) ? ERRORS[this.code].status : 500;
  }

  /** The code an error frame or HTTP body carries (a setup error reaching a client is `internal`). */
  get wireCode(): ErrorCode {
    return isWireCode(this.code) ? this.code : 'internal';
  }
}

function isWireCode(code: ErrorCode | SetupCode): code is ErrorCode {
  return code in ERRORS;
}

/** True for a BatonError with one of these codes. */
export function isRefusal(error: unknown, ...codes: (ErrorCode | SetupCode)[]): error is BatonError {
  return error instanceof BatonError && (codes.length === 0 || codes.includes(error.code));
}
