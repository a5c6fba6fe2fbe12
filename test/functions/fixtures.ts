/** Builders for test data that go through the same domain entry points as production code. */
import { C } from '../../cloudfunctions/services/collections';
import { completeOrder, type OrderDoc } from '../../cloudfunctions/services/orders';
import type { Harness } from './harness';

let seq = 0;

/** Places an order for a member and completes it at the harness clock's current time. */
export async function completedOrder(h: Harness, memberId: string, paidFen: number, orderId?: string): Promise<string> {
  seq += 1;
  const id = orderId ?? `T${String(seq).padStart(8, '0')}`;
  const order: Omit<OrderDoc, '_id'> = {
    memberId,
    status: 'placed',
    lines: [{ sku: 'VEG-001', name: '上海青', line: '叶菜', unit: '斤', quantity: 1, unitPriceFen: paidFen, amountFen: paidFen }],
    totalFen: paidFen,
    discountFen: 0,
    paidFen,
    region: '浦东新区',
    createdAt: h.clock.now,
    completedAt: null,
    points: null,
    refundedFen: 0,
    refunds: [],
  };
  await h.db.collection(C.orders).add({ data: { _id: id, ...order } });
  await completeOrder(h.db, id, h.clock.now);
  return id;
}

export async function addStaff(h: Harness, openid: string, role: 'staff' | 'manager', name = '测试员工'): Promise<void> {
  await h.db.collection(C.staff).doc(openid).set({ data: { role, name, active: true } });
}
