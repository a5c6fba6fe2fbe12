import type { CouponView, MovementView, Page, PointsSummaryView, RedeemResultView } from '../../cloudfunctions/contracts/api';
import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { C } from '../../cloudfunctions/services/collections';
import { forgetConfig } from '../../cloudfunctions/services/config';
import { refundOrder } from '../../cloudfunctions/services/orders';
import { addStaff, completedOrder } from './fixtures';
import { createHarness, type Harness } from './harness';

const DAY = 86_400_000;
let h: Harness;

/** A catalogue with a 30-point coupon, for the concurrency test. */
async function useCatalogWithCheapCoupon(): Promise<void> {
  const catalog = [...defaultAppConfig.coupons.catalog, { id: 'pts-30', title: '满30减1', kind: 'amount_off' as const, amountFen: 100, minSpendFen: 3000, costPoints: 30, validDays: 7, active: true }];
  await h.db.collection(C.config).doc('app').set({ data: { coupons: { catalog, repurchase: defaultAppConfig.coupons.repurchase } } });
  forgetConfig();
}

/** A member with exactly `points` usable points (earned on an order, window passed). */
async function memberWith(openid: string, points: number): Promise<void> {
  await h.ok('member', openid, 'getCard');
  await completedOrder(h, openid, points * 100);
  h.clock.now += 8 * DAY;
  const summary = await h.ok<PointsSummaryView>('points', openid, 'getSummary');
  expect(summary.available).toBe(points);
}

beforeEach(async () => {
  h = await createHarness(Date.parse('2026-03-10T02:00:00Z'), { retryFirstAttempt: false });
});
afterEach(() => h.close());

describe('redemption', () => {
  it('50 parallel redemptions of 30 points on a 100-point account: exactly 3 succeed, 10 remain', async () => {
    await useCatalogWithCheapCoupon();
    await memberWith('o-hot', 100);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.call<RedeemResultView>('points', 'o-hot', { action: 'redeemCoupon', payload: { templateId: 'pts-30', requestId: `parallel-${String(i).padStart(4, '0')}` } })),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(3);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'POINTS.INSUFFICIENT_BALANCE' } });
    expect((await h.ok<PointsSummaryView>('points', 'o-hot', 'getSummary')).available).toBe(10);
    expect((await h.db.collection(C.coupons).where({ memberId: 'o-hot', source: 'redeem' }).count()).total).toBe(3);
    expect((await h.db.collection(C.pointsMovements).where({ memberId: 'o-hot', type: 'redeem' }).count()).total).toBe(3);
  });

  it('one request id sent 5 times in a row and 5 times in parallel gives one movement and the same answer', async () => {
    await memberWith('o-retry', 2000);
    const payload = { templateId: 'pts-100-10', requestId: 'tap-0001-abcdef' };
    const serial: unknown[] = [];
    for (let i = 0; i < 5; i += 1) serial.push(await h.ok('points', 'o-retry', 'redeemCoupon', payload));
    const parallelPayload = { templateId: 'pts-100-10', requestId: 'tap-0002-abcdef' };
    const parallel = await Promise.all(Array.from({ length: 5 }, () => h.ok('points', 'o-retry', 'redeemCoupon', parallelPayload)));
    expect(new Set(serial.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(new Set(parallel.map((s) => JSON.stringify(s))).size).toBe(1);
    expect((await h.db.collection(C.pointsMovements).where({ memberId: 'o-retry', type: 'redeem' }).count()).total).toBe(2);
    expect((await h.ok<PointsSummaryView>('points', 'o-retry', 'getSummary')).available).toBe(1000);
    expect((await h.ok<Page<CouponView>>('points', 'o-retry', 'listMyCoupons')).items.filter((c) => c.source === 'redeem')).toHaveLength(2);
  });

  it('respects the per-member limit and never takes points for a refused redemption', async () => {
    await memberWith('o-eggs', 1000);
    await h.ok('points', 'o-eggs', 'redeemCoupon', { templateId: 'pts-eggs', requestId: 'eggs-000001' });
    await h.ok('points', 'o-eggs', 'redeemCoupon', { templateId: 'pts-eggs', requestId: 'eggs-000002' });
    const third = await h.call('points', 'o-eggs', { action: 'redeemCoupon', payload: { templateId: 'pts-eggs', requestId: 'eggs-000003' } });
    expect(third).toMatchObject({ ok: false, error: { code: 'COUPON.LIMIT_REACHED' } });
    expect((await h.ok<PointsSummaryView>('points', 'o-eggs', 'getSummary')).available).toBe(400);
  });

  it('coupons expire after their validity and show as expired', async () => {
    await memberWith('o-exp', 600);
    await h.ok('points', 'o-exp', 'redeemCoupon', { templateId: 'pts-100-10', requestId: 'exp-0000001' });
    expect((await h.ok<Page<CouponView>>('points', 'o-exp', 'listMyCoupons')).items[0]?.status).toBe('usable');
    h.clock.now += 31 * DAY;
    expect((await h.ok<Page<CouponView>>('points', 'o-exp', 'listMyCoupons')).items[0]?.status).toBe('expired');
  });
});

