import { randomBytes } from 'crypto';
import { invalid } from './errors';
import { Command } from './operators';

export type Doc = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isValidDate(v: unknown): v is Date {
  return v instanceof Date && !Number.isNaN(v.getTime());
}

/** Random 32-hex id, the shape WeChat generates. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

export function deepCopy<T>(v: T): T {
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => deepCopy(x)) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Field names that can be stored: the Mongo rules WeChat inherits (no `$` prefix, no dots, not empty). */
export function checkFieldName(api: string, key: string, path: string): void {
  if (key === '') throw invalid(api, `empty field name at "${path}"`);
  if (key.startsWith('$')) throw invalid(api, `field name "${key}" must not start with "$"`);
  if (key.includes('.')) throw invalid(api, `field name "${key}" must not contain "."`);
}

/**
 * Checks a value that will be stored: JSON-like values plus Date. `undefined` is rejected rather than
 * silently dropped, so a missing optional field never turns into a surprise on the real database.
 */
export function checkStorable(api: string, value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(api, `"${path}" is not a finite number`);
    return;
  }
  if (value === undefined) throw invalid(api, `"${path}" is undefined (omit the field or use db.command.remove())`);
  if (value instanceof Date) {
    if (!isValidDate(value)) throw invalid(api, `"${path}" is an invalid Date`);
    return;
  }
  if (value instanceof Command) throw invalid(api, `"${path}" holds a db.command operator, which is not allowed here`);
  if (Array.isArray(value)) {
    value.forEach((x, i) => checkStorable(api, x, `${path}.${i}`));
    return;
  }
  if (isPlainObject(value)) {
    for (const [k, x] of Object.entries(value)) {
      const sub = path ? `${path}.${k}` : k;
      checkFieldName(api, k, sub);
      checkStorable(api, x, sub);
    }
    return;
  }
  throw invalid(api, `"${path}" has an unsupported type (${typeof value}); store plain JSON values or Date`);
}

/**
 * `checkStorable` and `deepCopy` in one pass (the write path's hot spot). `trail` holds the path
 * parts; the path text is only built for an error, which names the same field `checkStorable` would.
 */
function copyStorable(api: string, value: unknown, trail: (string | number)[]): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
    if (typeof value === 'number' && !Number.isFinite(value)) checkStorable(api, value, trail.join('.'));
    return value;
  }
  if (value instanceof Date) {
    if (!isValidDate(value)) checkStorable(api, value, trail.join('.'));
    return new Date(value.getTime());
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      trail.push(i);
      out[i] = copyStorable(api, value[i], trail);
      trail.pop();
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      trail.push(k);
      if (k === '' || k.charCodeAt(0) === 36 || k.includes('.')) checkFieldName(api, k, trail.join('.'));
      out[k] = copyStorable(api, value[k], trail);
      trail.pop();
    }
    return out;
  }
  // undefined, a Command, a class instance...: the same message as checkStorable.
  checkStorable(api, value, trail.join('.'));
  return value;
}

/**
 * `checkStorable` for the write path's hot spot: whether a Date occurs anywhere, or null when
 * something cannot be stored (then `checkStorable` names the field). No path is kept on the way.
 */
function scanStorable(value: unknown): boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return false;
  if (typeof value === 'number') return Number.isFinite(value) ? false : null;
  if (value instanceof Date) return isValidDate(value) ? true : null;
  let dates = false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const d = scanStorable(value[i]);
      if (d === null) return null;
      if (d) dates = true;
    }
    return dates;
  }
  if (!isPlainObject(value)) return null;
  for (const k of Object.keys(value)) {
    if (k === '' || k.charCodeAt(0) === 36 || k.includes('.')) return null;
    const d = scanStorable(value[k]);
    if (d === null) return null;
    if (d) dates = true;
  }
  return dates;
}

export function checkDocId(api: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') throw invalid(api, `document _id must be a non-empty string, got ${JSON.stringify(id)}`);
}

/**
 * Validates `add` data (`id` undefined: `_id` optional in data) or `set` data (`id` given) and returns
 * the document to store. `set` data must not carry `_id` at all: WeChat refuses it.
 */
export function prepareNewDoc(api: string, data: unknown, id: string | undefined): Doc {
  if (!isPlainObject(data)) throw invalid(api, 'data must be a plain object');
  return withId(api, copyStorable(api, data, []) as Doc, id);
}

/**
 * `prepareNewDoc` for a caller that encodes the document at once (a transaction's buffer): the same
 * checks, but the nested values are the caller's own, not copies; `dates` says whether any is a Date.
 */
export function checkNewDoc(api: string, data: unknown, id: string | undefined): { doc: Doc; dates: boolean } {
  if (!isPlainObject(data)) throw invalid(api, 'data must be a plain object');
  const dates = scanStorable(data);
  // The slow check throws, naming the field.
  if (dates === null) checkStorable(api, data, '');
  return { doc: withId(api, data, id), dates: dates === true };
}

function withId(api: string, data: Doc, id: string | undefined): Doc {
  const given = data._id;
  if (given !== undefined) {
    if (id !== undefined) throw invalid(api, 'set data must not contain _id (the document is chosen by doc(id))');
    checkDocId(api, given);
  }
  const docId = id ?? (given as string | undefined) ?? newId();
  // `_id` first, like the stored documents.
  const out: Doc = { _id: docId };
  for (const k in data) if (k !== '_id' && Object.prototype.hasOwnProperty.call(data, k)) out[k] = data[k];
  return out;
}
