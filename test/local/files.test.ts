/**
 * Customer photos in the local cloud: `POST /files/feedback` takes only images (by their bytes) of at
 * most 10 MB from an identified caller into the caller's folder; `GET /files/...` serves a file only
 * through an unexpired link the storage adapter signed, never outside the files folder. Also the
 * upload-ownership check and the local content checker, which says it did not check.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentCheck } from '../../cloudfunctions/ports/contentCheck';
import { installStorage } from '../../cloudfunctions/ports/storage';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { assertOwnUploads, MAX_PHOTO_BYTES, ownsUpload, uploadFolder } from '../../cloudfunctions/services/uploads';
import type { LocalDb } from '../../local/clouddb';
import { DEV_CODE_SECRET, localFileStorage, openFreshPalDb } from '../../local/app';
import { LOCAL_UNCHECKED } from '../../local/contentCheck';
import { fileLinkSigner, safeRelativePath, sniffImage } from '../../local/files';
import { createLocalCloud } from '../../local/server';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-fake-png-body')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-fake-jpeg-body')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 fake-webp')]);

let db: LocalDb;
let root: string;
let filesDir: string;
let server: Server;
let base: string;
const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
const links = fileLinkSigner('test-file-link-secret-0123456789', () => clock.now);

beforeAll(async () => {
  db = await openFreshPalDb(null);
  root = mkdtempSync(join(tmpdir(), 'freshpal-photos-'));
  filesDir = join(root, 'files');
  server = createLocalCloud({ db, staticDir: null, clock: () => clock.now, signer: hmacSigner(DEV_CODE_SECRET), demoIdentities: [], filesDir, fileLinks: links, log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  installStorage(localFileStorage(filesDir, links));
});
afterAll(async () => {
  installStorage(null);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function raw(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (a: Answer) => JSON.parse(a.body.toString('utf8')) as { ok: boolean; data?: { fileID: string; size: number }; error?: { code: string } };
const upload = (body: Buffer | string, openid: string | null, contentType = 'image/jpeg') =>
  raw('POST', '/files/feedback', body, { 'Content-Type': contentType, ...(openid ? { 'X-Dev-Openid': openid } : {}) });
const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);

describe('POST /files/feedback', () => {
  it.each([
    ['JPEG', JPEG, 'jpg'],
    ['PNG', PNG, 'png'],
    ['WebP', WEBP, 'webp'],
  ])('stores a %s in the caller’s folder under a random name, whatever the declared type', async (_kind, bytes, ext) => {
    const res = await upload(bytes, 'o-photo-1', 'application/octet-stream');
    expect(res.status).toBe(200);
    const { fileID, size } = json(res).data as { fileID: string; size: number };
    expect(size).toBe(bytes.length);
    expect(fileID).toMatch(new RegExp(`^cloud://local/${uploadFolder('o-photo-1')}/[A-Za-z0-9_-]{22}\\.${ext}$`));
    expect(readFileSync(join(filesDir, fileID.slice('cloud://local/'.length)))).toEqual(bytes);
    expect(ownsUpload('o-photo-1', fileID)).toBe(true);
    expect(ownsUpload('o-photo-2', fileID)).toBe(false);
  });

  it('gives two uploads of the same bytes two names', async () => {
    const a = json(await upload(JPEG, 'o-photo-1')).data?.fileID;
    const b = json(await upload(JPEG, 'o-photo-1')).data?.fileID;
    expect(a).not.toBe(b);
  });

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
    ['HTML named as a PNG', '<html><script>alert(1)</script></html>', 'image/png'],
    ['a GIF', 'GIF89a\x01\x00\x01\x00', 'image/gif'],
    ['a truncated PNG signature', PNG.subarray(0, 6), 'image/png'],
    ['an empty body', '', 'image/jpeg'],
  ])('refuses %s with 415 and writes nothing', async (_label, body, type) => {
    const res = await upload(body, 'o-photo-refused', type);
    expect(res.status).toBe(415);
    expect(json(res).error?.code).toBe('UPLOAD.NOT_IMAGE');
    expect(filesUnder(join(filesDir, uploadFolder('o-photo-refused')))).toEqual([]);
  });

  it('refuses a photo over 10 MB with 413 and keeps serving', async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES, 0x61)]);
    const res = await upload(big, 'o-photo-big');
    expect(res.status).toBe(413);
    expect(json(res).error?.code).toBe('REQUEST.TOO_LARGE');
    expect(filesUnder(join(filesDir, uploadFolder('o-photo-big')))).toEqual([]);
    expect((await upload(JPEG, 'o-photo-big')).status).toBe(200);
  });

  it('refuses a caller without an identity (or with a malformed one)', async () => {
    for (const openid of [null, '../o-evil', 'o evil']) {
      const res = await upload(JPEG, openid);
      expect(res.status).toBe(401);
      expect(json(res).error?.code).toBe('AUTH.UNAUTHENTICATED');
    }
  });
});

describe('GET /files/... (signed temporary links)', () => {
  let fileId: string;
  beforeAll(async () => {
    fileId = json(await upload(PNG, 'o-photo-get')).data?.fileID as string;
  });

  const linkFor = async (id: string, seconds = 300) => (await localFileStorage(filesDir, links).temporaryUrls([id], seconds))[id] as string;

  it('serves the file through a link the storage adapter issued, typed by its bytes, with nosniff', async () => {
    const url = await linkFor(fileId);
    expect(url).toMatch(/^\/files\/feedback\/[0-9a-f]{32}\/[A-Za-z0-9_-]{22}\.png\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/);
    const res = await raw('GET', url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(res.body).toEqual(PNG);
    const head = await raw('HEAD', url);
    expect([head.status, head.body.length, head.headers['content-length']]).toEqual([200, 0, String(PNG.length)]);
  });

  it('refuses the link once it has expired, and any link without a signature', async () => {
    const url = await linkFor(fileId, 60);
    clock.now += 59_000;
    expect((await raw('GET', url)).status).toBe(200);
    clock.now += 1_000;
    const res = await raw('GET', url);
    expect(res.status).toBe(403);
    expect(json(res).error?.code).toBe('UPLOAD.LINK_INVALID');
    expect((await raw('GET', url.replace(/\?.*$/, ''))).status).toBe(403);
  });

  it('refuses a forged signature, a stretched expiry and a signature moved to another file', async () => {
    const url = await linkFor(fileId);
    const sig = /sig=([^&]+)/.exec(url)?.[1] as string;
    const forged = url.replace(/sig=[^&]+/, `sig=${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`);
    expect((await raw('GET', forged)).status).toBe(403);
    const stretched = url.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 86_400}`);
    expect((await raw('GET', stretched)).status).toBe(403);
    const other = json(await upload(JPEG, 'o-photo-other')).data?.fileID as string;
    const moved = url.replace(/^\/files\/[^?]+/, `/files/${other.slice('cloud://local/'.length)}`);
    expect((await raw('GET', moved)).status).toBe(403);
    // A link signed with another secret (another server start) is refused too.
    const stranger = fileLinkSigner('another-secret-0123456789abcdef', () => clock.now);
    expect((await raw('GET', stranger.url(fileId.slice('cloud://local/'.length), 300))).status).toBe(403);
  });

  it('refuses paths that leave the files folder, even with a genuine signature for them', async () => {
    writeFileSync(join(root, 'secret.txt'), 'not for you');
    for (const path of ['../secret.txt', 'feedback/../../secret.txt', '.hidden']) {
      const signed = links.url(path, 300);
      const res = await raw('GET', signed);
      // Refused by the path check (400) or, once the URL parser has folded the dots, found nowhere.
      expect([400, 404]).toContain(res.status);
      expect(res.body.toString()).not.toContain('not for you');
    }
    for (const path of ['/files/..%2fsecret.txt', '/files/feedback/..%2F..%2Fsecret.txt', '/files/%2e%2e/secret.txt', '/files/a%00b.png', '/files//x']) {
      const res = await raw('GET', `${path}?exp=9999999999&sig=x`);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.body.toString()).not.toContain('not for you');
    }
    // An encoded separator survives URL parsing: the path check itself refuses it.
    expect((await raw('GET', links.url('..%2fsecret.txt', 300).replace('..%252f', '..%2f'))).status).toBe(400);
  });

  it('answers 404 for a genuine link to a file that is gone, and serves a non-image only as a download', async () => {
    expect((await raw('GET', links.url('feedback/nothing/here.png', 300))).status).toBe(404);
    mkdirSync(filesDir, { recursive: true });
    writeFileSync(join(filesDir, 'pos-2026-11.csv'), '<html>not a page</html>');
    const res = await raw('GET', links.url('pos-2026-11.csv', 300));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe('attachment');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('file helpers', () => {
  it('sniffs the three image kinds and nothing else', () => {
    expect([JPEG, PNG, WEBP, Buffer.from('RIFF\0\0\0\0WAVE'), Buffer.from('%PDF-1.7')].map((b) => sniffImage(b)?.ext ?? null)).toEqual(['jpg', 'png', 'webp', null, null]);
  });

  it('accepts plain relative paths only', () => {
    expect(safeRelativePath('feedback/ab/x_y-1.png')).toBe('feedback/ab/x_y-1.png');
    for (const bad of ['', '..', 'a/../b', 'a//b', '.env', 'a/%2e%2e', 'a%2fb', '%E0%A4%A', 'a\\b']) expect(safeRelativePath(bad)).toBeNull();
  });
});

describe('assertOwnUploads', () => {
  it('accepts the caller’s own existing uploads and refuses anything else, with the caller’s code', async () => {
    const mine = json(await upload(JPEG, 'o-owner')).data?.fileID as string;
    const theirs = json(await upload(JPEG, 'o-someone')).data?.fileID as string;
    await expect(assertOwnUploads('o-owner', [])).resolves.toBeUndefined();
    await expect(assertOwnUploads('o-owner', [mine])).resolves.toBeUndefined();
    const refused = async (ids: string[], code?: 'CASE.PHOTO_NOT_YOURS') => {
      await expect(assertOwnUploads('o-owner', ids, code)).rejects.toMatchObject({ code: code ?? 'UPLOAD.NOT_YOURS' });
    };
    await refused([mine, theirs]);
    await refused([mine, mine]);
    await refused([mine.replace(/[^/]+$/, 'AAAAAAAAAAAAAAAAAAAAAA.jpg')]);
    await refused([`cloud://local/${uploadFolder('o-owner')}/../../${theirs.slice('cloud://local/'.length)}`]);
    await refused(['https://example.com/a.jpg'], 'CASE.PHOTO_NOT_YOURS');
  });

  it('reads cloud file ids by path, whatever the environment', () => {
    const path = `${uploadFolder('oAbC-123')}/${'x'.repeat(20)}.jpg`;
    expect(ownsUpload('oAbC-123', `cloud://prod-1a2b.7072-prod-1a2b-1300000000/${path}`)).toBe(true);
    expect(ownsUpload('oabc-123', `cloud://prod-1a2b.7072-prod-1a2b-1300000000/${path}`)).toBe(false);
    expect(ownsUpload('oAbC-123', `cloud://prod-1a2b.7072/${path.replace('.jpg', '.svg')}`)).toBe(false);
    expect(ownsUpload('oAbC-123', `cloud://prod-1a2b.7072/${path}/more`)).toBe(false);
    expect(uploadFolder('oAbC-123')).toMatch(/^feedback\/[0-9a-f]{32}$/);
  });
});

describe('the local content check', () => {
  it('checks nothing and says so', async () => {
    // openFreshPalDb installed it.
    expect(await contentCheck().checkText({ openid: 'o', scene: 'comment', content: '任何内容' })).toEqual({ verdict: 'unchecked', label: LOCAL_UNCHECKED });
    expect(await contentCheck().checkImage({ openid: 'o', fileId: 'cloud://local/x.jpg' })).toEqual({ status: 'unchecked', reason: LOCAL_UNCHECKED });
    expect(LOCAL_UNCHECKED).toContain('未检查');
  });
});
