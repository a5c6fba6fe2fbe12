/**
 * The one response shape every function returns, in the cloud and locally:
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`, with codes from the registry
 * (`core/errorCodes.ts`).
 */
import type { Envelope } from '../contracts/api';
import { ERRORS, type ServerErrorCode } from '../core/errorCodes';
import { isDomainError } from '../core/errors';

export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data });
export const fail = (code: ServerErrorCode, message: string = ERRORS[code].message): Envelope<never> => ({ ok: false, error: { code, message } });

/** Codes raised by the request plumbing rather than by the domain. */
export const RequestErrors = {
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  TOO_LARGE: 'REQUEST.TOO_LARGE',
  INVALID: 'REQUEST.INVALID',
  NOT_FOUND: 'REQUEST.NOT_FOUND',
  UNKNOWN_FUNCTION: 'REQUEST.UNKNOWN_FUNCTION',
  UNKNOWN_ACTION: 'REQUEST.UNKNOWN_ACTION',
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  BUSY: 'SYSTEM.BUSY',
  INTERNAL: 'SYSTEM.INTERNAL',
} as const satisfies Record<string, ServerErrorCode>;

/** Turns anything thrown by an action into an envelope; unexpected errors never leak details. */
export function toFailure(error: unknown, log: (msg: string, err: unknown) => void): Envelope<never> {
  if (isDomainError(error)) return fail(error.code, error.message);
  const errCode = (error as { errCode?: number } | null)?.errCode;
  if (errCode === -502010) return fail(RequestErrors.BUSY);
  log('unexpected error', error);
  return fail(RequestErrors.INTERNAL);
}
