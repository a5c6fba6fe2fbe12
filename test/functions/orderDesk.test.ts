/**
 * The staff order desk through the local runtime: every transition legal and illegal, weights
 * settled once, cancel and refunds with coupons and points, counter sales by member code, and the
 * manager's catalogue edits and CSV import. Each step is audited and keyed by its request id.
 */
import type { Product } from '../../cloudfunctions/core/catalog/product';
import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { findTemplate } from '../../cloudfunctions/core/coupons/catalog';
import { issueCoupon } from '../../cloudfunctions/core/coupons/coupon';
import { issueMemberCode } from '../../cloudfunctions/core/member/memberCode';
import { quoteCart } from '../../cloudfunctions/core/orders/pricing';
import { ORDER_EVENTS, TRANSITIONS, type OrderEvent, type OrderStatus } from '../../cloudfunctions/core/orders/stateMachine';
import { dayKey } from '../../cloudfunctions/core/time';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { C } from '../../cloudfunctions/services/collections';
import type { AccountDoc, MemberDoc } from '../../cloudfunctions/services/members';
import { customerActor, productDoc, timelineEntry, type OrderDoc, type ProductDoc } from '../../cloudfunctions/services/orderModel';
import { couponDoc, type CouponDoc } from '../../cloudfunctions/services/points';
import { DEV_CODE_SECRET } from '../../local/app';
import { catalogToday } from '../../local/seed/catalog';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const STAFF = 'o-desk-staff';
const MANAGER = 'o-desk-manager';
const CUSTOMER = 'o-desk-customer';

let h: Harness;
let catalogue: Product[];
let piece: Product;
let weighed: Product;
let seq = 0;
const rid = () => `req-${String((seq += 1)).padStart(6, '0')}`;

beforeEach(async () => {
  h = await createHarness(Date.parse('2026-11-25T02:00:00Z'));
  catalogue = catalogToday();
  await h.db.importMany(C.products, catalogue.map((p) => productDoc(p, h.clock.now)) as unknown as Record<string, unknown>[]);
  piece = catalogue.find((p) => p.unit === 'piece' && typeof p.stock === 'number' && p.listPriceFen >= 2_000) as Product;
  weighed = catalogue.find((p) => p.unit !== 'piece' && p.weight !== null && p.weight.toleranceBp > 0) as Product;
  await h.ok('member', CUSTOMER, 'getCard');
  await h.db.collection(C.staff).doc(STAFF).set({ data: { role: 'staff', name: '李小鲜', active: true } });
  await h.db.collection(C.staff).doc(MANAGER).set({ data: { role: 'manager', name: '王店长', active: true } });
});
afterEach(() => h.close());

/** An app order as the customer's submit stores it (coupon marked used on it when given). */
async function placeOrder(opts: { withWeight?: boolean; coupon?: boolean; id?: string } = {}): Promise<OrderDoc> {
  const now = h.clock.now;
  const id = opts.id ?? `A${String((seq += 1)).padStart(10, '0')}`;
  let coupon = null;
  if (opts.coupon) {
    const template = findTemplate(defaultAppConfig.coupons.catalog, 'pts-100-10');
    if (!template) throw new Error('no template');
    coupon = issueCoupon(template, { couponId: `CP-${id}`, memberId: CUSTOMER, now, source: 'redeem' });
  }
  const items = [{ product: piece, quantity: 5 }, ...(opts.withWeight ? [{ product: weighed, quantity: 2 }] : [])];
  const q = quoteCart({ items, benefits: { discountBp: 0, pointsMultiplierPct: 100 }, pointsPerYuan: 1, memberId: CUSTOMER, coupon, now });
  if (coupon) {
    const { _id, ...doc } = couponDoc({ ...coupon, usedAt: now, usedOnOrderId: id });
    await h.db.collection(C.coupons).doc(_id).set({ data: doc as unknown as Record<string, unknown> });
  }
  const order: OrderDoc = {
    _id: id,
    memberId: CUSTOMER,
    channel: 'app',
    externalNo: null,
    request: null,
    status: 'submitted',
    timeline: [timelineEntry('submitted', null, now, customerActor(CUSTOMER))],
    lines: q.lines,
    tier: 'basic',
    discountBp: 0,
    listTotalFen: q.listTotalFen,
    tierDiscountFen: q.tierDiscountFen,
    subtotalFen: q.subtotalFen,
    coupon: q.coupon,
    couponFen: q.couponFen,
    paidFen: q.paidFen,
    hasWeightLines: q.hasWeightLines,
    estimatedPoints: q.estimatedPoints,
    payment: { method: 'on_account', outTradeNo: null, paidAt: null },
    slot: { kind: 'delivery', day: dayKey(now), window: 'morning', pickupPoint: null, priority: false },
    note: null,
    region: '浦东新区',
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    cancelledAt: null,
    points: null,
    refundedFen: 0,
    refunds: [],
    weights: null,
  };
  const { _id, ...data } = order;
  await h.db.collection(C.orders).doc(_id).set({ data: data as unknown as Record<string, unknown> });
  // Stock as the submit leaves it: taken off the shelf.
  const p = (await h.db.collection(C.products).doc(piece.id).get()).data as unknown as ProductDoc;
  await h.db.collection(C.products).doc(piece.id).update({ data: { stock: (p.stock as number) - 5 } });
  return order;
}

