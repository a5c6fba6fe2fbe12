/**
 * Erasure and cloud storage: a member's complaint photos are deleted from storage and their file ids
 * leave the complaint documents; a run cut between the deletion and the documents' rewrite resumes;
 * a storage outage leaves the erasure unfinished (and resumable) rather than done with photos left.
 * Also the storage port's `remove` in both adapters: WeChat's `deleteFile` 50 at a time, a missing
 * file counting as deleted; the local folder.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { C } from '../../cloudfunctions/services/collections';
import type { JobRunResult } from '../../cloudfunctions/jobs/actions';
import type { DeletionAnswer } from '../../cloudfunctions/services/privacy';
import { fileStorage, installStorage, type FileRemoval } from '../../cloudfunctions/ports/storage';
import { uploadFolder } from '../../cloudfunctions/services/uploads';
import { wxFileRemoval, type WxDeleteSdk, type WxFilesSdk } from '../../cloudfunctions/runtime/wxFileLinks';
import { localFileStorage } from '../../local/app';
import { fileComplaint, rid } from './caseFixtures';
import { addStaff } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

let h: Harness;
let dir: string;

beforeEach(async () => {
  h = await createHarness();
  await addStaff(h, 'o-staff', 'staff', '李小鲜');
  dir = mkdtempSync(join(tmpdir(), 'freshpal-erase-photos-'));
  installStorage(localFileStorage(dir));
});
afterEach(async () => {
  installStorage(null);
  rmSync(dir, { recursive: true, force: true });
  await h.close();
});

/** A photo the customer uploaded into their own folder; its file id. */
function upload(openid: string, name: string): string {
  const folder = uploadFolder(openid);
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, folder, name), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  return `cloud://local/${folder}/${name}`;
}
const fileOf = (fileId: string) => join(dir, fileId.replace('cloud://local/', ''));

const ask = (openid: string, payload: Record<string, unknown> = {}) => h.ok<DeletionAnswer>('member', openid, 'requestDeletion', payload);

async function confirmToken(openid: string): Promise<string> {
  const confirm = await ask(openid);
  if (confirm.state !== 'confirm') throw new Error('expected a confirmation');
  return confirm.confirmToken;
}

/** Nana: two complaints, photos on the first message and on a follow-up; Bob: a complaint with a photo. */
async function photosOnFile(): Promise<{ nana: string[]; bob: string }> {
  await h.ok('member', 'o-nana', 'getCard');
  await h.ok('member', 'o-bob', 'getCard');
  const nana = ['aaaaaaaaaaaaaaaaaaaa01.jpg', 'aaaaaaaaaaaaaaaaaaaa02.png', 'aaaaaaaaaaaaaaaaaaaa03.jpg', 'aaaaaaaaaaaaaaaaaaaa04.webp'].map((n) => upload('o-nana', n));
  const bob = upload('o-bob', 'bbbbbbbbbbbbbbbbbbbb01.jpg');
  const first = await fileComplaint(h, 'o-nana', { photos: [nana[0], nana[1]] });
  await h.ok('feedback', 'o-nana', 'addMessage', { caseId: first.id, text: '再补一张照片', photos: [nana[2]], requestId: rid('more') });
  await fileComplaint(h, 'o-nana', { category: 'late', text: '送货晚了一个小时', photos: [nana[3]] });
  await fileComplaint(h, 'o-bob', { text: '鲍勃的投诉：鸡蛋碎了两个', photos: [bob] });
  for (const id of [...nana, bob]) expect(existsSync(fileOf(id))).toBe(true);
  return { nana, bob };
}

async function expectReconcileGreen(runKey: string): Promise<void> {
  const reconcile = await h.ok<JobRunResult>('jobs', null, 'run', { job: 'reconcileBalances', runKey });
  expect(reconcile.run).toMatchObject({ done: true });
  expect(reconcile.run.counts).not.toHaveProperty('mismatches');
  expect(reconcile.run.counts).not.toHaveProperty('orphans');
}

