import { DbError, openLocalDb, type LocalDb } from '../../local/clouddb';
import type { DocData } from '../../cloudfunctions/ports/db';

let db: LocalDb;

const customers: DocData[] = [
  { _id: 'c1', name: 'Ann', spend: 120, tags: ['vip', 'fruit'], stats: { tier: 'core', lastOrderAt: 10 } },
  { _id: 'c2', name: 'Bo', spend: 40, tags: ['fruit'], stats: { tier: 'new', lastOrderAt: 3 } },
  { _id: 'c3', name: 'Cy', spend: 300, tags: [], stats: { tier: 'core', lastOrderAt: 1 } },
  { _id: 'c4', name: 'Di', spend: 40, stats: { tier: 'lapsed' }, note: null },
];

beforeEach(async () => {
  db = await openLocalDb({ dir: null });
  await db.importMany('customers', customers);
});

afterEach(async () => {
  await db.close();
});

async function ids(q: { get(): Promise<{ data: DocData[] }> }): Promise<unknown[]> {
  return (await q.get()).data.map((d) => d._id);
}

async function rejects(p: Promise<unknown>): Promise<DbError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DbError);
  return err as DbError;
}

describe('conditions', () => {
  it('plain values, operators and defaults order by _id', async () => {
    const _ = db.command;
    const c = db.collection('customers');
    expect(await ids(c.where({ spend: 40 }))).toEqual(['c2', 'c4']);
    expect(await ids(c.where({ spend: _.eq(40) }))).toEqual(['c2', 'c4']);
    expect(await ids(c.where({ spend: _.neq(40) }))).toEqual(['c1', 'c3']);
    expect(await ids(c.where({ spend: _.gt(40) }))).toEqual(['c1', 'c3']);
    expect(await ids(c.where({ spend: _.gte(120) }))).toEqual(['c1', 'c3']);
    expect(await ids(c.where({ spend: _.lt(120) }))).toEqual(['c2', 'c4']);
    expect(await ids(c.where({ spend: _.lte(120) }))).toEqual(['c1', 'c2', 'c4']);
    expect(await ids(c.where({ name: _.in(['Bo', 'Cy', 'Zed']) }))).toEqual(['c2', 'c3']);
    expect(await ids(c.where({ name: _.nin(['Bo', 'Cy']) }))).toEqual(['c1', 'c4']);
    expect(await ids(c.where({ tags: _.exists(false) }))).toEqual(['c4']);
    expect(await ids(c.where({ 'stats.lastOrderAt': _.exists(true) }))).toEqual(['c1', 'c2', 'c3']);
  });

  it('nested objects in where mean sub-field conditions, like dotted keys', async () => {
    const _ = db.command;
    const c = db.collection('customers');
    expect(await ids(c.where({ stats: { tier: 'core' } }))).toEqual(['c1', 'c3']);
    expect(await ids(c.where({ 'stats.tier': 'core' }))).toEqual(['c1', 'c3']);
    expect(await ids(c.where({ stats: { tier: 'core', lastOrderAt: _.lt(5) } }))).toEqual(['c3']);
    expect(await ids(c.where({ 'stats.lastOrderAt': _.lt(5) }))).toEqual(['c2', 'c3']);
  });

  it('and / or at top level and on a field, as variadic or array arguments', async () => {
    const _ = db.command;
    const c = db.collection('customers');
    expect(await ids(c.where({ spend: _.and(_.gt(30), _.lt(200)) }))).toEqual(['c1', 'c2', 'c4']);
    expect(await ids(c.where({ spend: _.or(_.lt(50), _.gt(200)) }))).toEqual(['c2', 'c3', 'c4']);
    expect(await ids(c.where({ spend: _.or([_.eq(120), _.eq(300)]) }))).toEqual(['c1', 'c3']);
    const top = _.or({ name: 'Ann' }, { stats: { tier: 'lapsed' } }) as unknown as DocData;
    expect(await ids(c.where(top))).toEqual(['c1', 'c4']);
    const both = _.and([{ spend: 40 }, { name: _.neq('Bo') }]) as unknown as DocData;
    expect(await ids(c.where(both))).toEqual(['c4']);
    expect(await ids(c.where({ spend: 40, name: 'Di' }))).toEqual(['c4']);
  });

  it('array fields match by element; neq/nin exclude arrays containing the value (MongoDB semantics)', async () => {
    const _ = db.command;
    const c = db.collection('customers');
    expect(await ids(c.where({ tags: 'fruit' }))).toEqual(['c1', 'c2']);
    expect(await ids(c.where({ tags: _.neq('vip') }))).toEqual(['c2', 'c3', 'c4']);
    expect(await ids(c.where({ tags: _.nin(['fruit']) }))).toEqual(['c3', 'c4']);
  });

  it('null equality also matches a missing field', async () => {
    expect(await ids(db.collection('customers').where({ note: null }))).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(await ids(db.collection('customers').where({ note: db.command.neq(null) }))).toEqual([]);
  });

  it('rejects invalid conditions', async () => {
    const _ = db.command;
    const c = db.collection('customers');
    await rejects(c.where({ spend: _.inc(1) }).get());
    await rejects(c.where({ spend: undefined }).get());
    await rejects(c.where({ $where: 'x' }).get());
    await rejects(c.where({ name: _.in('Bo' as unknown as unknown[]) }).get());
    await rejects(c.where({ spend: _.gt({ a: 1 }) }).get());
    await rejects(c.where(_.gt(1) as unknown as DocData).get());
    await rejects(c.where({ name: 'Ann' }).where({ spend: 40 }).get());
  });
});