const getOrder = async (id: string) => (await h.db.collection(C.orders).doc(id).get()).data as unknown as OrderDoc;
const account = async () => (await h.db.collection(C.pointsAccounts).doc(CUSTOMER).get()).data as unknown as AccountDoc;
const desk = (action: string, payload: Record<string, unknown>, who = STAFF) => h.call('orderDesk', who, { action, payload });

/** The desk action and payload for one state-machine event. */
function eventCall(event: OrderEvent, order: OrderDoc, extraGrams = 0): [string, Record<string, unknown>] {
  const base = { orderId: order._id, requestId: rid() };
  switch (event) {
    case 'weigh':
      return ['enterWeights', { ...base, weights: order.lines.filter((l) => l.estimatedGrams !== null).map((l) => ({ productId: l.productId, grams: (l.estimatedGrams as number) + extraGrams })).concat(order.hasWeightLines ? [] : [{ productId: piece.id, grams: 100 }]) }];
    case 'cancel':
      return ['cancel', { ...base, reason: '客户要求取消' }];
    case 'refund_partial':
      return ['refund', { ...base, reason: '部分退款', amountFen: 1 }];
    case 'refund_full':
      return ['refund', { ...base, reason: '全额退款', whole: true }];
    case 'pay':
      return ['confirm', base];
    default:
      return [event, base];
  }
}

const DESK_EVENTS = ORDER_EVENTS.filter((e) => e !== 'pay');

/** Every desk event the table does not allow from `status` is refused and changes nothing. */
async function expectIllegalRefused(order: OrderDoc, status: OrderStatus): Promise<void> {
  const before = await snapshot(h.db);
  for (const event of DESK_EVENTS) {
    if (TRANSITIONS[status][event]) continue;
    // Other weights than any settled: the same weights again would be answered, not refused.
    const [action, payload] = eventCall(event, order, 1);
    const res = await desk(action, payload);
    expect({ status, event, res }).toMatchObject({ status, event, res: { ok: false } });
    if (!res.ok) expect({ status, event, code: res.error.code }).toEqual({ status, event, code: expect.stringMatching(/^ORDER\.(ILLEGAL_TRANSITION|NOT_COMPLETED|WEIGHTS_SETTLED)$/) });
  }
  expect(await snapshot(h.db)).toEqual(before);
}

