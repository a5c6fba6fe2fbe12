/**
 * The batch jobs over `members` synthetic members, through the job code (the same runner the cloud
 * function and the CLI use): the monthly tier review over every member, then the settle/expire pass
 * over every account. To give that pass real work, each synthetic account gets one more order whose
 * after-sales window has closed by the time the pass runs (its own instant, so the due dates are
 * spread the way daily orders spread them). Members per second and database reads per member.
 */
import { defaultAppConfig } from '../cloudfunctions/core/config';
import { earn } from '../cloudfunctions/core/points/account';
import { DAY_MS } from '../cloudfunctions/core/time';
import type { DocData } from '../cloudfunctions/ports/db';
import { C } from '../cloudfunctions/services/collections';
import { runJob, type JobName, type RunOutcome } from '../cloudfunctions/services/jobs';
import { accountData } from '../cloudfunctions/services/ledger';
import { accountState } from '../cloudfunctions/services/points';
import type { AccountDoc } from '../cloudfunctions/services/members';
import type { LocalDb } from '../local/clouddb';
import { openFreshPalDb } from '../local/app';
import { seedSynthetic } from '../local/seed/synthetic';
import { figure, heading } from './stats';

/** The review runs at 03:00 Shanghai on the 1st; the accounts were seeded ten days before. */
const RUN_AT = Date.parse('2026-12-01T03:00:00+08:00');
const SEEDED_AT = RUN_AT - 10 * DAY_MS;

/** Adds to a seeded account an order completed after the seeding, whose points are due by RUN_AT. */
function withDueOrder(doc: DocData, i: number): DocData {
  const { _id, ...rest } = doc as unknown as AccountDoc;
  // Spread over two days, to the millisecond, like real completion times.
  const completedAt = SEEDED_AT + ((i * 7_919_993) % (2 * DAY_MS));
  const r = earn(accountState({ ...rest, _id }), { orderId: `bench-due-${i}`, paidFen: 5_000 + (i % 500) * 100, multiplierPct: 100, completedAt }, defaultAppConfig.points);
  return { _id, ...accountData(r.account, completedAt) };
}

/** seedSynthetic, with every account given a due order on its way into the database. */
async function seed(db: LocalDb, members: number): Promise<void> {
  let n = 0;
  const seeding = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'importMany') {
        return (name: string, docs: DocData[]) => target.importMany(name, name === C.pointsAccounts ? docs.map((d) => withDueOrder(d, (n += 1))) : docs);
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  await seedSynthetic(seeding, members, SEEDED_AT);
}

const YEAR_END_RUN_AT = Date.parse('2027-01-01T02:30:00+08:00');

async function timed(db: LocalDb, job: JobName, key: string, label: string, members: number, now = RUN_AT): Promise<RunOutcome> {
  db.resetStats();
  const t = performance.now();
  // One run key, looping the way the CLI does; each call is one time-boxed invocation.
  let outcome: RunOutcome;
  do outcome = await runJob(db, job, { now, runKey: 'bench', owner: 'bench' });
  while (outcome.status === 'paused');
  const seconds = (performance.now() - t) / 1000;
  const { reads, writes, transactions } = db.stats;
  figure(`jobs.${key}.members_per_s`, `${label}: members per second`, members / seconds, '/s', { target: 5_000, better: 'higher' });
  figure(`jobs.${key}.processed`, `${label}: documents processed`, outcome.run.processed, 'docs', { better: 'higher' });
  figure(`jobs.${key}.changed`, `${label}: documents changed`, outcome.run.changed, 'docs', { better: 'higher' });
  figure(`jobs.${key}.reads_per_member`, `${label}: database reads per member`, reads / members, 'reads', { better: 'lower', digits: 3 });
  figure(`jobs.${key}.writes_per_member`, `${label}: writes per member`, writes / members, 'writes', { better: 'lower', digits: 2 });
  figure(`jobs.${key}.transactions_per_member`, `${label}: transactions per member`, transactions / members, 'tx', { better: 'lower', digits: 2 });
  for (const [tally, count] of Object.entries(outcome.run.counts)) {
    figure(`jobs.${key}.tally.${tally}`, `${label}: ${tally}`, count, 'count', { better: 'higher' });
  }
  return outcome;
}

export async function benchJobs(members: number): Promise<void> {
  const db = await openFreshPalDb(null);
  const seedStart = performance.now();
  await seed(db, members);
  heading(`batch jobs on ${members.toLocaleString('en')} members (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
  await timed(db, 'reviewTiers', 'review', 'review', members);
  // settlePoints and expirePoints are one pass (bringCurrent does both); it runs once.
  await timed(db, 'settlePoints', 'settle', 'settle/expire', members);
  await db.close();

  // Year-end expiry: points earned in 2025 expire when 2026 ends; about half the accounts hold some.
  const yearEnd = await openFreshPalDb(null);
  await seedSynthetic(yearEnd, members, Date.parse('2026-06-01T00:00:00+08:00'));
  await timed(yearEnd, 'expirePoints', 'expire', 'year-end expiry', members, YEAR_END_RUN_AT);
  await yearEnd.close();
}
