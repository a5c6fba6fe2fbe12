import type { DocData, DocGetResult, Transaction, TxCollection, TxDocRef } from '../../cloudfunctions/ports/db';
import { DbError, ErrCode, invalid } from './errors';
import type { Engine } from './engine';
import { Mutex } from './mutex';
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

/**
 * One run of a transaction callback. Reads go to the write buffer first, then to the live store;
 * every document read or written is tracked so the commit can verify that none of them changed
 * since the attempt started (first committer wins).
 */
class Attempt {
  readonly startSeq: number;
  readonly tracked = new Map<string, DocKey>();
  readonly writes = new Map<string, BufferedWrite>();
  /** Set when a read saw a document changed after the start: the attempt can only be retried. */
  doomed = false;
  finished = false;
  pending = 0;
  /** Operations of one attempt run one after another, so concurrent calls cannot lose updates. */
  private readonly queue = new Mutex();

  constructor(readonly engine: Engine) {
    this.startSeq = engine.committedSeq;
  }

  run<T>(api: string, fn: () => Promise<T>): Promise<T> {
    if (this.finished) {
      return Promise.reject(new DbError(api, 'transaction: this transaction has already finished', ErrCode.REQUEST_FAILED));
    }
    this.pending += 1;
    const result = this.queue.run(async () => {
      try {
        return await fn();
      } finally {
        this.pending -= 1;
      }
    });
    // An operation the callback did not await must not crash the process once the attempt is over;
    // runTransaction has already rejected for it.
    return result.catch((err: unknown) => {
      if (this.finished) return undefined as T;
      throw err;
    });
  }

  async read(api: string, collection: string, id: string): Promise<Doc | null> {
    const key = keyOf(collection, id);
    const buffered = this.writes.get(key);
    if (buffered) return buffered.doc;
    this.tracked.set(key, { collection, id });
    const doc = await this.engine.findById(api, collection, id);
    if (this.engine.seqOf(collection, id) > this.startSeq) {
      // The callback would see a mix of old and new data; stop it and rerun.
      this.doomed = true;
      throw conflictError(`document "${id}" in "${collection}" changed during the transaction`);
    }
    return doc;
  }

  buffer(collection: string, id: string, doc: Doc | null, insertOnly: boolean): void {
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
    return this.attempt.run(api, async () => {
      checkDocId(api, this.id);
      const doc = await this.attempt.read(api, this.name, this.id);
      if (!doc) throw notFound(api, this.name, this.id);
      return { data: deepCopy(doc), errMsg: `${api}:ok` } as DocGetResult;
    });
  }

  set(opts: { data: DocData }): Promise<unknown> {
    const api = 'document.set';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, async () => {
      checkDocId(api, this.id);
      const doc = prepareNewDoc(api, opts?.data, this.id);
      const existed = (await this.attempt.read(api, this.name, this.id)) !== null;
      this.attempt.buffer(this.name, this.id, doc, false);
      return { _id: this.id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: `${api}:ok` };
    });
  }

  update(opts: { data: DocData }): Promise<unknown> {
    const api = 'document.update';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, async () => {
      checkDocId(api, this.id);
      const steps = compileUpdate(api, opts?.data);
      const prev = await this.attempt.read(api, this.name, this.id);
      // Inside a transaction WeChat fails an update of a missing document.
      if (!prev) throw notFound(api, this.name, this.id);
      const insertOnly = this.attempt.writes.get(keyOf(this.name, this.id))?.insertOnly ?? false;
      this.attempt.buffer(this.name, this.id, applyUpdate(api, prev, steps), insertOnly);
      return { stats: { updated: 1 }, errMsg: `${api}:ok` };
    });
  }

  remove(): Promise<unknown> {
    const api = 'document.remove';
    this.attempt.engine.stats.writes += 1;
    return this.attempt.run(api, async () => {
      checkDocId(api, this.id);
      const prev = await this.attempt.read(api, this.name, this.id);
      if (!prev) throw notFound(api, this.name, this.id);
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
    return this.attempt.run(api, async () => {
      const doc = prepareNewDoc(api, opts?.data, undefined);
      const id = doc._id as string;
      if ((await this.attempt.read(api, this.name, id)) !== null) {
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

/** Applies the buffer under the write lock; returns false on a conflict, rolls back on a failure. */
function commit(engine: Engine, attempt: Attempt): Promise<boolean> {
  return engine.exclusive(TX_API, async (ctx) => {
    for (const { collection, id } of attempt.tracked.values()) {
      if (engine.seqOf(collection, id) > attempt.startSeq) return false;
    }
    const applied: Array<DocKey & { prev: Doc | null }> = [];
    try {
      for (const w of attempt.writes.values()) {
        const prev = await engine.findById(TX_API, w.collection, w.id);
        if (w.doc === null && prev === null) continue;
        if (w.doc !== null && prev !== null && w.insertOnly) {
          throw new DbError(TX_API, `duplicate key: document with _id "${w.id}" already exists in "${w.collection}"`, ErrCode.DUPLICATE);
        }
        ctx.mark(w.collection, w.id);
        applied.push({ collection: w.collection, id: w.id, prev });
        if (w.doc === null) await engine.removeIds(TX_API, w.collection, [w.id]);
        else if (prev !== null) await engine.replace(TX_API, w.collection, w.doc);
        else await engine.insert(TX_API, w.collection, [w.doc]);
      }
    } catch (err) {
      for (const a of applied.reverse()) {
        const now = await engine.findById(TX_API, a.collection, a.id);
        if (a.prev === null) {
          if (now !== null) await engine.removeIds(TX_API, a.collection, [a.id]);
        } else if (now !== null) await engine.replace(TX_API, a.collection, a.prev);
        else await engine.insert(TX_API, a.collection, [a.prev]);
      }
      throw err;
    }
    return true;
  });
}

export interface TxOptions {
  retryFirstAttempt: boolean;
  maxRetries: number;
}

type Outcome<T> = { kind: 'done'; value: T } | { kind: 'retry' };

async function runAttempt<T>(engine: Engine, callback: (tx: Transaction) => Promise<T>, forceRetry: boolean): Promise<Outcome<T>> {
  const attempt = new Attempt(engine);
  const tx: Transaction = { collection: (name: string) => new LocalTxCollection(attempt, name) };
  engine.activeAttempts += 1;
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
    if (attempt.pending > 0) {
      throw invalid(TX_API, `transaction: the callback returned while ${attempt.pending} operation(s) were still running; await every operation`);
    }
    if (attempt.doomed || forceRetry) return { kind: 'retry' };
    return (await commit(engine, attempt)) ? { kind: 'done', value } : { kind: 'retry' };
  } finally {
    attempt.finished = true;
    engine.activeAttempts -= 1;
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
