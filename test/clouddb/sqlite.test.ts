import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import Database from 'libsql';
import { DB_FILE, DbError, ErrCode, openLocalDb, type LocalDb } from '../../local/clouddb';

let dir: string;
const open: LocalDb[] = [];

async function connect(opts: { retryFirstAttempt?: boolean } = {}): Promise<LocalDb> {
  const db = await openLocalDb({ dir, uniqueIndexes: { users: ['phone'] }, indexes: { events: [['kind', 'at']] }, ...opts });
  open.push(db);
  return db;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'freshpal-sqlite-'));
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('two connections on one file (npm start and npm run job side by side)', () => {
  it('see each other’s writes and serialize read-modify-write transactions', async () => {
    const a = await connect();
    const b = await connect();
    await a.collection('counters').add({ data: { _id: 'n', n: 0 } });
    const inc = (db: LocalDb) =>
      db.runTransaction(async (tx) => {
        const ref = tx.collection('counters').doc('n');
        const { data } = await ref.get();
        await ref.update({ data: { n: (data.n as number) + 1 } });
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => inc(i % 2 === 0 ? a : b)));
    expect((await b.collection('counters').doc('n').get()).data.n).toBe(20);
    expect(a.stats.conflicts + b.stats.conflicts).toBeGreaterThan(0);
  });

  it('first committer wins across connections: a stale transaction retries instead of overwriting', async () => {
    const a = await connect();
    const b = await connect();
    await a.collection('accounts').add({ data: { _id: 'x', balance: 100 } });
    let runs = 0;
    await a.runTransaction(async (tx) => {
      runs += 1;
      const { data } = await tx.collection('accounts').doc('x').get();
      if (runs === 1) await b.collection('accounts').doc('x').update({ data: { balance: b.command.inc(-30) } });
      await tx.collection('accounts').doc('x').update({ data: { balance: (data.balance as number) + 5 } });
    });
    expect(runs).toBe(2);
    expect((await b.collection('accounts').doc('x').get()).data.balance).toBe(75);
  });

  it('reruns an attempt that finds a document removed meanwhile instead of showing it half the change', async () => {
    const a = await connect();
    const b = await connect();
    await a.importMany('docs', [
      { _id: 'p', v: 1 },
      { _id: 'q', v: 1 },
    ]);
    let runs = 0;
    const seen = await a.runTransaction(async (tx) => {
      runs += 1;
      const p = (await tx.collection('docs').doc('p').get()).data.v;
      if (runs === 1) {
        await b.runTransaction(async (other) => {
          await other.collection('docs').doc('p').update({ data: { v: 2 } });
          await other.collection('docs').doc('q').remove();
        });
      }
      const q = await tx.collection('docs').doc('q').get().then(
        (r) => r.data.v,
        () => 'missing',
      );
      return [p, q];
    });
    expect(runs).toBe(2);
    expect(seen).toEqual([2, 'missing']);
  });
});

describe('atomic commits', () => {
  it('a transaction writing several collections commits all or nothing', async () => {
    const db = await connect();
    await db.collection('users').add({ data: { _id: 'u1', phone: '1' } });
    const attempt = db.runTransaction(async (tx) => {
      await tx.collection('accounts').doc('a').set({ data: { balance: 10 } });
      await tx.collection('movements').add({ data: { _id: 'mv1', delta: 10 } });
      await tx.collection('requests').doc('r1').set({ data: { done: true } });
      await tx.collection('users').add({ data: { _id: 'u2', phone: '1' } }); // unique violation at commit
    });
    await expect(attempt).rejects.toMatchObject({ errCode: ErrCode.DUPLICATE });
    for (const c of ['accounts', 'movements', 'requests']) expect((await db.collection(c).count()).total).toBe(0);
    expect((await db.collection('users').count()).total).toBe(1);
  });

  it('two documents missing a unique field collide, as in MongoDB', async () => {
    const db = await connect();
    await db.collection('users').add({ data: { _id: 'a' } });
    await expect(db.collection('users').add({ data: { _id: 'b' } })).rejects.toMatchObject({ errCode: ErrCode.DUPLICATE });
  });
});

