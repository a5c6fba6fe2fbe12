/**
 * The customer's order calls through the local runtime on `members` synthetic members with ten
 * orders each (1M orders at the default 100k): the first page of `orders.history`, `orders.reorder`
 * of a past order and `orders.submit` of a fresh cart. Latency percentiles and database reads per call.
 */
import { defaultAppConfig } from '../cloudfunctions/core/config';
import { quoteCart } from '../cloudfunctions/core/orders/pricing';
import { tierDefinition } from '../cloudfunctions/core/tiers/rules';
import { DAY_MS } from '../cloudfunctions/core/time';
import { functions } from '../cloudfunctions/registry';
import { hmacSigner } from '../cloudfunctions/runtime/crypto';
import { dispatch } from '../cloudfunctions/runtime/router';
import { lookupStaff } from '../cloudfunctions/runtime/staff';
import { C } from '../cloudfunctions/services/collections';
import { customerActor, productDoc, SYSTEM_ACTOR, timelineEntry, type OrderDoc } from '../cloudfunctions/services/orderModel';
import { DEV_CODE_SECRET, openFreshPalDb } from '../local/app';
import type { LocalDb } from '../local/clouddb';
import { catalogToday } from '../local/seed/catalog';
import { seedSynthetic } from '../local/seed/synthetic';
import { figure, heading, percentile } from './stats';

const ORDERS_PER_MEMBER = 10;
const openidOf = (i: number) => `bench-${String(i + 1).padStart(7, '0')}`;
const orderIdOf = (member: number, k: number) => `B${String(member + 1).padStart(7, '0')}${String(k).padStart(2, '0')}`;
/** The Shanghai calendar day of an instant. */
const dayKey = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** Completed orders priced by the real pricing module from today's catalogue (cart shapes rotate). */
export async function seedOrders(db: LocalDb, members: number, now: number): Promise<void> {
  const products = catalogToday().filter((p) => p.onShelf);
  // Unlimited stock: a thousand submits of similar carts must not sell the shelf empty mid-run.
  await db.importMany(C.products, products.map((p) => productDoc({ ...p, stock: 'unlimited' }, now)) as unknown as Record<string, unknown>[]);
  const benefits = tierDefinition(defaultAppConfig.tiers, 'basic').benefits;
  const shapes = Array.from({ length: 64 }, (_, s) => {
    const items = Array.from({ length: 3 + (s % 5) }, (_, j) => ({ product: products[(s * 7 + j * 13) % products.length]!, quantity: Math.max(1, products[(s * 7 + j * 13) % products.length]!.minPerOrder ?? 1) }));
    const unique = items.filter((it, i) => items.findIndex((x) => x.product.id === it.product.id) === i);
    return quoteCart({ items: unique, benefits, pointsPerYuan: defaultAppConfig.points.pointsPerYuan, memberId: 'bench', now });
  });
  const BATCH = 20_000;
  let batch: OrderDoc[] = [];
  for (let m = 0; m < members; m += 1) {
    for (let k = 0; k < ORDERS_PER_MEMBER; k += 1) {
      const q = shapes[(m + k) % shapes.length]!;
      const createdAt = now - (k * 7 + 1 + (m % 5)) * DAY_MS;
      batch.push({
        _id: orderIdOf(m, k),
        memberId: openidOf(m),
        channel: 'app',
        externalNo: null,
        request: null,
        status: 'completed',
        timeline: [timelineEntry('submitted', null, createdAt, customerActor(openidOf(m))), timelineEntry('completed', 'complete', createdAt + DAY_MS, SYSTEM_ACTOR)],
        lines: q.lines,
        tier: 'basic',
        discountBp: benefits.discountBp,
        listTotalFen: q.listTotalFen,
        tierDiscountFen: q.tierDiscountFen,
        subtotalFen: q.subtotalFen,
        coupon: null,
        couponFen: 0,
        paidFen: q.paidFen,
        hasWeightLines: q.hasWeightLines,
        estimatedPoints: q.estimatedPoints,
        payment: { method: 'on_account', outTradeNo: null, paidAt: null },
        slot: { kind: 'delivery', day: dayKey(createdAt), window: 'morning', pickupPoint: null, priority: false },
        note: null,
        region: '浦东新区',
        createdAt,
        updatedAt: createdAt + DAY_MS,
        completedAt: createdAt + DAY_MS,
        cancelledAt: null,
        points: null,
        refundedFen: 0,
        refunds: [],
        weights: null,
      } as OrderDoc);
      if (batch.length === BATCH) {
        await db.importMany(C.orders, batch as unknown as Record<string, unknown>[]);
        batch = [];
      }
    }
  }
  if (batch.length > 0) await db.importMany(C.orders, batch as unknown as Record<string, unknown>[]);
}

