import { existsSync } from 'fs';
import { mkdtemp, readdir, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { inspect } from 'util';
import { DbError, LegacyDataError, openLocalDb } from '../../local/clouddb';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'freshpal-legacy-'));
  // What the nedb engine left behind: one line-per-document file per collection.
  await writeFile(join(dir, 'members.db'), '{"_id":"m1","memberNo":"100001"}\n{"$$indexCreated":{"fieldName":"memberNo","unique":true}}\n');
  await writeFile(join(dir, 'points_accounts.db'), '{"_id":"m1","available":5}\n');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a data folder written by the old nedb engine', () => {
  it('is refused with one line that says to run npm start -- --reset, and left untouched', async () => {
    const db = await openLocalDb({ dir });
    const err = await db.collection('counters').where({ _id: 'demoSeed' }).count().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LegacyDataError);
    expect(err).toBeInstanceOf(DbError);
    const printed = inspect(err);
    expect(printed.split('\n')).toHaveLength(1);
    expect(printed).toContain('npm start -- --reset');
    expect(printed).toContain('members.db');
    await expect(db.collection('members').doc('m1').get()).rejects.toBeInstanceOf(LegacyDataError);
    await expect(db.collection('members').add({ data: { x: 1 } })).rejects.toBeInstanceOf(LegacyDataError);
    await expect(db.runTransaction(async () => 1)).rejects.toBeInstanceOf(LegacyDataError);
    expect(db.listCollections()).toEqual([]);
    await db.close();
    expect((await readdir(dir)).sort()).toEqual(['members.db', 'points_accounts.db']);
  });

  it('is replaced by a fresh SQLite database on dropAll (what --reset does)', async () => {
    const db = await openLocalDb({ dir, uniqueIndexes: { members: ['memberNo'] } });
    await db.dropAll();
    await db.collection('members').add({ data: { _id: 'm2', memberNo: '100002' } });
    await db.close();
    expect(existsSync(join(dir, 'members.db'))).toBe(false);
    expect(existsSync(join(dir, 'points_accounts.db'))).toBe(false);
    const again = await openLocalDb({ dir });
    try {
      expect((await again.collection('members').get()).data).toEqual([{ _id: 'm2', memberNo: '100002' }]);
    } finally {
      await again.close();
    }
  });
});
