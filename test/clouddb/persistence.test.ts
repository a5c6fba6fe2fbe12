import { mkdtemp, readdir, rm, stat } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { DbError, openLocalDb } from '../../local/clouddb';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'freshpal-clouddb-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps data, updates and removals across close and reopen', async () => {
    const first = await openLocalDb({ dir, uniqueIndexes: { users: ['phone'] } });
    await first.collection('users').add({ data: { _id: 'u1', phone: '111', at: new Date(5) } });
    await first.collection('users').add({ data: { _id: 'u2', phone: '222' } });
    await first.collection('orders').add({ data: { _id: 'o1', total: 10 } });
    await first.collection('users').doc('u1').update({ data: { visits: first.command.inc(2) } });
    await first.collection('users').doc('u2').remove();
    await first.runTransaction(async (tx) => {
      await tx.collection('orders').doc('o1').update({ data: { total: 12 } });
    });
    await first.close();
    await expect(first.collection('users').doc('u1').get()).rejects.toBeInstanceOf(DbError);
    // One SQLite file (its WAL, if still there, is empty after close).
    const files = await readdir(dir);
    expect(files).toContain('freshpal.sqlite');
    expect(files.filter((f) => !f.startsWith('freshpal.sqlite'))).toEqual([]);
    if (files.includes('freshpal.sqlite-wal')) expect((await stat(join(dir, 'freshpal.sqlite-wal'))).size).toBe(0);

    const second = await openLocalDb({ dir, uniqueIndexes: { users: ['phone'] } });
    try {
      expect(second.listCollections()).toEqual(['orders', 'users']);
      expect((await second.collection('users').get()).data).toEqual([{ _id: 'u1', phone: '111', at: new Date(5), visits: 2 }]);
      expect((await second.collection('orders').doc('o1').get()).data.total).toBe(12);
      await expect(second.collection('users').add({ data: { phone: '111' } })).rejects.toBeInstanceOf(DbError);
    } finally {
      await second.close();
    }
  });

  it('dropAll wipes every collection and its file', async () => {
    const db = await openLocalDb({ dir });
    await db.collection('a').add({ data: { x: 1 } });
    await db.collection('b').add({ data: { x: 2 } });
    await db.dropAll();
    expect(db.listCollections()).toEqual([]);
    expect((await db.collection('a').count()).total).toBe(0);
    await db.close();
    const again = await openLocalDb({ dir });
    expect((await again.collection('b').count()).total).toBe(0);
    await again.close();
  });
});

describe('performance', () => {
  it('reads one document of a 100k-document collection in well under a millisecond', async () => {
    const db = await openLocalDb({ dir: null, indexes: { big: ['group'] } });
    try {
      const docs = Array.from({ length: 100_000 }, (_, i) => ({ _id: `d${i}`, n: i, group: i % 100 }));
      await db.importMany('big', docs);
      const started = process.hrtime.bigint();
      const rounds = 2000;
      for (let i = 0; i < rounds; i += 1) {
        const id = `d${(i * 7919) % 100_000}`;
        const { data } = await db.collection('big').doc(id).get();
        if (data._id !== id) throw new Error('wrong document');
      }
      const perGetMs = Number(process.hrtime.bigint() - started) / 1e6 / rounds;
      expect(perGetMs).toBeLessThan(0.5);
      expect((await db.collection('big').where({ group: 7 }).count()).total).toBe(1000);
    } finally {
      await db.close();
    }
  });
});
