/**
 * The `jobs` function behind the production adapter (wx-server-sdk replaced by a stand-in, as in
 * wxAdapter.test.ts): timer events arrive without an OPENID, a paused run chains itself through
 * `cloud.callFunction`, and the deployable bundle carries the timer trigger.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '../../cloudfunctions/contracts/api';
import type { JobRunResult } from '../../cloudfunctions/jobs/actions';
import { C } from '../../cloudfunctions/services/collections';
import type { LocalDb } from '../../local/clouddb';
import { openFreshPalDb } from '../../local/app';
import { standIn } from './wxSdkStandIn';

type Main = (event: unknown) => Promise<Envelope<unknown>>;

// Every `require('wx-server-sdk')`, from source or from a bundle, gets the stand-in.
jest.mock('wx-server-sdk', () => require('./wxSdkStandIn').sdk, { virtual: true });

let db: LocalDb;

beforeAll(async () => {
  db = await openFreshPalDb(null);
  standIn.db = db;
  const members = ['o-a1', 'o-a2', 'o-a3'].map((id, i) => ({ _id: id, memberNo: `FP0000000${i + 1}`, stats: { firstOrderAt: null, lastOrderAt: null, orderCount: 0, months: {} }, tierState: { tier: 'basic', ruleId: 'basic.default', since: 0, belowSince: null, override: null, lastReviewMonth: null } }));
  await db.importMany(C.members, members);
});
afterAll(() => db.close());

const load = (): Main => (require('../../cloudfunctions/jobs/index') as { main: Main }).main;

it('a run that reaches its time box continues through cloud.callFunction', async () => {
  standIn.openid = undefined;
  const res = (await load()({ action: 'run', payload: { job: 'reviewTiers', runKey: 'adapter', pageSize: 2, budgetMs: 0 } })) as Envelope<JobRunResult>;
  expect(res).toMatchObject({ ok: true, data: { status: 'paused', chained: true, run: { processed: 2 } } });
  expect(standIn.invoked).toEqual([{ name: 'jobs', data: { action: 'run', payload: { job: 'reviewTiers', runKey: 'adapter', pageSize: 2, budgetMs: 0 } } }]);
  const next = (await load()(standIn.invoked[0]?.data)) as Envelope<JobRunResult>;
  expect(next).toMatchObject({ ok: true, data: { status: 'done', chained: false, run: { processed: 3, invocations: 2 } } });
});

it('timer events run without an OPENID; a customer cannot start a job', async () => {
  standIn.openid = undefined;
  expect(await load()({ Type: 'Timer', TriggerName: 'reconcileBalances', Time: '2026-11-25T20:00:00Z' })).toMatchObject({ ok: true, data: { status: 'done' } });
  standIn.openid = 'o-a1';
  expect(await load()({ Type: 'Timer', TriggerName: 'reconcileBalances' })).toMatchObject({ ok: false });
  expect(await load()({ action: 'run', payload: { job: 'reconcileBalances', runKey: 'customer' } })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
});

it('the deployable bundle answers a timer event and ships the trigger', async () => {
  const dir = join(__dirname, '../../dist-cloudfunctions/jobs');
  if (!existsSync(join(dir, 'index.js'))) throw new Error(`${dir}/index.js is missing: run \`npm run build:functions\` first`);
  expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(__dirname, '../../cloudfunctions/jobs/config.json'), 'utf8')));
  standIn.openid = undefined;
  const { main } = require(join(dir, 'index.js')) as { main: Main };
  expect(await main({ Type: 'Timer', TriggerName: 'reviewTiers' })).toMatchObject({ ok: true, data: { status: expect.stringMatching(/^(done|alreadyDone)$/) } });
});
