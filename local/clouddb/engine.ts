import Database from 'libsql';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { inspect } from 'util';
import { decodeDoc, encodeValue } from './codec';
import { DbError, ErrCode, invalid } from './errors';
import { applyUpdate, type UpdateStep } from './update';
import type { Doc } from './values';
import { checkPath, fieldExpr, type Sql, type WhereContext } from './where';

type Connection = Database.Database;
type Statement = Database.Statement;

/** A single-field index, or a compound index as a list of fields (`_id` is appended to every index). */
export type IndexSpec = string | readonly string[];

/** The fields of an index and its name in SQLite (`i:`, the collection, the fields). */
function indexOf(collection: string, spec: IndexSpec): { fields: string[]; name: string } {
  const fields = typeof spec === 'string' ? [spec] : [...spec];
  return { fields, name: `i:${collection}:${fields.join('+')}` };
}

export interface EngineOptions {
  dir: string | null;
  uniqueIndexes: Record<string, string[]>;
  indexes: Record<string, readonly IndexSpec[]>;
  /** SQLite `synchronous`: FULL (default) syncs the WAL on every commit, so no acknowledged write is lost. */
  synchronous?: 'FULL' | 'NORMAL';
}

export interface DbStats {
  reads: number;
  writes: number;
  transactions: number;
  conflicts: number;
}

export interface Row {
  seq: number;
  doc: string;
}

export const DB_FILE = 'freshpal.sqlite';
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const TABLE_PREFIX = 'c_';
/** Tombstones older than this many commits are pruned (see `removedSince`). */
const TOMB_HORIZON = 10_000;

/** Refusal to open a folder written by the nedb engine; prints as one line (no stack). */
export class LegacyDataError extends DbError {
  constructor(dir: string, files: string[]) {
    super(
      'database.open',
      `the data folder "${dir}" was written by the old nedb engine (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}); ` +
        'FreshPal now stores data in SQLite. Run `npm start -- --reset` to wipe it and reseed the demo data.',
      ErrCode.REQUEST_FAILED,
    );
    this.name = 'LegacyDataError';
    this.stack = `${this.name}: ${this.message}`;
  }

  [inspect.custom](): string {
    return this.stack ?? this.message;
  }
}

/** Rows per multi-row statement: full batches, then the remainder in powers of two (few statement shapes to cache). */
const MAX_BATCH = 128;

export function batchSizes(n: number): number[] {
  const out: number[] = [];
  let left = n;
  while (left >= MAX_BATCH) {
    out.push(MAX_BATCH);
    left -= MAX_BATCH;
  }
  for (let b = MAX_BATCH >> 1; b >= 1; b >>= 1) {
    if (left >= b) {
      out.push(b);
      left -= b;
    }
  }
  return out;
}

const placeholderCache = new Map<string, string>();

function placeholders(n: number, tuple: string): string {
  const key = `${n}${tuple}`;
  let out = placeholderCache.get(key);
  if (out === undefined) placeholderCache.set(key, (out = Array.from({ length: n }, () => tuple).join(', ')));
  return out;
}

function tableOf(collection: string): string {
  return `"${TABLE_PREFIX}${collection}"`;
}

/** nedb files (`<collection>.db`) in a folder that has no SQLite database yet. */
function legacyFiles(dir: string): string[] {
  if (existsSync(join(dir, DB_FILE))) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.db') && COLLECTION_NAME.test(f.slice(0, -3)))
    .sort();
}

function isNoSuchTable(err: unknown): boolean {
  return err instanceof Error && /no such table/.test(err.message);
}

/** Turns a SQLite failure into a DbError so callers never see raw driver errors. */
export function fromStoreError(api: string, err: unknown): DbError {
  if (err instanceof DbError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new DbError(api, `duplicate key: ${message}`, ErrCode.DUPLICATE);
  }
  return new DbError(api, message, ErrCode.REQUEST_FAILED);
}

