/**
 * The customer side of orders through the local runtime (transactions run twice): submit is one
 * order per request id, a changed cart is caught at submit, the coupon is used once and returned on
 * cancel, history is paged and private, and 再来一单 reconciles every kind of line.
 */
import type { Page } from '../../cloudfunctions/contracts/api';
import type { Product } from '../../cloudfunctions/core/catalog/product';
import { couponTemplateSchema } from '../../cloudfunctions/core/coupons/catalog';
import { issueCoupon } from '../../cloudfunctions/core/coupons/coupon';
import { quoteCart } from '../../cloudfunctions/core/orders/pricing';
import type { CataloguePage } from '../../cloudfunctions/services/catalogue';
import type { QuoteView } from '../../cloudfunctions/services/cart';
import { C } from '../../cloudfunctions/services/collections';
import { appOrderId, productDoc, type OrderDoc, type ProductDoc } from '../../cloudfunctions/services/orderModel';
import type { OrderDetailView, OrderSummaryView, ReorderView } from '../../cloudfunctions/services/orderViews';
import { couponDoc } from '../../cloudfunctions/services/points';
import type { StandingListView } from '../../cloudfunctions/services/standingLists';
import { productAt, SEED_PRODUCTS } from '../../local/seed/catalog';
import { LEADER_LAST_ORDER } from '../../local/seed/demo';
import { deliveredOrder, ensureCatalogue } from './fixtures';
import { createHarness, type Harness } from './harness';

const START = Date.parse('2026-11-25T02:00:00Z');
const DAY = 86_400_000;
let h: Harness;

beforeEach(async () => {
  h = await createHarness(START);
  await ensureCatalogue(h);
  for (const who of ['o-zhang', 'o-li']) await h.ok('member', who, 'getCard');
});
afterEach(() => h.close());

const product = async (id: string) => (await h.db.collection(C.products).doc(id).get()).data as unknown as ProductDoc;
const setProduct = (id: string, data: Record<string, unknown>) => h.db.collection(C.products).doc(id).update({ data });
const ordersOf = async (memberId: string) => (await h.db.collection(C.orders).where({ memberId }).get()).data as unknown as OrderDoc[];
const slot = { kind: 'delivery', day: '2026-11-26', window: 'morning' } as const;
const rice = { productId: 'GRAIN-01', unit: 'piece', quantity: 2, unitPriceFen: 6800 } as const;
const crab = { productId: 'GIFT-06', unit: 'piece', quantity: 3, unitPriceFen: 39_800 } as const; // stock 20
const submit = (who: string, payload: Record<string, unknown>) => h.call<OrderDetailView>('orders', who, { action: 'submit', payload: { slot, ...payload } });

async function giveCoupon(memberId: string, id: string, amountFen = 1000_00, minSpendFen = 0) {
  const template = couponTemplateSchema.parse({ id: `t-${id}`, title: `满${minSpendFen / 100}减${amountFen / 100}`, kind: 'amount_off', amountFen, minSpendFen, validDays: 30 });
  const { _id, ...doc } = couponDoc(issueCoupon(template, { couponId: id, memberId, now: h.clock.now, source: 'staff' }));
  await h.db.collection(C.coupons).doc(_id).set({ data: doc as unknown as Record<string, unknown> });
}

