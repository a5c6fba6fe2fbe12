/**
 * `member.getCard` through the local runtime on a database of `members` members: latency over 1000
 * calls of random existing members, and database reads per call.
 */
import { functions } from '../cloudfunctions/registry';
import { hmacSigner } from '../cloudfunctions/runtime/crypto';
import { dispatch } from '../cloudfunctions/runtime/router';
import { lookupStaff } from '../cloudfunctions/runtime/staff';
import { DEV_CODE_SECRET, openFreshPalDb } from '../local/app';
import { seedSynthetic } from '../local/seed/synthetic';
import { figure, heading, percentile } from './stats';

export async function benchCard(members: number, calls = 1000): Promise<void> {
  const db = await openFreshPalDb(null);
  const now = Date.now();
  const seedStart = performance.now();
  await seedSynthetic(db, members, now);
  heading(`member.getCard on ${members.toLocaleString('en')} members (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
  const fn = functions.member!;
  const signer = hmacSigner(DEV_CODE_SECRET);
  const runtime = () => ({ db, now: Date.now(), ...signer, invoke: async () => undefined, log: () => undefined });
  // Warm-up: the config cache and the JIT, as in a warm cloud function instance.
  for (let i = 0; i < 50; i += 1) await dispatch(fn, { action: 'getCard' }, `bench-${String(i + 1).padStart(7, '0')}`, runtime(), lookupStaff);
  const times: number[] = [];
  db.resetStats();
  for (let i = 0; i < calls; i += 1) {
    const openid = `bench-${String(((i * 7919) % members) + 1).padStart(7, '0')}`;
    const t = performance.now();
    const res = await dispatch(fn, { action: 'getCard' }, openid, runtime(), lookupStaff);
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(JSON.stringify(res));
  }
  const reads = db.stats.reads / calls;
  times.sort((a, b) => a - b);
  figure('member.getCard.p50_ms', 'getCard p50', percentile(times, 50), 'ms', { better: 'lower', digits: 2 });
  figure('member.getCard.p95_ms', 'getCard p95', percentile(times, 95), 'ms', { target: 20, better: 'lower', digits: 2 });
  figure('member.getCard.p99_ms', 'getCard p99', percentile(times, 99), 'ms', { better: 'lower', digits: 2 });
  figure('member.getCard.reads', 'database reads per call', reads, 'reads', { target: 3, better: 'lower', digits: 2 });
  await db.close();
}
