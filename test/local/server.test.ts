/**
 * The local cloud over HTTP: bad input of every kind gets the envelope with ok:false, a stable code
 * and a 4xx status, writes nothing, and the server keeps serving.
 */
import { existsSync as exists, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { ERRORS, type ServerErrorCode } from '../../cloudfunctions/contracts/errors';
import { C } from '../../cloudfunctions/services/collections';
import type { LocalDb } from '../../local/clouddb';
import { listen, localFileStorage, openFreshPalDb, type LocalCloudHandle } from '../../local/app';
import { MAX_BODY_BYTES, MAX_UPLOAD_BYTES } from '../../local/server';

let db: LocalDb;
let cloud: LocalCloudHandle;

beforeAll(async () => {
  db = await openFreshPalDb(null);
  cloud = await listen(db, { port: 0, staticDir: null, quiet: true });
});
afterAll(async () => {
  await cloud.close();
  await db.close();
});

function post(path: string, body: string | Buffer, headers: Record<string, string> = { 'X-Dev-Openid': 'o-http' }): Promise<{ status: number; json: { ok: boolean; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cloud.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const memberCount = async () => (await db.collection(C.members).count()).total;

describe('POST /cloud/<function>', () => {
  it('serves a valid call with the envelope', async () => {
    const res = await post('/cloud/member', JSON.stringify({ action: 'getCard' }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, data: { memberNo: 'FP00000001', tier: { id: 'basic' } } });
  });

  it.each([
    ['unknown function', 404, 'REQUEST.UNKNOWN_FUNCTION', '/cloud/nope', JSON.stringify({ action: 'getCard' })],
    ['unknown action', 400, 'REQUEST.UNKNOWN_ACTION', '/cloud/member', JSON.stringify({ action: 'deleteEverything' })],
    ['malformed JSON', 400, 'REQUEST.MALFORMED_JSON', '/cloud/member', '{"action": "getCard"'],
    ['a JSON array', 400, 'REQUEST.INVALID', '/cloud/member', '[1,2]'],
    ['wrong types', 400, 'REQUEST.INVALID', '/cloud/member', JSON.stringify({ action: ['getCard'] })],
    ['extra keys', 400, 'REQUEST.INVALID', '/cloud/member', JSON.stringify({ action: 'getCard', payload: {}, role: 'manager' })],
    ['a body over 64 KB', 413, 'REQUEST.TOO_LARGE', '/cloud/member', JSON.stringify({ action: 'getCard', payload: { pad: 'x'.repeat(MAX_BODY_BYTES) } })],
  ])('%s → %d %s, nothing written', async (_label, status, code, path, body) => {
    const before = await memberCount();
    const res = await post(path, body, { 'X-Dev-Openid': 'o-bad-input' });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ ok: false, error: { code } });
    expect(await memberCount()).toBe(before);
    expect((await db.collection(C.members).where({ _id: 'o-bad-input' }).count()).total).toBe(0);
  });

  it('refuses a call without a caller identity', async () => {
    const res = await post('/cloud/member', JSON.stringify({ action: 'getCard' }), {});
    expect(res.status).toBe(401);
    expect(res.json.error?.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('keeps serving after a burst of bad requests', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => post('/cloud/member', i % 2 ? '{oops' : 'x'.repeat(MAX_BODY_BYTES + 10))));
    const res = await post('/cloud/member', JSON.stringify({ action: 'getCard' }));
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(true);
  });
});

describe('HTTP status from the error registry', () => {
  beforeAll(async () => {
    await db.collection(C.staff).doc('o-http-staff').set({ data: { role: 'staff', name: '状态测试', active: true } });
  });
  const call = (openid: string, fn: string, action: string, payload: unknown) => post(`/cloud/${fn}`, JSON.stringify({ action, payload }), { 'X-Dev-Openid': openid });

  it.each<[string, ServerErrorCode, () => Promise<{ status: number; json: { ok: boolean; error?: { code: string } } }>]>([
    ['a customer calling a staff action', 'AUTH.FORBIDDEN', () => call('o-http', 'staff', 'getMember', { memberNo: 'FP00000001' })],
    ['an unknown member', 'MEMBER.NOT_FOUND', () => call('o-http-staff', 'staff', 'getMember', { memberNo: 'FP09999999' })],
    ['an override too far ahead', 'TIER.OVERRIDE_TOO_LONG', () => call('o-http-staff', 'staff', 'overrideTier', { memberNo: 'FP00000001', tier: 'core', until: '2099-12-31', reason: '测试', requestId: 'http-000001' })],
    ['an impossible date', 'REQUEST.INVALID', () => call('o-http-staff', 'staff', 'overrideTier', { memberNo: 'FP00000001', tier: 'core', until: '2027-02-30', reason: '测试', requestId: 'http-000002' })],
    ['a redemption without points', 'POINTS.INSUFFICIENT_BALANCE', () => call('o-http', 'points', 'redeemCoupon', { templateId: 'pts-100-10', requestId: 'http-000003' })],
  ])('%s: %s with the status the registry gives it', async (_label, code, send) => {
    const res = await send();
    expect(res.json).toMatchObject({ ok: false, error: { code } });
    expect(res.status).toBe(ERRORS[code].httpStatus);
  });

  it('a reused request id answers 409 REQUEST.ID_REUSED', async () => {
    const payload = { memberNo: 'FP00000001', delta: 5, reason: '测试', requestId: 'http-000004' };
    expect((await call('o-http-staff', 'staff', 'adjustPoints', payload)).status).toBe(200);
    const res = await call('o-http-staff', 'staff', 'adjustPoints', { ...payload, delta: 6 });
    expect([res.status, res.json.error?.code]).toEqual([409, 'REQUEST.ID_REUSED']);
  });

  it('every server code has an error status, and no client code has one', () => {
    for (const [code, { httpStatus }] of Object.entries(ERRORS)) {
      if (code.startsWith('CLIENT.')) expect({ code, httpStatus }).toEqual({ code, httpStatus: null });
      else expect({ code, ok: typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 600 }).toEqual({ code, ok: true });
    }
  });
});

describe('GET /dev/identities', () => {
  it('lists a demo customer of each tier, a group leader and staff', async () => {
    const res = await fetch(`${cloud.url}/dev/identities`);
    const body = (await res.json()) as { ok: boolean; data: { role: string; tier: string | null; kind: string | null }[] };
    expect(body.ok).toBe(true);
    const tiers = body.data.filter((d) => d.role === 'customer').map((d) => d.tier);
    expect(new Set(tiers)).toEqual(new Set(['basic', 'potential', 'core', 'strategic']));
    expect(body.data.some((d) => d.kind === 'group_leader')).toBe(true);
    expect(body.data.some((d) => d.role === 'staff')).toBe(true);
  });
});

describe('POST /files (local stand-in for cloud uploads)', () => {
  let filesRoot: string;
  let up: LocalCloudHandle;

  beforeAll(async () => {
    filesRoot = joinPath(mkdtempSync(joinPath(tmpdir(), 'freshpal-files-')), 'files');
    up = await listen(db, { port: 0, staticDir: null, quiet: true, filesDir: filesRoot });
    await db.collection(C.staff).doc('o-up-manager').set({ data: { role: 'manager', name: '王店长', active: true } });
    await db.collection(C.staff).doc('o-up-staff').set({ data: { role: 'staff', name: '李小鲜', active: true } });
  });
  afterAll(async () => {
    await up.close();
    rmSync(joinPath(filesRoot, '..'), { recursive: true, force: true });
  });

  function upload(query: string, body: Buffer | string, openid: string | null): Promise<{ status: number; json: { ok: boolean; data?: { fileID: string; size: number }; error?: { code: string } } }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': 'text/csv' };
      if (openid) headers['X-Dev-Openid'] = openid;
      const req = request(`${up.url}/files${query}`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('stores a manager upload under the data folder and answers a fileID the storage adapter reads back', async () => {
    // Larger than the 64 KB limit of function calls: the upload has its own.
    const csv = '外部单号,手机号,时间,金额\n' + 'POS-1,13800000000,2026-11-20 10:00,12.50\n'.repeat(3000);
    const res = await upload('?name=pos-2026-11.csv', csv, 'o-up-manager');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, data: { fileID: 'cloud://local/pos-2026-11.csv', size: Buffer.byteLength(csv) } });
    expect(readFileSync(joinPath(filesRoot, 'pos-2026-11.csv'), 'utf8')).toBe(csv);
    expect((await localFileStorage(filesRoot).download('cloud://local/pos-2026-11.csv')).toString('utf8')).toBe(csv);
  });

  it.each([
    ['no identity', null, '?name=a.csv', 401, 'AUTH.UNAUTHENTICATED'],
    ['a clerk', 'o-up-staff', '?name=a.csv', 403, 'AUTH.FORBIDDEN'],
    ['a customer', 'o-up-customer', '?name=a.csv', 403, 'AUTH.FORBIDDEN'],
    ['a path in the name', 'o-up-manager', `?name=${encodeURIComponent('../escape.csv')}`, 400, 'REQUEST.INVALID'],
    ['a folder in the name', 'o-up-manager', `?name=${encodeURIComponent('a/b.csv')}`, 400, 'REQUEST.INVALID'],
    ['no name', 'o-up-manager', '', 400, 'REQUEST.INVALID'],
  ])('refuses %s and writes nothing', async (_label, openid, query, status, code) => {
    const res = await upload(query, 'x,y\n1,2\n', openid);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ ok: false, error: { code } });
    expect(exists(joinPath(filesRoot, 'a.csv'))).toBe(false);
    expect(exists(joinPath(filesRoot, '..', 'escape.csv'))).toBe(false);
  });

  it('refuses a file over 20 MB and keeps serving', async () => {
    const res = await upload('?name=big.csv', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x61), 'o-up-manager');
    expect(res.status).toBe(413);
    expect(res.json.error?.code).toBe('REQUEST.TOO_LARGE');
    expect(exists(joinPath(filesRoot, 'big.csv'))).toBe(false);
    expect((await upload('?name=small.csv', 'a\n', 'o-up-manager')).status).toBe(200);
  });

  it('refuses uploads when the server has no files folder', async () => {
    await db.collection(C.staff).doc('o-http-manager').set({ data: { role: 'manager', name: '店长', active: true } });
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(`${cloud.url}/files?name=a.csv`, { method: 'POST', headers: { 'X-Dev-Openid': 'o-http-manager' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('a\n');
    });
    expect(res).toBe(503);
  });
});
