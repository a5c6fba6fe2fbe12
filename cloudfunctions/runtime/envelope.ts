/**
 * The one response shape every function returns, in the cloud and locally:
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`.
 */
import type { Envelope, ErrorBody } from '../contracts/api';
import { isDomainError } from '../core/errors';

export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data });
export const fail = (code: string, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

/** Codes raised by the request plumbing rather than by the domain. */
export const RequestErrors = {
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  TOO_LARGE: 'REQUEST.TOO_LARGE',
  INVALID: 'REQUEST.INVALID',
  UNKNOWN_FUNCTION: 'REQUEST.UNKNOWN_FUNCTION',
  UNKNOWN_ACTION: 'REQUEST.UNKNOWN_ACTION',
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  BUSY: 'SYSTEM.BUSY',
  INTERNAL: 'SYSTEM.INTERNAL',
} as const;

/** Turns anything thrown by an action into an envelope; unexpected errors never leak details. */
export function toFailure(error: unknown, log: (msg: string, err: unknown) => void): Envelope<never> {
  if (isDomainError(error)) return fail(error.code, error.message);
  const errCode = (error as { errCode?: number } | null)?.errCode;
  if (errCode === -502010) return fail(RequestErrors.BUSY, '操作繁忙，请稍后重试');
  log('unexpected error', error);
  return fail(RequestErrors.INTERNAL, '系统繁忙，请稍后再试');
}

/** HTTP status for the local server; the cloud runtime has no status, only the envelope. */
export function httpStatusOf(error: ErrorBody): number {
  const { code } = error;
  if (code === RequestErrors.TOO_LARGE) return 413;
  if (code === RequestErrors.UNKNOWN_FUNCTION || code.endsWith('.NOT_FOUND')) return 404;
  if (code === RequestErrors.UNAUTHENTICATED) return 401;
  if (code === RequestErrors.FORBIDDEN) return 403;
  if (code.startsWith('REQUEST.')) return 400;
  if (code === RequestErrors.BUSY) return 503;
  if (code === RequestErrors.INTERNAL) return 500;
  return 409;
}
