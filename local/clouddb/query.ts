import type { Collection, DocData, DocRef, DocGetResult, GetResult, Query, WriteStats } from '../../cloudfunctions/ports/db';
import { DbError, ErrCode, invalid } from './errors';
import type { Engine, FindOptions } from './engine';
import { applyUpdate, compileUpdate } from './update';
import { checkDocId, deepEqual, prepareNewDoc, type Doc } from './values';
import { isEmptyCondition, translateWhere } from './where';

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

export function notFound(api: string, collection: string, id: string): DbError {
  return new DbError(api, `cannot find document with _id "${id}" in collection "${collection}"`, ErrCode.NOT_FOUND);
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

  private condition(api: string): ReturnType<typeof translateWhere> {
    // WeChat replaces an earlier where(); silently dropping a condition is a bug magnet, so refuse it.
    if (this.state.whereCalls > 1) throw invalid(api, 'where() was called more than once; combine conditions with db.command.and()');
    return translateWhere(api, this.state.condition ?? {});
  }

  private findOptions(api: string): FindOptions {
    const { orders, skip, limit, projection } = this.state;
    const sort: Record<string, 1 | -1> = {};
    for (const [field, order] of orders) {
      if (typeof field !== 'string' || field === '' || field.split('.').some((p) => p === '' || p.startsWith('$'))) {
        throw invalid(api, `orderBy: invalid field ${JSON.stringify(field)}`);
      }
      if (order !== 'asc' && order !== 'desc') throw invalid(api, `orderBy: order must be "asc" or "desc", got ${JSON.stringify(order)}`);
      if (field in sort) throw invalid(api, `orderBy: field "${field}" is ordered twice`);
      sort[field] = order === 'asc' ? 1 : -1;
    }
    // A total order keeps pagination deterministic.
    if (!('_id' in sort)) sort._id = 1;
    if (skip !== undefined && !(Number.isInteger(skip) && skip >= 0)) throw invalid(api, `skip must be a non-negative integer, got ${String(skip)}`);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw invalid(api, `limit must be a positive integer, got ${String(limit)}`);
    if (limit !== undefined && limit > MAX_LIMIT) throw invalid(api, `limit ${limit} exceeds the maximum of ${MAX_LIMIT}`);
    const options: FindOptions = { sort, skip: skip ?? 0, limit: limit ?? DEFAULT_LIMIT };
    if (projection !== undefined) options.projection = toProjection(api, projection);
    return options;
  }

  /** Multi-document writes need a real condition and no paging options (they would be ignored). */
  private writeCondition(api: string): ReturnType<typeof translateWhere> {
    const { condition, orders, skip, limit, projection } = this.state;
    if (isEmptyCondition(condition)) throw invalid(api, 'a non-empty where() condition is required to update or remove documents');
    if (orders.length > 0 || skip !== undefined || limit !== undefined || projection !== undefined) {
      throw invalid(api, 'orderBy/skip/limit/field cannot be combined with a multi-document update or remove');
    }
    return this.condition(api);
  }

  async get(): Promise<GetResult> {
    const api = 'collection.get';
    this.engine.stats.reads += 1;
    const query = this.condition(api);
    const data = await this.engine.find(api, this.name, query, this.findOptions(api));
    return { data, errMsg: `${api}:ok` } as GetResult;
  }

  async count(): Promise<{ total: number }> {
    const api = 'collection.count';
    this.engine.stats.reads += 1;
    const total = await this.engine.count(api, this.name, this.condition(api));
    return { total, errMsg: `${api}:ok` } as { total: number };
  }

  async update(opts: { data: DocData }): Promise<WriteStats> {
    const api = 'collection.update';
    this.engine.stats.writes += 1;
    const query = this.writeCondition(api);
    const steps = compileUpdate(api, opts?.data);
    const updated = await this.engine.exclusive(api, async (ctx) => {
      const docs = await this.engine.find(api, this.name, query, { sort: { _id: 1 }, skip: 0, limit: 0 });
      const changed: Doc[] = [];
      for (const doc of docs) {
        const next = applyUpdate(api, doc, steps);
        if (!deepEqual(doc, next)) changed.push(next);
      }
      // Apply all or nothing: on a failure (unique index) restore what was already written.
      const done: Doc[] = [];
      try {
        for (const next of changed) {
          ctx.mark(this.name, next._id as string);
          await this.engine.replace(api, this.name, next);
          done.push(next);
        }
      } catch (err) {
        const before = new Map(docs.map((d) => [d._id, d]));
        for (const d of done.reverse()) {
          const prev = before.get(d._id);
          if (prev) await this.engine.replace(api, this.name, prev);
        }
        throw err;
      }
      return changed.length;
    });
    return { stats: { updated }, errMsg: `${api}:ok` } as WriteStats;
  }

  async remove(): Promise<WriteStats> {
    const api = 'collection.remove';
    this.engine.stats.writes += 1;
    const query = this.writeCondition(api);
    const removed = await this.engine.exclusive(api, async (ctx) => {
      const docs = await this.engine.find(api, this.name, query, { sort: { _id: 1 }, skip: 0, limit: 0, projection: { _id: 1 } });
      const ids = docs.map((d) => d._id as string);
      if (ids.length === 0) return 0;
      ids.forEach((id) => ctx.mark(this.name, id));
      return this.engine.removeIds(api, this.name, ids);
    });
    return { stats: { removed }, errMsg: `${api}:ok` } as WriteStats;
  }
}

