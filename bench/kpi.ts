/**
 * The manager's KPI screen on the synthetic dataset of bench/orderHistory.ts (`members` members with
 * ten completed orders each: 1M orders at the default 100k): the full `kpiDaily` rollup from an
 * empty `kpi_daily` (orders rolled up per second, over the whole run including the member counters
 * and the summary), then `kpi.summary` as the manager calls it: reads per call and latency.
 */
import { functions } from '../cloudfunctions/registry';
import { hmacSigner } from '../cloudfunctions/runtime/crypto';
import { dispatch } from '../cloudfunctions/runtime/router';
import { lookupStaff } from '../cloudfunctions/runtime/staff';
import { C } from '../cloudfunctions/services/collections';
import { runJob } from '../cloudfunctions/services/jobs';
import { DEV_CODE_SECRET, openFreshPalDb } from '../local/app';
import { seedSynthetic } from '../local/seed/synthetic';
import { seedOrders } from './orderHistory';
import { figure, heading, percentile } from './stats';

export async function benchKpi(members: number, calls = 1000): Promise<void> {
  const db = await openFreshPalDb(null);
  const now = Date.now();
  const seedStart = performance.now();
  await seedSynthetic(db, members, now);
  await seedOrders(db, members, now);
  const orders = (await db.collection(C.orders).count()).total;
  heading(`KPI rollup on ${members.toLocaleString('en')} members, ${orders.toLocaleString('en')} orders (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);

  const start = performance.now();
  let ordersDone = 0;
  const outcome = await runJob(db, 'kpiDaily', {
    now,
    budgetMs: 3_600_000,
    hooks: {
      afterCheckpoint: ({ run }) => {
        if (ordersDone === 0 && run.cursor.startsWith('m:')) ordersDone = performance.now();
      },
    },
  });
  const total = performance.now() - start;
  if (outcome.status !== 'done' || outcome.run.counts.orders !== orders) throw new Error(`rollup incomplete: ${JSON.stringify(outcome.run.counts)}`);
  figure('crm.rollup.orders_per_s', 'kpiDaily: orders rolled up per second (whole run)', orders / (total / 1000), 'orders/s', { target: 10_000, better: 'higher' });
  figure('crm.rollup.orders_phase_per_s', 'kpiDaily: orders per second (daily phase only)', orders / ((ordersDone - start) / 1000), 'orders/s', { better: 'higher' });
  figure('crm.rollup.run_s', 'kpiDaily: whole run (days, members, summary)', total / 1000, 's', { better: 'lower', digits: 1 });

  await db.collection(C.staff).doc('bench-manager').set({ data: { role: 'manager', name: '基准店长', active: true } });
  const fn = functions.kpi!;
  const signer = hmacSigner(DEV_CODE_SECRET);
  const call = () => dispatch(fn, { action: 'summary', payload: {} }, 'bench-manager', { db, now: Date.now(), ...signer, invoke: async () => undefined, log: () => undefined }, lookupStaff);
  for (let i = 0; i < 30; i += 1) await call(); // warm-up
  db.resetStats();
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const t = performance.now();
    const res = await call();
    times.push(performance.now() - t);
    if (!res.ok || !(res.data as { ready: boolean }).ready) throw new Error(JSON.stringify(res));
  }
  times.sort((a, b) => a - b);
  figure('crm.kpi.reads', 'kpi.summary: database reads per call', db.stats.reads / calls, 'reads', { target: 3, better: 'lower', digits: 2 });
  figure('crm.kpi.p95_ms', 'kpi.summary p95', percentile(times, 95), 'ms', { better: 'lower', digits: 2 });
  await db.close();
}
