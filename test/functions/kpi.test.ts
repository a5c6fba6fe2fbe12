/**
 * The KPI rollup job and the `kpi` function through the local runtime: the job's documents on a
 * small hand-checked world, a rerun that changes nothing, a run killed part-way and resumed that
 * ends exactly like an uninterrupted one, the screen in one call of at most 3 reads, the CSV, and
 * manager-only access.
 */
import type { JobRunResult } from '../../cloudfunctions/jobs/actions';
import { C } from '../../cloudfunctions/services/collections';
import { runJob } from '../../cloudfunctions/services/jobs';
import { rollupOf, type KpiDayDoc } from '../../cloudfunctions/services/jobs/kpiDaily';
import type { KpiCsv, KpiSummaryView } from '../../cloudfunctions/services/kpi';
import { addStaff, completedOrder, deliveredOrder } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const RUN_AT = at('2026-12-02T04:30:00');

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

/**
 * a: joins 2026-10-05, orders 10-05 (¥100), 11-03 (¥50), 11-20 (¥30): active both months, repeat in 11.
 * b: joins 10-06, orders 10-06 (¥80) only: lost in 11.
 * c: joins 11-10, orders 11-10 (¥20): new in 11.
 * Cases on 11-03: a complaint answered in time and rated 5, a complaint whose first response was
 * late, rated 2; an enquiry not answered yet. A delivery survey on 11-04 with answers 5/4/4.
 */
async function world(): Promise<Harness> {
  const h = await createHarness(at('2026-10-05T09:00:00'));
  harnesses.push(h);
  await addStaff(h, 'mgr', 'manager', '王店长');
  await addStaff(h, 'clerk', 'staff', '李小鲜');
  const visit = async (iso: string, member: string, fen: number) => {
    h.clock.now = at(iso);
    await h.ok('member', member, 'getCard');
    await completedOrder(h, member, fen, `O-${iso.slice(0, 10)}`);
  };
  await visit('2026-10-05T09:00:00', 'a', 100_00);
  await visit('2026-10-06T09:00:00', 'b', 80_00);
  await visit('2026-11-03T09:00:00', 'a', 50_00);
  await visit('2026-11-10T09:00:00', 'c', 20_00);
  await visit('2026-11-20T09:00:00', 'a', 30_00);
  const created = at('2026-11-03T10:00:00');
  const cases = [
    { _id: 'K1', type: 'complaint', createdAt: created, firstResponseAt: created + 600_000, sla: { breachedFirstResponse: false }, rating: { score: 5, reason: null, at: created } },
    { _id: 'K2', type: 'complaint', createdAt: created, firstResponseAt: created + 90_000_000, sla: { breachedFirstResponse: true }, rating: { score: 2, reason: '太慢', at: created } },
    { _id: 'K3', type: 'enquiry', createdAt: created, firstResponseAt: null, sla: { breachedFirstResponse: false }, rating: null },
  ];
  for (const { _id, ...doc } of cases) await h.db.collection(C.complaints).doc(_id).set({ data: doc });
  await h.db.collection(C.surveys).doc('S1').set({ data: { memberId: 'a', orderId: 'x', scores: { freshness: 5, onTime: 4, service: 4 }, comment: null, at: at('2026-11-04T12:00:00') } });
  h.clock.now = RUN_AT;
  return h;
}

const days = async (h: Harness) => (await snapshot(h.db))[C.kpiDaily] as KpiDayDoc[];
const withoutAsOf = (docs: unknown[]) => docs.map((d) => ({ ...(d as object), asOf: 0 }));