describe('erasure deletes the member’s photos', () => {
  it('removes the files and their ids, keeps the cases as counts, and leaves another member’s photo alone', async () => {
    const { nana, bob } = await photosOnFile();
    expect(await ask('o-nana', { confirmToken: await confirmToken('o-nana') })).toMatchObject({ state: 'erased' });

    for (const id of nana) expect({ id, onDisk: existsSync(fileOf(id)) }).toEqual({ id, onDisk: false });
    expect(existsSync(fileOf(bob))).toBe(true);
    const dump = JSON.stringify(await snapshot(h.db));
    expect(dump).not.toContain(uploadFolder('o-nana'));
    expect(dump).toContain(bob);
    // Both of her cases are still there (the seller's counts), without photos.
    const cases = (await h.db.collection(C.complaints).limit(100).get()).data as { memberId: string; thread: { photos: unknown[] }[] }[];
    const hers = cases.filter((c) => c.memberId !== 'o-bob');
    expect(hers).toHaveLength(2);
    for (const c of hers) expect(c.thread.flatMap((m) => m.photos)).toEqual([]);
    await expectReconcileGreen('after-photo-erasure');

    // Asking again changes nothing and needs no storage.
    installStorage(null);
    const settled = await snapshot(h.db);
    expect(await ask('o-nana')).toMatchObject({ state: 'erased' });
    expect(await snapshot(h.db)).toEqual(settled);
  });

  it('a crash after the files went but before the cases were rewritten: the rerun deletes again (nothing there) and finishes', async () => {
    const { nana, bob } = await photosOnFile();
    const token = await confirmToken('o-nana');
    const local = localFileStorage(dir);
    const removals: string[][] = [];
    let crashNext = false;
    installStorage({
      ...local,
      async remove(ids) {
        removals.push([...ids]);
        await local.remove(ids);
        if (removals.length === 1) crashNext = true;
      },
    });
    const real = h.db.runTransaction.bind(h.db);
    const spy = jest.spyOn(h.db, 'runTransaction').mockImplementation(async (cb, retries) => {
      if (crashNext) {
        crashNext = false;
        throw new Error('connection lost');
      }
      return real(cb, retries);
    });
    expect(await h.call('member', 'o-nana', { action: 'requestDeletion', payload: { confirmToken: token } })).toMatchObject({ ok: false });
    spy.mockRestore();
    // The files are gone, the cases still name them.
    for (const id of nana) expect(existsSync(fileOf(id))).toBe(false);
    expect(JSON.stringify((await h.db.collection(C.complaints).where({ memberId: 'o-nana' }).get()).data)).toContain(nana[0]);

    expect(await ask('o-nana')).toMatchObject({ state: 'erased' });
    // The rerun asked for the same files again: a missing file is no failure.
    expect(removals).toHaveLength(2);
    expect([...(removals[1] ?? [])].sort()).toEqual([...nana].sort());
    const dump = JSON.stringify(await snapshot(h.db));
    expect(dump).not.toContain(uploadFolder('o-nana'));
    expect(dump).not.toContain('o-nana');
    expect(existsSync(fileOf(bob))).toBe(true);
    await expectReconcileGreen('after-resumed-photo-erasure');
  });

  it('with storage down the erasure stops unfinished, photos and ids in place, and completes once storage is back', async () => {
    const { nana } = await photosOnFile();
    const token = await confirmToken('o-nana');
    installStorage({ download: async () => Buffer.alloc(0) });
    expect(await h.call('member', 'o-nana', { action: 'requestDeletion', payload: { confirmToken: token } })).toMatchObject({ ok: false, error: { code: 'STORAGE.UNAVAILABLE' } });
    for (const id of nana) expect(existsSync(fileOf(id))).toBe(true);
    expect((await h.db.collection(C.members).doc('o-nana').get()).data).toHaveProperty('erasure');

    installStorage(localFileStorage(dir));
    expect(await ask('o-nana')).toMatchObject({ state: 'erased' });
    for (const id of nana) expect(existsSync(fileOf(id))).toBe(false);
    expect(JSON.stringify(await snapshot(h.db))).not.toContain(uploadFolder('o-nana'));
  });
});