describe('paging, sorting, projection, limits', () => {
  it('orders, skips, limits and projects', async () => {
    const c = db.collection('customers');
    expect(await ids(c.orderBy('spend', 'desc'))).toEqual(['c3', 'c1', 'c2', 'c4']);
    expect(await ids(c.orderBy('spend', 'asc').orderBy('name', 'desc'))).toEqual(['c4', 'c2', 'c1', 'c3']);
    expect(await ids(c.orderBy('spend', 'desc').skip(1).limit(2))).toEqual(['c1', 'c2']);
    const { data } = await c.where({ _id: 'c1' }).field({ name: true, 'stats.tier': true }).get();
    expect(data).toEqual([{ _id: 'c1', name: 'Ann', stats: { tier: 'core' } }]);
    const { data: without } = await c.where({ _id: 'c2' }).field({ tags: false, stats: false, _id: false }).get();
    expect(without).toEqual([{ name: 'Bo', spend: 40 }]);
    await rejects(c.field({ name: true, spend: false }).get());
  });

  it('picks top-level fields of every kind exactly as the whole document holds them', async () => {
    const c = db.collection('picked');
    const at = new Date('2026-11-25T02:00:00.123Z');
    const full = { _id: 'p1', s: '鲜友会 "quoted" \\ \n tab\t 🥬', n: -12.5, big: 2 ** 53 - 1, tiny: 1e-7, t: true, z: null, at, obj: { at, list: [1, 'a', { b: null }] }, arr: [at, 0.1] };
    await c.add({ data: full });
    const { data } = await c.where({ _id: 'p1' }).field({ s: true, n: true, big: true, tiny: true, t: true, z: true, at: true, obj: true, arr: true, missing: true }).get();
    expect(data).toEqual([{ ...full }]);
    expect(Object.keys(data[0] as object)).toEqual(['_id', 's', 'n', 'big', 'tiny', 't', 'z', 'at', 'obj', 'arr']);
    expect((await c.field({ _id: false, n: true }).get()).data).toEqual([{ n: -12.5 }]);
    expect((await c.field({ _id: true }).get()).data).toEqual([{ _id: 'p1' }]);
    // Nested paths and unusual names still go through the whole document.
    expect((await c.field({ 'obj.list': true, 'we-ird': true }).get()).data).toEqual([{ _id: 'p1', obj: { list: [1, 'a', { b: null }] } }]);
  });

  it('builders are immutable', async () => {
    const base = db.collection('customers').where({ spend: 40 });
    const limited = base.limit(1);
    base.orderBy('name', 'desc');
    expect(await ids(base)).toEqual(['c2', 'c4']);
    expect(await ids(limited)).toEqual(['c2']);
  });

  it('get returns 100 documents by default, at most 1000 with limit, and rejects more', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ _id: `m${String(i).padStart(4, '0')}`, i }));
    await db.importMany('many', many);
    const c = db.collection('many');
    const first = await c.get();
    expect(first.data).toHaveLength(100);
    expect(first.data[0]?._id).toBe('m0000');
    expect((await c.limit(1000).get()).data).toHaveLength(1000);
    expect((await c.skip(1000).limit(1000).get()).data).toHaveLength(200);
    const err = await rejects(c.limit(1001).get());
    expect(err.errMsg).toMatch(/^collection\.get:fail .*1000/);
    await rejects(c.limit(0).get());
    await rejects(c.skip(-1).get());
    expect((await c.count()).total).toBe(1200);
    expect((await c.where({ i: db.command.lt(10) }).count()).total).toBe(10);
  });
});

describe('multi-document writes', () => {
  it('updates and removes by condition', async () => {
    const _ = db.command;
    const c = db.collection('customers');
    const up = await c.where({ stats: { tier: 'core' } }).update({ data: { stats: { flagged: true }, spend: _.inc(1) } });
    expect(up.stats.updated).toBe(2);
    const { data } = await c.where({ 'stats.flagged': true }).get();
    expect(data.map((d) => [d._id, d.spend, (d.stats as { tier: string }).tier])).toEqual([
      ['c1', 121, 'core'],
      ['c3', 301, 'core'],
    ]);
    const rm = await c.where({ spend: _.lt(100) }).remove();
    expect(rm.stats.removed).toBe(2);
    expect((await c.count()).total).toBe(2);
  });

  it('refuses to update or remove without a condition, or with paging options', async () => {
    const c = db.collection('customers');
    await rejects(c.update({ data: { x: 1 } }));
    await rejects(c.remove());
    await rejects(c.where({}).update({ data: { x: 1 } }));
    await rejects(c.where({}).remove());
    await rejects(c.where({ spend: 40 }).limit(1).remove());
    expect((await c.count()).total).toBe(4);
  });
});

describe('stats', () => {
  it('counts one read per get/count call and one write per write call', async () => {
    db.resetStats();
    const c = db.collection('customers');
    await c.doc('c1').get();
    await c.where({ spend: 40 }).get();
    await c.count();
    await c.doc('c1').update({ data: { spend: 1 } });
    await db.runTransaction(async (tx) => {
      await tx.collection('customers').doc('c2').get();
    });
    expect(db.stats).toEqual({ reads: 4, writes: 1, transactions: 1, conflicts: 0 });
  });
});