describe('kpiDaily', () => {
  it('rolls every day up from the first order and summarises November against October', async () => {
    const h = await world();
    const res = await h.ok<JobRunResult>('jobs', null, 'run', { job: 'kpiDaily' });
    expect(res).toMatchObject({ status: 'done', run: { runKey: '2026-12-02', counts: { days: 59, orders: 5, members: 3 } } });
    const daily = await days(h);
    // 2026-10-05 … 2026-12-02: 27 + 30 + 2 days, one document each, empty days included.
    expect(daily.map((d) => d._id)).toHaveLength(59);
    expect(daily[0]?._id).toBe('2026-10-05');
    const nov3 = daily.find((d) => d._id === '2026-11-03');
    expect(nov3).toMatchObject({ orders: 1, salesFen: 50_00, buyers: 1, cases: 3, complaints: 2, firstResponse: { met: 1, breached: 1, pending: 1 }, ratings: { total: 2, good: 1 }, byLine: { 粮油: { orders: 1, salesFen: 50_00 } } });
    expect(daily.find((d) => d._id === '2026-11-04')).toMatchObject({ orders: 0, surveys: { total: 1, good: 1 } });

    const view = await h.ok<KpiSummaryView>('kpi', 'mgr', 'summary');
    if (!view.ready) throw new Error('not ready');
    expect(view).toMatchObject({ period: '2026-11', previousPeriod: '2026-10', asOf: RUN_AT });
    const f = (id: string) => view.figures.find((x) => x.id === id);
    expect(f('repurchase')).toMatchObject({ value: 50, previous: 0, detail: '1 / 2' }); // a of {a, c}; October: nobody twice
    expect(f('churn')).toMatchObject({ value: 50, previous: null, detail: '1 / 2' }); // b of {a, b}; nobody before October
    expect(f('retention6m')).toMatchObject({ value: null }); // nobody bought in May
    expect(f('satisfaction')).toMatchObject({ value: 66.7, previous: null }); // rating 5 and the survey of 2 ratings + 1 survey
    expect(f('complaintRate')).toMatchObject({ value: 66.67, previous: 0 }); // 2 complaints / 3 orders × 100
    expect(f('firstResponse')).toMatchObject({ value: 50 });
    // Members enrolled since referrals exist carry referredBy (null here): 0 of the 1 new customer was referred.
    expect(f('referralShare')).toMatchObject({ value: 0, detail: '0 / 1' });
    expect(f('strategic')).toMatchObject({ value: 0, target: { op: '≥', value: 50 }, met: false });
    expect(f('sales')).toMatchObject({ value: 100_00, previous: 180_00 });
    // a's third order made her 潜力 (two repeat purchases).
    expect(view.tiers.map((t) => [t.key, t.count, t.pct])).toEqual([['basic', 2, 66.7], ['potential', 1, 33.3], ['core', 0, 0], ['strategic', 0, 0]]);
    expect(view.sales.current.byRegion).toEqual([{ key: '浦东新区', label: '浦东新区', salesFen: 100_00, orders: 3, pct: 100 }]);
  });

  it('a second run recomputes the same documents', async () => {
    const h = await world();
    await h.ok('jobs', null, 'run', { job: 'kpiDaily', runKey: 'first' });
    const before = await snapshot(h.db);
    h.clock.now += 3_600_000;
    const again = await h.ok<JobRunResult>('jobs', null, 'run', { job: 'kpiDaily', runKey: 'second' });
    // Later runs redo only the 45 days before today, and today.
    expect(again.run.counts.days).toBe(46);
    const after = await snapshot(h.db);
    expect(withoutAsOf(after[C.kpiDaily] ?? [])).toEqual(withoutAsOf(before[C.kpiDaily] ?? []));
    expect(withoutAsOf(after[C.kpiSummary] ?? [])).toEqual(withoutAsOf(before[C.kpiSummary] ?? []));
  });

  it('a run killed part-way and resumed ends exactly like an uninterrupted run', async () => {
    const whole = await world();
    await runJob(whole.db, 'kpiDaily', { now: RUN_AT, runKey: 'k', pageSize: 1 });
    const { [C.jobRuns]: _w, ...expected } = await snapshot(whole.db);

    const crashed = await world();
    const kill = {
      afterPageWork: ({ pages }: { pages: number }) => {
        if (pages === 4) throw new Error('killed');
      },
    };
    await expect(runJob(crashed.db, 'kpiDaily', { now: RUN_AT, runKey: 'k', pageSize: 1, hooks: kill })).rejects.toThrow('killed');
    // The members phase too: kill again once it is under way.
    const killMembers = {
      afterPageWork: ({ run }: { run: { cursor: string } }) => {
        if (run.cursor.startsWith('m:') && run.cursor !== 'm:') throw new Error('killed again');
      },
    };
    await expect(runJob(crashed.db, 'kpiDaily', { now: RUN_AT + 60_000, runKey: 'k', pageSize: 1, hooks: killMembers })).rejects.toThrow('killed again');
    const resumed = await runJob(crashed.db, 'kpiDaily', { now: RUN_AT + 120_000, runKey: 'k', pageSize: 1 });
    expect(resumed.status).toBe('done');
    expect(resumed.run).toMatchObject({ asOf: RUN_AT, counts: { members: 3 } });
    const { [C.jobRuns]: _c, ...state } = await snapshot(crashed.db);
    expect(state).toEqual(expected);
  });
});