describe('order steps through the desk', () => {
  it('walks a by-weight order through every step, refusing every illegal step on the way, and credits points once', async () => {
    const order = await placeOrder({ withWeight: true });
    await expectIllegalRefused(order, 'submitted');
    expect(await h.ok('orderDesk', STAFF, 'confirm', { orderId: order._id, requestId: rid() })).toMatchObject({ status: 'confirmed' });
    await expectIllegalRefused(order, 'confirmed');
    // A by-weight order cannot leave unweighed.
    expect(await desk('dispatch', { orderId: order._id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'ORDER.WEIGHT_PENDING' } });
    const [, weigh] = eventCall('weigh', order);
    expect(await h.ok('orderDesk', STAFF, 'enterWeights', weigh)).toMatchObject({ status: 'weighed', refundFen: 0, chargeFen: 0 });
    await expectIllegalRefused(order, 'weighed');
    await h.ok('orderDesk', STAFF, 'dispatch', { orderId: order._id, requestId: rid() });
    await expectIllegalRefused(order, 'dispatched');
    expect(await desk('cancel', { orderId: order._id, reason: '太晚了', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
    await h.ok('orderDesk', STAFF, 'deliver', { orderId: order._id, requestId: rid() });
    await expectIllegalRefused(order, 'delivered');
    const done = await h.ok<{ earnedPoints: number }>('orderDesk', STAFF, 'complete', { orderId: order._id, requestId: rid() });
    expect(done.earnedPoints).toBe(Math.floor(order.paidFen / 100));
    await expectIllegalRefused(order, 'completed');
    // A second completion with a new request is refused; the points stay as they were.
    expect(await desk('complete', { orderId: order._id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
    expect((await account()).pending).toBe(done.earnedPoints);
    const stored = await getOrder(order._id);
    expect(stored.timeline.map((t) => t.status)).toEqual(['submitted', 'confirmed', 'weighed', 'dispatched', 'delivered', 'completed']);
    expect(stored.timeline.slice(1).every((t) => t.by.kind === 'staff' && t.by.name === '李小鲜')).toBe(true);
  });

  it('a piece-only order skips weighing, and weighing it is refused', async () => {
    const order = await placeOrder();
    await h.ok('orderDesk', STAFF, 'confirm', { orderId: order._id, requestId: rid() });
    const [, weigh] = eventCall('weigh', order);
    expect(await desk('enterWeights', weigh)).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION', message: expect.stringContaining('没有称重商品') } });
    await h.ok('orderDesk', STAFF, 'dispatch', { orderId: order._id, requestId: rid() });
    expect((await getOrder(order._id)).status).toBe('dispatched');
  });

  it('audits every step (who, what, before → after, when) and answers a retried request id once', async () => {
    const order = await placeOrder();
    const requestId = rid();
    const first = await desk('confirm', { orderId: order._id, requestId });
    h.clock.now += 5_000;
    const again = await desk('confirm', { orderId: order._id, requestId });
    expect(again).toEqual(first);
    expect((await getOrder(order._id)).timeline).toHaveLength(2);
    // The same id for another step is refused and changes nothing.
    const before = await snapshot(h.db);
    expect(await desk('dispatch', { orderId: order._id, requestId })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await desk('confirm', { orderId: order._id, requestId, note: '另一个备注' })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await snapshot(h.db)).toEqual(before);
    const audit = (await h.db.collection(C.audit).doc(`${STAFF}:${requestId}`).get()).data as Record<string, unknown>;
    expect(audit).toMatchObject({ actor: STAFF, actorName: '李小鲜', role: 'staff', action: 'order.confirm', target: `order:${order._id}`, before: 'submitted', after: 'confirmed', state: 'done', at: h.clock.now - 5_000 });
  });

  it('a completion retried with the same request id after the answer was lost credits the points once', async () => {
    const order = await placeOrder();
    for (const step of ['confirm', 'dispatch', 'deliver']) await h.ok('orderDesk', STAFF, step, { orderId: order._id, requestId: rid() });
    const requestId = rid();
    const results = await Promise.all([1, 2, 3].map(() => desk('complete', { orderId: order._id, requestId })));
    expect(results.filter((r) => r.ok)).not.toHaveLength(0);
    const earned = Math.floor(order.paidFen / 100);
    for (const r of results) if (r.ok) expect(r.data).toMatchObject({ earnedPoints: earned });
    expect((await account()).pending).toBe(earned);
    const { data } = await h.db.collection(C.pointsMovements).where({ memberId: CUSTOMER }).get();
    expect(data.filter((m) => (m as { type: string }).type === 'earn')).toHaveLength(1);
  });
});

describe('final weights', () => {
  async function confirmedWeightOrder() {
    const order = await placeOrder({ withWeight: true });
    await h.ok('orderDesk', STAFF, 'confirm', { orderId: order._id, requestId: rid() });
    const line = order.lines.find((l) => l.productId === weighed.id) as OrderDoc['lines'][number];
    return { order, line };
  }

  it('lighter: the difference is refunded; heavier: charged up to the tolerance, the rest waived', async () => {
    const { order, line } = await confirmedWeightOrder();
    const lighter = await h.ok<{ paidFen: number; refundFen: number; chargeFen: number }>('orderDesk', STAFF, 'enterWeights', { orderId: order._id, weights: [{ productId: weighed.id, grams: (line.estimatedGrams as number) - 200 }], requestId: rid() });
    expect(lighter.refundFen).toBeGreaterThan(0);
    expect(lighter.chargeFen).toBe(0);
    expect(lighter.paidFen).toBe(order.paidFen - lighter.refundFen);
    expect((await getOrder(order._id)).paidFen).toBe(lighter.paidFen);

    const other = await confirmedWeightOrder();
    const est = other.line.estimatedGrams as number;
    const heavy = await h.ok<{ lines: { chargedGrams: number; waivedGrams: number; outcome: string }[]; chargeFen: number }>('orderDesk', STAFF, 'enterWeights', { orderId: other.order._id, weights: [{ productId: weighed.id, grams: est * 3 }], requestId: rid() });
    const max = est + Math.floor((est * (weighed.weight?.toleranceBp ?? 0)) / 10_000);
    expect(heavy.lines[0]).toMatchObject({ chargedGrams: max, waivedGrams: est * 3 - max, outcome: 'heavier_capped' });
    expect(heavy.chargeFen).toBeGreaterThan(0);
  });

  it('settles once: the same weights again answer the same, other weights are refused, in sequence and in parallel', async () => {
    const { order, line } = await confirmedWeightOrder();
    const grams = (line.estimatedGrams as number) - 37;
    const weights = [{ productId: weighed.id, grams }];
    const first = await h.ok('orderDesk', STAFF, 'enterWeights', { orderId: order._id, weights, requestId: rid() });
    const afterFirst = await snapshot(h.db);
    // Another clerk, another request id, the same scale reading: the same answer, nothing written.
    expect(await h.ok('orderDesk', MANAGER, 'enterWeights', { orderId: order._id, weights, requestId: rid() })).toEqual(first);
    expect(await desk('enterWeights', { orderId: order._id, weights: [{ productId: weighed.id, grams: grams + 1 }], requestId: rid() })).toMatchObject({ ok: false, error: { code: 'ORDER.WEIGHTS_SETTLED' } });
    expect(await snapshot(h.db)).toEqual(afterFirst);

    const par = await confirmedWeightOrder();
    const base = (par.line.estimatedGrams as number) - 100;
    const results = await Promise.all([0, 0, 0, 5, 9].map((d) => desk('enterWeights', { orderId: par.order._id, weights: [{ productId: weighed.id, grams: base + d }], requestId: rid() })));
    const stored = await getOrder(par.order._id);
    const winner = stored.weights?.weighings[0]?.finalGrams as number;
    results.forEach((r, i) => {
      const grams = base + ([0, 0, 0, 5, 9][i] as number);
      if (grams === winner) expect(r).toMatchObject({ ok: true, data: { paidFen: stored.paidFen } });
      else expect(r).toMatchObject({ ok: false, error: { code: 'ORDER.WEIGHTS_SETTLED' } });
    });
    expect(stored.timeline.filter((t) => t.event === 'weigh')).toHaveLength(1);
  });
});

describe('weighing preview', () => {
  type View = { paidBeforeFen: number; paidFen: number; refundFen: number; chargeFen: number; lines: { productId: string; outcome: string; finalAmountFen: number; estimatedAmountFen: number; differenceFen: number; maxChargeableGrams: number; chargedGrams: number; waivedGrams: number }[] };
  const figures = ({ paidBeforeFen, paidFen, refundFen, chargeFen, lines }: View) => ({ paidBeforeFen, paidFen, refundFen, chargeFen, lines });

  async function confirmedWeightOrder() {
    const order = await placeOrder({ withWeight: true, coupon: true });
    await h.ok('orderDesk', STAFF, 'confirm', { orderId: order._id, requestId: rid() });
    return { order, est: (order.lines.find((l) => l.productId === weighed.id)?.estimatedGrams ?? 0) as number };
  }

  it('previews exactly the settlement that saving the same weights makes, and writes nothing', async () => {
    for (const delta of [-213, 0, 37, 5_000]) {
      const { order, est } = await confirmedWeightOrder();
      const weights = [{ productId: weighed.id, grams: est + delta }];
      const before = await snapshot(h.db);
      const preview = await h.ok<View & { pending: string[]; orderId: string }>('orderDesk', STAFF, 'previewWeights', { orderId: order._id, weights });
      expect(await snapshot(h.db)).toEqual(before);
      expect(preview).toMatchObject({ orderId: order._id, pending: [] });
      const saved = await h.ok<View>('orderDesk', STAFF, 'enterWeights', { orderId: order._id, weights, requestId: rid() });
      expect(figures(preview)).toEqual(figures(saved));
      // The order page shows the saved settlement from the desk view: the same figures again.
      const view = await h.ok<{ weights: View }>('orderDesk', STAFF, 'getOrder', { orderId: order._id });
      expect(figures(view.weights)).toEqual(figures(preview));
    }
  });

  it('shows each line priced on the weight charged, flags a weight over the tolerance, and totals the order', async () => {
    const { order, est } = await confirmedWeightOrder();
    const max = est + Math.floor((est * (weighed.weight?.toleranceBp ?? 0)) / 10_000);
    const over = await h.ok<View>('orderDesk', STAFF, 'previewWeights', { orderId: order._id, weights: [{ productId: weighed.id, grams: max + 250 }] });
    const line = order.lines.find((l) => l.productId === weighed.id) as OrderDoc['lines'][number];
    expect(over.lines).toEqual([expect.objectContaining({ productId: weighed.id, outcome: 'heavier_capped', maxChargeableGrams: max, chargedGrams: max, waivedGrams: 250, estimatedAmountFen: line.amountFen })]);
    expect(over.lines[0]?.differenceFen).toBe((over.lines[0]?.finalAmountFen ?? 0) - line.amountFen);
    expect([over.paidBeforeFen, over.chargeFen, over.refundFen]).toEqual([order.paidFen, over.paidFen - order.paidFen, 0]);
    const lighter = await h.ok<View>('orderDesk', STAFF, 'previewWeights', { orderId: order._id, weights: [{ productId: weighed.id, grams: est - 100 }] });
    expect(lighter.lines[0]).toMatchObject({ outcome: 'lighter', waivedGrams: 0 });
    expect(lighter.refundFen).toBe(order.paidFen - lighter.paidFen);
    expect(lighter.refundFen).toBeGreaterThan(0);
  });

  it('with no weight yet, lists the line as pending and the total unchanged', async () => {
    const { order } = await confirmedWeightOrder();
    expect(await h.ok('orderDesk', STAFF, 'previewWeights', { orderId: order._id, weights: [] })).toMatchObject({ pending: [weighed.id], lines: [], paidFen: order.paidFen, refundFen: 0, chargeFen: 0 });
  });

  it('refuses what saving would refuse, validates its payload, and is for staff only', async () => {
    const { order, est } = await confirmedWeightOrder();
    const pieceOnly = await placeOrder();
    const before = await snapshot(h.db);
    const weights = [{ productId: weighed.id, grams: est }];
    expect(await desk('previewWeights', { orderId: order._id, weights: [{ productId: piece.id, grams: 100 }] })).toMatchObject({ ok: false, error: { code: 'ORDER.INVALID_WEIGHT' } });
    expect(await desk('previewWeights', { orderId: order._id, weights: [{ productId: weighed.id, grams: -1 }] })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await desk('previewWeights', { orderId: order._id, weights: [{ productId: weighed.id, grams: 1.5 }] })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await desk('previewWeights', { orderId: order._id, weights, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await desk('previewWeights', { orderId: 'A9999999999', weights })).toMatchObject({ ok: false, error: { code: 'ORDER.NOT_FOUND' } });
    expect(await desk('previewWeights', { orderId: order._id, weights }, CUSTOMER)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await desk('previewWeights', { orderId: pieceOnly._id, weights: [] })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
    expect(await snapshot(h.db)).toEqual(before);
    await h.ok('orderDesk', STAFF, 'enterWeights', { orderId: order._id, weights, requestId: rid() });
    expect(await desk('previewWeights', { orderId: order._id, weights })).toMatchObject({ ok: false, error: { code: 'ORDER.WEIGHTS_SETTLED' } });
    expect((await h.db.collection(C.audit).where({ action: 'order.weigh' }).get()).data).toHaveLength(1);
  });
});

describe('refund by amount (orders without lines)', () => {
  async function counterOrder(amountFen: number): Promise<string> {
    const token = (await h.ok<{ token: string }>('member', CUSTOMER, 'getCode')).token;
    return (await h.ok<{ orderId: string }>('orderDesk', STAFF, 'counterSale', { token, amountFen, requestId: rid() })).orderId;
  }

  it('offers the amount refund only on an order without lines, with the refundable remainder', async () => {
    const orderId = await counterOrder(8_850);
    expect(await h.ok('orderDesk', STAFF, 'getOrder', { orderId })).toMatchObject({ lines: [], amountRefund: true, refundableFen: 8_850 });
    const app = await placeOrder();
    expect(await h.ok('orderDesk', STAFF, 'getOrder', { orderId: app._id })).toMatchObject({ amountRefund: false, refundableFen: app.paidFen });
  });

  it('refunds an amount up to the remainder, points reversed; more than is left is refused and changes nothing', async () => {
    const orderId = await counterOrder(8_850);
    const earned = (await getOrder(orderId)).points?.earned as number;
    expect(earned).toBe(88);
    const first = await h.ok<{ refundFen: number; reversedPoints: number; owedPoints: number; refundedFen: number; full: boolean; status: string }>('orderDesk', STAFF, 'refund', { orderId, reason: '少找了零', requestId: rid(), amountFen: 3_050 });
    expect(first).toMatchObject({ refundFen: 3_050, refundedFen: 3_050, full: false, status: 'partially_refunded', owedPoints: 0 });
    expect(first.reversedPoints).toBeGreaterThan(0);
    expect((await account()).pending).toBe(earned - first.reversedPoints);
    expect(await h.ok('orderDesk', STAFF, 'getOrder', { orderId })).toMatchObject({ refundableFen: 5_800 });

    const before = await snapshot(h.db);
    expect(await desk('refund', { orderId, reason: '多退了', requestId: rid(), amountFen: 5_801 })).toMatchObject({ ok: false, error: { code: 'ORDER.REFUND_TOO_LARGE', message: '该订单最多还可退 58 元' } });
    expect(await snapshot(h.db)).toEqual(before);

    const rest = await h.ok<{ refundFen: number; reversedPoints: number; full: boolean }>('orderDesk', STAFF, 'refund', { orderId, reason: '整单退', requestId: rid(), amountFen: 5_800 });
    expect(rest).toMatchObject({ refundFen: 5_800, full: true });
    expect(first.reversedPoints + rest.reversedPoints).toBe(earned);
    expect(await getOrder(orderId)).toMatchObject({ status: 'refunded', refundedFen: 8_850 });
    expect(await desk('refund', { orderId, reason: '再退', requestId: rid(), amountFen: 1 })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
  });

  it('an order with lines is refunded by line, not by an amount', async () => {
    const order = await placeOrder();
    for (const step of ['confirm', 'dispatch', 'deliver', 'complete']) await h.ok('orderDesk', STAFF, step, { orderId: order._id, requestId: rid() });
    const before = await snapshot(h.db);
    expect(await desk('refund', { orderId: order._id, reason: '按金额', requestId: rid(), amountFen: 100 })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID', message: expect.stringContaining('请按商品退款') } });
    expect(await snapshot(h.db)).toEqual(before);
  });
});

describe('cancel and refunds', () => {
  it('cancel before dispatch returns the coupon and the stock and credits nothing', async () => {
    const order = await placeOrder({ coupon: true });
    expect(order.couponFen).toBeGreaterThan(0);
    const stockBefore = ((await h.db.collection(C.products).doc(piece.id).get()).data as unknown as ProductDoc).stock as number;
    await h.ok('orderDesk', STAFF, 'confirm', { orderId: order._id, requestId: rid() });
    const requestId = rid();
    const res = await h.ok('orderDesk', STAFF, 'cancel', { orderId: order._id, reason: '客户电话取消', requestId });
    expect(res).toMatchObject({ status: 'cancelled', couponReturned: true });
    expect(await h.ok('orderDesk', STAFF, 'cancel', { orderId: order._id, reason: '客户电话取消', requestId })).toEqual(res);
    const coupon = (await h.db.collection(C.coupons).doc(`CP-${order._id}`).get()).data as unknown as CouponDoc;
    expect(coupon).toMatchObject({ usedAt: null, usedOnOrderId: null });
    expect(((await h.db.collection(C.products).doc(piece.id).get()).data as unknown as ProductDoc).stock).toBe(stockBefore + 5);
    expect(await account()).toMatchObject({ available: 0, pending: 0 });
    const audit = (await h.db.collection(C.audit).doc(`${STAFF}:${requestId}`).get()).data as Record<string, unknown>;
    expect(audit).toMatchObject({ action: 'order.cancel', before: 'confirmed', after: 'cancelled', reason: '客户电话取消', state: 'done' });
    expect(await desk('cancel', { orderId: order._id, reason: '再取消一次', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
  });

  it('refunds lines in part, then the rest: points reversed once per refund, the coupon back on the full refund', async () => {
    const order = await placeOrder({ coupon: true, withWeight: true });
    await h.ok('orderDesk', STAFF, 'confirm', { orderId: order._id, requestId: rid() });
    const [, weigh] = eventCall('weigh', order);
    await h.ok('orderDesk', STAFF, 'enterWeights', weigh);
    for (const step of ['dispatch', 'deliver', 'complete']) await h.ok('orderDesk', STAFF, step, { orderId: order._id, requestId: rid() });
    const earned = (await getOrder(order._id)).points?.earned as number;
    expect(earned).toBeGreaterThan(0);

    const pieceLine = order.lines.find((l) => l.productId === piece.id) as OrderDoc['lines'][number];
    const requestId = rid();
    const partial = await h.ok<{ reversedPoints: number; full: boolean; refundFen: number }>('orderDesk', STAFF, 'refund', { orderId: order._id, reason: '两份坏了', requestId, lines: [{ productId: piece.id, fen: 1_000 }] });
    expect(partial).toMatchObject({ full: false, refundFen: 1_000, status: 'partially_refunded' });
    // The retry answers the same and reverses nothing more.
    expect(await h.ok('orderDesk', STAFF, 'refund', { orderId: order._id, reason: '两份坏了', requestId, lines: [{ productId: piece.id, fen: 1_000 }] })).toEqual(partial);
    expect(await desk('refund', { orderId: order._id, reason: '两份坏了', requestId, lines: [{ productId: piece.id, fen: 999 }] })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect((await account()).pending).toBe(earned - partial.reversedPoints);
    // More than is left on the line is refused.
    expect(await desk('refund', { orderId: order._id, reason: '太多了', requestId: rid(), lines: [{ productId: piece.id, fen: pieceLine.paidFen }] })).toMatchObject({ ok: false, error: { code: 'ORDER.REFUND_TOO_LARGE' } });
    expect(((await h.db.collection(C.coupons).doc(`CP-${order._id}`).get()).data as unknown as CouponDoc).usedOnOrderId).toBe(order._id);

    const rest = await h.ok<{ reversedPoints: number; full: boolean }>('orderDesk', STAFF, 'refund', { orderId: order._id, reason: '整单退', requestId: rid(), whole: true });
    expect(rest.full).toBe(true);
    expect(partial.reversedPoints + rest.reversedPoints).toBe(earned);
    const stored = await getOrder(order._id);
    expect(stored).toMatchObject({ status: 'refunded', refundedFen: stored.paidFen });
    expect((await account()).pending).toBe(0);
    expect(((await h.db.collection(C.coupons).doc(`CP-${order._id}`).get()).data as unknown as CouponDoc).usedOnOrderId).toBeNull();
    expect(await desk('refund', { orderId: order._id, reason: '再退', requestId: rid(), amountFen: 1 })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
  });

  it('a refund before completion is refused and leaves no claim behind', async () => {
    const order = await placeOrder();
    const requestId = rid();
    expect(await desk('refund', { orderId: order._id, reason: '提前退', requestId, amountFen: 100 })).toMatchObject({ ok: false, error: { code: 'ORDER.NOT_COMPLETED' } });
    expect((await h.db.collection(C.audit).where({ target: `order:${order._id}` }).get()).data).toHaveLength(0);
  });
});

describe('the day list', () => {
  it("lists the day's orders by window and status, paged, with member and allowed steps", async () => {
    for (let i = 0; i < 5; i += 1) await placeOrder();
    const first = await h.ok<{ items: { id: string; memberNo: string; allowed: string[] }[]; hasMore: boolean; windows: { id: string; count: number }[] }>('orderDesk', STAFF, 'listDay', { page: 0, pageSize: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    expect(first.items[0]).toMatchObject({ memberNo: expect.stringMatching(/^FP\d{8}$/), allowed: expect.arrayContaining(['confirm', 'cancel']) });
    expect(first.windows.find((w) => w.id === 'morning')?.count).toBe(5);
    const second = await h.ok<{ items: { id: string }[]; hasMore: boolean }>('orderDesk', STAFF, 'listDay', { page: 1, pageSize: 3 });
    expect(second).toMatchObject({ hasMore: false });
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(5);
    await h.ok('orderDesk', STAFF, 'confirm', { orderId: first.items[0]?.id, requestId: rid() });
    expect((await h.ok<{ items: unknown[] }>('orderDesk', STAFF, 'listDay', { status: 'confirmed' })).items).toHaveLength(1);
    expect((await h.ok<{ items: unknown[] }>('orderDesk', STAFF, 'listDay', { window: 'early' })).items).toHaveLength(0);
    expect((await h.ok<{ items: unknown[] }>('orderDesk', STAFF, 'listDay', { day: '2026-11-26' })).items).toHaveLength(0);
  });
});

describe('counter sale by member code', () => {
  const signer = hmacSigner(DEV_CODE_SECRET);
  const freshCode = async () => (await h.ok<{ token: string }>('member', CUSTOMER, 'getCode')).token;

  it('a fresh code records a completed in-store order with its points; the same code again is refused', async () => {
    const token = await freshCode();
    const requestId = rid();
    const sale = await h.ok<{ orderId: string; earnedPoints: number; memberNo: string }>('orderDesk', STAFF, 'counterSale', { token, amountFen: 12_345, requestId });
    expect(sale.earnedPoints).toBe(123);
    const order = await getOrder(sale.orderId);
    expect(order).toMatchObject({ channel: 'counter', status: 'completed', paidFen: 12_345, memberId: CUSTOMER });
    expect((await account()).pending).toBe(123);
    // The retry of the same request answers the same, even once the code has expired.
    h.clock.now += 120_000;
    expect(await h.ok('orderDesk', STAFF, 'counterSale', { token, amountFen: 12_345, requestId })).toEqual(sale);
    h.clock.now -= 120_000;
    const before = await snapshot(h.db);
    expect(await desk('counterSale', { token, amountFen: 12_345, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE.USED', message: expect.stringContaining('已用于') } });
    expect(await desk('counterSale', { token, amountFen: 500, requestId: rid() }, MANAGER)).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE.USED' } });
    expect(await snapshot(h.db)).toEqual(before);
    expect((await account()).pending).toBe(123);
    const audit = (await h.db.collection(C.audit).doc(`${STAFF}:${requestId}`).get()).data as Record<string, unknown>;
    expect(audit).toMatchObject({ action: 'order.counterSale', state: 'done', details: { memberNo: sale.memberNo, amountFen: 12_345 } });
  });

  it('two clerks racing with one code make one sale', async () => {
    const token = await freshCode();
    const results = await Promise.all([STAFF, MANAGER].map((who) => desk('counterSale', { token, amountFen: 8_000, requestId: rid() }, who)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: { code: 'MEMBER_CODE.USED' } }]);
    expect((await account()).pending).toBe(80);
  });

  it('refuses an expired or tampered code and changes nothing', async () => {
    const member = (await h.db.collection(C.members).doc(CUSTOMER).get()).data as unknown as MemberDoc;
    const expired = issueMemberCode(member.memberNo, h.clock.now - 120_000, 60, signer.mac).token;
    const valid = issueMemberCode(member.memberNo, h.clock.now, 60, signer.mac).token;
    const [prefix, no, exp, mac] = valid.split('.') as [string, string, string, string];
    const tampered = [`${prefix}.FP99999999.${exp}.${mac}`, `${prefix}.${no}.${Number(exp) + 600}.${mac}`, `${valid.slice(0, -2)}xx`];
    const before = await snapshot(h.db);
    expect(await desk('counterSale', { token: expired, amountFen: 1_000, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE.EXPIRED', message: expect.stringContaining('过期') } });
    for (const token of tampered) expect(await desk('counterSale', { token, amountFen: 1_000, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE.INVALID' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('optional lines must add up to the amount', async () => {
    const token = await freshCode();
    expect(await desk('counterSale', { token, amountFen: 3_000, lines: [{ productId: piece.id, quantity: 2, amountFen: 2_000 }], requestId: rid() })).toMatchObject({ ok: false, error: { code: 'ORDER.INVALID_AMOUNT' } });
    const sale = await h.ok<{ orderId: string }>('orderDesk', STAFF, 'counterSale', { token, amountFen: 3_000, lines: [{ productId: piece.id, quantity: 2, amountFen: 3_000 }], requestId: rid() });
    expect((await getOrder(sale.orderId)).lines).toMatchObject([{ productId: piece.id, quantity: 2, paidFen: 3_000, name: piece.name }]);
  });
});

describe('catalogue editing (manager)', () => {
  it('lists every product of a line for the manager, off the shelf too, with stock, and enrols no one', async () => {
    await h.ok('orderDesk', MANAGER, 'updateProduct', { productId: piece.id, onShelf: false, stock: 3, requestId: rid() });
    type Listed = { items: { id: string; onShelf: boolean; stock: number | 'unlimited' }[]; hasMore: boolean };
    const line = await h.ok<Listed>('orderDesk', MANAGER, 'listProducts', { line: piece.line, page: 0, pageSize: 50 });
    expect(line.items.map((p) => p.id)).toEqual(catalogue.filter((p) => p.line === piece.line).map((p) => p.id).sort());
    expect(line.items.find((p) => p.id === piece.id)).toMatchObject({ onShelf: false, stock: 3 });
    const first = await h.ok<Listed>('orderDesk', MANAGER, 'listProducts', { page: 0, pageSize: 10 });
    expect(first).toMatchObject({ hasMore: true });
    expect(first.items).toHaveLength(10);
    expect((await h.db.collection(C.members).where({ _id: MANAGER }).count()).total).toBe(0);
    expect(await desk('listProducts', { page: 0, pageSize: 10 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('edits price, stock and shelf, audited and idempotent; staff may not', async () => {
    const requestId = rid();
    const payload = { productId: piece.id, listPriceFen: piece.listPriceFen + 100, stock: 7, onShelf: false, reason: '到货涨价', requestId };
    const res = await h.ok('orderDesk', MANAGER, 'updateProduct', payload);
    expect(res).toMatchObject({ productId: piece.id, listPriceFen: piece.listPriceFen + 100, stock: 7, onShelf: false });
    expect(await h.ok('orderDesk', MANAGER, 'updateProduct', payload)).toEqual(res);
    expect(await desk('updateProduct', { ...payload, stock: 8 }, MANAGER)).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await desk('updateProduct', { ...payload, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const audit = (await h.db.collection(C.audit).doc(`${MANAGER}:${requestId}`).get()).data as Record<string, unknown>;
    expect(audit).toMatchObject({ action: 'product.update', before: { listPriceFen: piece.listPriceFen, onShelf: true }, after: { stock: 7, onShelf: false }, reason: '到货涨价' });
    expect(await desk('updateProduct', { productId: 'NOPE', stock: 1, requestId: rid() }, MANAGER)).toMatchObject({ ok: false, error: { code: 'CATALOG.PRODUCT_NOT_FOUND' } });
  });

  const HEADER = 'id,name,line,unit,listPriceFen,estimatedGramsPerUnit,toleranceBp,stock,onShelf,seasonMonths,minPerOrder,maxPerOrder,substitutes';

  it('the dry run lists every bad row with its line number; apply is refused until the file is clean', async () => {
    const bad = [
      HEADER,
      'NEW-01,本地草莓,瓜果,jin,1980,500,1000,50,是,12-4,1,10,',
      'NEW-02,坏单位,叶菜,box,100,,,,是,,,,',
      'NEW-03,称重缺克数,肉禽蛋,kg,5000,,,10,是,,,,',
      '',
      `${piece.id},${piece.name},${piece.line},piece,abc,,,,是,,,,`,
      'NEW-04,替代品不存在,瓜果,piece,500,,,不限,否,,,,NOPE-1',
      'NEW-01,重复编号,瓜果,piece,500,,,,是,,,,',
    ].join('\n');
    const before = await snapshot(h.db);
    const dry = await h.ok<{ errors: { line: number; reason: string }[]; creates: number; rows: number }>('orderDesk', MANAGER, 'importCatalogue', { csv: bad, dryRun: true });
    expect(dry.errors.map((e) => e.line)).toEqual([3, 4, 6, 7, 8]);
    expect(dry.errors[0]?.reason).toContain('单位');
    expect(dry.errors[2]?.reason).toContain('价格');
    expect(dry.errors[3]?.reason).toContain('替代商品不存在');
    expect(dry.errors[4]?.reason).toContain('第 2 行重复');
    expect(await desk('importCatalogue', { csv: bad, dryRun: false, requestId: rid() }, MANAGER)).toMatchObject({ ok: false, error: { code: 'CATALOG.IMPORT_HAS_ERRORS' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a clean file applies once: new products created, changed ones updated, the rest untouched', async () => {
    const csv = `\uFEFF${HEADER}\nNEW-01,本地草莓,瓜果,斤,1980,500,1000,50,是,12-4,1,10,\n${piece.id},"${piece.name}",${piece.line},件,${piece.listPriceFen + 50},,,20,是,,1,,\n`;
    const dry = await h.ok('orderDesk', MANAGER, 'importCatalogue', { csv, dryRun: true });
    expect(dry).toMatchObject({ errors: [], creates: 1, updates: 1, rows: 2, applied: false });
    const requestId = rid();
    const applied = await h.ok('orderDesk', MANAGER, 'importCatalogue', { csv, dryRun: false, requestId });
    expect(applied).toMatchObject({ applied: true, creates: 1, updates: 1 });
    const created = (await h.db.collection(C.products).doc('NEW-01').get()).data as unknown as ProductDoc;
    expect(created).toMatchObject({ unit: 'jin', seasonMonths: [12, 1, 2, 3, 4], weight: { estimatedGramsPerUnit: 500, toleranceBp: 1000 }, stock: 50 });
    expect(((await h.db.collection(C.products).doc(piece.id).get()).data as unknown as ProductDoc).listPriceFen).toBe(piece.listPriceFen + 50);
    const after = await snapshot(h.db);
    expect(await h.ok('orderDesk', MANAGER, 'importCatalogue', { csv, dryRun: false, requestId })).toEqual(applied);
    expect(await snapshot(h.db)).toEqual(after);
  });
});
