import type { Envelope } from '@contracts/api';
import { isErrorCode } from '@contracts/errors';
import { CloudError } from './errors';

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const ok = (value as { ok?: unknown }).ok;
  // `data: undefined` does not survive JSON, so `{ ok: true }` alone is a valid (void) answer.
  if (ok === true) return true;
  if (ok === false) {
    const error = (value as { error?: unknown }).error;
    return typeof error === 'object' && error !== null;
  }
  return false;
}

/** The data of an `{ ok: true }` envelope; throws CloudError for `{ ok: false }` or anything else. */
export function unwrapEnvelope<T>(value: unknown): T {
  if (!isEnvelope(value)) throw new CloudError('CLIENT.BAD_RESPONSE', '服务返回了无法识别的结果');
  if (value.ok) return value.data as T;
  const { code, message } = value.error as { code: unknown; message: unknown };
  // A code this build does not know (a newer server) keeps the server's message.
  throw new CloudError(isErrorCode(code) ? code : 'CLIENT.UNKNOWN_CODE', typeof message === 'string' && message ? message : undefined);
}
