import { DbError, ErrCode, openLocalDb, type LocalDb } from '../../local/clouddb';

let db: LocalDb;

beforeEach(async () => {
  db = await openLocalDb({ dir: null, uniqueIndexes: { users: ['phone'] } });
});

afterEach(async () => {
  await db.close();
});

async function rejection(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DbError);
    return err as DbError;
  }
  throw new Error('expected the promise to reject');
}

describe('add / get', () => {
  it('generates a 32-hex _id and returns the stored document', async () => {
    const { _id } = await db.collection('items').add({ data: { name: 'apple', price: 3 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await db.collection('items').doc(String(_id)).get();
    expect(data).toEqual({ _id, name: 'apple', price: 3 });
  });

  it('keeps a given _id and rejects adding it twice', async () => {
    await db.collection('items').add({ data: { _id: 'a1', name: 'x' } });
    const err = await rejection(db.collection('items').add({ data: { _id: 'a1', name: 'y' } }));
    expect(err.errCode).toBe(ErrCode.DUPLICATE);
    expect(err.errMsg).toMatch(/^collection\.add:fail/);
    expect((await db.collection('items').doc('a1').get()).data.name).toBe('x');
  });

  it('rejects get of a missing document like WeChat', async () => {
    const err = await rejection(db.collection('items').doc('nope').get());
    expect(err.errCode).toBe(ErrCode.NOT_FOUND);
    expect(err.message).toMatch(/^document\.get:fail/);
    expect(err.errCode).toBeLessThan(0);
  });

  it('rejects data that the real database would not store', async () => {
    const items = db.collection('items');
    await rejection(items.add({ data: { 'a.b': 1 } }));
    await rejection(items.add({ data: { $bad: 1 } }));
    await rejection(items.add({ data: { note: undefined } }));
    await rejection(items.add({ data: { n: Number.NaN } }));
    await rejection(items.add({ data: { c: db.command.inc(1) } }));
    await rejection(items.add({ data: { m: new Map() } as unknown as Record<string, unknown> }));
    expect(await items.count()).toMatchObject({ total: 0 });
  });

  it('stores dates', async () => {
    const at = new Date('2024-05-01T00:00:00Z');
    await db.collection('items').add({ data: { _id: 'd', at } });
    const { data } = await db.collection('items').doc('d').get();
    expect(data.at).toBeInstanceOf(Date);
    expect((data.at as Date).getTime()).toBe(at.getTime());
  });
});

describe('set / update / remove', () => {
  beforeEach(async () => {
    await db.collection('c').add({ data: { _id: 'u1', name: 'Ann', stats: { orders: 2, tier: 'core' }, tags: ['a'] } });
  });

  it('update merges nested objects field by field, set replaces the whole document', async () => {
    const c = db.collection('c');
    const res = await c.doc('u1').update({ data: { stats: { orders: 3 } } });
    expect(res.stats.updated).toBe(1);
    expect((await c.doc('u1').get()).data).toEqual({ _id: 'u1', name: 'Ann', stats: { orders: 3, tier: 'core' }, tags: ['a'] });

    await c.doc('u1').set({ data: { stats: { orders: 9 } } });
    expect((await c.doc('u1').get()).data).toEqual({ _id: 'u1', stats: { orders: 9 } });
  });

  it('supports dotted keys in update data', async () => {
    await db.collection('c').doc('u1').update({ data: { 'stats.tier': 'vip' } });
    expect((await db.collection('c').doc('u1').get()).data.stats).toEqual({ orders: 2, tier: 'vip' });
  });

  it('set creates a missing document and refuses _id in data', async () => {
    const c = db.collection('c');
    await c.doc('u2').set({ data: { name: 'Bo' } });
    expect((await c.doc('u2').get()).data).toEqual({ _id: 'u2', name: 'Bo' });
    await rejection(c.doc('u2').set({ data: { _id: 'other', name: 'X' } }));
    await rejection(c.doc('u2').set({ data: { _id: 'u2', name: 'X' } }));
    expect((await c.doc('u2').get()).data.name).toBe('Bo');
  });

  it('update of a missing document reports 0 and creates nothing', async () => {
    const res = await db.collection('c').doc('ghost').update({ data: { name: 'x' } });
    expect(res.stats.updated).toBe(0);
    await rejection(db.collection('c').doc('ghost').get());
  });

  it('rejects _id, empty data, undefined values and conflicting paths in update data', async () => {
    const doc = db.collection('c').doc('u1');
    await rejection(doc.update({ data: { _id: 'u9' } }));
    await rejection(doc.update({ data: {} }));
    await rejection(doc.update({ data: { name: undefined } }));
    await rejection(doc.update({ data: { stats: { orders: 1 }, 'stats.orders': 2 } }));
    await rejection(doc.update({ data: { name: db.command.gt(1) } }));
    expect((await doc.get()).data.name).toBe('Ann');
  });

  it('applies inc, remove and push', async () => {
    const _ = db.command;
    const doc = db.collection('c').doc('u1');
    await doc.update({ data: { stats: { orders: _.inc(5), visits: _.inc(1) }, name: _.remove(), tags: _.push('b') } });
    await doc.update({ data: { tags: _.push(['c', 'd']), list: _.push({ x: 1 }, { x: 2 }) } });
    expect((await doc.get()).data).toEqual({
      _id: 'u1',
      stats: { orders: 7, tier: 'core', visits: 1 },
      tags: ['a', 'b', 'c', 'd'],
      list: [{ x: 1 }, { x: 2 }],
    });
  });

  it('rejects operators that do not fit the stored value', async () => {
    const _ = db.command;
    const doc = db.collection('c').doc('u1');
    await rejection(doc.update({ data: { name: _.inc(1) } }));
    await rejection(doc.update({ data: { name: _.push('x') } }));
    await rejection(doc.update({ data: { 'name.first': 'A' } }));
    expect((await doc.get()).data.name).toBe('Ann');
  });

  it('reports 0 updated when nothing changes, as MongoDB-based WeChat does', async () => {
    const res = await db.collection('c').doc('u1').update({ data: { name: 'Ann' } });
    expect(res.stats.updated).toBe(0);
  });

  it('remove reports how many documents were removed', async () => {
    const c = db.collection('c');
    expect((await c.doc('u1').remove()).stats.removed).toBe(1);
    expect((await c.doc('u1').remove()).stats.removed).toBe(0);
    await rejection(c.doc('u1').get());
  });
});

describe('copies and unique indexes', () => {
  it('returns copies, and keeps no reference to the input data', async () => {
    const input = { _id: 'p', nested: { n: 1 }, arr: [1] };
    await db.collection('c').add({ data: input });
    input.nested.n = 99;
    input.arr.push(2);
    const first = (await db.collection('c').doc('p').get()).data as { nested: { n: number }; arr: number[] };
    expect(first.nested.n).toBe(1);
    first.nested.n = 42;
    first.arr.push(7);
    const rows = (await db.collection('c').get()).data as Array<{ nested: { n: number } }>;
    rows[0]!.nested.n = 43;
    expect((await db.collection('c').doc('p').get()).data).toEqual({ _id: 'p', nested: { n: 1 }, arr: [1] });
  });

  it('enforces unique indexes on add, set and update', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'a', phone: '111' } });
    await users.add({ data: { _id: 'b', phone: '222' } });
    expect((await rejection(users.add({ data: { phone: '111' } }))).errCode).toBe(ErrCode.DUPLICATE);
    await rejection(users.doc('b').update({ data: { phone: '111' } }));
    await rejection(users.doc('c').set({ data: { phone: '222' } }));
    await rejection(users.where({ _id: 'b' }).update({ data: { phone: '111' } }));
    expect((await users.doc('b').get()).data.phone).toBe('222');
    expect((await users.count()).total).toBe(2);
  });

  it('multi-document update is all or nothing on a unique violation', async () => {
    const users = db.collection('users');
    await users.add({ data: { _id: 'a', phone: '1', group: 'g' } });
    await users.add({ data: { _id: 'b', phone: '2', group: 'g' } });
    // Both documents would get the same phone: the second write fails, the first is restored.
    await rejection(users.where({ group: 'g' }).update({ data: { phone: '9' } }));
    const phones = (await users.orderBy('_id', 'asc').get()).data.map((d) => d.phone);
    expect(phones).toEqual(['1', '2']);
  });
});
