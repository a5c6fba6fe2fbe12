import type { DocData, DocGetResult, Transaction, TxCollection, TxDocRef } from '../../cloudfunctions/ports/db';
import { DbError, ErrCode, invalid } from './errors';
import { isPrimaryKeyError, Rollback, type Engine } from './engine';
import { decodeDoc, encodeValue } from './codec';
import { notFound } from './query';
import { applyUpdate, compileUpdate } from './update';
import { checkDocId, checkNewDoc, type Doc } from './values';

const TX_API = 'database.runTransaction';

interface DocKey {
  collection: string;
  id: string;
}

/** The buffered final state of one document, as the JSON text to store: `text === null` means removed. */
interface BufferedWrite extends DocKey {
  text: string | null;
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
    if (buffered) return buffered.text === null ? null : decodeDoc(buffered.text);
    const { text } = this.track(api, key, collection, id);
    return text === null ? null : decodeDoc(text);
  }

  /** Whether the document exists as this attempt sees it (no decoding). */
  exists(api: string, collection: string, id: string): boolean {
    const key = keyOf(collection, id);
    const buffered = this.writes.get(key);
    if (buffered) return buffered.text !== null;
    return this.track(api, key, collection, id).seq !== null;
  }

  /**
   * Whether the document existed before this attempt wrote it. A document first written by a blind
   * `set` is looked up only if someone asks (the `stats` of that set); the commit looks up the rest.
   */
  existedBefore(api: string, collection: string, id: string): boolean {
    const key = keyOf(collection, id);
    const known = this.tracked.get(key);
    if (known) return known.seq !== null;
    if (this.finished) throw new DbError(api, 'transaction: this transaction has already finished', ErrCode.REQUEST_FAILED);
    return this.track(api, key, collection, id).seq !== null;
  }

  /** Pins the version of a document this attempt wrote blind, before a write that must know it. */
  pin(api: string, collection: string, id: string): void {
    this.track(api, keyOf(collection, id), collection, id);
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

  /**
   * Keeps the document's final state as JSON text, encoded now: later changes to the caller's objects
   * cannot reach it, and the commit has nothing left to encode. `dates`: whether it holds a Date, if known.
   */
  buffer(collection: string, id: string, doc: Doc | null, insertOnly: boolean, dates?: boolean): void {
    if (doc !== null) this.engine.checkIndexed('database.runTransaction', collection, doc);
    this.writes.set(keyOf(collection, id), { collection, id, text: doc === null ? null : encodeValue(doc, dates), insertOnly });
  }
}

/**
 * What `set` answers when the attempt never read the document: `stats` asks SQLite only when read.
 * (A class, not an object literal with a getter: those get a hidden class each and outlive the chunk.)
 */
class BlindSetResult {
  readonly errMsg = 'document.set:ok';

  constructor(
    private readonly attempt: Attempt,
    private readonly collection: string,
    readonly _id: string,
  ) {}

  get stats(): { updated: number; created: number } {
    return setResult('document.set', this._id, this.attempt.existedBefore('document.set', this.collection, this._id)).stats;
  }
}