describe('movements and refunds', () => {
  it('lists every movement with its reason and source, newest first, paged', async () => {
    await memberWith('o-moves', 300);
    await h.ok('points', 'o-moves', 'redeemCoupon', { templateId: 'pts-eggs', requestId: 'moves-00001' });
    const page = await h.ok<Page<MovementView>>('points', 'o-moves', 'listMovements', { page: 0, pageSize: 2 });
    expect(page.items.map((m) => m.type)).toEqual(['redeem', 'settle']);
    expect(page.hasMore).toBe(true);
    expect(page.items[0]).toMatchObject({ availableDelta: -300, source: { kind: 'redemption' } });
    const next = await h.ok<Page<MovementView>>('points', 'o-moves', 'listMovements', { page: 1, pageSize: 2 });
    expect(next.items.map((m) => m.type)).toEqual(['earn']);
    expect(next.items[0]?.source).toEqual({ kind: 'order', id: expect.stringMatching(/^T/) });
  });

  it('a refund after the points were spent shows what is owed and recovers it from the next earnings', async () => {
    await h.ok('member', 'o-refund', 'getCard');
    const orderId = await completedOrder(h, 'o-refund', 1000_00);
    h.clock.now += 8 * DAY;
    await h.ok('points', 'o-refund', 'redeemCoupon', { templateId: 'pts-200-25', requestId: 'refund-00001' });
    await refundOrder(h.db, { orderId, refundId: 'R1', refundFen: 500_00 }, h.clock.now);
    await refundOrder(h.db, { orderId, refundId: 'R1', refundFen: 500_00 }, h.clock.now); // a retried refund
    let summary = await h.ok<PointsSummaryView>('points', 'o-refund', 'getSummary');
    expect(summary).toMatchObject({ available: 0, owed: 500 });
    await completedOrder(h, 'o-refund', 800_00);
    h.clock.now += 8 * DAY;
    summary = await h.ok<PointsSummaryView>('points', 'o-refund', 'getSummary');
    expect(summary).toMatchObject({ available: 300, owed: 0 });
    expect((await h.db.collection(C.pointsMovements).where({ memberId: 'o-refund', type: 'refund_reversal' }).count()).total).toBe(1);
  });

  it('issues an after-purchase coupon (复购券) once per qualifying order', async () => {
    await h.ok('member', 'o-back', 'getCard');
    await completedOrder(h, 'o-back', 180_00);
    const coupons = await h.ok<Page<CouponView>>('points', 'o-back', 'listMyCoupons');
    expect(coupons.items).toEqual([expect.objectContaining({ templateId: 'back-150-15', source: 'repurchase', status: 'usable' })]);
  });
});

