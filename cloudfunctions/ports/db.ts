/**
 * The database port: the subset of the WeChat cloud database API (wx-server-sdk `cloud.database()`)
 * that FreshPal uses. Production passes the real `cloud.database()`; locally the embedded engine in
 * `local/clouddb` implements the same shape with the same limits, so code that runs locally deploys.
 *
 * Rules this shape encodes (and the local engine enforces):
 * - `get()` on a query returns at most 100 rows by default and at most 1000 with `limit()`.
 * - Inside `runTransaction` only single-document operations exist (`doc().get/set/update/remove`, `add`);
 *   there is no `where()`. The callback may run more than once, so it must have no side effects.
 * - `doc(id).get()` of a missing document rejects (use `getOrNull` in `runtime/dbHelpers`).
 * - Nested objects in `update` data merge field by field; `set` replaces the whole document.
 */
export type DocData = Record<string, unknown>;

export interface CommandValue {
  /** Opaque operator produced by `db.command` (query or update operator). */
  readonly __brand?: 'command';
}

export interface DbCommand {
  eq(value: unknown): CommandValue;
  neq(value: unknown): CommandValue;
  gt(value: unknown): CommandValue;
  gte(value: unknown): CommandValue;
  lt(value: unknown): CommandValue;
  lte(value: unknown): CommandValue;
  in(values: unknown[]): CommandValue;
  nin(values: unknown[]): CommandValue;
  exists(present: boolean): CommandValue;
  and(...conditions: unknown[]): CommandValue;
  or(...conditions: unknown[]): CommandValue;
  inc(delta: number): CommandValue;
  remove(): CommandValue;
  push(...values: unknown[]): CommandValue;
}

export interface GetResult<T = DocData> { data: T[] }
export interface DocGetResult<T = DocData> { data: T }
export interface WriteStats { stats: { updated?: number; removed?: number } }

export interface DocRef {
  get(): Promise<DocGetResult>;
  set(opts: { data: DocData }): Promise<unknown>;
  update(opts: { data: DocData }): Promise<WriteStats>;
  remove(): Promise<WriteStats>;
}

export interface Query {
  where(condition: DocData): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: Record<string, boolean>): Query;
  get(): Promise<GetResult>;
  count(): Promise<{ total: number }>;
  update(opts: { data: DocData }): Promise<WriteStats>;
  remove(): Promise<WriteStats>;
}

export interface Collection extends Query {
  doc(id: string): DocRef;
  add(opts: { data: DocData }): Promise<{ _id: string | number }>;
}

export interface TxDocRef {
  get(): Promise<DocGetResult>;
  set(opts: { data: DocData }): Promise<unknown>;
  update(opts: { data: DocData }): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface TxCollection {
  doc(id: string): TxDocRef;
  add(opts: { data: DocData }): Promise<{ _id: string | number }>;
}

export interface Transaction {
  collection(name: string): TxCollection;
}

export interface Db {
  collection(name: string): Collection;
  readonly command: DbCommand;
  runTransaction<T>(callback: (tx: Transaction) => Promise<T>, retries?: number): Promise<T>;
}
