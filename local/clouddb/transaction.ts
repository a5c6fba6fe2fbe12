import type { DocData, DocGetResult, Transaction, TxCollection, TxDocRef } from '../../cloudfunctions/ports/db';
import { DbError, ErrCode, invalid } from './errors';
import { Rollback, type Engine } from './engine';
import { decodeDoc, encodeValue } from './codec';
import { notFound } from './query';
import { applyUpdate, compileUpdate } from './update';
import { checkDocId, deepCopy, prepareNewDoc, type Doc } from './values';

const TX_API = 'database.runTransaction';

interface DocKey {
  collection: string;
  id: string;
}

/** The buffered final state of one document: `doc === null` means removed. */
interface BufferedWrite extends DocKey {
  doc: Doc | null;
  /** Created by `add`: committing must fail if the document appeared meanwhile. */
  insertOnly: boolean;
}

function keyOf(collection: string, id: string): string {
  return `${collection}:${id}`;
}

function conflictError(detail: string): DbError {
  return new DbError(TX_API, `transaction conflict: ${detail}`, ErrCode.TX_CONFLICT);
}

/** A promise that records whether anyone subscribed to it (`await`, `then`, `catch`, `Promise.all`). */
class OpPromise<T> extends Promise<T> {
  // Derived promises (then/catch) are plain ones.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  consumed = false;

  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.consumed = true;
    return super.then(onfulfilled, onrejected);
  }
}

interface TrackedRead extends DocKey {
  /** Commit stamp of the version read; null when the document did not exist. */
  seq: number | null;
  /** Its stored JSON text: a second read of the document decodes this instead of asking SQLite. */
  text: string | null;
}

/**
 * One run of a transaction callback. Reads go to the write buffer first, then to the database;
 * every document read is tracked with the commit stamp it had, so the commit can verify that none of
 * them changed (first committer wins). A read of a document changed since the attempt started
 * dooms the attempt at once, so the callback never sees a mix of old and new data.
 */
class Attempt {
  readonly startSeq: number;
  readonly tracked = new Map<string, TrackedRead>();
  readonly writes = new Map<string, BufferedWrite>();
  /** Set when a read saw a document changed after the start: the attempt can only be retried. */
  doomed = false;
  finished = false;
  private readonly ops: OpPromise<unknown>[] = [];

  constructor(readonly engine: Engine) {
    this.startSeq = engine.currentSeq();
  }

  /**
   * Runs one operation now (the storage is synchronous) and returns its result as an OpPromise, so
   * the attempt can tell at the end whether the callback awaited (or otherwise handled) every one.
   */
  run<T>(api: string, fn: () => T): Promise<T> {
    const op = new OpPromise<T>((resolve, reject) => {
      try {
        if (this.finished) throw new DbError(api, 'transaction: this transaction has already finished', ErrCode.REQUEST_FAILED);
        resolve(fn());
      } catch (err) {
        reject(err);
      }
    });
    // A failure nobody awaits must not crash the process; runTransaction reports the missing await.
    Promise.prototype.then.call(op, undefined, () => undefined);
    if (!this.finished) this.ops.push(op);
    return op;
  }

  /** Operations whose result the callback never awaited. */
  get unawaited(): number {
    return this.ops.filter((op) => !op.consumed).length;
  }

  /** The document as this attempt sees it, as a fresh copy the caller owns. */
  read(api: string, collection: string, id: string): Doc | null {
    const key = keyOf(collection, id);
    const buffered = this.writes.get(key);
    if (buffered) return buffered.doc === null ? null : deepCopy(buffered.doc);
    const { text } = this.track(api, key, collection, id);
    return text === null ? null : decodeDoc(text);
  }

  /** Whether the document exists as this attempt sees it (no decoding). */
  exists(api: string, collection: string, id: string): boolean {
    const key = keyOf(collection, id);
    const buffered = this.writes.get(key);
    if (buffered) return buffered.doc !== null;
    return this.track(api, key, collection, id).seq !== null;
  }

  /**
   * The version this attempt read (the first read of a document asks SQLite, later ones reuse it, so
   * every read in one attempt sees the same version; the commit checks it is still current).
   */
  private track(api: string, key: string, collection: string, id: string): TrackedRead {
    const known = this.tracked.get(key);
    if (known) return known;
    const { row, changed } = this.engine.readSince(api, collection, id, this.startSeq);
    if (changed) {
      this.doomed = true;
      throw conflictError(`document "${id}" in "${collection}" changed during the transaction`);
    }
    const t: TrackedRead = { collection, id, seq: row ? row.seq : null, text: row ? row.doc : null };
    this.tracked.set(key, t);
    return t;
  }