describe('rollupOf', () => {
  it('reads a day whose documents share one instant across page boundaries, each once', async () => {
    const h = await world();
    const noon = at('2026-11-15T12:00:00');
    // Five orders at the same instant (a POS import stamps a whole file alike), one a minute later.
    for (const [i, createdAt] of [noon, noon, noon, noon, noon, noon + 60_000].entries()) {
      const { _id: _ignored, ...order } = deliveredOrder('b', (i + 1) * 100, `TIE-${i}`, createdAt);
      await h.db.collection(C.orders).doc(`TIE-${i}`).set({ data: order });
    }
    for (const pageSize of [1, 2, 3, 1000]) {
      const { doc, orders } = await rollupOf(h.db, '2026-11-15', pageSize);
      expect({ pageSize, orders, salesFen: doc.salesFen }).toEqual({ pageSize, orders: 6, salesFen: 2100 });
    }
  });
});

describe('kpi function', () => {
  it('answers not ready before the first run, then the screen in one call of at most 3 reads', async () => {
    const h = await world();
    expect(await h.ok('kpi', 'mgr', 'summary')).toEqual({ ready: false });
    await expect(h.ok('kpi', 'mgr', 'exportCsv', { kind: 'summary' })).rejects.toThrow('KPI.NOT_READY');
    await h.ok('jobs', null, 'run', { job: 'kpiDaily' });
    h.db.resetStats();
    const view = await h.ok<KpiSummaryView>('kpi', 'mgr', 'summary');
    expect(view.ready).toBe(true);
    expect(h.db.stats.reads).toBeLessThanOrEqual(3);
  });

  it('exports the figures and the daily rows as CSV that Excel reads as UTF-8', async () => {
    const h = await world();
    await h.ok('jobs', null, 'run', { job: 'kpiDaily' });
    const figures = await h.ok<KpiCsv>('kpi', 'mgr', 'exportCsv', { kind: 'summary' });
    expect(figures.filename).toBe('经营指标-2026-11.csv');
    expect(figures.csv.startsWith('\uFEFF指标,')).toBe(true);
    expect(figures.csv).toContain('\r\n复购率,50,0,%,≥60,');
    const daily = await h.ok<KpiCsv>('kpi', 'mgr', 'exportCsv', { kind: 'daily', from: '2026-11-01', to: '2026-11-30' });
    const rows = daily.csv.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(31); // header + 30 days
    expect(rows.find((r) => r.startsWith('2026-11-03,'))).toBe('2026-11-03,1,0,50.00,0.00,1,3,2,1,1,2,1,0,0');
    await expect(h.ok('kpi', 'mgr', 'exportCsv', { kind: 'daily', from: '2026-01-01', to: '2026-12-01' })).rejects.toThrow('KPI.RANGE_INVALID');
  });

  it('is for managers only', async () => {
    const h = await world();
    await h.ok('jobs', null, 'run', { job: 'kpiDaily' });
    for (const who of ['a', 'clerk']) {
      expect(await h.call('kpi', who, { action: 'summary', payload: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await h.call('kpi', who, { action: 'exportCsv', payload: { kind: 'summary' } })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
  });
});