/** A SQLite failure because a row with that `_id` exists already. */
export function isPrimaryKeyError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Thrown inside a write to roll it back without an error reaching the caller. */
export class Rollback extends Error {}

/**
 * SQLite storage: one table per collection (`_id`, `seq`, `doc` JSON), a global commit counter in
 * `_meta`, and tombstones of removed documents. Every write runs in one `BEGIN IMMEDIATE` SQLite
 * transaction that bumps the counter and stamps the rows it writes with it; optimistic transactions
 * compare those stamps, which works across processes sharing the file.
 */
export class Engine {
  readonly stats: DbStats = { reads: 0, writes: 0, transactions: 0, conflicts: 0 };

  private db: Connection | null = null;
  private legacy: string[] = [];
  private closed = false;
  private readonly stmts = new Map<string, Statement>();
  /** Collections known to have a table (never negative: another process may create one). */
  private readonly tables = new Set<string>();
  private readonly scalarPaths = new Map<string, Set<string>>();

  private constructor(private readonly opts: EngineOptions) {
    for (const [name, specs] of Object.entries(opts.indexes)) {
      for (const spec of specs) for (const f of indexOf(name, spec).fields) this.scalarSet(name).add(f);
    }
    for (const [name, fields] of Object.entries(opts.uniqueIndexes)) for (const f of fields) this.scalarSet(name).add(f);
    for (const [name, paths] of this.scalarPaths) {
      this.checkCollectionName('database.open', name);
      for (const p of paths) checkPath('database.open', p, `index on "${name}"`);
    }
  }

  static open(opts: EngineOptions): Engine {
    const engine = new Engine(opts);
    if (opts.dir !== null) {
      mkdirSync(opts.dir, { recursive: true });
      engine.legacy = legacyFiles(opts.dir);
      if (engine.legacy.length > 0) return engine; // refused lazily, so that dropAll (--reset) can still wipe it
    }
    engine.connect();
    return engine;
  }

  private scalarSet(name: string): Set<string> {
    let s = this.scalarPaths.get(name);
    if (!s) this.scalarPaths.set(name, (s = new Set(['_id'])));
    return s;
  }

