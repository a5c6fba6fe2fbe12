/**
 * Crash safety of the local cloud, end to end: a real `npm start` server takes a concurrent burst of
 * keyed writes (staff point adjustments with hostile Unicode reasons, coupon redemptions) and is
 * killed with SIGKILL at random moments. After each kill it restarts on the same data folder and
 * every unacknowledged request is sent again with the same request id and parameters, as a client
 * would. Afterwards the data folder must hold exactly one effect per request, every balance must
 * equal its movements, and every reason must come back byte for byte.
 *
 * Replay a run with CRASH_SEED=<seed printed below> (kills land after a seeded number of answers;
 * which requests are in flight then is still subject to timing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconcile } from '../../cloudfunctions/core/points/account';
import type { Db } from '../../cloudfunctions/ports/db';
import { C } from '../../cloudfunctions/services/collections';
import type { AccountDoc } from '../../cloudfunctions/services/members';
import type { MovementDoc } from '../../cloudfunctions/services/ledger';
import { accountState, couponIdFor } from '../../cloudfunctions/services/points';
import { openFreshPalDb } from '../../local/app';
import { spawnServer, type ServerProcess } from '../e2e/server';

jest.setTimeout(240_000);

const KILLS = 5;
const CONCURRENCY = 12;
const ADJUSTMENTS = 200;
const REDEMPTIONS = 60;

/** Small seeded PRNG (mulberry32), so the requests and kill delays of a run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reasons that broke nedb's line format or commonly break encoders; each keeps 2+ visible chars. */
const HOSTILE = [
  '补偿\u2028第二行',
  '段落\u2029分隔',
  '下一行\u0085NEL',
  '\u200F退款 עברית\u200E mixed',
  '家庭👩\u200D👩\u200D👧\u200D👦补偿',
  '旗帜🏳️\u200D🌈与肤色👍🏽',
  `长原因${'鲜'.repeat(150)}\u2028end`,
];

interface Request {
  readonly kind: 'adjust' | 'redeem';
  readonly fn: string;
  readonly openid: string;
  readonly payload: { requestId: string } & Record<string, unknown>;
  /** Final answer: data for ok, the code for a business refusal; undefined while unacknowledged. */
  answer?: { ok: true; data: unknown } | { ok: false; code: string };
  /** Sent but unanswered at least once (a kill or a transient failure). */
  retried: boolean;
}

/** Codes that mean "not decided, try again": the request stays unacknowledged. */
const TRANSIENT = new Set(['SYSTEM.BUSY', 'SYSTEM.INTERNAL']);

async function readAll<T extends { _id: string }>(db: Db, collection: string): Promise<T[]> {
  const out: T[] = [];
  let cursor = '';
  for (;;) {
    const { data } = await db.collection(collection).where({ _id: db.command.gt(cursor) }).orderBy('_id', 'asc').limit(1000).get();
    const rows = data as unknown as T[];
    out.push(...rows);
    if (rows.length < 1000) return out;
    cursor = (rows[rows.length - 1] as T)._id;
  }
}