function toProjection(api: string, projection: Record<string, boolean>): Record<string, 0 | 1> {
  const out: Record<string, 0 | 1> = {};
  let mode: boolean | undefined;
  for (const [field, keep] of Object.entries(projection)) {
    if (typeof keep !== 'boolean') throw invalid(api, `field(): "${field}" must be true or false`);
    if (field !== '_id') {
      if (mode !== undefined && mode !== keep) throw invalid(api, 'field(): cannot mix included and excluded fields (except _id)');
      mode = keep;
    }
    out[field] = keep ? 1 : 0;
  }
  return out;
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
    const doc = await this.engine.findById(api, this.name, this.id);
    if (!doc) throw notFound(api, this.name, this.id);
    return { data: doc, errMsg: `${api}:ok` } as DocGetResult;
  }

  async set(opts: { data: DocData }): Promise<unknown> {
    const api = 'document.set';
    this.engine.stats.writes += 1;
    checkDocId(api, this.id);
    const doc = prepareNewDoc(api, opts?.data, this.id);
    const stats = await this.engine.exclusive(api, async (ctx) => {
      const prev = await this.engine.findById(api, this.name, this.id);
      if (prev && deepEqual(prev, doc)) return { updated: 0, created: 0 };
      ctx.mark(this.name, this.id);
      if (prev) await this.engine.replace(api, this.name, doc);
      else await this.engine.insert(api, this.name, [doc]);
      return prev ? { updated: 1, created: 0 } : { updated: 0, created: 1 };
    });
    return { _id: this.id, stats, errMsg: `${api}:ok` };
  }

  async update(opts: { data: DocData }): Promise<WriteStats> {
    const api = 'document.update';
    this.engine.stats.writes += 1;
    checkDocId(api, this.id);
    const steps = compileUpdate(api, opts?.data);
    const updated = await this.engine.exclusive(api, async (ctx) => {
      const prev = await this.engine.findById(api, this.name, this.id);
      if (!prev) return 0;
      const next = applyUpdate(api, prev, steps);
      // Like WeChat (MongoDB nModified), an update that changes nothing reports 0.
      if (deepEqual(prev, next)) return 0;
      ctx.mark(this.name, this.id);
      await this.engine.replace(api, this.name, next);
      return 1;
    });
    return { stats: { updated }, errMsg: `${api}:ok` } as WriteStats;
  }

  async remove(): Promise<WriteStats> {
    const api = 'document.remove';
    this.engine.stats.writes += 1;
    checkDocId(api, this.id);
    const removed = await this.engine.exclusive(api, async (ctx) => {
      ctx.mark(this.name, this.id);
      return this.engine.removeIds(api, this.name, [this.id]);
    });
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
    const doc = prepareNewDoc(api, opts?.data, undefined);
    await this.engine.exclusive(api, async (ctx) => {
      ctx.mark(this.name, doc._id as string);
      await this.engine.insert(api, this.name, [doc]);
    });
    return { _id: doc._id as string, errMsg: `${api}:ok` } as { _id: string };
  }
}