describe('staff desk', () => {
  beforeEach(() => addStaff(h, 'o-sales', 'staff', '李小鲜'));

  it('adjusts points with a reason, once per request id, and leaves an audit record', async () => {
    const card = await h.ok<{ memberNo: string }>('member', 'o-cust', 'getCard');
    const payload = { memberNo: card.memberNo, delta: 200, reason: '投诉补偿：青菜发黄', requestId: 'adj-000001' };
    const first = await h.ok('staff', 'o-sales', 'adjustPoints', payload);
    const again = await h.ok('staff', 'o-sales', 'adjustPoints', payload);
    expect(again).toEqual(first);
    expect((await h.ok<PointsSummaryView>('points', 'o-cust', 'getSummary')).available).toBe(200);
    const audit = (await h.db.collection(C.audit).where({ target: card.memberNo }).get()).data;
    expect(audit).toEqual([expect.objectContaining({ actor: 'o-sales', actorName: '李小鲜', action: 'points.adjust', reason: '投诉补偿：青菜发黄', at: h.clock.now })]);
    const over = await h.call('staff', 'o-sales', { action: 'adjustPoints', payload: { ...payload, delta: -500, requestId: 'adj-000002' } });
    expect(over).toMatchObject({ ok: false, error: { code: 'POINTS.INSUFFICIENT_BALANCE' } });
    expect((await h.db.collection(C.audit).count()).total).toBe(1);
  });

  it('overrides a tier until a date; it ends on that date and is recorded in the history', async () => {
    const card = await h.ok<{ memberNo: string }>('member', 'o-vip', 'getCard');
    await h.ok('staff', 'o-sales', 'overrideTier', { memberNo: card.memberNo, tier: 'strategic', until: '2026-03-31', reason: '年度战略合作签约', requestId: 'ovr-000001' });
    expect((await h.ok<{ tier: { id: string; source: string } }>('member', 'o-vip', 'getCard')).tier).toMatchObject({ id: 'strategic', source: 'override' });
    h.clock.now = Date.parse('2026-03-31T15:59:59Z');
    expect((await h.ok<{ tier: { id: string } }>('member', 'o-vip', 'getCard')).tier.id).toBe('strategic');
    h.clock.now = Date.parse('2026-03-31T16:00:00Z');
    expect((await h.ok<{ tier: { id: string; source: string } }>('member', 'o-vip', 'getCard')).tier).toMatchObject({ id: 'basic', source: 'rules' });
    const history = await h.ok<Page<{ kind: string; by: string }>>('staff', 'o-sales', 'getTierHistory', { memberNo: card.memberNo });
    expect(history.items).toEqual([expect.objectContaining({ kind: 'override', to: 'strategic', by: '李小鲜' })]);
  });

  it('refuses an override in the past or longer than a year', async () => {
    const card = await h.ok<{ memberNo: string }>('member', 'o-x', 'getCard');
    const past = await h.call('staff', 'o-sales', { action: 'overrideTier', payload: { memberNo: card.memberNo, tier: 'core', until: '2026-01-01', reason: '测试', requestId: 'ovr-000002' } });
    const long = await h.call('staff', 'o-sales', { action: 'overrideTier', payload: { memberNo: card.memberNo, tier: 'core', until: '2028-01-01', reason: '测试', requestId: 'ovr-000003' } });
    expect(past).toMatchObject({ ok: false, error: { code: 'TIER.OVERRIDE_IN_PAST' } });
    expect(long).toMatchObject({ ok: false, error: { code: 'TIER.OVERRIDE_TOO_LONG' } });
  });

  it('resolves a fresh member code to the member and refuses a stale one', async () => {
    const code = await h.ok<{ token: string }>('member', 'o-scan', 'getCode');
    const found = await h.ok<{ memberNo: string }>('staff', 'o-sales', 'scanMemberCode', { token: code.token });
    expect(found.memberNo).toBe('FP00000001');
    h.clock.now += 61_000;
    expect(await h.call('staff', 'o-sales', { action: 'scanMemberCode', payload: { token: code.token } })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE.EXPIRED' } });
  });
});