describe('submit', () => {
  it('a request id sent five times in a row creates one order and takes the stock once', async () => {
    const answers: OrderDetailView[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await submit('o-zhang', { requestId: 'tap-00000001', items: [rice, crab] });
      expect(res.ok).toBe(true);
      if (res.ok) answers.push(res.data);
    }
    expect(new Set(answers.map((a) => a.id))).toEqual(new Set([appOrderId('o-zhang', 'tap-00000001')]));
    expect(answers[4]).toEqual(answers[0]);
    expect(await ordersOf('o-zhang')).toHaveLength(1);
    expect((await product('GIFT-06')).stock).toBe(17);
    expect(answers[0]).toMatchObject({ status: 'submitted', paidFen: 2 * 6800 + 3 * 39_800, lineCount: 2, cancellable: true });
  });

  it('a double tap (five parallel submits) creates one order', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => submit('o-zhang', { requestId: 'tap-00000002', items: [crab] })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await ordersOf('o-zhang')).toHaveLength(1);
    expect((await product('GIFT-06')).stock).toBe(17);
  });

  it('the same request id with other parameters is refused with REQUEST.ID_REUSED and changes nothing', async () => {
    await submit('o-zhang', { requestId: 'tap-00000003', items: [crab] });
    const again = await submit('o-zhang', { requestId: 'tap-00000003', items: [{ ...crab, quantity: 4 }] });
    expect(again).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect((await ordersOf('o-zhang')).map((o) => o.lines[0]?.quantity)).toEqual([3]);
    expect((await product('GIFT-06')).stock).toBe(17);
  });

  it('a price rise or a stock drop between the quote and the submit is caught and shown again', async () => {
    const quoted = await h.ok<QuoteView>('orders', 'o-zhang', 'quote', { items: [{ productId: 'GRAIN-01', quantity: 2 }, { productId: 'GIFT-06', quantity: 3 }] });
    expect(quoted.quote.paidFen).toBe(2 * 6800 + 3 * 39_800);
    await setProduct('GRAIN-01', { listPriceFen: 7200 });
    await setProduct('GIFT-06', { stock: 2 });
    const res = await submit('o-zhang', { requestId: 'tap-00000004', items: [rice, crab] });
    expect(res).toMatchObject({ ok: false, error: { code: 'ORDER.CART_CHANGED' } });
    if (!res.ok) expect(res.error.message).toMatch(/东北大米.*涨价.*68元→72元[\s\S]*阳澄湖大闸蟹礼券：数量3→2/);
    expect(await ordersOf('o-zhang')).toEqual([]);
    expect((await product('GIFT-06')).stock).toBe(2);
    // The client quotes the confirmed lines again to show what moved, then submits the new cart.
    const again = await h.ok<QuoteView>('orders', 'o-zhang', 'quote', { items: [rice, crab] });
    expect(again.recheck?.changes.map((c) => c.kind)).toEqual(['price', 'quantity']);
    const ok = await submit('o-zhang', { requestId: 'tap-00000005', items: again.recheck?.items.map((i) => ({ productId: i.productId, unit: i.unit, quantity: i.quantity, unitPriceFen: i.unitPriceFen })) });
    expect(ok).toMatchObject({ ok: true, data: { paidFen: 2 * 7200 + 2 * 39_800 } });
    expect((await product('GIFT-06')).stock).toBe(0);
  });

  it('a price drop does not stop the submit: the order takes the lower price', async () => {
    await setProduct('GRAIN-01', { listPriceFen: 6500 });
    const res = await submit('o-zhang', { requestId: 'tap-00000006', items: [rice] });
    expect(res).toMatchObject({ ok: true, data: { paidFen: 13_000 } });
  });
});