  private connect(): void {
    const { dir } = this.opts;
    const db = new Database(dir === null ? ':memory:' : join(dir, DB_FILE));
    this.db = db;
    if (dir !== null) db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${this.opts.synchronous ?? 'FULL'}`);
    db.exec('PRAGMA busy_timeout = 10000');
    db.exec(`BEGIN IMMEDIATE;
      CREATE TABLE IF NOT EXISTS _meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
      INSERT OR IGNORE INTO _meta (k, v) VALUES ('seq', 0), ('tombFloor', 0), ('format', 1);
      CREATE TABLE IF NOT EXISTS _tomb (coll TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (coll, id));
      CREATE INDEX IF NOT EXISTS _tomb_seq ON _tomb (seq);
      COMMIT`);
    // Indexes added to the configuration since the tables were created.
    for (const name of this.listCollections()) this.createTable(name);
  }

  /** Reads by scalar paths: see `WhereContext.scalar`. */
  whereContext(api: string, collection: string): WhereContext {
    return { api, scalar: this.scalarPaths.get(collection) ?? new Set(['_id']) };
  }

  private get conn(): Connection {
    if (this.closed) throw new DbError('database', 'the local database is closed', ErrCode.REQUEST_FAILED);
    if (this.legacy.length > 0) throw new LegacyDataError(this.opts.dir ?? '', this.legacy);
    return this.db!;
  }

  assertOpen(api: string): void {
    if (this.closed) throw new DbError(api, 'the local database is closed', ErrCode.REQUEST_FAILED);
    if (this.legacy.length > 0) throw new LegacyDataError(this.opts.dir ?? '', this.legacy);
  }

  checkCollectionName(api: string, name: unknown): asserts name is string {
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw invalid(api, `invalid collection name ${JSON.stringify(name)} (letters, digits, _ and -, at most 64)`);
    }
  }

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.conn.prepare(sql);
      if (/^\s*(SELECT|EXPLAIN)|\bRETURNING\b/i.test(sql)) s.raw(true);
      // Query shapes are finite in practice; the cap only guards against a pathological caller.
      if (this.stmts.size >= 2000) this.stmts.clear();
      this.stmts.set(sql, s);
    }
    return s;
  }

  private hasTable(name: string): boolean {
    if (this.tables.has(name)) return true;
    const found = this.stmt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(`${TABLE_PREFIX}${name}`);
    if (found) this.tables.add(name);
    return found !== undefined;
  }

  /** Runs a read; a table dropped meanwhile (another process ran dropAll) reads as empty. */
  private read<T>(api: string, collection: string, empty: T, fn: (table: string) => T): T {
    this.assertOpen(api);
    this.checkCollectionName(api, collection);
    if (!this.hasTable(collection)) return empty;
    try {
      return fn(tableOf(collection));
    } catch (err) {
      if (isNoSuchTable(err)) {
        this.forgetSchema();
        return empty;
      }
      throw fromStoreError(api, err);
    }
  }

  private forgetSchema(): void {
    this.tables.clear();
    this.stmts.clear();
  }

  private createTable(name: string): void {
    const t = tableOf(name);
    const ddl = [`CREATE TABLE IF NOT EXISTS ${t} (_id TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL)`];
    const wanted = new Set<string>();
    for (const f of this.opts.uniqueIndexes[name] ?? []) {
      const segs = f.split('.');
      // MongoDB semantics: a missing field and null count as one value (json_quote gives 'null' for both).
      ddl.push(`CREATE UNIQUE INDEX IF NOT EXISTS "u:${name}:${f}" ON ${t} (json_quote(${fieldExpr(segs)}))`);
      ddl.push(`CREATE INDEX IF NOT EXISTS "i:${name}:${f}" ON ${t} (${fieldExpr(segs)}, _id)`);
      wanted.add(`u:${name}:${f}`).add(`i:${name}:${f}`);
    }
    for (const spec of this.opts.indexes[name] ?? []) {
      const { fields, name: index } = indexOf(name, spec);
      wanted.add(index);
      ddl.push(`CREATE INDEX IF NOT EXISTS "${index}" ON ${t} (${fields.map((f) => fieldExpr(f.split('.'))).join(', ')}, _id)`);
    }
    // Indexes the configuration no longer names cost every write: drop them.
    // One row (`get`): a half-read result set would keep the schema locked.
    const [names] = this.stmt(
      "SELECT json_group_array(name) FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    ).get(`${TABLE_PREFIX}${name}`) as [string];
    for (const index of JSON.parse(names) as string[]) if (!wanted.has(index)) ddl.push(`DROP INDEX IF EXISTS "${index.replaceAll('"', '""')}"`);
    this.conn.exec(`BEGIN IMMEDIATE; ${ddl.join('; ')}; COMMIT`);
    this.tables.add(name);
  }

  private ensureTable(api: string, name: string): void {
    this.checkCollectionName(api, name);
    if (!this.hasTable(name)) this.createTable(name);
  }

  /** The commit counter: a transaction attempt starts from it. */
  currentSeq(): number {
    return (this.stmt("SELECT v FROM _meta WHERE k = 'seq'").get() as [number])[0];
  }

  getRow(api: string, collection: string, id: string): Row | null {
    return this.read(api, collection, null, (t) => {
      const r = this.stmt(`SELECT seq, doc FROM ${t} WHERE _id = ?`).get(id) as [number, string] | undefined;
      return r ? { seq: r[0], doc: r[1] } : null;
    });
  }

  findById(api: string, collection: string, id: string): Doc | null {
    const row = this.getRow(api, collection, id);
    return row ? decodeDoc(row.doc) : null;
  }

