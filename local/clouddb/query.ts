import type { Collection, DocData, DocRef, DocGetResult, GetResult, Query, WriteStats } from '../../cloudfunctions/ports/db';
import { decodeDoc, decodeValue } from './codec';
import type { Engine } from './engine';
import { DbError, ErrCode, invalid } from './errors';
import { compileProjection, project, type Projection } from './projection';
import { compileUpdate } from './update';
import { checkDocId, deepEqual, prepareNewDoc, type Doc } from './values';
import { checkPath, fieldExpr, isEmptyCondition, translateWhere, type Sql } from './where';

/** WeChat server SDK limits. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

interface QueryState {
  readonly condition: unknown;
  readonly whereCalls: number;
  readonly orders: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
  readonly skip: number | undefined;
  readonly limit: number | undefined;
  readonly projection: Record<string, boolean> | undefined;
}

const EMPTY_STATE: QueryState = { condition: undefined, whereCalls: 0, orders: [], skip: undefined, limit: undefined, projection: undefined };

/** Plain field names, safe to splice into a JSON path literal. */
const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The fields of an include projection when all are top-level plain names (then SQLite can pick them). */
function topLevelFields(p: Projection): string[] | null {
  if (!p.include || p.paths.length > 30) return null;
  const out: string[] = [];
  for (const path of p.paths) {
    if (path.length !== 1 || !PLAIN_FIELD.test(path[0] as string) || out.includes(path[0] as string)) return null;
    out.push(path[0] as string);
  }
  return out;
}

export function notFound(api: string, collection: string, id: string): DbError {
  return new DbError(api, `cannot find document with _id "${id}" in collection "${collection}"`, ErrCode.NOT_FOUND);
}

interface Plan {
  where: Sql;
  /** ORDER BY … LIMIT … OFFSET … */
  tail: Sql;
  projection: Projection | undefined;
}

/**
 * An immutable query builder. Builder calls never throw; every problem is reported when the query
 * runs, as a rejected promise like the real SDK's server-side checks.
 */
export class LocalQuery implements Query {
  constructor(
    protected readonly engine: Engine,
    protected readonly name: string,
    private readonly state: QueryState = EMPTY_STATE,
  ) {}

  private with(patch: Partial<QueryState>): LocalQuery {
    return new LocalQuery(this.engine, this.name, { ...this.state, ...patch });
  }

  where(condition: DocData): Query {
    return this.with({ condition, whereCalls: this.state.whereCalls + 1 });
  }

  orderBy(field: string, order: 'asc' | 'desc'): Query {
    return this.with({ orders: [...this.state.orders, [field, order] as const] });
  }

  skip(n: number): Query {
    return this.with({ skip: n });
  }

  limit(n: number): Query {
    return this.with({ limit: n });
  }

  field(projection: Record<string, boolean>): Query {
    return this.with({ projection: { ...projection } });
  }

  private condition(api: string): Sql {
    // WeChat replaces an earlier where(); silently dropping a condition is a bug magnet, so refuse it.
    if (this.state.whereCalls > 1) throw invalid(api, 'where() was called more than once; combine conditions with db.command.and()');
    return translateWhere(this.engine.whereContext(api, this.name), this.state.condition ?? {});
  }

  private plan(api: string): Plan {
    this.engine.assertOpen(api);
    this.engine.checkCollectionName(api, this.name);
    const where = this.condition(api);
    const { orders, skip, limit, projection } = this.state;
    const terms: string[] = [];
    const seen = new Set<string>();
    for (const [field, order] of orders) {
      const segs = checkPath(api, field, 'orderBy');
      if (order !== 'asc' && order !== 'desc') throw invalid(api, `orderBy: order must be "asc" or "desc", got ${JSON.stringify(order)}`);
      if (seen.has(field)) throw invalid(api, `orderBy: field "${field}" is ordered twice`);
      seen.add(field);
      terms.push(`${fieldExpr(segs)} ${order.toUpperCase()}`);
    }
    // A total order keeps pagination deterministic.
    if (!seen.has('_id')) terms.push('_id ASC');
    if (skip !== undefined && !(Number.isInteger(skip) && skip >= 0)) throw invalid(api, `skip must be a non-negative integer, got ${String(skip)}`);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw invalid(api, `limit must be a positive integer, got ${String(limit)}`);
    if (limit !== undefined && limit > MAX_LIMIT) throw invalid(api, `limit ${limit} exceeds the maximum of ${MAX_LIMIT}`);
    return {
      where,
      tail: { sql: `ORDER BY ${terms.join(', ')} LIMIT ? OFFSET ?`, params: [limit ?? DEFAULT_LIMIT, skip ?? 0] },
      projection: projection === undefined ? undefined : compileProjection(api, projection),
    };
  }

  /** Multi-document writes need a real condition and no paging options (they would be ignored). */
  private writeCondition(api: string): Sql {
    const { condition, orders, skip, limit, projection } = this.state;
    if (isEmptyCondition(condition)) throw invalid(api, 'a non-empty where() condition is required to update or remove documents');
    if (orders.length > 0 || skip !== undefined || limit !== undefined || projection !== undefined) {
      throw invalid(api, 'orderBy/skip/limit/field cannot be combined with a multi-document update or remove');
    }
    return this.condition(api);
  }

  /** The SQLite query plan of `get()` (one line per plan step), for tests and benchmarks. */
  explain(): string[] {
    const api = 'collection.explain';
    const { where, tail } = this.plan(api);
    return this.engine.explain(api, this.name, 'doc', where, tail);
  }

