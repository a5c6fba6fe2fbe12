/**
 * Staff search (`crm.search`) and the card (`crm.card`) through the local runtime on `members`
 * synthetic members (each with a phone and its search projection): latency over a mix of the query
 * kinds staff type — last 4 digits, whole phone, a name prefix, a member number — and reads per call.
 */
import { C } from '../cloudfunctions/services/collections';
import { functions } from '../cloudfunctions/registry';
import { hmacSigner } from '../cloudfunctions/runtime/crypto';
import { dispatch } from '../cloudfunctions/runtime/router';
import { lookupStaff } from '../cloudfunctions/runtime/staff';
import { formatMemberNo } from '../cloudfunctions/services/members';
import { DEV_CODE_SECRET, openFreshPalDb } from '../local/app';
import { seedSynthetic, syntheticPhone } from '../local/seed/synthetic';
import { figure, heading, percentile } from './stats';

const STAFF = 'bench-crm-staff';

export async function benchCrmSearch(members: number, calls = 1000): Promise<void> {
  const db = await openFreshPalDb(null);
  const now = Date.now();
  const seedStart = performance.now();
  await seedSynthetic(db, members, now);
  await db.collection(C.staff).doc(STAFF).set({ data: { role: 'staff', name: '压测员工', active: true } });
  heading(`crm.search and crm.card on ${members.toLocaleString('en')} members (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
  const fn = functions.crm!;
  const signer = hmacSigner(DEV_CODE_SECRET);
  const runtime = () => ({ db, now: Date.now(), ...signer, invoke: async () => undefined, log: () => undefined });
  // Member numbers continue after whatever the database held (none here): 1..members.
  const pick = (i: number) => ((i * 7919) % members) + 1;
  const queries = (i: number): string => {
    const n = pick(i);
    switch (i % 4) {
      case 0:
        return syntheticPhone(n).slice(-4);
      case 1:
        return syntheticPhone(n);
      case 2:
        // A prefix shared by up to ~1,100 members: the page of 20 comes from the index range.
        return `测试会员${String(n).slice(0, 3)}`;
      default:
        return formatMemberNo(n).toLowerCase();
    }
  };
  const run = async (action: string, payload: Record<string, unknown>) => {
    const res = await dispatch(fn, { action, payload }, STAFF, runtime(), lookupStaff);
    if (!res.ok) throw new Error(JSON.stringify(res));
    return res.data as { items?: unknown[] };
  };
  // Warm-up: the config cache, the JIT and the collector after seeding, as in a warm instance.
  for (let i = 0; i < 300; i += 1) await run('search', { query: queries(i) });

  const times: number[] = [];
  const byKind: number[][] = [[], [], [], []];
  // CPU time of this process per call: on a shared machine the wall-clock p95 also counts time spent
  // waiting for a core, which this separates from the search's own work.
  const cpuTimes: number[] = [];
  let empty = 0;
  db.resetStats();
  for (let i = 0; i < calls; i += 1) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const page = await run('search', { query: queries(i + 300) });
    const elapsed = performance.now() - t;
    const used = process.cpuUsage(cpu);
    times.push(elapsed);
    cpuTimes.push((used.user + used.system) / 1000);
    byKind[(i + 300) % 4]!.push(elapsed);
    if ((page.items ?? []).length === 0) empty += 1;
  }
  // Every synthetic query names an existing member: an empty answer means the projection is broken.
  if (empty > 0) throw new Error(`${empty} searches found nothing`);
  const reads = db.stats.reads / calls;
  times.sort((a, b) => a - b);
  figure('crm.search.p50_ms', 'search p50', percentile(times, 50), 'ms', { better: 'lower', digits: 2 });
  figure('crm.search.p95_ms', 'search p95', percentile(times, 95), 'ms', { target: 20, better: 'lower', digits: 2 });
  cpuTimes.sort((a, b) => a - b);
  figure('crm.search.cpu_p95_ms', 'search p95, CPU time of the call', percentile(cpuTimes, 95), 'ms', { better: 'lower', digits: 2 });
  ['last4', 'phone', 'prefix', 'memberNo'].forEach((kind, k) => {
    const sorted = [...(byKind[k] ?? [])].sort((a, b) => a - b);
    figure(`crm.search.${kind}.p95_ms`, `search p95, ${kind}`, percentile(sorted, 95), 'ms', { better: 'lower', digits: 2 });
  });
  figure('crm.search.reads', 'database reads per search', reads, 'reads', { better: 'lower', digits: 2 });

  const cardTimes: number[] = [];
  db.resetStats();
  const cardCalls = Math.min(calls, 300);
  for (let i = 0; i < cardCalls; i += 1) {
    const t = performance.now();
    await run('card', { memberNo: formatMemberNo(pick(i)) });
    cardTimes.push(performance.now() - t);
  }
  const cardReads = db.stats.reads / cardCalls;
  cardTimes.sort((a, b) => a - b);
  figure('crm.card.p95_ms', 'card view p95 (with its view-log write)', percentile(cardTimes, 95), 'ms', { better: 'lower', digits: 2 });
  figure('crm.card.reads', 'database reads per card view', cardReads, 'reads', { better: 'lower', digits: 2 });
  await db.close();
}