  /**
   * A transaction's read in one statement: the row, or null when missing; `changed` when the row is
   * stamped after `since` or the missing document may have been removed after it (see `removedSince`).
   */
  readSince(api: string, collection: string, id: string, since: number): { row: Row | null; changed: boolean } {
    const r = this.read<[number | null, string | null] | undefined | null>(api, collection, null, (t) =>
      this.stmt(this.readSinceSql(t)).get(id, since, collection) as [number | null, string | null] | undefined,
    );
    // No table (never created, or dropped by another process): only the tombstones can tell.
    if (r === null) return { row: null, changed: this.removedSince(api, collection, [id], since).has(id) };
    if (r === undefined) return { row: null, changed: false };
    if (r[0] === null) return { row: null, changed: true };
    return { row: { seq: r[0], doc: r[1] as string }, changed: r[0] > since };
  }

  private readonly readSinceSqls = new Map<string, string>();

  /** The statement text of `readSince` per table, built once (it is looked up per transaction read). */
  private readSinceSql(t: string): string {
    let sql = this.readSinceSqls.get(t);
    if (sql === undefined) {
      sql =
        `SELECT seq, doc FROM ${t} WHERE _id = ?1 UNION ALL SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM ${t} WHERE _id = ?1) AND ` +
        "((SELECT v FROM _meta WHERE k = 'tombFloor') > ?2 OR EXISTS (SELECT 1 FROM _tomb WHERE coll = ?3 AND id = ?1 AND seq > ?2))";
      this.readSinceSqls.set(t, sql);
    }
    return sql;
  }

  /** Current stamps of the given documents (missing ones are absent), a few statements for many ids. */
  seqsOf(api: string, collection: string, ids: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    this.read(api, collection, null, (t) => {
      let i = 0;
      for (const n of batchSizes(ids.length)) {
        const rows = this.stmt(`SELECT _id, seq FROM ${t} WHERE _id IN (${placeholders(n, '?')})`).all(...ids.slice(i, i + n)) as [string, number][];
        for (const [id, seq] of rows) out.set(id, seq);
        i += n;
      }
      return null;
    });
    return out;
  }

  /** Those of `ids` that may have been removed after commit `since` (tombstones; pruned ones count as yes). */
  removedSince(api: string, collection: string, ids: readonly string[], since: number): Set<string> {
    this.assertOpen(api);
    if ((this.stmt("SELECT v FROM _meta WHERE k = 'tombFloor'").get() as [number])[0] > since) return new Set(ids);
    const out = new Set<string>();
    let i = 0;
    for (const n of batchSizes(ids.length)) {
      const rows = this.stmt(`SELECT id FROM _tomb WHERE coll = ? AND seq > ? AND id IN (${placeholders(n, '?')})`).all(collection, since, ...ids.slice(i, i + n)) as [string][];
      for (const [id] of rows) out.add(id);
      i += n;
    }
    return out;
  }

  /** `SELECT <columns> FROM <collection> WHERE ... <tail>` with raw rows. */
  select(api: string, collection: string, columns: string, where: Sql, tail: Sql): unknown[][] {
    return this.read(api, collection, [] as unknown[][], (t) => {
      const sql = `SELECT ${columns} FROM ${t} WHERE ${where.sql} ${tail.sql}`;
      return this.stmt(sql).all(...where.params, ...tail.params) as unknown[][];
    });
  }

  count(api: string, collection: string, where: Sql): number {
    return this.read(api, collection, 0, (t) => (this.stmt(`SELECT count(*) FROM ${t} WHERE ${where.sql}`).get(...where.params) as [number])[0]);
  }

  /** `EXPLAIN QUERY PLAN` details of a select (empty when the collection has no table yet). */
  explain(api: string, collection: string, columns: string, where: Sql, tail: Sql): string[] {
    return this.read(api, collection, [] as string[], (t) => {
      const sql = `EXPLAIN QUERY PLAN SELECT ${columns} FROM ${t} WHERE ${where.sql} ${tail.sql}`;
      return (this.conn.prepare(sql).raw(true).all(...where.params, ...tail.params) as unknown[][]).map((r) => String(r[3]));
    });
  }

