import { ERRORS, type ClientErrorCode, type ErrorCode } from '@contracts/errors';

/**
 * A failed cloud call: the function's `{ ok: false, error }` envelope, or a failure on this side of
 * the wire. Its code is always one of the registry's (`contracts/errors.ts`), so branches on it are
 * checked by the compiler.
 */
export class CloudError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string = ERRORS[code].message) {
    super(message);
    this.name = 'CloudError';
    this.code = code;
    // Keep `instanceof` working when classes are compiled down to ES5.
    Object.setPrototypeOf(this, CloudError.prototype);
  }
}

const isClientCode = (code: ErrorCode): code is ClientErrorCode => code.startsWith('CLIENT.');

export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError || (e instanceof Error && e.name === 'CloudError' && typeof (e as CloudError).code === 'string');
}

/** A short Chinese message for any error, for error states. */
export function errorMessage(e: unknown): string {
  if (isCloudError(e)) {
    // Client failures carry technical detail (errMsg); the customer sees the registry's words.
    if (isClientCode(e.code) && e.code !== 'CLIENT.UNKNOWN_CODE') return ERRORS[e.code].message;
    return e.message || ERRORS[e.code].message;
  }
  return '出错了，请稍后重试';
}
