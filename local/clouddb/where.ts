import { encodeValue } from './codec';
import { invalid } from './errors';
import { Command, UPDATE_OPS } from './operators';
import { checkStorable, isPlainObject, isValidDate } from './values';

/** A piece of SQL with its bound parameters, in order. Values are always bound, never spliced in. */
export interface Sql {
  sql: string;
  params: unknown[];
}

const TRUE: Sql = { sql: '1', params: [] };
const FALSE: Sql = { sql: '0', params: [] };

function and(parts: Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return { sql: `(${parts.map((p) => p.sql).join(' AND ')})`, params: parts.flatMap((p) => p.params) };
}

function or(parts: Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0]!;
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

/** SQL NOT of a condition that may be NULL (a missing field): NULL counts as "no match". */
function not(p: Sql): Sql {
  return { sql: `NOT COALESCE(${p.sql}, 0)`, params: p.params };
}

/**
 * Field path segments are spliced into SQL as JSON path literals (they must be literals, or expression
 * indexes would never match), so they are restricted to characters that need no escaping.
 */
const UNSAFE_CHAR = /["'.\\]/;

function safeSegment(s: string): boolean {
  if (s === '' || s.startsWith('$') || UNSAFE_CHAR.test(s)) return false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

export function checkPath(api: string, path: string, what: string): string[] {
  const segs = typeof path === 'string' ? path.split('.') : [];
  if (segs.length === 0 || !segs.every(safeSegment)) {
    throw invalid(api, `${what}: unsupported field path ${JSON.stringify(path)} (no empty parts, quotes, backslashes or leading "$")`);
  }
  return segs;
}

/** The JSON path literal of a checked path, e.g. `'$."stats"."tier"'`. */
export function jsonPath(segs: readonly string[]): string {
  return `'$${segs.map((s) => `."${s}"`).join('')}'`;
}

/** SQL expression of a field's value; `_id` is a column. Used for ORDER BY and index definitions. */
export function fieldExpr(segs: readonly string[]): string {
  return segs.length === 1 && segs[0] === '_id' ? '_id' : `json_extract(doc, ${jsonPath(segs)})`;
}

/** How to read one candidate value: the field itself, or an element of an array field (json_each). */
interface Slot {
  val: string;
  type: string;
  date: string;
}

function fieldSlot(segs: readonly string[]): Slot {
  const p = jsonPath(segs);
  return {
    val: `json_extract(doc, ${p})`,
    type: `json_type(doc, ${p})`,
    date: `json_extract(doc, '$${segs.map((s) => `."${s}"`).join('')}."$date"')`,
  };
}

const ELEMENT: Slot = { val: 'value', type: 'type', date: `json_extract(value, '$."$date"')` };

type Cmp = '=' | '>' | '>=' | '<' | '<=';

/** A typed comparison: like MongoDB, a number only matches numbers, a string only strings, a Date only Dates. */
function compare(slot: Slot, op: Cmp, v: unknown): Sql {
  if (typeof v === 'string') return { sql: `(${slot.val} ${op} ? AND ${slot.type} = 'text')`, params: [v] };
  if (typeof v === 'number') return { sql: `(${slot.val} ${op} ? AND ${slot.type} IN ('integer', 'real'))`, params: [v] };
  if (v instanceof Date) return { sql: `${slot.date} ${op} ?`, params: [v.toISOString()] };
  // Only equality reaches here (comparisons are checked to be number, string or Date).
  if (v === null) return { sql: `(${slot.type} IS NULL OR ${slot.type} = 'null')`, params: [] };
  if (typeof v === 'boolean') return { sql: `${slot.type} = '${v ? 'true' : 'false'}'`, params: [] };
  // Whole objects and arrays: JSON equality (key order matters, as in MongoDB).
  return { sql: `(${slot.type} IN ('object', 'array') AND json(${slot.val}) = json(?))`, params: [encodeValue(v)] };
}

/** `IN` over same-typed values stays one indexable term; other values become single comparisons. */
function oneOf(slot: Slot, values: unknown[]): Sql {
  const strings = values.filter((v): v is string => typeof v === 'string');
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const parts: Sql[] = [];
  const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  if (strings.length > 0) parts.push({ sql: `(${slot.val} IN (${list(strings.length)}) AND ${slot.type} = 'text')`, params: strings });
  if (numbers.length > 0) parts.push({ sql: `(${slot.val} IN (${list(numbers.length)}) AND ${slot.type} IN ('integer', 'real'))`, params: numbers });
  for (const v of values) if (typeof v !== 'string' && typeof v !== 'number') parts.push(compare(slot, '=', v));
  return or(parts);
}

/** `_id` is a non-empty string column: other types never match it. */
function idCompare(op: Cmp, v: unknown): Sql {
  return typeof v === 'string' ? { sql: `_id ${op} ?`, params: [v] } : FALSE;
}

function idOneOf(values: unknown[]): Sql {
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.length === 0) return FALSE;
  return { sql: `_id IN (${strings.map(() => '?').join(', ')})`, params: strings };
}

export interface WhereContext {
  readonly api: string;
  /**
   * Indexed paths. The engine refuses arrays in them, so their conditions skip MongoDB's "any array
   * element matches" branch, which SQLite could only answer by scanning every row.
   */
  readonly scalar: ReadonlySet<string>;
}

class Field {
  readonly isId: boolean;
  private readonly slot: Slot;
  private readonly p: string;
  private readonly maybeArray: boolean;

  constructor(
    ctx: WhereContext,
    readonly path: string,
    readonly segs: string[],
  ) {
    this.isId = segs.length === 1 && segs[0] === '_id';
    this.slot = fieldSlot(segs);
    this.p = jsonPath(segs);
    this.maybeArray = !this.isId && !ctx.scalar.has(path);
  }

  /** MongoDB semantics: a condition matches the field's value or, for an array, any of its elements. */
  private match(pred: (slot: Slot) => Sql): Sql {
    const direct = pred(this.slot);
    if (!this.maybeArray) return direct;
    const elem = pred(ELEMENT);
    return {
      sql: `(${direct.sql} OR (json_type(doc, ${this.p}) = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, ${this.p}) WHERE ${elem.sql})))`,
      params: [...direct.params, ...elem.params],
    };
  }

  eq(v: unknown): Sql {
    if (this.isId) return idCompare('=', v);
    return this.match((s) => compare(s, '=', v));
  }

  cmp(op: Cmp, v: unknown): Sql {
    if (this.isId) return idCompare(op, v);
    return this.match((s) => compare(s, op, v));
  }

  oneOf(values: unknown[]): Sql {
    if (this.isId) return idOneOf(values);
    return this.match((s) => oneOf(s, values));
  }

  exists(present: boolean): Sql {
    if (this.isId) return present ? TRUE : FALSE;
    return { sql: `json_type(doc, ${this.p}) IS ${present ? 'NOT ' : ''}NULL`, params: [] };
  }
}

class Translator {
  constructor(private readonly ctx: WhereContext) {}

  private get api(): string {
    return this.ctx.api;
  }

  private field(path: string): Field {
    return new Field(this.ctx, path, checkPath(this.api, path, 'where'));
  }

  /** Equality. `null` also matches a missing field, as in MongoDB (which WeChat runs on). */
  private eq(path: string, value: unknown): Sql {
    checkStorable(this.api, value, `where.${path}`);
    return this.field(path).eq(value);
  }

  private in(path: string, op: string, values: unknown): Sql {
    if (!Array.isArray(values)) throw invalid(this.api, `where: ${op}() expects an array for "${path}"`);
    values.forEach((v, i) => checkStorable(this.api, v, `where.${path}.${op}[${i}]`));
    return this.field(path).oneOf(values);
  }

  private comparable(path: string, op: string, value: unknown): unknown {
    const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || isValidDate(value);
    if (!ok) throw invalid(this.api, `where: ${op}() on "${path}" expects a number, string or Date`);
    return value;
  }

  private command(path: string, cmd: Command): Sql {
    const [arg] = cmd.args;
    switch (cmd.op) {
      case 'eq':
        return this.eq(path, arg);
      // Negations wrap the positive match, so an array containing the value is excluded (MongoDB).
      case 'neq':
        return not(this.eq(path, arg));
      case 'gt':
        return this.field(path).cmp('>', this.comparable(path, cmd.op, arg));
      case 'gte':
        return this.field(path).cmp('>=', this.comparable(path, cmd.op, arg));
      case 'lt':
        return this.field(path).cmp('<', this.comparable(path, cmd.op, arg));
      case 'lte':
        return this.field(path).cmp('<=', this.comparable(path, cmd.op, arg));
      case 'in':
        return this.in(path, 'in', arg);
      case 'nin':
        return not(this.in(path, 'nin', arg));
      case 'exists':
        if (typeof arg !== 'boolean') throw invalid(this.api, `where: exists() on "${path}" expects a boolean`);
        return this.field(path).exists(arg);
      case 'and':
      case 'or': {
        if (cmd.args.length === 0) throw invalid(this.api, `where: ${cmd.op}() on "${path}" needs at least one condition`);
        const parts = cmd.args.map((a) => this.relative(path, a));
        return cmd.op === 'and' ? and(parts) : or(parts);
      }
      default:
        throw invalid(this.api, `where: ${cmd.op}() is an update operator and cannot be used in a condition ("${path}")`);
    }
  }

  /** A condition inside a field-level and/or: an operator, a sub-object relative to the field, or a value. */
  private relative(path: string, cond: unknown): Sql {
    if (cond instanceof Command) return this.command(path, cond);
    if (isPlainObject(cond) && Object.keys(cond).length > 0) return this.object(cond, path);
    return this.eq(path, cond);
  }

  private object(obj: Record<string, unknown>, prefix: string): Sql {
    const parts: Sql[] = [];
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith('$')) throw invalid(this.api, `where: field "${key}" must not start with "$"; use db.command operators`);
      const path = prefix ? `${prefix}.${key}` : key;
      if (value instanceof Command) parts.push(this.command(path, value));
      // WeChat semantics: a nested object is a set of conditions on sub-fields, not whole-object equality.
      else if (isPlainObject(value) && Object.keys(value).length > 0) parts.push(this.object(value, path));
      else parts.push(this.eq(path, value));
    }
    return and(parts);
  }

  top(cond: unknown): Sql {
    if (cond instanceof Command) {
      if (cond.op !== 'and' && cond.op !== 'or') {
        const kind = UPDATE_OPS.has(cond.op) ? 'an update operator' : 'a field operator';
        throw invalid(this.api, `where: ${cond.op}() is ${kind}; use it as a field value, e.g. where({ field: _.${cond.op}(...) })`);
      }
      if (cond.args.length === 0) throw invalid(this.api, `where: ${cond.op}() needs at least one condition`);
      const parts = cond.args.map((a) => this.top(a));
      return cond.op === 'and' ? and(parts) : or(parts);
    }
    if (isPlainObject(cond)) return this.object(cond, '');
    throw invalid(this.api, 'where: the condition must be an object or a db.command and/or');
  }
}

/** Translates a WeChat `where` condition into a SQL condition over the `_id` column and `doc` JSON. */
export function translateWhere(ctx: WhereContext, cond: unknown): Sql {
  return new Translator(ctx).top(cond);
}

/** True when a condition would match every document (an update/remove must not run on it). */
export function isEmptyCondition(cond: unknown): boolean {
  return cond === undefined || (isPlainObject(cond) && Object.keys(cond).length === 0);
}