  buffer(collection: string, id: string, doc: Doc | null, insertOnly: boolean): void {
    if (doc !== null) this.engine.checkIndexed('database.runTransaction', collection, doc);
    this.writes.set(keyOf(collection, id), { collection, id, doc, insertOnly });
  }
}

function onlySingleDocument(method: string): never {
  throw new DbError(
    `collection.${method}`,
    'transaction: only single-document operations are allowed (doc(id).get/set/update/remove and add)',
    ErrCode.REQUEST_FAILED,
  );
}

class LocalTxDocRef implements TxDocRef {
  constructor(
    private readonly attempt: Attempt,
    private readonly name: string,
    private readonly id: string,
  ) {}

  get(): Promise<DocGetResult> {
    const api = 'document.get';
    this.attempt.engine.stats.reads += 1;
    return this.attempt.run(api, () => {
      checkDocId(api, this.id);
      // read() already returns a copy of the caller's own.
      const doc = this.attempt.read(api, this.name, this.id);
      if (!doc) throw notFound(api, this.name, this.id);
      return { data: doc, errMsg: `${api}:ok` } as DocGetResult;
    });
  }

  set(opts: { data: DocData }): Promise<unknown> {
    const api = 'document.set';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, () => {
      checkDocId(api, this.id);
      const doc = prepareNewDoc(api, opts?.data, this.id);
      const existed = this.attempt.exists(api, this.name, this.id);
      this.attempt.buffer(this.name, this.id, doc, false);
      return { _id: this.id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: `${api}:ok` };
    });
  }

  update(opts: { data: DocData }): Promise<unknown> {
    const api = 'document.update';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, () => {
      checkDocId(api, this.id);
      const steps = compileUpdate(api, opts?.data);
      const prev = this.attempt.read(api, this.name, this.id);
      // Inside a transaction WeChat fails an update of a missing document.
      if (!prev) throw notFound(api, this.name, this.id);
      const insertOnly = this.attempt.writes.get(keyOf(this.name, this.id))?.insertOnly ?? false;
      // prev is a fresh copy: update it in place.
      this.attempt.buffer(this.name, this.id, applyUpdate(api, prev, steps, true), insertOnly);
      return { stats: { updated: 1 }, errMsg: `${api}:ok` };
    });
  }

  remove(): Promise<unknown> {
    const api = 'document.remove';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, () => {
      checkDocId(api, this.id);
      if (!this.attempt.exists(api, this.name, this.id)) throw notFound(api, this.name, this.id);
      this.attempt.buffer(this.name, this.id, null, false);
      return { stats: { removed: 1 }, errMsg: `${api}:ok` };
    });
  }
}

class LocalTxCollection implements TxCollection {
  constructor(
    private readonly attempt: Attempt,
    private readonly name: string,
  ) {}

  doc(id: string): TxDocRef {
    return new LocalTxDocRef(this.attempt, this.name, id);
  }

  add(opts: { data: DocData }): Promise<{ _id: string | number }> {
    const api = 'collection.add';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, () => {
      const doc = prepareNewDoc(api, opts?.data, undefined);
      const id = doc._id as string;
      if (this.attempt.exists(api, this.name, id)) {
        throw new DbError(api, `duplicate key: document with _id "${id}" already exists in "${this.name}"`, ErrCode.DUPLICATE);
      }
      // Re-adding a document removed earlier in this transaction is a plain replacement.
      const insertOnly = !this.attempt.writes.has(keyOf(this.name, id));
      this.attempt.buffer(this.name, id, doc, insertOnly);
      return { _id: id, errMsg: `${api}:ok` } as { _id: string };
    });
  }

  // The real transaction collection has no queries; fail loudly instead of being undefined.
  where(..._args: unknown[]): never {
    return onlySingleDocument('where');
  }
  orderBy(..._args: unknown[]): never {
    return onlySingleDocument('orderBy');
  }
  skip(..._args: unknown[]): never {
    return onlySingleDocument('skip');
  }
  limit(..._args: unknown[]): never {
    return onlySingleDocument('limit');
  }
  field(..._args: unknown[]): never {
    return onlySingleDocument('field');
  }
  get(..._args: unknown[]): never {
    return onlySingleDocument('get');
  }
  count(..._args: unknown[]): never {
    return onlySingleDocument('count');
  }
  update(..._args: unknown[]): never {
    return onlySingleDocument('update');
  }
  remove(..._args: unknown[]): never {
    return onlySingleDocument('remove');
  }
  aggregate(..._args: unknown[]): never {
    return onlySingleDocument('aggregate');
  }
  watch(..._args: unknown[]): never {
    return onlySingleDocument('watch');
  }
}

/**
 * Commits the buffer in one SQLite transaction after checking, inside it, that every document the
 * attempt read is still the version it read. Returns false on a conflict; any failure (a unique
 * index) rolls the whole transaction back.
 */
