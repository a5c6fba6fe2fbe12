/**
 * FreshPal's local cloud database: the WeChat cloud database API subset from `cloudfunctions/ports/db`
 * on top of nedb (embedded, persistent append-only files). It is deliberately at least as strict as
 * the real service so that code that passes locally also works once deployed.
 */
import type { Collection, Db, DbCommand, DocData, Transaction } from '../../cloudfunctions/ports/db';
import { Engine, type DbStats } from './engine';
import { command } from './operators';
import { LocalCollection } from './query';
import { runTransaction } from './transaction';
import { prepareNewDoc } from './values';

export { DbError, ErrCode } from './errors';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query';

export interface LocalDbOptions {
  /** Folder for persistence (one `<name>.db` file per collection); null = in memory. */
  dir: string | null;
  /** collection -> fields that must be unique (besides `_id`). */
  uniqueIndexes?: Record<string, string[]>;
  /** collection -> fields to index for speed. */
  indexes?: Record<string, string[]>;
  /** Tests: run every transaction callback twice (the first attempt is discarded) to expose side effects. */
  retryFirstAttempt?: boolean;
  /** Conflict retries before runTransaction gives up; default 16. */
  maxTransactionRetries?: number;
}

export interface LocalDb extends Db {
  readonly stats: Readonly<DbStats>;
  resetStats(): void;
  /** Waits for pending writes and compacts the files; the instance is unusable afterwards. */
  close(): Promise<void>;
  listCollections(): string[];
  /** Deletes every collection and its file. */
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

  close(): Promise<void> {
    return this.engine.close();
  }

  listCollections(): string[] {
    return this.engine.listCollections();
  }

  dropAll(): Promise<void> {
    return this.engine.dropAll();
  }

  async importMany(collection: string, docs: DocData[]): Promise<{ inserted: number }> {
    const api = 'collection.importMany';
    const prepared = docs.map((d) => prepareNewDoc(api, d, undefined));
    if (prepared.length === 0) return { inserted: 0 };
    await this.engine.exclusive(api, async (ctx) => {
      prepared.forEach((d) => ctx.mark(collection, d._id as string));
      await this.engine.insert(api, collection, prepared);
    });
    return { inserted: prepared.length };
  }
}

export async function openLocalDb(opts: LocalDbOptions): Promise<LocalDb> {
  const engine = await Engine.open({ dir: opts.dir, uniqueIndexes: opts.uniqueIndexes ?? {}, indexes: opts.indexes ?? {} });
  return new LocalDatabase(engine, opts);
}
