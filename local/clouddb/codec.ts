import { isPlainObject, type Doc } from './values';

/**
 * Documents are stored as JSON text. A Date becomes `{"$date": "<ISO 8601>"}`: stored field names
 * never start with `$`, so the tag cannot collide with user data, and ISO text sorts chronologically,
 * so `orderBy` on a Date field orders by time.
 */
export const DATE_KEY = '$date';

function hasDate(v: unknown): boolean {
  if (v instanceof Date) return true;
  if (Array.isArray(v)) return v.some(hasDate);
  if (isPlainObject(v)) {
    for (const k in v) if (hasDate(v[k])) return true;
  }
  return false;
}

function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already called Date#toJSON; the holder still has the Date itself.
  const raw = this[key];
  return raw instanceof Date ? { [DATE_KEY]: raw.toISOString() } : value;
}

/**
 * JSON text of a storable value (validated by `checkStorable` beforehand); `dates` when the caller
 * already knows whether a Date occurs in it.
 */
export function encodeValue(v: unknown, dates: boolean = hasDate(v)): string {
  // The replacer makes stringify several times slower, so only pay for it when a Date is present.
  return dates ? JSON.stringify(v, dateReplacer) : JSON.stringify(v);
}

function revive(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i += 1) v[i] = revive(v[i]);
    return v;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === DATE_KEY && typeof o[DATE_KEY] === 'string') return new Date(o[DATE_KEY]);
    for (const k of keys) o[k] = revive(o[k]);
  }
  return v;
}

export function decodeValue(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  // Fast path: without the tag anywhere in the text there is nothing to revive.
  return text.includes(`"${DATE_KEY}"`) ? revive(parsed) : parsed;
}

export function decodeDoc(text: string): Doc {
  return decodeValue(text) as Doc;
}