function commit(engine: Engine, attempt: Attempt): boolean {
  // A read-only attempt needs no commit: every read was checked against the start.
  if (attempt.writes.size === 0) return true;
  const collections = [...new Set([...attempt.writes.values()].map((w) => w.collection))];
  // Encoded before the SQLite transaction opens, so the write lock is held for less time.
  const texts = new Map<BufferedWrite, string>();
  for (const b of attempt.writes.values()) if (b.doc !== null) texts.set(b, encodeValue(b.doc));
  const readIds = new Map<string, string[]>();
  for (const t of attempt.tracked.values()) {
    const ids = readIds.get(t.collection);
    if (ids) ids.push(t.id);
    else readIds.set(t.collection, [t.id]);
  }
  try {
    engine.write(TX_API, collections, (w) => {
      // Every document read must still be the version read (or still missing): one query per collection.
      for (const [collection, ids] of readIds) {
        const now = engine.seqsOf(TX_API, collection, ids);
        for (const id of ids) {
          const t = attempt.tracked.get(keyOf(collection, id)) as TrackedRead;
          if ((now.get(id) ?? null) !== t.seq) throw new Rollback('conflict');
        }
      }
      // Buffer order, so a removal frees a unique value before a later write takes it, as one by one
      // would; consecutive writes are grouped into one multi-row upsert per collection.
      let pending = new Map<string, [string, string][]>();
      const flush = (): void => {
        for (const [collection, docs] of pending) w.upsertMany(collection, docs);
        pending = new Map();
      };
      for (const b of attempt.writes.values()) {
        const seq = attempt.tracked.get(keyOf(b.collection, b.id))?.seq;
        const exists = seq !== undefined && seq !== null;
        if (b.doc === null) {
          if (exists) {
            flush();
            w.remove(b.collection, b.id);
          }
          continue;
        }
        if (exists && b.insertOnly) {
          throw new DbError(TX_API, `duplicate key: document with _id "${b.id}" already exists in "${b.collection}"`, ErrCode.DUPLICATE);
        }
        const docs = pending.get(b.collection);
        const entry: [string, string] = [b.id, texts.get(b) as string];
        if (docs) docs.push(entry);
        else pending.set(b.collection, [entry]);
      }
      flush();
    });
    return true;
  } catch (err) {
    if (err instanceof Rollback) return false;
    throw err;
  }
}

export interface TxOptions {
  retryFirstAttempt: boolean;
  maxRetries: number;
}

type Outcome<T> = { kind: 'done'; value: T } | { kind: 'retry' };

async function runAttempt<T>(engine: Engine, callback: (tx: Transaction) => Promise<T>, forceRetry: boolean): Promise<Outcome<T>> {
  const attempt = new Attempt(engine);
  const tx: Transaction = { collection: (name: string) => new LocalTxCollection(attempt, name) };
  try {
    let value: T;
    try {
      value = await callback(tx);
    } catch (err) {
      attempt.finished = true;
      if (attempt.doomed) return { kind: 'retry' };
      throw err; // the callback's own error, unchanged
    }
    attempt.finished = true;
    const unawaited = attempt.unawaited;
    if (unawaited > 0) {
      throw invalid(TX_API, `transaction: the callback returned without awaiting ${unawaited} operation(s); await every operation`);
    }
    if (attempt.doomed || forceRetry) return { kind: 'retry' };
    return commit(engine, attempt) ? { kind: 'done', value } : { kind: 'retry' };
  } finally {
    attempt.finished = true;
  }
}

function backoff(retry: number): Promise<void> {
  const ms = 1 + Math.floor(Math.random() * Math.min(2 + 2 * retry, 20));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runTransaction<T>(
  engine: Engine,
  opts: TxOptions,
  callback: (tx: Transaction) => Promise<T>,
  retries?: number,
): Promise<T> {
  engine.assertOpen(TX_API);
  if (typeof callback !== 'function') throw invalid(TX_API, 'the transaction callback must be a function');
  const maxRetries = retries ?? opts.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw invalid(TX_API, `retries must be a non-negative integer, got ${String(retries)}`);
  engine.stats.transactions += 1;
  let retried = 0;
  for (let attemptNo = 0; ; attemptNo += 1) {
    const forced = opts.retryFirstAttempt && attemptNo === 0;
    const outcome = await runAttempt(engine, callback, forced);
    if (outcome.kind === 'done') return outcome.value;
    engine.stats.conflicts += 1;
    if (forced) continue;
    if (retried >= maxRetries) throw conflictError(`gave up after ${attemptNo + 1} attempts`);
    retried += 1;
    await backoff(retried);
  }
}
