/**
 * Ledger movements per second through the real transaction path (staff point adjustments: account,
 * movement and audit record in one transaction) on one hot account and spread over 10k accounts.
 */
import { defaultAppConfig } from '../cloudfunctions/core/config';
import type { StaffIdentity } from '../cloudfunctions/runtime/router';
import { adjustPoints } from '../cloudfunctions/services/staffDesk';
import { formatMemberNo } from '../cloudfunctions/services/members';
import { openFreshPalDb } from '../local/app';
import { seedSynthetic } from '../local/seed/synthetic';
import { figure, heading } from './stats';

const staff: StaffIdentity = { openid: 'bench-staff', role: 'manager', name: '压测' };

async function run(total: number, concurrency: number, target: (i: number) => number, db: Awaited<ReturnType<typeof openFreshPalDb>>): Promise<{ perSecond: number; conflicts: number }> {
  db.resetStats();
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next;
      next += 1;
      await adjustPoints(db, staff, { memberNo: formatMemberNo(target(i)), delta: 5, reason: '压测积分', requestId: `bench-${concurrency}-${total}-${i}` }, defaultAppConfig, Date.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: total / ((performance.now() - start) / 1000), conflicts: db.stats.conflicts };
}

export async function benchLedger(accounts = 10_000): Promise<void> {
  const db = await openFreshPalDb(null);
  await seedSynthetic(db, accounts, Date.now());
  heading(`ledger movements (staff adjustments, one transaction each) on ${accounts.toLocaleString('en')} accounts`);
  const hot = await run(2000, 1, () => 1, db);
  figure('ledger.hot_account_per_s', 'one hot account, sequential', hot.perSecond, '/s', { better: 'higher' });
  const hotParallel = await run(1000, 8, () => 1, db);
  figure('ledger.hot_account_8_writers_per_s', 'one hot account, 8 concurrent writers', hotParallel.perSecond, '/s', { better: 'higher' });
  figure('ledger.hot_account_8_writers_conflicts', '  transaction conflicts (retried)', hotParallel.conflicts, 'conflicts', { better: 'lower' });
  const spread = await run(5000, 16, (i) => ((i * 7919) % accounts) + 1, db);
  figure('ledger.spread_per_s', 'spread over 10k accounts, 16 concurrent', spread.perSecond, '/s', { better: 'higher' });
  await db.close();
}
