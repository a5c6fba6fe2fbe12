/**
 * The batch jobs through the local runtime: settle, expire, review and reconcile do their work once,
 * rerunning them changes nothing, and a run killed part-way then run again with the same run key
 * ends in exactly the state one uninterrupted run leaves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRunResult, JobRunView } from '../../cloudfunctions/jobs/actions';
import { jobsFunction } from '../../cloudfunctions/jobs/actions';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { dispatch, type Runtime } from '../../cloudfunctions/runtime/router';
import { lookupStaff } from '../../cloudfunctions/runtime/staff';
import { C } from '../../cloudfunctions/services/collections';
import { jobsDueAt, runJob, SCHEDULE, TICK_CRON, TICK_TRIGGER, type JobName, type JobRunDoc } from '../../cloudfunctions/services/jobs';
import type { AccountDoc, MemberDoc } from '../../cloudfunctions/services/members';
import { DEV_CODE_SECRET } from '../../local/app';
import { addStaff, completedOrder } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const DAY = 86_400_000;
/** 03:00 on 1 January 2027 in Shanghai: the day 2025's points expire and a monthly review runs. */
const NEW_YEAR_0300 = Date.parse('2027-01-01T03:00:00+08:00');

const harnesses: Harness[] = [];
async function harness(start: number): Promise<Harness> {
  const h = await createHarness(start);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

/** Places and completes an order with a given id. */
async function order(h: Harness, memberId: string, id: string, paidFen: number): Promise<void> {
  await completedOrder(h, memberId, paidFen, id);
}

const run = (h: Harness, job: JobName, payload: Record<string, unknown> = {}) => h.ok<JobRunResult>('jobs', null, 'run', { job, ...payload });
const account = async (h: Harness, id: string) => (await h.db.collection(C.pointsAccounts).doc(id).get()).data as unknown as AccountDoc;
const member = async (h: Harness, id: string) => (await h.db.collection(C.members).doc(id).get()).data as unknown as MemberDoc;
const movementsOf = async (h: Harness, id: string) => (await h.db.collection(C.pointsMovements).where({ memberId: id }).orderBy('_id', 'asc').get()).data;

/** Rewrites a whole document (update() merges objects and cannot turn null into one). */
async function patch<T extends object>(h: Harness, collection: string, id: string, change: (doc: T) => T): Promise<void> {
  const { _id: _ignored, ...doc } = (await h.db.collection(collection).doc(id).get()).data;
  await h.db.collection(collection).doc(id).set({ data: change(doc as T) as unknown as Record<string, unknown> });
}

/** Everything but the jobs' own bookkeeping. */
async function state(h: Harness): Promise<Record<string, unknown[]>> {
  const { [C.jobRuns]: _runs, ...rest } = await snapshot(h.db);
  return rest;
}

describe('settlePoints', () => {
  it('makes pending points available 7 days after the order; a second run changes nothing', async () => {
    const h = await harness(Date.parse('2026-03-10T02:00:00Z'));
    await h.ok('member', 'o-settle', 'getCard');
    await order(h, 'o-settle', 'S-0001', 123_45);
    const earned = (await account(h, 'o-settle')).pending;
    expect(earned).toBeGreaterThan(0);

    h.clock.now += 7 * DAY - 1;
    expect((await run(h, 'settlePoints')).run).toMatchObject({ done: true, processed: 0, changed: 0 });
    expect(await account(h, 'o-settle')).toMatchObject({ available: 0, pending: earned });

    h.clock.now += 1;
    const first = await run(h, 'settlePoints', { runKey: 'first' });
    expect(first).toMatchObject({ status: 'done', chained: false, run: { processed: 1, changed: 1, counts: { settled: 1, pointsSettled: earned } } });
    expect(await account(h, 'o-settle')).toMatchObject({ available: earned, pending: 0, pendingLots: [] });
    expect((await movementsOf(h, 'o-settle')).map((m) => m._id)).toEqual(['o-settle:earn:S-0001', 'o-settle:settle:S-0001']);

    const before = await state(h);
    expect(await run(h, 'settlePoints', { runKey: 'first' })).toMatchObject({ status: 'alreadyDone', run: { processed: 1 } });
    h.clock.now += DAY;
    expect((await run(h, 'settlePoints', { runKey: 'second' })).run).toMatchObject({ done: true, processed: 0, changed: 0 });
    expect(await state(h)).toEqual(before);
  });
});

describe('a document the job cannot process', () => {
  it('is counted and sampled while the rest of the run goes on', async () => {
    const h = await harness(Date.parse('2026-03-10T02:00:00Z'));
    for (const id of ['o-bad', 'o-good']) {
      await h.ok('member', id, 'getCard');
      await order(h, id, `B-${id}`, 500_00);
    }
    await patch<AccountDoc>(h, C.pointsAccounts, 'o-bad', (a) => ({ ...a, pendingLots: 'broken' as unknown as AccountDoc['pendingLots'] }));
    h.clock.now += 8 * DAY;
    const result = await run(h, 'settlePoints');
    expect(result.run).toMatchObject({ done: true, processed: 2, changed: 1, counts: { settled: 1, failed: 1 } });
    expect(result.run.samples).toEqual([expect.objectContaining({ id: 'o-bad', kind: 'failed', problems: [expect.stringContaining('JOBS.BAD_DOCUMENT')] })]);
    expect(await account(h, 'o-good')).toMatchObject({ available: 500, pending: 0 });
  });
});

describe('expirePoints', () => {
  it("expires 2025's unspent points at 2027-01-01 00:00 Shanghai, never the spent ones", async () => {
    const h = await harness(Date.parse('2025-06-10T02:00:00Z'));
    await h.ok('member', 'o-exp', 'getCard');
    await order(h, 'o-exp', 'E-2025', 2_000_00);
    h.clock.now += 8 * DAY;
    await h.ok('points', 'o-exp', 'redeemCoupon', { templateId: 'pts-100-10', requestId: 'exp-redeem-0001' });
    const after2025 = await account(h, 'o-exp');
    expect(after2025).toMatchObject({ available: 2000 - 500, lots: [{ id: '2026-12-31', remaining: 1500 }] });

    h.clock.now = Date.parse('2026-05-01T02:00:00Z');
    await order(h, 'o-exp', 'E-2026', 300_00);
    const earned2026 = (await account(h, 'o-exp')).pending;

    h.clock.now = Date.parse('2026-12-31T15:59:59Z'); // 23:59:59 on 31 December in Shanghai
    const lastSecond = await run(h, 'expirePoints');
    expect(lastSecond.run.counts.expired ?? 0).toBe(0);
    expect(await account(h, 'o-exp')).toMatchObject({ available: 1500 + earned2026, pending: 0 });

    h.clock.now = Date.parse('2026-12-31T16:00:00Z'); // 00:00:00 on 1 January 2027 in Shanghai
    const midnight = await run(h, 'expirePoints');
    expect(midnight.run).toMatchObject({ runKey: '2027-01-01', processed: 1, changed: 1, counts: { expired: 1, pointsExpired: 1500 } });
    expect(await account(h, 'o-exp')).toMatchObject({ available: earned2026, lots: [{ id: '2027-12-31', remaining: earned2026 }] });
    expect((await h.db.collection(C.pointsMovements).doc('o-exp:expire:2026-12-31').get()).data).toMatchObject({ type: 'expire', availableDelta: -1500 });

    const before = await state(h);
    expect((await run(h, 'expirePoints', { runKey: 'again' })).run).toMatchObject({ processed: 0, changed: 0 });
    expect(await state(h)).toEqual(before);
  });
});

describe('reviewTiers', () => {
  it('downgrades after 3 consecutive monthly reviews below the tier; rerunning a month changes nothing', async () => {
    const h = await harness(Date.parse('2026-01-15T02:00:00Z'));
    await h.ok('member', 'o-tier', 'getCard');
    await order(h, 'o-tier', 'R-0001', 60_000_00);
    expect((await member(h, 'o-tier')).tierState.tier).toBe('potential');

    const review = async (month: string) => {
      h.clock.now = Date.parse(`${month}-01T03:00:00+08:00`);
      const result = await run(h, 'reviewTiers');
      expect(result.run).toMatchObject({ runKey: month, done: true, processed: 1 });
      return (await member(h, 'o-tier')).tierState;
    };
    expect(await review('2026-12')).toMatchObject({ tier: 'potential', belowSince: null, lastReviewMonth: '2026-12' });
    expect(await review('2027-01')).toMatchObject({ tier: 'potential', belowSince: '2027-01' });
    expect(await review('2027-02')).toMatchObject({ tier: 'potential', belowSince: '2027-01' });
    expect(await review('2027-03')).toMatchObject({ tier: 'basic', belowSince: null, lastReviewMonth: '2027-03' });
    expect((await h.db.collection(C.tierHistory).doc('o-tier:review:2027-03:0').get()).data).toMatchObject({ kind: 'downgrade', from: 'potential', to: 'basic', by: null });

    const before = await state(h);
    h.clock.now += 5 * DAY;
    expect(await run(h, 'reviewTiers')).toMatchObject({ status: 'alreadyDone' });
    expect((await run(h, 'reviewTiers', { runKey: 'rerun-2027-03' })).run).toMatchObject({ processed: 1, changed: 0 });
    expect(await state(h)).toEqual(before);
  });
});

describe('reconcileBalances', () => {
  it('finds nothing on a clean ledger, then reports a tampered balance and orphan movements without touching them', async () => {
    const h = await harness(Date.parse('2026-03-10T02:00:00Z'));
    for (const [i, id] of ['o-r1', 'o-r2', 'o-r3'].entries()) {
      await h.ok('member', id, 'getCard');
      await order(h, id, `C-${i}`, (i + 1) * 700_00);
    }
    h.clock.now += 8 * DAY;
    await h.ok('points', 'o-r2', 'redeemCoupon', { templateId: 'pts-eggs', requestId: 'rec-redeem-01' });
    await run(h, 'settlePoints');

    const clean = await run(h, 'reconcileBalances', { runKey: 'clean', pageSize: 2 });
    expect(clean.run).toMatchObject({ done: true, processed: 3, changed: 0, samples: [] });
    expect(clean.run.counts).toEqual({ accounts: 3, movements: 7 });

    await h.db.collection(C.pointsAccounts).doc('o-r2').update({ data: { available: h.db.command.inc(7) } });
    await h.db.collection(C.pointsMovements).doc('o-r9:adjust:ghost').set({ data: { memberId: 'o-r9', key: 'adjust:ghost', type: 'adjust', at: h.clock.now, availableDelta: 5, pendingDelta: 0, owedDelta: 0, source: { kind: 'staff', id: 'x' }, reason: '无账户的流水' } });
    const tamperedAccount = await account(h, 'o-r2');
    const dirty = await run(h, 'reconcileBalances', { runKey: 'tampered', pageSize: 2 });
    expect(dirty.run.counts).toMatchObject({ accounts: 3, movements: 8, mismatches: 1, orphans: 1 });
    expect(dirty.run.samples).toEqual([
      expect.objectContaining({ id: 'o-r2', kind: 'mismatch', problems: expect.arrayContaining([expect.stringMatching(/^available: movements say \d+, account says \d+$/)]) }),
      expect.objectContaining({ id: 'o-r9', kind: 'orphan' }),
    ]);
    expect(await account(h, 'o-r2')).toEqual(tamperedAccount);
    await addStaff(h, 'o-boss', 'manager');
    expect(await h.ok<JobRunView>('jobs', 'o-boss', 'status', { job: 'reconcileBalances', runKey: 'tampered' })).toMatchObject({ done: true, counts: { mismatches: 1 } });
  });
});

/**
 * A small world where every job has work spread over several pages of 2: pending 2025 points that
 * settle and expire at the new year, members above their tier, an override that has ended, a member
 * due an upgrade, a tampered balance and an orphan movement.
 */
async function buildWorld(h: Harness): Promise<void> {
  for (let n = 1; n <= 7; n += 1) {
    await h.ok('member', `o-k${n}`, 'getCard');
    await order(h, `o-k${n}`, `K-${n}`, n * 10_000_00);
  }
  h.clock.now = Date.parse('2026-12-10T02:00:00Z');
  await order(h, 'o-k2', 'K-2b', 60_000_00);
  await order(h, 'o-k3', 'K-3b', 5_000_00);
  const _ = h.db.command;
  await h.db.collection(C.members).doc('o-k2').update({ data: { tierState: { tier: 'basic', ruleId: 'basic.default' } } });
  const override = { tier: 'core' as const, until: '2026-12-20', reason: '测试', by: 'o-staff', at: h.clock.now };
  await patch<MemberDoc>(h, C.members, 'o-k4', (m) => ({ ...m, tierState: { ...m.tierState, override } }));
  await h.db.collection(C.pointsAccounts).doc('o-k3').update({ data: { available: _.inc(3) } });
  await h.db.collection(C.pointsMovements).doc('o-k35:adjust:ghost').set({ data: { memberId: 'o-k35', key: 'adjust:ghost', type: 'adjust', at: h.clock.now, availableDelta: 5, pendingDelta: 0, owedDelta: 0, source: { kind: 'staff', id: 'x' }, reason: '无账户的流水' } });
  h.clock.now = NEW_YEAR_0300;
}

const JOBS_UNDER_TEST: JobName[] = ['settlePoints', 'expirePoints', 'reviewTiers', 'reconcileBalances'];

describe('killed part-way and run again with the same run key', () => {
  it.each(JOBS_UNDER_TEST)('%s ends exactly as one uninterrupted run', async (job) => {
    const clean = await harness(Date.parse('2025-06-10T02:00:00Z'));
    await buildWorld(clean);
    const before = await state(clean);
    const once = await runJob(clean.db, job, { now: clean.clock.now, runKey: 'k', pageSize: 2 });
    expect(once).toMatchObject({ status: 'done', run: { processed: expect.any(Number) } });
    const expected = await state(clean);
    if (job !== 'reconcileBalances') expect(expected).not.toEqual(before); // the job had work to do

    // Killed in the middle of its second page: that page's writes are made, its checkpoint is not.
    const crashed = await harness(Date.parse('2025-06-10T02:00:00Z'));
    await buildWorld(crashed);
    const kill = { afterPageWork: ({ pages }: { pages: number }) => { if (pages === 2) throw new Error('killed'); } };
    await expect(runJob(crashed.db, job, { now: crashed.clock.now, runKey: 'k', pageSize: 2, hooks: kill })).rejects.toThrow('killed');
    expect((await crashed.db.collection(C.jobRuns).doc(`${job}:k`).get()).data).toMatchObject({ done: false, pages: 1, lease: null });
    crashed.clock.now += 3_600_000; // resumed an hour later: the run keeps its own instant
    const resumed = await runJob(crashed.db, job, { now: crashed.clock.now, runKey: 'k', pageSize: 2 });
    expect(resumed).toMatchObject({ status: 'done', run: { invocations: 2, asOf: NEW_YEAR_0300 } });
    // Accounts the killed page already brought current are no longer due, so they are not counted again.
    if (job === 'reviewTiers' || job === 'reconcileBalances') expect(resumed.run.processed).toBe(once.run.processed);
    expect(await state(crashed)).toEqual(expected);

    // Time-boxed to one page per invocation and the chain never started: rerunning continues it.
    const stopped = await harness(Date.parse('2025-06-10T02:00:00Z'));
    await buildWorld(stopped);
    let result = await run(stopped, job, { runKey: 'k', pageSize: 2, budgetMs: 0 });
    expect(result).toMatchObject({ status: 'paused', chained: true, thisInvocation: { pages: 1 } });
    let invocations = 1;
    while (result.status === 'paused') {
      result = await run(stopped, job, { runKey: 'k', pageSize: 2, budgetMs: 0 });
      invocations += 1;
    }
    expect(result.run).toMatchObject({ processed: once.run.processed, changed: once.run.changed, invocations });
    expect(invocations).toBeGreaterThan(2);
    expect(await state(stopped)).toEqual(expected);

    if (job === 'reconcileBalances') {
      expect(once.run.counts).toMatchObject({ mismatches: 1, orphans: 1 });
      for (const r of [resumed.run, result.run]) {
        expect(r.counts).toEqual(once.run.counts);
        expect(r.samples).toEqual(once.run.samples);
      }
    }
  });
});

describe('chaining, leases and timers', () => {
  it('a paused run chains itself through jobs.run until it is done', async () => {
    const h = await harness(Date.parse('2025-06-10T02:00:00Z'));
    await buildWorld(h);
    const queue: Record<string, unknown>[] = [];
    const runtime: Runtime = { db: h.db, now: h.clock.now, ...hmacSigner(DEV_CODE_SECRET), invoke: async (fn, event) => void queue.push({ fn, ...event }), log: () => undefined };
    const first = await dispatch(jobsFunction, { action: 'run', payload: { job: 'reviewTiers', pageSize: 3, budgetMs: 0 } }, null, runtime, lookupStaff);
    expect(first).toMatchObject({ ok: true, data: { status: 'paused', chained: true } });
    let invocations = 1;
    for (let event = queue.shift(); event; event = queue.shift()) {
      expect(event).toEqual({ fn: 'jobs', action: 'run', payload: { job: 'reviewTiers', runKey: '2027-01', pageSize: 3, budgetMs: 0 } });
      const { fn: _fn, ...rest } = event;
      await dispatch(jobsFunction, rest, null, runtime, lookupStaff);
      invocations += 1;
    }
    expect(invocations).toBe(3); // 7 members, 3 per page
    expect((await h.db.collection(C.jobRuns).doc('reviewTiers:2027-01').get()).data).toMatchObject({ done: true, processed: 7, invocations: 3, pages: 3, lease: null });
  });

  it('leaves a run held by a live invocation alone and takes it over once the lease has lapsed', async () => {
    const h = await harness(Date.parse('2026-03-10T02:00:00Z'));
    await h.ok('member', 'o-lease', 'getCard');
    const first = await runJob(h.db, 'reviewTiers', { now: h.clock.now, runKey: 'lease', pageSize: 1, budgetMs: 0 });
    expect(first.status).toBe('paused');
    await patch<JobRunDoc>(h, C.jobRuns, 'reviewTiers:lease', (r) => ({ ...r, lease: { by: 'someone-else', until: h.clock.now + 60_000 } }));
    expect((await runJob(h.db, 'reviewTiers', { now: h.clock.now + 59_999, runKey: 'lease' })).status).toBe('busy');
    expect((await runJob(h.db, 'reviewTiers', { now: h.clock.now + 60_000, runKey: 'lease' })).status).toBe('done');
  });

  it('a finished run answers from its checkpoint with a single read', async () => {
    const h = await harness(Date.parse('2026-03-10T02:00:00Z'));
    await run(h, 'reconcileBalances');
    const reads = h.db.stats.reads;
    expect(await run(h, 'reconcileBalances')).toMatchObject({ status: 'alreadyDone', chained: false });
    expect(h.db.stats.reads - reads).toBeLessThanOrEqual(2); // the run document (and, if its cache lapsed, the config)
  });

  it('the tick runs every job whose time has come, in order, and a finished one costs nothing', async () => {
    const h = await harness(Date.parse('2025-06-10T02:00:00Z'));
    await buildWorld(h);
    h.clock.now = Date.parse('2027-01-01T02:00:05+08:00');
    const at0200 = await h.call<JobRunResult[]>('jobs', null, { Type: 'Timer', TriggerName: TICK_TRIGGER });
    expect(at0200.ok && at0200.data.map((r) => [r.run.job, r.status])).toEqual([['settlePoints', 'done']]);
    h.clock.now = Date.parse('2027-01-01T03:00:02+08:00');
    const at0300 = await h.call<JobRunResult[]>('jobs', null, { Type: 'Timer', TriggerName: TICK_TRIGGER });
    expect(at0300.ok && at0300.data.map((r) => [r.run.job, r.status, r.run.runKey])).toEqual([
      ['settlePoints', 'alreadyDone', '2027-01-01'],
      ['expirePoints', 'done', '2027-01-01'],
      ['reviewTiers', 'done', '2027-01'],
    ]);
    // Settling at 02:00 already expired what was due, so the 02:30 pass had nothing left.
    expect(at0300.ok && at0300.data[1]?.run).toMatchObject({ processed: 0 });
    const named = await h.call<JobRunResult>('jobs', null, { Type: 'Timer', TriggerName: 'reconcileBalances' });
    expect(named).toMatchObject({ ok: true, data: { status: 'done', run: { counts: { mismatches: 1, orphans: 1 } } } });
  });

  it('schedules settle 02:00, expire 02:30, review 03:00, reconcile 04:00 (Shanghai) from one WeChat timer trigger', () => {
    const at = (hhmm: string) => jobsDueAt(Date.parse(`2027-02-01T${hhmm}:00+08:00`));
    expect(at('01:59')).toEqual([]);
    expect(at('02:00')).toEqual(['settlePoints']);
    expect(at('02:29')).toEqual(['settlePoints']);
    expect(at('02:30')).toEqual(['settlePoints', 'expirePoints']);
    expect(at('03:00')).toEqual(['settlePoints', 'expirePoints', 'reviewTiers']);
    expect(at('04:00')).toEqual(['settlePoints', 'expirePoints', 'reviewTiers', 'reconcileBalances']);
    const config = JSON.parse(readFileSync(join(__dirname, '../../cloudfunctions/jobs/config.json'), 'utf8')) as { triggers: { name: string; type: string; config: string }[] };
    // WeChat allows a single timer trigger per cloud function.
    expect(config.triggers).toEqual([{ name: TICK_TRIGGER, type: 'timer', config: TICK_CRON }]);
    const [sec, min, hour, ...rest] = TICK_CRON.split(' ');
    expect([sec, rest]).toEqual(['0', ['*', '*', '*', '*']]);
    const minutes = (min as string).split(',').map(Number);
    const [h0, h1] = (hour as string).split('-').map(Number) as [number, number];
    for (const e of SCHEDULE) {
      const [hh, mm] = e.at.split(':').map(Number) as [number, number];
      expect({ job: e.job, fires: hh >= h0 && hh <= h1 && minutes.includes(mm) }).toEqual({ job: e.job, fires: true });
    }
    for (const name of [TICK_TRIGGER, ...SCHEDULE.map((e) => e.job)]) expect(typeof jobsFunction.timers?.[name]).toBe('function');
  });
});