describe('coupons', () => {
  it('is suggested, used once, refused on a second order and returned on cancel with the stock', async () => {
    await giveCoupon('o-zhang', 'CP-TEST-1', 50_00, 100_00);
    const q = await h.ok<QuoteView>('orders', 'o-zhang', 'quote', { items: [{ productId: 'GIFT-06', quantity: 1 }] });
    expect(q.suggestedCouponId).toBe('CP-TEST-1');
    const first = await h.ok<OrderDetailView>('orders', 'o-zhang', 'submit', { requestId: 'cpn-00000001', items: [{ ...crab, quantity: 1 }], couponId: 'CP-TEST-1', slot });
    expect(first).toMatchObject({ couponFen: 50_00, paidFen: 39_800 - 50_00, coupon: { couponId: 'CP-TEST-1' } });
    expect(first.listTotalFen - first.tierDiscountFen - first.couponFen).toBe(first.paidFen);
    const second = await submit('o-zhang', { requestId: 'cpn-00000002', items: [{ ...crab, quantity: 1 }], couponId: 'CP-TEST-1' });
    expect(second).toMatchObject({ ok: false, error: { code: 'COUPON.USED' } });
    expect((await product('GIFT-06')).stock).toBe(19);
    // Another member cannot use it.
    expect(await submit('o-li', { requestId: 'cpn-00000003', items: [{ ...crab, quantity: 1 }], couponId: 'CP-TEST-1' })).toMatchObject({ ok: false, error: { code: 'COUPON.NOT_FOUND' } });

    const cancelled = await h.ok<OrderDetailView>('orders', 'o-zhang', 'cancel', { orderId: first.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellable: false, points: { state: 'none' } });
    expect(cancelled.timeline.map((t) => t.status)).toEqual(['submitted', 'cancelled']);
    expect((await product('GIFT-06')).stock).toBe(20);
    const coupon = (await h.db.collection(C.coupons).doc('CP-TEST-1').get()).data;
    expect(coupon).toMatchObject({ usedAt: null, usedOnOrderId: null });
    // A second cancel answers the same and gives nothing back twice.
    await h.ok('orders', 'o-zhang', 'cancel', { orderId: first.id });
    expect((await product('GIFT-06')).stock).toBe(20);
    const reused = await h.ok<OrderDetailView>('orders', 'o-zhang', 'submit', { requestId: 'cpn-00000004', items: [{ ...crab, quantity: 1 }], couponId: 'CP-TEST-1', slot });
    expect(reused.couponFen).toBe(50_00);
  });

  it('a customer cannot cancel once the seller confirmed', async () => {
    const order = await h.ok<OrderDetailView>('orders', 'o-zhang', 'submit', { requestId: 'cnf-00000001', items: [crab], slot });
    await h.db.collection(C.orders).doc(order.id).update({ data: { status: 'confirmed' } });
    expect(await h.call('orders', 'o-zhang', { action: 'cancel', payload: { orderId: order.id } })).toMatchObject({ ok: false, error: { code: 'ORDER.ILLEGAL_TRANSITION' } });
    expect((await product('GIFT-06')).stock).toBe(17);
  });
});

