import { invalid } from './errors';
import { Command, UPDATE_OPS } from './operators';
import { checkStorable, deepCopy, isPlainObject, isValidDate } from './values';

/** A query in nedb's Mongo-like syntax. */
export type NedbQuery = Record<string, unknown>;

/**
 * Collects clauses; simple `{ path: condition }` clauses stay top-level (so nedb can use indexes),
 * everything else (repeated paths, logical operators, negations) goes into one `$and`.
 */
class Clauses {
  private readonly fields = new Map<string, unknown>();
  private readonly rest: NedbQuery[] = [];

  add(clause: NedbQuery): void {
    const keys = Object.keys(clause);
    const key = keys[0];
    if (keys.length === 1 && key !== undefined && !key.startsWith('$') && !this.fields.has(key)) {
      this.fields.set(key, clause[key]);
    } else {
      this.rest.push(clause);
    }
  }

  build(): NedbQuery {
    const out: NedbQuery = Object.fromEntries(this.fields);
    const [only] = this.rest;
    if (this.rest.length === 1 && this.fields.size === 0 && only) return only;
    if (this.rest.length > 0) out.$and = this.rest;
    return out;
  }
}

function checkQueryKey(api: string, key: string): void {
  if (key.startsWith('$')) throw invalid(api, `where: field "${key}" must not start with "$"; use db.command operators`);
  if (key.split('.').some((part) => part === '')) throw invalid(api, `where: invalid field path "${key}"`);
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/** Equality. `null` also matches a missing field, as in MongoDB (which WeChat runs on). */
function eqClause(api: string, path: string, value: unknown): NedbQuery {
  checkStorable(api, value, `where.${path}`);
  if (value === null) return { $or: [{ [path]: null }, { [path]: { $exists: false } }] };
  return { [path]: deepCopy(value) };
}

function inClause(api: string, path: string, op: string, values: unknown): NedbQuery {
  if (!Array.isArray(values)) throw invalid(api, `where: ${op}() expects an array for "${path}"`);
  values.forEach((v, i) => checkStorable(api, v, `where.${path}.${op}[${i}]`));
  const clause: NedbQuery = { [path]: { $in: deepCopy(values) } };
  return values.includes(null) ? { $or: [clause, { [path]: { $exists: false } }] } : clause;
}

function comparable(api: string, path: string, op: string, value: unknown): unknown {
  const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || isValidDate(value);
  if (!ok) throw invalid(api, `where: ${op}() on "${path}" expects a number, string or Date`);
  return deepCopy(value);
}

function fieldClause(api: string, path: string, cmd: Command): NedbQuery {
  const [arg] = cmd.args;
  switch (cmd.op) {
    case 'eq':
      return eqClause(api, path, arg);
    // Negations go through $not so that array fields follow MongoDB semantics (no element may match).
    case 'neq':
      return { $not: eqClause(api, path, arg) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [path]: { [`$${cmd.op}`]: comparable(api, path, cmd.op, arg) } };
    case 'in':
      return inClause(api, path, 'in', arg);
    case 'nin':
      return { $not: inClause(api, path, 'nin', arg) };
    case 'exists':
      if (typeof arg !== 'boolean') throw invalid(api, `where: exists() on "${path}" expects a boolean`);
      return { [path]: { $exists: arg } };
    case 'and':
    case 'or':
      if (cmd.args.length === 0) throw invalid(api, `where: ${cmd.op}() on "${path}" needs at least one condition`);
      return { [`$${cmd.op}`]: cmd.args.map((a) => relativeClause(api, path, a)) };
    default:
      throw invalid(api, `where: ${cmd.op}() is an update operator and cannot be used in a condition ("${path}")`);
  }
}

/** A condition inside a field-level and/or: an operator, a sub-object relative to the field, or a value. */
function relativeClause(api: string, path: string, cond: unknown): NedbQuery {
  if (cond instanceof Command) return fieldClause(api, path, cond);
  if (isPlainObject(cond) && Object.keys(cond).length > 0) return objectQuery(api, cond, path);
  return eqClause(api, path, cond);
}

function addObject(api: string, clauses: Clauses, obj: Record<string, unknown>, prefix: string): void {
  for (const [key, value] of Object.entries(obj)) {
    checkQueryKey(api, key);
    const path = join(prefix, key);
    if (value instanceof Command) clauses.add(fieldClause(api, path, value));
    // WeChat semantics: a nested object is a set of conditions on sub-fields, not whole-object equality.
    else if (isPlainObject(value) && Object.keys(value).length > 0) addObject(api, clauses, value, path);
    else clauses.add(eqClause(api, path, value));
  }
}

function objectQuery(api: string, obj: Record<string, unknown>, prefix: string): NedbQuery {
  const clauses = new Clauses();
  addObject(api, clauses, obj, prefix);
  return clauses.build();
}

function topClause(api: string, cond: unknown): NedbQuery {
  if (cond instanceof Command) {
    if (cond.op !== 'and' && cond.op !== 'or') {
      const kind = UPDATE_OPS.has(cond.op) ? 'an update operator' : 'a field operator';
      throw invalid(api, `where: ${cond.op}() is ${kind}; use it as a field value, e.g. where({ field: _.${cond.op}(...) })`);
    }
    if (cond.args.length === 0) throw invalid(api, `where: ${cond.op}() needs at least one condition`);
    return { [`$${cond.op}`]: cond.args.map((a) => topClause(api, a)) };
  }
  if (isPlainObject(cond)) return objectQuery(api, cond, '');
  throw invalid(api, 'where: the condition must be an object or a db.command and/or');
}

/** Translates a WeChat `where` condition into an nedb query. */
export function translateWhere(api: string, cond: unknown): NedbQuery {
  return topClause(api, cond);
}

/** True when a condition would match every document (an update/remove must not run on it). */
export function isEmptyCondition(cond: unknown): boolean {
  return cond === undefined || (isPlainObject(cond) && Object.keys(cond).length === 0);
}
