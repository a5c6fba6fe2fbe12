import { invalid } from './errors';
import type { Doc } from './values';

/** A validated `field()` projection: keep only `paths` (include) or drop them (exclude). */
export interface Projection {
  include: boolean;
  paths: string[][];
  keepId: boolean;
}

export function compileProjection(api: string, projection: Record<string, boolean>): Projection {
  let mode: boolean | undefined;
  let keepId = true;
  const paths: string[][] = [];
  for (const [field, keep] of Object.entries(projection)) {
    if (typeof keep !== 'boolean') throw invalid(api, `field(): "${field}" must be true or false`);
    if (field === '_id') {
      keepId = keep;
      continue;
    }
    if (field === '' || field.split('.').some((p) => p === '' || p.startsWith('$'))) throw invalid(api, `field(): invalid field ${JSON.stringify(field)}`);
    if (mode !== undefined && mode !== keep) throw invalid(api, 'field(): cannot mix included and excluded fields (except _id)');
    mode = keep;
    paths.push(field.split('.'));
  }
  // Only `_id` given: `{ _id: true }` keeps just the id, `{ _id: false }` keeps everything else.
  return { include: mode ?? (keepId && paths.length === 0 && '_id' in projection), paths, keepId };
}

function child(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
}

/** Applies a projection to a freshly decoded document (which it may reuse). */
export function project(doc: Doc, p: Projection): Doc {
  if (p.include) {
    const out: Doc = {};
    if (p.keepId && doc._id !== undefined) out._id = doc._id;
    for (const path of p.paths) {
      let value: unknown = doc;
      for (const seg of path) value = child(value, seg);
      if (value === undefined) continue;
      let target = out;
      for (const seg of path.slice(0, -1)) {
        const next = target[seg];
        if (next === null || typeof next !== 'object') target[seg] = {};
        target = target[seg] as Doc;
      }
      target[path[path.length - 1]!] = value;
    }
    return out;
  }
  for (const path of p.paths) {
    let parent: unknown = doc;
    for (const seg of path.slice(0, -1)) parent = child(parent, seg);
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) delete (parent as Doc)[path[path.length - 1]!];
  }
  if (!p.keepId) delete doc._id;
  return doc;
}