  listCollections(): string[] {
    if (this.closed || this.legacy.length > 0 || !this.db) return [];
    const rows = this.stmt("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'c\\_%' ESCAPE '\\' ORDER BY name").all() as [string][];
    return rows.map((r) => r[0].slice(TABLE_PREFIX.length));
  }

  /** Refuses arrays in indexed fields (and on the way to them): see `WhereContext.scalar`. */
  checkIndexed(api: string, collection: string, doc: Doc): void {
    const paths = this.scalarPaths.get(collection);
    if (!paths) return;
    for (const p of paths) {
      let cur: unknown = doc;
      for (const seg of p.split('.')) {
        if (cur === null || typeof cur !== 'object') break;
        cur = (cur as Record<string, unknown>)[seg];
        if (Array.isArray(cur)) {
          throw invalid(api, `"${p}" is indexed in "${collection}" and must not hold an array (indexed fields stay scalar so queries use the index)`);
        }
      }
    }
  }

  /**
   * Runs `fn` as one SQLite write transaction (BEGIN IMMEDIATE … COMMIT) under a new commit number.
   * Everything `fn` writes commits together or, if it throws, not at all.
   */
  write<T>(api: string, collections: readonly string[], fn: (w: Writer) => T): T {
    this.assertOpen(api);
    for (const c of collections) this.ensureTable(api, c);
    const db = this.conn;
    this.stmt('BEGIN IMMEDIATE').run();
    try {
      const seq = (this.stmt("UPDATE _meta SET v = v + 1 WHERE k = 'seq' RETURNING v").get() as [number])[0];
      const w = new Writer(this, seq, (sql) => this.stmt(sql));
      const result = fn(w);
      if (w.removed && seq % 1000 === 0) {
        this.stmt('DELETE FROM _tomb WHERE seq <= ?').run(seq - TOMB_HORIZON);
        this.stmt("UPDATE _meta SET v = max(v, ?) WHERE k = 'tombFloor'").run(seq - TOMB_HORIZON);
      }
      this.stmt('COMMIT').run();
      return result;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (isNoSuchTable(err)) this.forgetSchema();
      if (err instanceof Rollback) throw err;
      throw fromStoreError(api, err);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stmts.clear();
    // Fold the WAL into the database file, so a closed folder is one self-contained file.
    if (this.db && this.opts.dir !== null) this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.db?.close();
    this.db = null;
  }

  dropAll(): void {
    if (this.closed) throw new DbError('database.dropAll', 'the local database is closed', ErrCode.REQUEST_FAILED);
    if (this.legacy.length > 0) {
      // The old engine's files are replaced by a fresh SQLite database.
      for (const f of this.legacy) rmSync(join(this.opts.dir!, f), { force: true });
      this.legacy = [];
      this.connect();
    }
    const names = this.listCollections();
    this.stmts.clear();
    this.write('database.dropAll', [], (w) => {
      for (const n of names) w.exec(`DROP TABLE IF EXISTS ${tableOf(n)}`);
      w.exec('DELETE FROM _tomb');
      // Every document counts as removed for transaction attempts that started before.
      w.exec(`UPDATE _meta SET v = ${w.seq} WHERE k = 'tombFloor'`);
    });
    this.forgetSchema();
  }
}

/** Write primitives handed to code running inside `Engine.write`. */
export class Writer {
  removed = false;

  constructor(
    private readonly engine: Engine,
    readonly seq: number,
    private readonly stmt: (sql: string) => Statement,
  ) {}

  get(api: string, collection: string, id: string): Row | null {
    return this.engine.getRow(api, collection, id);
  }

  select(api: string, collection: string, columns: string, where: Sql): unknown[][] {
    return this.engine.select(api, collection, columns, where, { sql: '', params: [] });
  }