interface Timed { p50: number; p95: number; reads: number }

async function measure(db: LocalDb, calls: number, call: (i: number) => Promise<{ ok: boolean }>): Promise<Timed> {
  for (let i = 0; i < 30; i += 1) await call(calls + i); // warm-up: config cache, JIT, statement cache
  db.resetStats();
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const t = performance.now();
    const res = await call(i);
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(JSON.stringify(res));
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), reads: db.stats.reads / calls };
}

function report(name: string, label: string, t: Timed, targets: { p95?: number; reads?: number }): void {
  figure(`orders.${name}.p50_ms`, `${label} p50`, t.p50, 'ms', { better: 'lower', digits: 2 });
  figure(`orders.${name}.p95_ms`, `${label} p95`, t.p95, 'ms', { target: targets.p95, better: 'lower', digits: 2 });
  figure(`orders.${name}.reads`, `${label}: database reads per call`, t.reads, 'reads', { target: targets.reads, better: 'lower', digits: 2 });
}

export async function benchOrderHistory(members: number, calls = 1000): Promise<void> {
  const db = await openFreshPalDb(null);
  const now = Date.now();
  const seedStart = performance.now();
  await seedSynthetic(db, members, now);
  await seedOrders(db, members, now);
  heading(`customer orders on ${members.toLocaleString('en')} members, ${(members * ORDERS_PER_MEMBER).toLocaleString('en')} orders (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
  const fn = functions.orders!;
  const signer = hmacSigner(DEV_CODE_SECRET);
  const runtime = () => ({ db, now: Date.now(), ...signer, invoke: async () => undefined, log: () => undefined });
  const member = (i: number) => (i * 7919) % members;
  const run = (action: string, payload: unknown, i: number) => dispatch(fn, { action, payload }, openidOf(member(i)), runtime(), lookupStaff);

  report('history', 'history, first page', await measure(db, calls, (i) => run('history', { page: 0, pageSize: 20 }, i)), { p95: 20, reads: 3 });
  report('reorder', 'reorder of a past order', await measure(db, calls, (i) => run('reorder', { orderId: orderIdOf(member(i), i % ORDERS_PER_MEMBER) }, i)), { p95: 20, reads: 3 });

  // Submit the cart a reorder proposes, as the page does after the customer confirms it; the
  // proposals are fetched first so only the submit is timed.
  const tomorrow = dayKey(now + DAY_MS);
  const carts: unknown[][] = [];
  for (let i = 0; i < calls + 30; i += 1) {
    const proposal = await run('reorder', { orderId: orderIdOf(member(i), 0) }, i);
    if (!proposal.ok) throw new Error(JSON.stringify(proposal));
    const items = (proposal.data as { items: { productId: string; quantity: number; unit: string; unitPriceFen: number }[] }).items;
    carts.push(items.map(({ productId, quantity, unit, unitPriceFen }) => ({ productId, quantity, unit, unitPriceFen })));
  }
  const submit = await measure(db, calls, (i) => run('submit', { requestId: `bench-submit-${i}`, items: carts[i], couponId: null, slot: { kind: 'delivery', day: tomorrow, window: 'morning', pickupPoint: null }, note: null }, i));
  figure('orders.submit.p50_ms', 'submit p50', submit.p50, 'ms', { better: 'lower', digits: 2 });
  figure('orders.submit.p95_ms', 'submit p95', submit.p95, 'ms', { better: 'lower', digits: 2 });
  figure('orders.submit.reads', 'submit: database reads per call', submit.reads, 'reads', { better: 'lower', digits: 2 });
  await db.close();
}