describe('history and detail', () => {
  it('pages the caller’s orders newest first in one read and never shows another’s', async () => {
    for (let i = 1; i <= 5; i += 1) {
      h.clock.now = START + i * 60_000;
      await h.ok('orders', 'o-zhang', 'submit', { requestId: `his-0000000${i}`, items: [{ ...rice, quantity: i }], slot });
    }
    const other = await h.ok<OrderDetailView>('orders', 'o-li', 'submit', { requestId: 'his-00000009', items: [rice], slot });
    h.db.resetStats();
    const page0 = await h.ok<Page<OrderSummaryView>>('orders', 'o-zhang', 'history', { page: 0, pageSize: 2 });
    expect(h.db.stats.reads).toBeLessThanOrEqual(3);
    const page2 = await h.ok<Page<OrderSummaryView>>('orders', 'o-zhang', 'history', { page: 2, pageSize: 2 });
    expect(page0.items.map((o) => o.paidFen)).toEqual([5 * 6800, 4 * 6800]);
    expect(page0.hasMore).toBe(true);
    expect(page2).toMatchObject({ hasMore: false, items: [{ paidFen: 6800 }] });
    const all = await h.ok<Page<OrderSummaryView>>('orders', 'o-zhang', 'history', { page: 0, pageSize: 50, month: '2026-11' });
    expect(all.items).toHaveLength(5);
    expect(all.items.map((o) => o.id)).not.toContain(other.id);
    expect(await h.ok<Page<OrderSummaryView>>('orders', 'o-zhang', 'history', { page: 0, pageSize: 50, month: '2026-10' })).toMatchObject({ items: [] });

    for (const action of ['detail', 'reorder', 'cancel']) {
      expect(await h.call('orders', 'o-zhang', { action, payload: { orderId: other.id } })).toEqual({ ok: false, error: { code: 'ORDER.NOT_FOUND', message: '订单不存在' } });
    }
    expect(await h.call('orders', 'o-zhang', { action: 'detail', payload: { orderId: 'NO-SUCH-ORDER' } })).toEqual({ ok: false, error: { code: 'ORDER.NOT_FOUND', message: '订单不存在' } });
    expect((await h.ok<OrderDetailView>('orders', 'o-li', 'detail', { orderId: other.id })).status).toBe('submitted');
  });

  it('the catalogue is priced at the caller’s tier, by line and by search', async () => {
    const leafy = await h.ok<CataloguePage>('orders', 'o-zhang', 'catalogue', { line: '叶菜', page: 0, pageSize: 50 });
    expect(leafy.items.length).toBeGreaterThanOrEqual(10);
    expect(leafy.items.every((p) => p.line === '叶菜')).toBe(true);
    await h.db.collection(C.members).doc('o-zhang').update({ data: { 'tierState.tier': 'core' } });
    const found = await h.ok<CataloguePage>('orders', 'o-zhang', 'catalogue', { q: '五花', page: 0, pageSize: 20 });
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ id: 'MEAT-01', listPriceFen: 1680, unitPriceFen: 1680 - 84, portion: { grams: 500, estimatedFen: 1596 } });
    const names = (await h.ok<CataloguePage>('orders', 'o-zhang', 'catalogue', { line: '瓜果', page: 0, pageSize: 50 })).items.map((p) => p.id);
    expect(names).not.toContain('FRUIT-12'); // off the shelf
  });
});

/** A past order stored as the submit stores it, priced from the catalogue as it stood then. */
async function pastOrder(memberId: string, id: string, lines: [string, number][], at: number): Promise<void> {
  const byId = new Map(SEED_PRODUCTS.map((p) => [p.id, p]));
  const items = lines.map(([pid, quantity]) => ({ product: productAt(byId.get(pid)!, at, START) ?? (byId.get(pid) as Product), quantity }));
  const quote = quoteCart({ items, benefits: { discountBp: 0, pointsMultiplierPct: 100 }, pointsPerYuan: 1, memberId, now: at });
  const { _id, ...doc } = { ...deliveredOrder(memberId, 100, id, at), lines: quote.lines, listTotalFen: quote.listTotalFen, subtotalFen: quote.subtotalFen, paidFen: quote.paidFen, hasWeightLines: quote.hasWeightLines };
  await h.db.collection(C.orders).doc(_id).set({ data: doc as unknown as Record<string, unknown> });
}