  async get(): Promise<GetResult> {
    const api = 'collection.get';
    this.engine.stats.reads += 1;
    const { where, tail, projection } = this.plan(api);
    const picked = projection && topLevelFields(projection);
    if (picked) {
      // Only the named fields leave SQLite (as JSON text each): no whole document is decoded.
      const columns = ['_id', ...picked.map((f) => `doc -> '$."${f}"'`)].join(', ');
      const rows = this.engine.select(api, this.name, columns, where, tail);
      const data = rows.map((r) => {
        const out: Doc = projection.keepId ? { _id: r[0] } : {};
        for (let i = 0; i < picked.length; i += 1) {
          const text = r[i + 1];
          // NULL: the field is missing, and a projection leaves it out.
          if (typeof text === 'string') out[picked[i] as string] = decodeValue(text);
        }
        return out;
      });
      return { data, errMsg: `${api}:ok` } as GetResult;
    }
    const rows = this.engine.select(api, this.name, 'doc', where, tail);
    const data = rows.map((r) => {
      const doc = decodeDoc(r[0] as string);
      return projection ? project(doc, projection) : doc;
    });
    return { data, errMsg: `${api}:ok` } as GetResult;
  }

  async count(): Promise<{ total: number }> {
    const api = 'collection.count';
    this.engine.stats.reads += 1;
    this.engine.assertOpen(api);
    this.engine.checkCollectionName(api, this.name);
    const total = this.engine.count(api, this.name, this.condition(api));
    return { total, errMsg: `${api}:ok` } as { total: number };
  }

  async update(opts: { data: DocData }): Promise<WriteStats> {
    const api = 'collection.update';
    this.engine.stats.writes += 1;
    this.engine.assertOpen(api);
    this.engine.checkCollectionName(api, this.name);
    const where = this.writeCondition(api);
    const steps = compileUpdate(api, opts?.data);
    // One SQLite transaction: a failure (e.g. a unique index) leaves every document as it was.
    const updated = this.engine.write(api, [this.name], (w) => {
      let changed = 0;
      for (const [text] of w.select(api, this.name, 'doc', where)) {
        if (w.update(api, this.name, text as string, steps)) changed += 1;
      }
      return changed;
    });
    return { stats: { updated }, errMsg: `${api}:ok` } as WriteStats;
  }

  async remove(): Promise<WriteStats> {
    const api = 'collection.remove';
    this.engine.stats.writes += 1;
    this.engine.assertOpen(api);
    this.engine.checkCollectionName(api, this.name);
    const where = this.writeCondition(api);
    const removed = this.engine.write(api, [this.name], (w) => {
      let n = 0;
      for (const [id] of w.select(api, this.name, '_id', where)) n += w.remove(this.name, id as string);
      return n;
    });
    return { stats: { removed }, errMsg: `${api}:ok` } as WriteStats;
  }
}

export class LocalDocRef implements DocRef {
  constructor(
    private readonly engine: Engine,
    private readonly name: string,
    private readonly id: string,
  ) {}

  async get(): Promise<DocGetResult> {
    const api = 'document.get';
    this.engine.stats.reads += 1;
    checkDocId(api, this.id);
    const doc = this.engine.findById(api, this.name, this.id);
    if (!doc) throw notFound(api, this.name, this.id);
    return { data: doc, errMsg: `${api}:ok` } as DocGetResult;
  }

  async set(opts: { data: DocData }): Promise<unknown> {
    const api = 'document.set';
    this.engine.stats.writes += 1;
    this.engine.assertOpen(api);
    checkDocId(api, this.id);
    const doc = prepareNewDoc(api, opts?.data, this.id);
    this.engine.checkIndexed(api, this.name, doc);
    const stats = this.engine.write(api, [this.name], (w) => {
      const prev = w.get(api, this.name, this.id);
      if (prev && deepEqual(decodeDoc(prev.doc), doc)) return { updated: 0, created: 0 };
      w.put(this.name, doc, prev !== null);
      return prev ? { updated: 1, created: 0 } : { updated: 0, created: 1 };
    });
    return { _id: this.id, stats, errMsg: `${api}:ok` };
  }

  async update(opts: { data: DocData }): Promise<WriteStats> {
    const api = 'document.update';
    this.engine.stats.writes += 1;
    this.engine.assertOpen(api);
    checkDocId(api, this.id);
    const steps = compileUpdate(api, opts?.data);
    const updated = this.engine.write(api, [this.name], (w) => {
      const prev = w.get(api, this.name, this.id);
      // Like WeChat (MongoDB nModified), an update that changes nothing reports 0.
      return prev && w.update(api, this.name, prev.doc, steps) ? 1 : 0;
    });
    return { stats: { updated }, errMsg: `${api}:ok` } as WriteStats;
  }

  async remove(): Promise<WriteStats> {
    const api = 'document.remove';
    this.engine.stats.writes += 1;
    this.engine.assertOpen(api);
    checkDocId(api, this.id);
    const removed = this.engine.write(api, [this.name], (w) => w.remove(this.name, this.id));
    return { stats: { removed }, errMsg: `${api}:ok` } as WriteStats;
  }
}

export class LocalCollection extends LocalQuery implements Collection {
  doc(id: string): DocRef {
    return new LocalDocRef(this.engine, this.name, id);
  }

  async add(opts: { data: DocData }): Promise<{ _id: string | number }> {
    const api = 'collection.add';
    this.engine.stats.writes += 1;
    this.engine.assertOpen(api);
    const doc = prepareNewDoc(api, opts?.data, undefined);
    this.engine.checkIndexed(api, this.name, doc);
    this.engine.write(api, [this.name], (w) => w.insert(this.name, doc));
    return { _id: doc._id as string, errMsg: `${api}:ok` } as { _id: string };
  }
}

export type { Doc };
