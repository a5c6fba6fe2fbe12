/**
 * The upload folder the weapp asks for (`feedback.uploadFolder`) is the one `ownsUpload` accepts:
 * a cloudPath built from it passes, another caller's does not, and the folder never carries the
 * openid itself.
 */
import { ownsUpload } from '../../cloudfunctions/services/uploads';
import { createHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('feedback.uploadFolder', () => {
  it('answers the caller’s own folder, which ownsUpload accepts for that caller only', async () => {
    const { folder } = await h.ok<{ folder: string }>('feedback', 'o-folder-a', 'uploadFolder');
    const other = await h.ok<{ folder: string }>('feedback', 'o-folder-b', 'uploadFolder');
    expect(folder).toMatch(/^feedback\/[0-9a-f]{32}$/);
    expect(folder).not.toContain('o-folder-a');
    expect(other.folder).not.toBe(folder);
    expect((await h.ok<{ folder: string }>('feedback', 'o-folder-a', 'uploadFolder')).folder).toBe(folder);
    const fileId = `cloud://prod-1a2b.7072-prod-1a2b-1300000000/${folder}/lq3x9abcdefghijklmnopqrst.jpg`;
    expect(ownsUpload('o-folder-a', fileId)).toBe(true);
    expect(ownsUpload('o-folder-b', fileId)).toBe(false);
  });

  it('needs a caller', async () => {
    expect(await h.call('feedback', null, { action: 'uploadFolder' })).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });
});