function setResult(api: string, id: string, existed: boolean): { _id: string; stats: { updated: number; created: number }; errMsg: string } {
  return { _id: id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: `${api}:ok` };
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
      const { doc, dates } = checkNewDoc(api, opts?.data, this.id);
      const { attempt, name, id } = this;
      const buffered = attempt.writes.get(keyOf(name, id));
      attempt.buffer(name, id, doc, false, dates);
      if (buffered) return setResult(api, id, buffered.text !== null);
      // A blind write: whether the document existed is asked of SQLite only if the caller reads
      // `stats`; otherwise the commit finds out for all such documents at once (see `commit`).
      return new BlindSetResult(attempt, name, id);
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
      // Removing what a blind set wrote: the commit must know which version it removes.
      if (this.attempt.writes.has(keyOf(this.name, this.id))) this.attempt.pin(api, this.name, this.id);
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
      const { doc, dates } = checkNewDoc(api, opts?.data, undefined);
      const id = doc._id as string;
      if (this.attempt.exists(api, this.name, id)) {
        throw new DbError(api, `duplicate key: document with _id "${id}" already exists in "${this.name}"`, ErrCode.DUPLICATE);
      }
      // Re-adding a document removed earlier in this transaction is a plain replacement.
      const insertOnly = !this.attempt.writes.has(keyOf(this.name, id));
      this.attempt.buffer(this.name, id, doc, insertOnly, dates);
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
 *
 * Documents read and not written are checked with one query per collection; written ones are checked
 * by the writes themselves: a document that existed is replaced only if it still has the stamp read
 * (`UPDATE … WHERE seq = ?`), one that was missing is inserted (which fails if it appeared), and a
 * removal deletes only the version read. So the common read-modify-write costs no extra query.
 */
function commit(engine: Engine, attempt: Attempt): boolean {
  // A read-only attempt needs no commit: every read was checked against the start.
  if (attempt.writes.size === 0) return true;
  const collections = [...new Set([...attempt.writes.values()].map((w) => w.collection))];
  const readOnly = new Map<string, string[]>();
  for (const [key, t] of attempt.tracked) {
    const b = attempt.writes.get(key);
    // A removal of a document that was missing writes nothing: check it like a read.
    if (b && !(b.text === null && t.seq === null)) continue;
    const ids = readOnly.get(t.collection);
    if (ids) ids.push(t.id);
    else readOnly.set(t.collection, [t.id]);
  }
  /** Whether a document the attempt read (and had not written yet) changed: the attempt is stale. */
  const stale = (written: ReadonlySet<string>): boolean => {
    const byCollection = new Map<string, TrackedRead[]>();
    for (const [key, t] of attempt.tracked) {
      if (written.has(key)) continue;
      const list = byCollection.get(t.collection);
      if (list) list.push(t);
      else byCollection.set(t.collection, [t]);
    }
    for (const [collection, list] of byCollection) {
      const now = engine.seqsOf(TX_API, collection, list.map((t) => t.id));
      if (list.some((t) => (now.get(t.id) ?? null) !== t.seq)) return true;
    }
    return false;
  };
  // Documents written by a blind `set` (never read by this attempt), per collection.
  const blind = new Map<string, string[]>();
  for (const [key, b] of attempt.writes) {
    if (attempt.tracked.has(key)) continue;
    const ids = blind.get(b.collection);
    if (ids) ids.push(b.id);
    else blind.set(b.collection, [b.id]);
  }
  try {
    engine.write(TX_API, collections, (w) => {
      for (const [collection, ids] of readOnly) {
        const now = engine.seqsOf(TX_API, collection, ids);
        for (const id of ids) {
          const t = attempt.tracked.get(keyOf(collection, id)) as TrackedRead;
          if ((now.get(id) ?? null) !== t.seq) throw new Rollback('conflict');
        }
      }
      // A blind write conflicts with any change since the attempt started, as a read would have;
      // otherwise it becomes a write of the version found, looked up a batch at a time.
      for (const [collection, ids] of blind) {
        const now = engine.seqsOf(TX_API, collection, ids);
        const missing = ids.filter((id) => !now.has(id));
        const removed = missing.length > 0 ? engine.removedSince(TX_API, collection, missing, attempt.startSeq) : new Set<string>();
        for (const id of ids) {
          const seq = now.get(id) ?? null;
          if ((seq !== null && seq > attempt.startSeq) || removed.has(id)) throw new Rollback('conflict');
          attempt.tracked.set(keyOf(collection, id), { collection, id, seq, text: null });
        }
      }
      // Buffer order, so a removal frees a unique value before a later write takes it, as one by one
      // would; consecutive inserts (or replacements) of a collection are grouped into multi-row statements.
      type Run = { insert: true; keys: string[]; docs: [string, string][] } | { insert: false; keys: string[]; docs: [string, string, number][] };
      let pending = new Map<string, Run[]>();
      const written = new Set<string>();
      const flush = (): void => {
        for (const [collection, runs] of pending) {
          for (const run of runs) {
            if (run.insert) w.insertMany(collection, run.docs);
            else if (w.replaceMany(collection, run.docs) !== run.docs.length) throw new Rollback('conflict');
            for (const k of run.keys) written.add(k);
          }
        }
        pending = new Map();
      };
      try {
        for (const [key, b] of attempt.writes) {
          const seq = (attempt.tracked.get(key) as TrackedRead).seq;
          if (b.text === null) {
            if (seq !== null) {
              flush();
              if (!w.removeAt(b.collection, b.id, seq)) throw new Rollback('conflict');
              written.add(key);
            }
            continue;
          }
          if (seq !== null && b.insertOnly) {
            throw new DbError(TX_API, `duplicate key: document with _id "${b.id}" already exists in "${b.collection}"`, ErrCode.DUPLICATE);
          }
          const text = b.text;
          let runs = pending.get(b.collection);
          if (!runs) pending.set(b.collection, (runs = []));
          let last = runs[runs.length - 1];
          if (!last || last.insert !== (seq === null)) runs.push((last = seq === null ? { insert: true, keys: [], docs: [] } : { insert: false, keys: [], docs: [] }));
          last.keys.push(key);
          if (last.insert) last.docs.push([b.id, text]);
          else last.docs.push([b.id, text, seq as number]);
        }
        flush();
      } catch (err) {
        // A document that was missing exists now, or a unique index refuses a write: if anything the
        // attempt read has changed meanwhile, that is a conflict (rerun), as checking first would say.
        if (err instanceof Rollback) throw err;
        if (isPrimaryKeyError(err) || stale(written)) throw new Rollback('conflict');
        throw err;
      }
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
