/**
 * The nightly CRM profiles (crmDaily: rhythm, churn warning, RFM, care candidates) over `members`
 * synthetic members with their orders, through the job code. Members per second for the whole job
 * (`crm.rfm.members_per_s`, target ≥ 5,000/s), reads and writes per member, a rerun the same day
 * (nothing to write), and the choice the job made for reading orders: one stream in memberId order
 * merged with the member pages, against one indexed query per member (memberId + createdAt).
 */
import { DAY_MS } from '../cloudfunctions/core/time';
import type { DocData } from '../cloudfunctions/ports/db';
import { C } from '../cloudfunctions/services/collections';
import { runJob, type RunOutcome } from '../cloudfunctions/services/jobs';
import { OrderStream, ordersOf } from '../cloudfunctions/services/jobs/crmDaily';
import type { LocalDb } from '../local/clouddb';
import { openFreshPalDb } from '../local/app';
import { createRng } from '../local/seed/random';
import { seedSynthetic } from '../local/seed/synthetic';
import { figure, heading } from './stats';

const RUN_AT = Date.parse('2026-12-02T04:30:00+08:00');

/** Orders for every synthetic member: 0–24 in the last year on a personal rhythm, some lapsed. */
async function seedOrders(db: LocalDb, members: number): Promise<number> {
  const rng = createRng(11);
  let total = 0;
  let batch: DocData[] = [];
  for (let i = 0; i < members; i += 1) {
    const memberId = `bench-${String(i + 1).padStart(7, '0')}`;
    const count = rng.int(0, 24);
    const every = rng.int(2, 30);
    // A fifth have stopped ordering some time ago.
    let at = RUN_AT - (rng.chance(0.2) ? rng.int(30, 200) : rng.int(0, every)) * DAY_MS - rng.int(0, 12) * 3_600_000;
    for (let k = 0; k < count; k += 1) {
      batch.push({ _id: `B${String(i).padStart(7, '0')}-${String(k).padStart(2, '0')}`, memberId, createdAt: at, status: 'completed', paidFen: rng.int(20, 2_000) * 100, refundedFen: 0 });
      at -= Math.max(1, every + rng.int(-2, 3)) * DAY_MS;
    }
    total += count;
    if (batch.length >= 20_000) {
      await db.importMany(C.orders, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await db.importMany(C.orders, batch);
  return total;
}

async function timedRun(db: LocalDb, runKey: string, members: number, key: string, label: string, now = RUN_AT): Promise<RunOutcome> {
  db.resetStats();
  const t = performance.now();
  let outcome: RunOutcome;
  do outcome = await runJob(db, 'crmDaily', { now, runKey, owner: 'bench' });
  while (outcome.status === 'paused');
  const seconds = (performance.now() - t) / 1000;
  const { reads, writes } = db.stats;
  figure(`crm.${key}.members_per_s`, `${label}: members per second`, members / seconds, '/s', key === 'rfm' ? { target: 5_000, better: 'higher' } : { better: 'higher' });
  figure(`crm.${key}.reads_per_member`, `${label}: database reads per member`, reads / members, 'reads', { better: 'lower', digits: 3 });
  figure(`crm.${key}.writes_per_member`, `${label}: writes per member`, writes / members, 'writes', { better: 'lower', digits: 2 });
  return outcome;
}

export async function benchCrm(members: number): Promise<void> {
  const db = await openFreshPalDb(null);
  const seedStart = performance.now();
  await seedSynthetic(db, members, RUN_AT - DAY_MS);
  const orders = await seedOrders(db, members);
  heading(`CRM profiles on ${members.toLocaleString('en')} members, ${orders.toLocaleString('en')} orders (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);

  // Reading every member's orders: one stream in memberId order against a query per member.
  let t = performance.now();
  const stream = new OrderStream(db, '', 1000);
  const all = await stream.takeThrough(null);
  const streamSeconds = (performance.now() - t) / 1000;
  figure('crm.read.stream_members_per_s', 'orders read as one stream: members per second', members / streamSeconds, '/s', { better: 'higher' });
  const sample = Math.min(members, 5_000);
  t = performance.now();
  let seen = 0;
  for (let i = 0; i < sample; i += 1) seen += (await ordersOf(db, `bench-${String(i + 1).padStart(7, '0')}`, 1000)).length;
  const perMemberSeconds = (performance.now() - t) / 1000;
  figure('crm.read.per_member_members_per_s', 'orders read by a query per member: members/s', sample / perMemberSeconds, '/s', { better: 'higher' });
  if (seen === 0 || all.size === 0) throw new Error('no orders were read');

  const first = await timedRun(db, 'bench', members, 'rfm', 'crmDaily (first run of the day)');
  figure('crm.rfm.churn_warnings', 'members with a churn warning', first.run.counts.churnWarnings ?? 0, 'members', { better: 'lower' });
  figure('crm.rfm.care_candidates', 'members with care items today', first.run.counts.careCandidates ?? 0, 'members', { better: 'lower' });
  const again = await timedRun(db, 'bench-again', members, 'rerun', 'crmDaily rerun the same day (writes nothing)');
  if (again.run.changed !== 0) throw new Error(`a rerun changed ${again.run.changed} profiles`);
  // The steady state: the next night only profiles whose figures moved are written.
  const next = await timedRun(db, 'bench-next', members, 'nextDay', 'crmDaily the next night', RUN_AT + DAY_MS);
  figure('crm.nextDay.changed_share', 'the next night: share of profiles rewritten', (100 * next.run.changed) / members, '%', { better: 'lower', digits: 1 });
  await db.close();
}