describe('values', () => {
  it('orders and compares Dates by time, and keeps them Dates after reopening', async () => {
    const db = await connect();
    const at = (iso: string) => new Date(iso);
    await db.importMany('logs', [
      { _id: 'a', at: at('2024-03-01T00:00:00Z') },
      { _id: 'b', at: at('1999-12-31T23:59:59.999Z') },
      { _id: 'c', at: at('2024-02-29T12:00:00Z') },
    ]);
    const ids = async (q: { get(): Promise<{ data: Array<Record<string, unknown>> }> }) => (await q.get()).data.map((d) => d._id);
    expect(await ids(db.collection('logs').orderBy('at', 'asc'))).toEqual(['b', 'c', 'a']);
    expect(await ids(db.collection('logs').where({ at: db.command.gte(at('2024-01-01T00:00:00Z')) }))).toEqual(['a', 'c']);
    expect(await ids(db.collection('logs').where({ at: at('2024-02-29T12:00:00Z') }))).toEqual(['c']);
    await db.close();
    const again = await connect();
    const { data } = await again.collection('logs').doc('b').get();
    expect(data.at).toBeInstanceOf(Date);
    expect((data.at as Date).toISOString()).toBe('1999-12-31T23:59:59.999Z');
  });

  it('refuses arrays in indexed fields, so indexed queries never need a scan', async () => {
    const db = await connect();
    await expect(db.collection('events').add({ data: { kind: ['a', 'b'], at: 1 } })).rejects.toMatchObject({ errCode: ErrCode.INVALID_PARAM });
    await db.collection('events').add({ data: { _id: 'e', kind: 'a', at: 1 } });
    await expect(db.collection('events').doc('e').update({ data: { at: [1, 2] } })).rejects.toBeInstanceOf(DbError);
    await expect(db.runTransaction(async (tx) => tx.collection('events').doc('f').set({ data: { kind: ['x'] } }))).rejects.toBeInstanceOf(DbError);
    expect((await db.collection('events').doc('e').get()).data).toEqual({ _id: 'e', kind: 'a', at: 1 });
  });

  it('refuses field paths it cannot address safely instead of splicing them into SQL', async () => {
    const db = await connect();
    await db.collection('t').add({ data: { _id: 'x', a: 1 } });
    await expect(db.collection('t').where({ "a') OR 1=1 --": 1 }).get()).rejects.toMatchObject({ errCode: ErrCode.INVALID_PARAM });
    await expect(db.collection('t').orderBy('a"b', 'asc').get()).rejects.toMatchObject({ errCode: ErrCode.INVALID_PARAM });
  });
});

describe('indexes follow the configuration', () => {
  it('drops an index the configuration no longer names when the folder is opened again', async () => {
    const full = await openLocalDb({ dir, uniqueIndexes: {}, indexes: { events: [['kind', 'at']] } });
    await full.collection('events').add({ data: { _id: 'e', kind: 'a', at: 1 } });
    expect(full.explain(full.collection('events').where({ kind: 'a' })).join('\n')).toContain('USING INDEX i:events:kind+at');
    await full.close();
    const other = await openLocalDb({ dir, uniqueIndexes: {}, indexes: { events: ['kind'] } });
    expect((await other.collection('events').doc('e').get()).data).toEqual({ _id: 'e', kind: 'a', at: 1 });
    expect(other.explain(other.collection('events').where({ kind: 'a' })).join('\n')).toContain('USING INDEX i:events:kind');
    await other.close();
    const file = new Database(join(dir, DB_FILE));
    const names = file.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'c_events' AND name NOT LIKE 'sqlite%' ORDER BY name").all() as { name: string }[];
    file.close();
    expect(names.map((r) => r.name)).toEqual(['i:events:kind']);
  });
});
