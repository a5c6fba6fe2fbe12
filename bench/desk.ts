/**
 * The complaint desk on 10,000 open cases: the first page of the staff queue (latency and database
 * reads per call, through the local runtime as a staff member) and one timer tick over every open
 * case (deadlines recomputed, breaches flagged and notified, the outbox run).
 */
import { CASE_CATEGORIES, CASE_TYPES } from '../cloudfunctions/core/cases/stateMachine';
import { defaultAppConfig } from '../cloudfunctions/core/config';
import { TIER_IDS } from '../cloudfunctions/core/tiers/rules';
import { functions } from '../cloudfunctions/registry';
import { hmacSigner } from '../cloudfunctions/runtime/crypto';
import { dispatch } from '../cloudfunctions/runtime/router';
import { lookupStaff } from '../cloudfunctions/runtime/staff';
import { slaEnv } from '../cloudfunctions/services/caseClock';
import { messageIdFor } from '../cloudfunctions/services/caseModel';
import { newCaseDoc } from '../cloudfunctions/services/cases';
import { deskTick } from '../cloudfunctions/services/caseTick';
import { C } from '../cloudfunctions/services/collections';
import { newMemberDoc, formatMemberNo } from '../cloudfunctions/services/members';
import { DEV_CODE_SECRET, openFreshPalDb } from '../local/app';
import { figure, heading, percentile } from './stats';

const HOUR = 3_600_000;

export async function benchDesk(cases = 10_000, calls = 500): Promise<void> {
  const db = await openFreshPalDb(null);
  const now = Date.now();
  const env = slaEnv(defaultAppConfig);
  await db.collection(C.staff).doc('bench-clerk').set({ data: { role: 'staff', name: '压测店员', active: true } });
  await db.collection(C.staff).doc('bench-manager').set({ data: { role: 'manager', name: '压测店长', active: true } });
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < cases; i += 1) {
    const base = newMemberDoc(`bench-m-${i}`, formatMemberNo(i + 1), now - 400 * 24 * HOUR);
    const member = { ...base, tierState: { ...base.tierState, tier: TIER_IDS[i % TIER_IDS.length]! } };
    // Filed over the last three days: some fresh, some near their deadline, some already overdue.
    const at = now - ((i * 7919) % (72 * 60)) * 60_000;
    const id = `KBENCH${String(i).padStart(10, '0')}`;
    const first = { id: messageIdFor(id, 'bench'), by: { kind: 'customer' as const, id: member._id, name: member.displayName }, text: '青菜不新鲜，叶子发黄', photos: [], at, internal: false, check: 'pass' as const };
    const c = newCaseDoc(
      { id, member, tierName: member.tierState.tier, type: CASE_TYPES[i % CASE_TYPES.length]!, category: CASE_CATEGORIES[i % CASE_CATEGORIES.length]!, orderId: null, productIds: [], preferredContact: null, first, source: 'customer', request: null },
      env,
      at,
    );
    docs.push(c as unknown as Record<string, unknown>);
  }
  await db.importMany(C.complaints, docs);
  heading(`complaint desk on ${cases.toLocaleString('en')} open cases`);

  const signer = hmacSigner(DEV_CODE_SECRET);
  const runtime = () => ({ db, now: Date.now(), ...signer, invoke: async () => undefined, log: () => undefined });
  const queue = (i: number) => dispatch(functions.desk!, { action: 'queue', payload: { filter: i % 4 === 3 ? 'overdue' : 'all', page: 0, pageSize: 20 } }, 'bench-clerk', runtime(), lookupStaff);
  for (let i = 0; i < 30; i += 1) await queue(i);
  db.resetStats();
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const t = performance.now();
    const res = await queue(i);
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(JSON.stringify(res));
  }
  times.sort((a, b) => a - b);
  figure('desk.queue.p50_ms', 'queue, first page p50', percentile(times, 50), 'ms', { better: 'lower', digits: 2 });
  figure('desk.queue.p95_ms', 'queue, first page p95', percentile(times, 95), 'ms', { target: 20, better: 'lower', digits: 2 });
  figure('desk.queue.reads', 'queue: database reads per call (staff check included)', db.stats.reads / calls, 'reads', { target: 2, better: 'lower', digits: 2 });

  // The first tick recomputes every case from its log (breaches found, managers notified); the
  // second finds nothing to change, the usual case every five minutes.
  // CPU time beside the wall clock: on a shared machine the wall clock also counts waiting for a core.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  let t = performance.now();
  let cpu = process.cpuUsage();
  const first = await deskTick(db, now + 5 * 60_000);
  figure('desk.tick.ms', 'timer tick over every open case (with breaches to flag)', performance.now() - t, 'ms', { target: 5_000, better: 'lower' });
  figure('desk.tick.cpu_ms', 'timer tick over every open case: CPU time', cpuMs(cpu), 'ms', { better: 'lower' });
  figure('desk.tick.updated', 'timer tick: cases updated', first.updated, 'cases', { better: 'lower' });
  t = performance.now();
  cpu = process.cpuUsage();
  await deskTick(db, now + 10 * 60_000);
  figure('desk.tick.steady_ms', 'timer tick, nothing new', performance.now() - t, 'ms', { better: 'lower' });
  figure('desk.tick.steady_cpu_ms', 'timer tick, nothing new: CPU time', cpuMs(cpu), 'ms', { better: 'lower' });
  await db.close();
}
