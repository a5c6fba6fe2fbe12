import Datastore from '@seald-io/nedb';
import { mkdir, readdir } from 'fs/promises';
import { join } from 'path';
import { DbError, ErrCode, fromStoreError, invalid } from './errors';
import { Mutex } from './mutex';
import type { Doc } from './values';
import type { NedbQuery } from './where';

type Store = Datastore<Doc>;

export interface EngineOptions {
  dir: string | null;
  uniqueIndexes: Record<string, string[]>;
  indexes: Record<string, string[]>;
}

export interface DbStats {
  reads: number;
  writes: number;
  transactions: number;
  conflicts: number;
}

export interface FindOptions {
  sort: Record<string, 1 | -1>;
  skip: number;
  limit: number;
  projection?: Record<string, 0 | 1>;
}

/** Handed to code running under the write lock: `mark` records that a document changed. */
export interface WriteContext {
  readonly seq: number;
  mark(collection: string, id: string): void;
}

const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const FILE_SUFFIX = '.db';

/**
 * Owns the nedb datastores (one per collection, created lazily), the engine-wide write lock and
 * the commit sequence numbers used for optimistic transactions.
 */
export class Engine {
  readonly stats: DbStats = { reads: 0, writes: 0, transactions: 0, conflicts: 0 };
  /** Transaction attempts in flight; while there are none, per-document sequences can be forgotten. */
  activeAttempts = 0;

  private readonly mutex = new Mutex();
  private readonly stores = new Map<string, Promise<Store>>();
  private readonly docSeq = new Map<string, number>();
  private resetSeq = 0;
  private seq = 0;
  private closed = false;

  private constructor(private readonly opts: EngineOptions) {}

  static async open(opts: EngineOptions): Promise<Engine> {
    const engine = new Engine(opts);
    if (opts.dir !== null) {
      await mkdir(opts.dir, { recursive: true });
      const files = await readdir(opts.dir);
      const names = files.filter((f) => f.endsWith(FILE_SUFFIX)).map((f) => f.slice(0, -FILE_SUFFIX.length));
      await Promise.all(names.filter((n) => COLLECTION_NAME.test(n)).map((n) => engine.store('database.open', n)));
    }
    return engine;
  }

  /** The last published commit sequence; a transaction attempt starts from it. */
  get committedSeq(): number {
    return this.seq;
  }

  /** Highest commit sequence that touched the document (or wiped everything). */
  seqOf(collection: string, id: string): number {
    return Math.max(this.docSeq.get(`${collection}:${id}`) ?? 0, this.resetSeq);
  }

  listCollections(): string[] {
    return [...this.stores.keys()].sort();
  }

  assertOpen(api: string): void {
    if (this.closed) throw new DbError(api, 'the local database is closed', ErrCode.REQUEST_FAILED);
  }

  checkCollectionName(api: string, name: unknown): asserts name is string {
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw invalid(api, `invalid collection name ${JSON.stringify(name)} (letters, digits, _ and -, at most 64)`);
    }
  }

  store(api: string, name: string): Promise<Store> {
    this.assertOpen(api);
    this.checkCollectionName(api, name);
    let p = this.stores.get(name);
    if (!p) {
      p = this.createStore(name);
      this.stores.set(name, p);
      // A collection that failed to load (e.g. an index violation) must not stay cached as broken.
      p.catch(() => this.stores.delete(name));
    }
    return p.catch((err: unknown) => {
      throw fromStoreError(api, err);
    });
  }

  private async createStore(name: string): Promise<Store> {
    const { dir, uniqueIndexes, indexes } = this.opts;
    const store: Store = new Datastore<Doc>(dir === null ? { inMemoryOnly: true } : { filename: join(dir, `${name}${FILE_SUFFIX}`) });
    await store.loadDatabaseAsync();
    for (const fieldName of uniqueIndexes[name] ?? []) await store.ensureIndexAsync({ fieldName, unique: true, sparse: false });
    for (const fieldName of indexes[name] ?? []) await store.ensureIndexAsync({ fieldName });
    return store;
  }

  /**
   * Runs `fn` under the engine-wide write lock. Every write marks the documents it touches with the
   * new sequence before changing them; the sequence is published only afterwards, so a transaction
   * that starts meanwhile sees the marks as newer than its start and cannot commit on stale reads.
   */
  exclusive<T>(api: string, fn: (ctx: WriteContext) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.assertOpen(api);
      if (this.activeAttempts === 0) this.docSeq.clear();
      const seq = this.seq + 1;
      const ctx: WriteContext = { seq, mark: (c, id) => this.docSeq.set(`${c}:${id}`, seq) };
      try {
        return await fn(ctx);
      } catch (err) {
        throw fromStoreError(api, err);
      } finally {
        this.seq = seq;
      }
    });
  }

  async findById(api: string, collection: string, id: string): Promise<Doc | null> {
    const store = await this.store(api, collection);
    try {
      return (await (store.findOneAsync({ _id: id }) as unknown as Promise<Doc | null>)) ?? null;
    } catch (err) {
      throw fromStoreError(api, err);
    }
  }

  async find(api: string, collection: string, query: NedbQuery, o: FindOptions): Promise<Doc[]> {
    const store = await this.store(api, collection);
    try {
      const cursor = store.findAsync(query, o.projection).sort(o.sort).skip(o.skip).limit(o.limit);
      return await (cursor as unknown as Promise<Doc[]>);
    } catch (err) {
      throw fromStoreError(api, err);
    }
  }

  async count(api: string, collection: string, query: NedbQuery): Promise<number> {
    const store = await this.store(api, collection);
    try {
      return await (store.countAsync(query) as unknown as Promise<number>);
    } catch (err) {
      throw fromStoreError(api, err);
    }
  }

  // The raw writes below must only be called inside `exclusive`.

  async insert(api: string, collection: string, docs: Doc[]): Promise<void> {
    const store = await this.store(api, collection);
    await store.insertAsync(docs);
  }

  async replace(api: string, collection: string, doc: Doc): Promise<void> {
    const store = await this.store(api, collection);
    await store.updateAsync({ _id: doc._id }, doc, {});
  }

  async removeIds(api: string, collection: string, ids: string[]): Promise<number> {
    const store = await this.store(api, collection);
    return store.removeAsync({ _id: { $in: ids } }, { multi: true });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.opts.dir === null) return;
      for (const p of this.stores.values()) {
        const store = await p.catch(() => null);
        if (store) await store.compactDatafileAsync();
      }
    });
  }

  async dropAll(): Promise<void> {
    await this.exclusive('database.dropAll', async (ctx) => {
      for (const p of this.stores.values()) {
        const store = await p.catch(() => null);
        if (store) await store.dropDatabaseAsync();
      }
      this.stores.clear();
      this.docSeq.clear();
      this.resetSeq = ctx.seq; // every document counts as changed for attempts already running
    });
  }
}
