import { invalid } from './errors';
import { Command } from './operators';
import { checkStorable, deepCopy, isPlainObject, type Doc } from './values';

export type UpdateStep =
  | { kind: 'set'; path: string[]; value: unknown }
  | { kind: 'inc'; path: string[]; delta: number }
  | { kind: 'unset'; path: string[] }
  | { kind: 'push'; path: string[]; values: unknown[] };

function commandStep(api: string, path: string[], cmd: Command): UpdateStep {
  const name = path.join('.');
  switch (cmd.op) {
    case 'inc': {
      const [delta] = cmd.args;
      if (typeof delta !== 'number' || !Number.isFinite(delta)) throw invalid(api, `inc() on "${name}" expects a finite number`);
      return { kind: 'inc', path, delta };
    }
    case 'remove':
      return { kind: 'unset', path };
    case 'push': {
      const [first] = cmd.args;
      // Mirrors the SDK: push([a, b]) appends a and b; push(a, b) appends a and b too.
      if (cmd.args.length === 1 && isPlainObject(first) && 'each' in first) {
        throw invalid(api, `push({ each, ... }) on "${name}" is not supported; pass the values directly`);
      }
      const values = cmd.args.length === 1 && Array.isArray(first) ? first : [...cmd.args];
      if (values.length === 0) throw invalid(api, `push() on "${name}" needs at least one value`);
      values.forEach((v, i) => checkStorable(api, v, `${name}[${i}]`));
      return { kind: 'push', path, values: deepCopy(values) };
    }
    default:
      throw invalid(api, `${cmd.op}() is a query operator and cannot be used in update data ("${name}")`);
  }
}

function flatten(api: string, obj: Record<string, unknown>, prefix: string[], out: UpdateStep[]): void {
  for (const [key, value] of Object.entries(obj)) {
    // Dotted keys address sub-fields, as in the WeChat SDK.
    const parts = key.split('.');
    if (parts.some((p) => p === '' || p.startsWith('$'))) throw invalid(api, `invalid field path "${key}" in update data`);
    const path = [...prefix, ...parts];
    if (path[0] === '_id') throw invalid(api, 'update data must not contain _id');
    if (value instanceof Command) out.push(commandStep(api, path, value));
    // Nested objects merge field by field; an empty object is stored as a value.
    else if (isPlainObject(value) && Object.keys(value).length > 0) flatten(api, value, path, out);
    else {
      checkStorable(api, value, path.join('.'));
      out.push({ kind: 'set', path, value: deepCopy(value) });
    }
  }
}

/** Turns WeChat update data into flat steps; rejects empty data and overlapping paths (as MongoDB does). */
export function compileUpdate(api: string, data: unknown): UpdateStep[] {
  if (!isPlainObject(data)) throw invalid(api, 'update data must be a plain object');
  const steps: UpdateStep[] = [];
  flatten(api, data, [], steps);
  if (steps.length === 0) throw invalid(api, 'update data must not be empty');
  const names = steps.map((s) => s.path.join('.')).sort();
  for (let i = 1; i < names.length; i += 1) {
    const prev = names[i - 1] ?? '';
    const cur = names[i] ?? '';
    if (cur === prev || cur.startsWith(`${prev}.`)) throw invalid(api, `update paths "${prev}" and "${cur}" conflict`);
  }
  return steps;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isPlainObject(v);
}

function arrayIndex(api: string, seg: string, name: string): number {
  if (!/^\d+$/.test(seg)) throw invalid(api, `cannot use the part "${seg}" of "${name}" to traverse an array`);
  return Number(seg);
}

function getChild(api: string, c: Container, seg: string, name: string): unknown {
  return Array.isArray(c) ? c[arrayIndex(api, seg, name)] : c[seg];
}

function setChild(api: string, c: Container, seg: string, name: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[seg] = value;
    return;
  }
  const idx = arrayIndex(api, seg, name);
  while (c.length < idx) c.push(null); // MongoDB pads arrays with null
  c[idx] = value;
}

/**
 * Applies steps to a copy of `doc` (or to `doc` itself with `inPlace`, for a freshly decoded one);
 * throws when a step does not fit the current document shape.
 */
export function applyUpdate(api: string, doc: Doc, steps: readonly UpdateStep[], inPlace = false): Doc {
  const out = inPlace ? doc : deepCopy(doc);
  for (const step of steps) {
    const name = step.path.join('.');
    const last = step.path[step.path.length - 1] ?? '';
    let cur: Container = out;
    let reachable = true;
    for (const seg of step.path.slice(0, -1)) {
      const next = getChild(api, cur, seg, name);
      if (next === undefined || next === null) {
        if (step.kind === 'unset') {
          reachable = false;
          break;
        }
        if (next === null) throw invalid(api, `cannot create field "${seg}" of "${name}" inside null`);
        const created = {};
        setChild(api, cur, seg, name, created);
        cur = created;
      } else if (isContainer(next)) {
        cur = next;
      } else {
        throw invalid(api, `cannot create field "${name}": "${seg}" holds a non-object value`);
      }
    }
    if (!reachable) continue;
    const current = getChild(api, cur, last, name);
    switch (step.kind) {
      case 'set':
        setChild(api, cur, last, name, deepCopy(step.value));
        break;
      case 'unset':
        if (Array.isArray(cur)) {
          if (current !== undefined) setChild(api, cur, last, name, null); // MongoDB nulls array slots
        } else delete cur[last];
        break;
      case 'inc':
        if (current === undefined) setChild(api, cur, last, name, step.delta);
        else if (typeof current === 'number') setChild(api, cur, last, name, current + step.delta);
        else throw invalid(api, `cannot apply inc() to the non-number field "${name}"`);
        break;
      case 'push':
        if (current === undefined) setChild(api, cur, last, name, deepCopy(step.values));
        else if (Array.isArray(current)) current.push(...deepCopy(step.values));
        else throw invalid(api, `cannot apply push() to the non-array field "${name}"`);
        break;
    }
  }
  return out;
}