  insert(collection: string, doc: Doc): void {
    this.stmt(`INSERT INTO ${tableOf(collection)} (_id, seq, doc) VALUES (?, ?, ?)`).run(doc._id as string, this.seq, encodeValue(doc));
  }

  replace(collection: string, doc: Doc, text = encodeValue(doc)): void {
    this.stmt(`UPDATE ${tableOf(collection)} SET seq = ?, doc = ? WHERE _id = ?`).run(this.seq, text, doc._id as string);
  }

  /**
   * Applies update steps to a stored document (its JSON text); false when nothing changed. The text
   * is what this engine wrote, so "unchanged" is "encodes to the same text" (updates keep key order).
   */
  update(api: string, collection: string, text: string, steps: readonly UpdateStep[]): boolean {
    const next = applyUpdate(api, decodeDoc(text), steps, true);
    const nextText = encodeValue(next);
    if (nextText === text) return false;
    this.engine.checkIndexed(api, collection, next);
    this.replace(collection, next, nextText);
    return true;
  }

  /**
   * Inserts new documents given as [id, JSON text], in order: one multi-row INSERT per batch. A
   * document that exists fails the statement (a primary-key error: see `isPrimaryKeyError`).
   */
  insertMany(collection: string, docs: readonly (readonly [string, string])[]): void {
    let i = 0;
    for (const n of batchSizes(docs.length)) {
      const params: unknown[] = [];
      for (let k = i; k < i + n; k += 1) {
        const [id, text] = docs[k] as readonly [string, string];
        params.push(id, this.seq, text);
      }
      this.stmt(`INSERT INTO ${tableOf(collection)} (_id, seq, doc) VALUES ${placeholders(n, '(?, ?, ?)')}`).run(params);
      i += n;
    }
  }

  /**
   * Replaces documents given as [id, JSON text, stamp expected], in order, each only if it still has
   * that stamp: one multi-row UPDATE per batch. Returns how many were replaced (fewer: some changed).
   */
  replaceMany(collection: string, docs: readonly (readonly [string, string, number])[]): number {
    let i = 0;
    let changed = 0;
    for (const n of batchSizes(docs.length)) {
      const params: unknown[] = [this.seq];
      for (let k = i; k < i + n; k += 1) {
        const [id, text, seq] = docs[k] as readonly [string, string, number];
        params.push(id, text, seq);
      }
      const t = tableOf(collection);
      changed += this.stmt(`UPDATE ${t} SET seq = ?, doc = v.column2 FROM (VALUES ${placeholders(n, '(?, ?, ?)')}) AS v WHERE ${t}._id = v.column1 AND ${t}.seq = v.column3`).run(params).changes;
      i += n;
    }
    return changed;
  }

  /** Removes a document only if it still has stamp `seq`; false when it changed or is gone. */
  removeAt(collection: string, id: string, seq: number): boolean {
    const { changes } = this.stmt(`DELETE FROM ${tableOf(collection)} WHERE _id = ? AND seq = ?`).run(id, seq);
    if (changes === 0) return false;
    this.removed = true;
    this.stmt('INSERT OR REPLACE INTO _tomb (coll, id, seq) VALUES (?, ?, ?)').run(collection, id, this.seq);
    return true;
  }

  /** Inserts or replaces a document (a transaction's buffered final state). */
  put(collection: string, doc: Doc, exists: boolean): void {
    if (exists) this.replace(collection, doc);
    else this.insert(collection, doc);
  }

  remove(collection: string, id: string): number {
    const { changes } = this.stmt(`DELETE FROM ${tableOf(collection)} WHERE _id = ?`).run(id);
    if (changes > 0) {
      this.removed = true;
      this.stmt('INSERT OR REPLACE INTO _tomb (coll, id, seq) VALUES (?, ?, ?)').run(collection, id, this.seq);
    }
    return changes;
  }

  exec(sql: string): void {
    this.stmt(sql).run();
  }
}
