/** Builders for test data that go through the same domain entry points as production code. */
import { C } from '../../cloudfunctions/services/collections';
import { quoteCart } from '../../cloudfunctions/core/orders/pricing';
import { customerActor, SYSTEM_ACTOR, timelineEntry, type OrderDoc } from '../../cloudfunctions/services/orderModel';
import { completeOrder } from '../../cloudfunctions/services/orders';
import { productDoc } from '../../cloudfunctions/services/orderModel';
import { catalogToday } from '../../local/seed/catalog';
import type { Harness } from './harness';

let seq = 0;

/**
 * A delivered app order of one piece line priced at `paidFen` (no tier discount), stored as the
 * submit would store it; the completion then goes through the real service.
 */
export function deliveredOrder(memberId: string, paidFen: number, id: string, at: number): OrderDoc {
  const product = { id: 'GRAIN-01', name: '东北大米 10kg', line: '粮油' as const, unit: 'piece' as const, listPriceFen: paidFen, weight: null, stock: 'unlimited' as const, onShelf: true, seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], minPerOrder: 1, maxPerOrder: null, substitutes: [] };
  const quote = quoteCart({ items: [{ product, quantity: 1 }], benefits: { discountBp: 0, pointsMultiplierPct: 100 }, pointsPerYuan: 1, memberId, now: at });
  return {
    _id: id,
    memberId,
    channel: 'app',
    externalNo: null,
    request: null,
    status: 'delivered',
    timeline: [timelineEntry('submitted', null, at, customerActor(memberId)), timelineEntry('delivered', 'deliver', at, SYSTEM_ACTOR)],
    lines: quote.lines,
    tier: 'basic',
    discountBp: 0,
    listTotalFen: quote.listTotalFen,
    tierDiscountFen: quote.tierDiscountFen,
    subtotalFen: quote.subtotalFen,
    coupon: null,
    couponFen: 0,
    paidFen: quote.paidFen,
    hasWeightLines: false,
    estimatedPoints: quote.estimatedPoints,
    payment: { method: 'on_account', outTradeNo: null, paidAt: null },
    slot: null,
    note: null,
    region: '浦东新区',
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    cancelledAt: null,
    points: null,
    refundedFen: 0,
    refunds: [],
    weights: null,
  };
}

/** Places an order for a member and completes it at the harness clock's current time. */
export async function completedOrder(h: Harness, memberId: string, paidFen: number, orderId?: string): Promise<string> {
  seq += 1;
  const id = orderId ?? `T${String(seq).padStart(8, '0')}`;
  await ensureCatalogue(h);
  const { _id, ...order } = deliveredOrder(memberId, paidFen, id, h.clock.now);
  await h.db.collection(C.orders).add({ data: { _id, ...order } });
  await completeOrder(h.db, id, h.clock.now);
  return id;
}

export async function addStaff(h: Harness, openid: string, role: 'staff' | 'manager', name = '测试员工'): Promise<void> {
  await h.db.collection(C.staff).doc(openid).set({ data: { role, name, active: true } });
}

/** The demo catalogue in `products`, once per database: orders name real products. */
export async function ensureCatalogue(h: Harness): Promise<void> {
  if ((await h.db.collection(C.products).count()).total > 0) return;
  await h.db.importMany(C.products, catalogToday().map((p) => productDoc(p, h.clock.now)) as unknown as Record<string, unknown>[]);
}