it('a server killed mid-burst keeps exactly one effect per request and consistent balances', async () => {
  const started = Date.now();
  const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`crash test seed ${seed} (replay: CRASH_SEED=${seed})`);
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  const dataDir = mkdtempSync(join(tmpdir(), 'freshpal-crash-'));
  let server: ServerProcess = spawnServer(dataDir);
  try {
    let url = await server.ready;
    const seeded = Date.now();

    // Targets: members a staff member adjusts, customers who redeem. The seed numbers members from 1.
    const memberNos = Array.from({ length: 40 }, (_, i) => `FP${String(i + 1).padStart(8, '0')}`);
    const customers = ['demo-basic', 'demo-potential', 'demo-core', 'demo-strategic', 'demo-leader'];
    const runTag = seed.toString(36);
    const requests: Request[] = [];
    for (let i = 0; i < ADJUSTMENTS; i += 1) {
      requests.push({
        kind: 'adjust',
        fn: 'staff',
        openid: pick(['demo-staff', 'demo-manager']),
        payload: { memberNo: pick(memberNos), delta: 1 + Math.floor(random() * 300), reason: `${pick(HOSTILE)} #${i}`, requestId: `crash-${runTag}-a${i}` },
        retried: false,
      });
    }
    for (let i = 0; i < REDEMPTIONS; i += 1) {
      requests.push({
        kind: 'redeem',
        fn: 'points',
        openid: pick(customers),
        payload: { templateId: pick(['pts-100-10', 'pts-200-25']), requestId: `crash-${runTag}-r${i}` },
        retried: false,
      });
    }
    // Interleave the two kinds so every kill lands among both.
    for (let i = requests.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [requests[i], requests[j]] = [requests[j] as Request, requests[i] as Request];
    }

    const send = async (r: Request, base: string): Promise<void> => {
      let body: { ok: boolean; data?: unknown; error?: { code: string } };
      try {
        const res = await fetch(`${base}/cloud/${r.fn}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': r.openid },
          body: JSON.stringify({ action: r.kind === 'adjust' ? 'adjustPoints' : 'redeemCoupon', payload: r.payload }),
        });
        body = (await res.json()) as typeof body;
      } catch {
        r.retried = true; // killed (or reset) before answering
        return;
      }
      if (body.ok) r.answer = { ok: true, data: body.data };
      else if (TRANSIENT.has(body.error?.code ?? '')) r.retried = true;
      else r.answer = { ok: false, code: body.error?.code ?? '?' };
    };

    /** Sends every unacknowledged request, CONCURRENCY at a time, until all are answered or `stop` says so. */
    let inFlight = 0;
    const drain = async (base: string, stop: { now: boolean }): Promise<void> => {
      let next = 0;
      const worker = async () => {
        while (!stop.now) {
          while (next < requests.length && (requests[next] as Request).answer) next += 1;
          const r = requests[next];
          if (!r) return;
          next += 1;
          inFlight += 1;
          try {
            await send(r, base);
          } finally {
            inFlight -= 1;
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };

    const kills: { afterMs: number; inFlight: number; answered: number }[] = [];
    const answered = () => requests.filter((r) => r.answer).length;
    for (let k = 0; k < KILLS; k += 1) {
      const stop = { now: false };
      const burst = drain(url, stop);
      const burstStart = Date.now();
      // Each kill lands at a random point of its own share of the requests, not after a random delay:
      // a fast server would otherwise answer everything before the last kills and they would hit an
      // idle server. It waits for requests in flight, so every kill interrupts some.
      const share = requests.length / (KILLS + 1);
      const target = Math.floor(k * share + random() * share);
      while ((answered() < target || inFlight === 0) && Date.now() - burstStart < 30_000) await new Promise((r) => setTimeout(r, 2));
      kills.push({ afterMs: Date.now() - burstStart, inFlight, answered: answered() });
      await server.crash();
      stop.now = true;
      await burst; // the killed server's connections fail at once; those requests stay unacknowledged
      server = spawnServer(dataDir);
      url = await server.ready.catch((error: Error) => {
        throw new Error(`restart after kill ${k + 1} (${kills[k]?.inFlight} requests in flight) failed: ${error.message}`);
      });
    }
    const killed = Date.now();
    // Then every request still unacknowledged is retried until answered.
    for (let round = 0; requests.some((r) => !r.answer); round += 1) {
      if (round > 20) throw new Error('requests still unanswered after 20 rounds of retries');
      await drain(url, { now: false });
    }
    await server.stop();
    const drained = Date.now();

    console.log(
      `killed the server ${kills.length} times; in flight at each kill: ${kills.map((k) => k.inFlight).join(', ')} ` +
        `(answered before each kill: ${kills.map((k) => k.answered).join(', ')}; ms into each burst: ${kills.map((k) => k.afterMs).join(', ')}); ` +
        `${requests.filter((r) => r.retried).length} of ${requests.length} requests were retried; ` +
        `first start ${((seeded - started) / 1000).toFixed(1)} s, kills and restarts ${((killed - seeded) / 1000).toFixed(1)} s, the rest ${((drained - killed) / 1000).toFixed(1)} s`,
    );
    expect(kills.every((k) => k.inFlight > 0)).toBe(true);
    expect(requests.filter((r) => r.retried).length).toBeGreaterThan(0);

    // Read-only checks on the data folder, with the server stopped.
    const db = await openFreshPalDb(dataDir);
    try {
      const members = await readAll<{ _id: string; memberNo: string }>(db, C.members);
      const idOf = new Map(members.map((m) => [m.memberNo, m._id]));
      const accounts = await readAll<AccountDoc>(db, C.pointsAccounts);
      const movements = await readAll<MovementDoc>(db, C.pointsMovements);
      const audits = await readAll<{ _id: string; action: string; reason: string; details: { delta?: number } }>(db, C.audit);
      const coupons = await readAll<{ _id: string; memberId: string; templateId: string; source: string }>(db, C.coupons);
      const wallets = await readAll<{ _id: string; redeemed: Record<string, number> }>(db, C.couponWallets);
      const movementById = new Map(movements.map((m) => [m._id, m]));
      const auditById = new Map(audits.map((a) => [a._id, a]));
      const couponIds = new Set(coupons.map((c) => c._id));
      const problems: string[] = [];

      // Every balance equals the sum of its movements (the reconcile job's check).
      const byMember = new Map<string, MovementDoc[]>();
      for (const m of movements) byMember.set(m.memberId, [...(byMember.get(m.memberId) ?? []), m]);
      for (const a of accounts) {
        const r = reconcile(accountState(a), byMember.get(a._id) ?? []);
        if (!r.ok) problems.push(`account ${a._id}: movements say ${JSON.stringify(r.expected)}, account says ${JSON.stringify(r.actual)}`);
        byMember.delete(a._id);
      }
      for (const memberId of byMember.keys()) problems.push(`movements of ${memberId} without an account`);

      // Every request: one effect if it was accepted, none if it was refused.
      for (const r of requests) {
        const tag = `${r.kind} ${r.payload.requestId}${r.retried ? ' (retried)' : ''}`;
        if (r.kind === 'adjust') {
          const memberId = idOf.get(r.payload.memberNo as string) as string;
          const movement = movementById.get(`${memberId}:adjust:${r.openid}:${r.payload.requestId}`);
          const audit = auditById.get(`${r.openid}:${r.payload.requestId}`);
          if (r.answer?.ok && (r.answer.data as { status?: string }).status === 'pending') {
            // Over the clerk's daily cap (staffLimits): filed for a manager's approval, nothing applied.
            if (movement) problems.push(`${tag}: pending approval, but a movement was written`);
          } else if (r.answer?.ok) {
            // A credit pays owed points first: what it moved is available + repaid owed.
            const moved = movement ? movement.availableDelta - movement.owedDelta : null;
            if (moved !== r.payload.delta) problems.push(`${tag}: acknowledged, movement ${movement ? `of ${moved}` : 'missing'}`);
            if (!audit) problems.push(`${tag}: acknowledged, audit record missing`);
            if (movement && movement.reason !== r.payload.reason) problems.push(`${tag}: movement reason ${JSON.stringify(movement.reason)} != ${JSON.stringify(r.payload.reason)}`);
            if (audit && (audit.reason !== r.payload.reason || audit.details.delta !== r.payload.delta)) problems.push(`${tag}: audit reason/delta changed: ${JSON.stringify(audit.reason)}`);
          } else if (movement || audit) problems.push(`${tag}: refused (${r.answer?.ok === false ? r.answer.code : '?'}) but left a ${movement ? 'movement' : 'audit record'}`);
        } else {
          const key = `redeem:${r.payload.requestId}`;
          const movement = movementById.get(`${r.openid}:${key}`);
          const hasCoupon = couponIds.has(couponIdFor(r.openid, key));
          if (r.answer?.ok) {
            if (!movement) problems.push(`${tag}: acknowledged, redemption movement missing`);
            if (!hasCoupon) problems.push(`${tag}: acknowledged, coupon missing`);
          } else if (movement || hasCoupon) problems.push(`${tag}: refused (${r.answer?.ok === false ? r.answer.code : '?'}) but left a ${movement ? 'movement' : 'coupon'}`);
        }
      }

      // No audit record without its movement, and no staff movement without its audit record (this run's).
      const ours = (id: string) => id.includes(`crash-${runTag}-`);
      for (const a of audits) {
        if (a.action !== 'points.adjust' || !ours(a._id)) continue;
        const member = members.find((m) => m.memberNo === (a as unknown as { target: string }).target);
        if (!member || !movementById.has(`${member._id}:adjust:${a._id}`)) problems.push(`audit ${a._id} without its movement`);
      }
      for (const m of movements) {
        const adjust = /^[^:]+:adjust:(.+)$/.exec(m._id);
        if (adjust && ours(m._id) && !auditById.has(adjust[1] as string)) problems.push(`movement ${m._id} without its audit record`);
      }
      // Every redemption (seeded ones included) is one coupon and one count in the wallet.
      const redeemed = new Map<string, number>();
      for (const c of coupons) if (c.source === 'redeem') redeemed.set(`${c.memberId}/${c.templateId}`, (redeemed.get(`${c.memberId}/${c.templateId}`) ?? 0) + 1);
      for (const w of wallets) {
        for (const [templateId, count] of Object.entries(w.redeemed)) {
          const issued = redeemed.get(`${w._id}/${templateId}`) ?? 0;
          if (issued !== count) problems.push(`wallet ${w._id} counts ${count} × ${templateId}, ${issued} coupons issued`);
        }
      }
      for (const m of movements) {
        const redeem = /^([^:]+):(redeem:.+)$/.exec(m._id);
        if (redeem && ours(m._id) && !couponIds.has(couponIdFor(redeem[1] as string, redeem[2] as string))) problems.push(`redemption ${m._id} without its coupon`);
      }

      if (problems.length > 0) console.log(`${problems.length} problems:\n${problems.slice(0, 25).join('\n')}`);
      expect(problems).toEqual([]);
      // The burst did real work: most requests were accepted.
      expect(requests.filter((r) => r.answer?.ok).length).toBeGreaterThan(ADJUSTMENTS / 2);
    } finally {
      await db.close();
    }
    console.log(`crash test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
