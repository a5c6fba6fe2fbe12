/**
 * The production adapter and the deployable bundles, with wx-server-sdk replaced by a stand-in whose
 * `database()` is the embedded engine (the real SDK cannot work offline). Identity must come from
 * `getWXContext()` only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope, MemberCardView } from '../../cloudfunctions/contracts/api';
import type { LocalDb } from '../../local/clouddb';
import { openFreshPalDb } from '../../local/app';
import { standIn } from './wxSdkStandIn';

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>;

// Every `require('wx-server-sdk')`, from source or from a bundle, gets the stand-in.
jest.mock('wx-server-sdk', () => require('./wxSdkStandIn').sdk, { virtual: true });

let db: LocalDb;

beforeAll(async () => {
  db = await openFreshPalDb(null);
  standIn.db = db;
  process.env.FRESHPAL_CODE_SECRET = 'test-secret-for-member-codes';
});
afterAll(() => db.close());

describe('createCloudMain (source)', () => {
  const load = (): Main => (require('../../cloudfunctions/member/index') as { main: Main }).main;

  it('serves the caller named by the WeChat context', async () => {
    standIn.openid = 'o-wx-1';
    const res = (await load()({ action: 'getCard', userInfo: { openId: 'o-wx-1', appId: 'wx' } })) as Envelope<MemberCardView>;
    expect(res).toMatchObject({ ok: true, data: { tier: { id: 'basic' } } });
    expect((await db.collection('members').doc('o-wx-1').get()).data).toBeTruthy();
  });

  it('refuses a client call without an OPENID', async () => {
    standIn.openid = undefined;
    expect(await load()({ action: 'getCard' })).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('signs member codes with the secret from the environment', async () => {
    standIn.openid = 'o-wx-1';
    const res = (await load()({ action: 'getCode' })) as Envelope<{ token: string }>;
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.data.token).toMatch(/^FP1\.FP\d{8}\.\d+\.[A-Za-z0-9_-]{22}$/);
  });
});

describe('the deployable bundles', () => {
  const OUT = join(__dirname, '../../dist-cloudfunctions');

  it.each(['member', 'points', 'staff'])('%s is a self-contained folder with wx-server-sdk pinned and external', (name) => {
    const dir = join(OUT, name);
    if (!existsSync(join(dir, 'index.js'))) throw new Error(`${dir}/index.js is missing: run \`npm run build:functions\` first`);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ main: 'index.js', dependencies: { 'wx-server-sdk': '4.0.2' } });
    expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(code).toContain('require("wx-server-sdk")');
    expect(code).not.toMatch(/X-Dev-Openid|x-dev-openid|@seald-io\/nedb/);
  });

  it('the bundled member function answers a real event', async () => {
    standIn.openid = 'o-wx-bundle';
    const { main } = require(join(OUT, 'member', 'index.js')) as { main: Main };
    expect(await main({ action: 'getCard' })).toMatchObject({ ok: true, data: { memberNo: expect.stringMatching(/^FP\d{8}$/) } });
    expect(await main({ action: 'getCard', payload: { openid: 'o-wx-1' } })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });
});
