/**
 * FreshPal's local cloud database: the WeChat cloud database API subset from `cloudfunctions/ports/db`
 * on top of SQLite (libsql): one file, WAL, one SQLite transaction per commit. It is deliberately at
 * least as strict as the real service so that code that passes locally also works once deployed.
 */
import type { Collection, Db, DbCommand, DocData, Query, Transaction } from '../../cloudfunctions/ports/db';
import { Engine, type DbStats, type IndexSpec } from './engine';
import { invalid } from './errors';
import { command } from './operators';
import { LocalCollection, LocalQuery } from './query';
import { runTransaction } from './transaction';
import { prepareNewDoc } from './values';

export { DbError, ErrCode } from './errors';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query';
export { DB_FILE, LegacyDataError, type IndexSpec } from './engine';

export interface LocalDbOptions {
  /** Folder for persistence (one SQLite file, `freshpal.sqlite`); null = in memory. */
  dir: string | null;
  /** collection -> fields that must be unique (besides `_id`). */
  uniqueIndexes?: Record<string, string[]>;
  /** collection -> indexes for speed: a field, or a list of fields for a compound index. Indexed fields must not hold arrays. */
  indexes?: Record<string, readonly IndexSpec[]>;
  /** SQLite `synchronous` for a file database; FULL (default) loses no acknowledged write on power loss. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Tests: run every transaction callback twice (the first attempt is discarded) to expose side effects. */
  retryFirstAttempt?: boolean;
  /** Conflict retries before runTransaction gives up; default 16. */
  maxTransactionRetries?: number;
}

export interface LocalDb extends Db {
  readonly stats: Readonly<DbStats>;
  resetStats(): void;
  /** Closes the database file; the instance is unusable afterwards. */
  close(): Promise<void>;
  /** SQLite's plan for a query built on this database (`EXPLAIN QUERY PLAN`, one line per step). */
  explain(query: Query): string[];
  listCollections(): string[];
  /** Deletes every collection (and replaces a data folder left by the old nedb engine). */
  dropAll(): Promise<void>;
  /** Fast seeding: validates like `add` and inserts all documents at once (all or nothing). Not counted in stats. */
  importMany(collection: string, docs: DocData[]): Promise<{ inserted: number }>;
}

class LocalDatabase implements LocalDb {
  readonly command: DbCommand = command;

  constructor(
    private readonly engine: Engine,
    private readonly opts: LocalDbOptions,
  ) {}

  get stats(): Readonly<DbStats> {
    return { ...this.engine.stats };
  }

  resetStats(): void {
    Object.assign(this.engine.stats, { reads: 0, writes: 0, transactions: 0, conflicts: 0 });
  }

  collection(name: string): Collection {
    return new LocalCollection(this.engine, name);
  }

  runTransaction<T>(callback: (tx: Transaction) => Promise<T>, retries?: number): Promise<T> {
    return runTransaction(
      this.engine,
      { retryFirstAttempt: this.opts.retryFirstAttempt ?? false, maxRetries: this.opts.maxTransactionRetries ?? 16 },
      callback,
      retries,
    );
  }

  async close(): Promise<void> {
    this.engine.close();
  }

  explain(query: Query): string[] {
    if (!(query instanceof LocalQuery)) throw invalid('database.explain', 'explain() takes a query built on this database');
    return query.explain();
  }

  listCollections(): string[] {
    return this.engine.listCollections();
  }

  async dropAll(): Promise<void> {
    this.engine.dropAll();
  }

  async importMany(collection: string, docs: DocData[]): Promise<{ inserted: number }> {
    const api = 'collection.importMany';
    const prepared = docs.map((d) => prepareNewDoc(api, d, undefined));
    if (prepared.length === 0) return { inserted: 0 };
    prepared.forEach((d) => this.engine.checkIndexed(api, collection, d));
    // One SQLite transaction with one prepared statement: 100k documents in about a second.
    this.engine.write(api, [collection], (w) => prepared.forEach((d) => w.insert(collection, d)));
    return { inserted: prepared.length };
  }
}

export async function openLocalDb(opts: LocalDbOptions): Promise<LocalDb> {
  const engine = Engine.open({
    dir: opts.dir,
    uniqueIndexes: opts.uniqueIndexes ?? {},
    indexes: opts.indexes ?? {},
    ...(opts.synchronous ? { synchronous: opts.synchronous } : {}),
  });
  return new LocalDatabase(engine, opts);
}