describe('storage remove', () => {
  type DeleteAnswer = Awaited<ReturnType<WxDeleteSdk['deleteFile']>>;

  /** A stand-in cloud holding `files`; `stuck` files refuse deletion and stay. */
  function fakeCloud(files: Set<string>, stuck = new Set<string>()) {
    const calls: string[][] = [];
    const cloud: WxDeleteSdk & WxFilesSdk = {
      deleteFile: async ({ fileList }): Promise<DeleteAnswer> => {
        calls.push(fileList);
        return {
          fileList: fileList.map((fileID) => {
            if (stuck.has(fileID)) return { fileID, status: -503002, errMsg: 'deleteFile:fail storage busy' };
            if (!files.delete(fileID)) return { fileID, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' };
            return { fileID, status: 0, errMsg: 'ok' };
          }),
        };
      },
      getTempFileURL: async ({ fileList }) => ({
        fileList: fileList.map(({ fileID }) => (files.has(fileID) ? { fileID, tempFileURL: `https://tmp/${fileID}`, status: 0 } : { fileID, status: -1, errMsg: 'file not exist' })),
      }),
    };
    return { cloud, calls };
  }

  it('WeChat: 50 distinct ids a call; a file already gone counts as deleted', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `cloud://env.b/feedback/f/p${String(i).padStart(20, '0')}.jpg`);
    const files = new Set(ids.slice(10));
    const { cloud, calls } = fakeCloud(files);
    await wxFileRemoval(cloud).remove([...ids, ids[0] as string]);
    expect(calls.map((c) => c.length)).toEqual([50, 50, 20]);
    expect(new Set(calls.flat()).size).toBe(120);
    expect(files.size).toBe(0);
    calls.length = 0;
    await wxFileRemoval(cloud).remove([]);
    expect(calls).toEqual([]);
  });

  it('WeChat: a file storage kept rejects with STORAGE.UNAVAILABLE; a whole call that fails rejects', async () => {
    const kept = 'cloud://env.b/feedback/f/keep0000000000000000.jpg';
    const gone = 'cloud://env.b/feedback/f/gone0000000000000000.jpg';
    const { cloud } = fakeCloud(new Set([kept, gone]), new Set([kept]));
    await expect(wxFileRemoval(cloud).remove([kept, gone])).rejects.toMatchObject({ code: 'STORAGE.UNAVAILABLE' });
    const down: WxDeleteSdk & WxFilesSdk = {
      deleteFile: async () => {
        throw { errCode: -501001, errMsg: 'deleteFile:fail resource system error' };
      },
      getTempFileURL: async () => ({ fileList: [] }),
    };
    await expect(wxFileRemoval(down).remove([gone])).rejects.toMatchObject({ errCode: -501001 });
  });

  it('local: deletes the files, a missing one is fine, nothing outside the folder is touched', async () => {
    const a = upload('o-x', 'xxxxxxxxxxxxxxxxxxxx01.jpg');
    const b = upload('o-x', 'xxxxxxxxxxxxxxxxxxxx02.jpg');
    const outside = join(dir, '..', `${dir.split('/').pop() as string}-outside.txt`);
    writeFileSync(outside, 'keep');
    try {
      const storage: FileRemoval = fileStorage();
      await storage.remove([a, a, `${a}.missing`, `cloud://local/../${outside.split('/').pop() as string}`]);
      expect(existsSync(fileOf(a))).toBe(false);
      expect(existsSync(fileOf(b))).toBe(true);
      expect(existsSync(outside)).toBe(true);
      await storage.remove([a]);
    } finally {
      rmSync(outside, { force: true });
    }
  });
});
