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
import { line, ms, percentile } from './stats';

export async function benchCard(members: number, calls = 1000): Promise<void> {
  const db = await openFreshPalDb(null);
  const now = Date.now();
  const seedStart = performance.now();
  await seedSynthetic(db, members, now);
  console.log(`\nmember.getCard on ${members.toLocaleString('en')} members (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
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
  line('getCard p50', ms(percentile(times, 50)));
  line('getCard p95', ms(percentile(times, 95)), '≤ 20 ms');
  line('getCard p99', ms(percentile(times, 99)));
  line('database reads per call', reads.toFixed(2), '≤ 3');
  await db.close();
}
