/**
 * Client request ids: a retry of a keyed write sends the same id and gets the first answer. The
 * stored record carries a fingerprint of the request's parameters, so the same id sent with other
 * parameters (another delta, another coupon) is refused instead of silently answered with the first
 * result.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors';

/** JSON with object keys sorted, so equal parameters always give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint of one request's parameters (the request id itself excluded). */
export const requestFingerprint = (params: Record<string, unknown>): string => createHash('sha256').update(canonicalJson(params)).digest('hex');

/** A replayed request id must carry the parameters it was first used with. */
export function assertSameRequest(stored: string | undefined, fingerprint: string): void {
  if (stored !== fingerprint) throw new DomainError('REQUEST.ID_REUSED');
}