describe('再来一单', () => {
  it('reconciles 张姐’s last-week order line by line in at most three reads', async () => {
    await pastOrder('o-zhang', 'LAST-WEEK', [...LEADER_LAST_ORDER, ['MUSH-09', 1], ['LEAF-99', 2]], START - 6 * DAY);
    h.db.resetStats();
    const r = await h.ok<ReorderView>('orders', 'o-zhang', 'reorder', { orderId: 'LAST-WEEK' });
    expect(h.db.stats.reads).toBeLessThanOrEqual(3);
    const line = (id: string) => r.lines.find((l) => l.productId === id)!;
    expect(line('LEAF-01')).toMatchObject({ status: 'changed', price: { direction: 'up', deltaFen: 30 }, quantity: 20, selected: true });
    expect(line('FRUIT-06')).toMatchObject({ status: 'changed', price: { direction: 'down', deltaFen: -70 } });
    expect(line('FRUIT-12')).toMatchObject({ status: 'unavailable', unavailable: 'off_shelf', quantity: 0, selected: false });
    expect(line('FRUIT-12').substitutes[0]).toMatchObject({ productId: 'FRUIT-03' });
    expect(line('MEAT-09')).toMatchObject({ status: 'changed', quantity: 5, adjustments: ['capped_at_max'] });
    expect(line('DAIRY-01')).toMatchObject({ status: 'changed', quantity: 12, adjustments: ['capped_by_stock'] });
    expect(line('MEAT-01')).toMatchObject({ status: 'unchanged', quantity: 10, unit: 'jin' });
    expect(line('ROOT-01')).toMatchObject({ status: 'unchanged', quantity: 8 });
    expect(line('MUSH-09')).toMatchObject({ status: 'unavailable', unavailable: 'out_of_season' });
    expect(line('MUSH-09').substitutes.map((s) => s.productId)[0]).toBe('MUSH-01');
    expect(line('LEAF-99')).toMatchObject({ status: 'unavailable', unavailable: 'discontinued', name: '豌豆尖' });
    expect(r.counts).toEqual({ unchanged: 3, changed: 4, unavailable: 3 });
    expect(r.products.map((p) => p.id)).toContain('FRUIT-03');

    // The proposed cart submits as it is.
    const order = await h.ok<OrderDetailView>('orders', 'o-zhang', 'submit', { requestId: 'again-0000001', items: r.items.map((i) => ({ productId: i.productId, unit: i.unit, quantity: i.quantity, unitPriceFen: i.unitPriceFen })), slot });
    expect(order.lineCount).toBe(7);
    expect((await product('DAIRY-01')).stock).toBe(0);
  });

  it('standing lists: saved per pickup point, listed, reordered in one call, deleted; private', async () => {
    const saved = await h.ok<StandingListView>('orders', 'o-zhang', 'saveList', { listId: 'list-client-1', name: '阳光花园周三团', pickupPoint: '阳光花园3号门', items: [{ productId: 'LEAF-01', quantity: 30 }, { productId: 'DAIRY-01', quantity: 24 }] });
    const again = await h.ok<StandingListView>('orders', 'o-zhang', 'saveList', { listId: 'list-client-1', name: '阳光花园周三团', pickupPoint: '阳光花园3号门', items: [{ productId: 'LEAF-01', quantity: 30 }, { productId: 'DAIRY-01', quantity: 24 }] });
    expect(again.id).toBe(saved.id);
    expect(await h.ok<StandingListView[]>('orders', 'o-zhang', 'lists', {})).toHaveLength(1);
    await setProduct('LEAF-01', { listPriceFen: 400 });
    const r = await h.ok<ReorderView>('orders', 'o-zhang', 'reorderList', { listId: saved.id });
    expect(r.lines.find((l) => l.productId === 'LEAF-01')).toMatchObject({ price: { direction: 'up', deltaFen: 20 }, quantity: 30 });
    expect(r.lines.find((l) => l.productId === 'DAIRY-01')).toMatchObject({ quantity: 12, adjustments: ['capped_by_stock'] });
    expect(await h.ok('orders', 'o-li', 'lists', {})).toEqual([]);
    expect(await h.call('orders', 'o-li', { action: 'reorderList', payload: { listId: saved.id } })).toMatchObject({ ok: false, error: { code: 'ORDER.LIST_NOT_FOUND' } });
    expect(await h.call('orders', 'o-li', { action: 'deleteList', payload: { listId: saved.id } })).toMatchObject({ ok: false, error: { code: 'ORDER.LIST_NOT_FOUND' } });
    await h.ok('orders', 'o-zhang', 'deleteList', { listId: saved.id });
    expect(await h.ok('orders', 'o-zhang', 'lists', {})).toEqual([]);
  });
});

it('writes today’s products with the seed helper (sanity for the fixtures above)', () => {
  expect(productDoc(productAt(SEED_PRODUCTS[0]!, START, START)!, START)).toMatchObject({ _id: 'LEAF-01', listPriceFen: 380 });
});
