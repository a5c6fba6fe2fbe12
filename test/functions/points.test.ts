import type { CouponView, MovementView, Page, PointsSummaryView, RedeemResultView } from '../../cloudfunctions/contracts/api';
import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { adjust, bringCurrent, earn, emptyAccount, redeem, reverseForRefund, type Movement } from '../../cloudfunctions/core/points/account';
import { seedDemo } from '../../local/app';
import { C } from '../../cloudfunctions/services/collections';
import { forgetConfig, loadConfig } from '../../cloudfunctions/services/config';
import { refundOrder } from '../../cloudfunctions/services/orders';
import { customerAmount, listMovements, movementsQuery, pointsSummary } from '../../cloudfunctions/services/points';
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
    expect(page.items.map((m) => m.type)).toEqual(['redeem', 'earn']);
    expect(page.hasMore).toBe(false);
    expect(page.items[0]).toMatchObject({ amount: -300, availableDelta: -300, source: { kind: 'redemption' }, state: null });
    expect(page.items[1]?.source).toEqual({ kind: 'order', id: expect.stringMatching(/^T/) });
    const first = await h.ok<Page<MovementView>>('points', 'o-moves', 'listMovements', { page: 0, pageSize: 1 });
    expect(first).toMatchObject({ hasMore: true, items: [{ type: 'redeem' }] });
    const next = await h.ok<Page<MovementView>>('points', 'o-moves', 'listMovements', { page: 1, pageSize: 1 });
    expect(next).toMatchObject({ hasMore: false, items: [{ type: 'earn', amount: 300 }] });
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
  beforeEach(() => addStaff(h, 'o-sales', 'manager', '李小鲜'));

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

describe('points history as customers read it (issue 7)', () => {
  type Summary = PointsSummaryView;
  const total = (s: Summary) => s.available + s.pending - s.owed;

  /** Every row of a member's customer history, page by page. */
  async function wholeHistory(openid: string, pageSize = 2): Promise<MovementView[]> {
    const rows: MovementView[] = [];
    for (let page = 0; ; page += 1) {
      const p = await h.ok<Page<MovementView>>('points', openid, 'listMovements', { page, pageSize });
      rows.push(...p.items);
      if (!p.hasMore) return rows;
      expect(p.items).toHaveLength(pageSize);
    }
  }

  it('a settlement always nets 0 for the customer: random ledgers, every settle movement checked', () => {
    const config = defaultAppConfig.points;
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let settles = 0;
    let repaying = 0;
    for (let run = 0; run < 200; run += 1) {
      let account = emptyAccount();
      let now = Date.parse('2026-01-05T02:00:00Z');
      const all: Movement[] = [];
      const orders: string[] = [];
      for (let step = 0; step < 30; step += 1) {
        now += rnd(6) * DAY + rnd(3600_000);
        const pick = rnd(5);
        try {
          let r;
          if (pick === 0 || orders.length === 0) {
            const orderId = `O${run}-${step}`;
            orders.push(orderId);
            r = earn(account, { orderId, paidFen: (1 + rnd(500)) * 100, multiplierPct: 100, completedAt: now }, config);
          } else if (pick === 1) r = redeem(account, { redemptionId: `R${run}-${step}`, cost: 1 + rnd(300), now, reason: '兑换' });
          else if (pick === 2) r = reverseForRefund(account, { orderId: orders[rnd(orders.length)] as string, refundId: `F${run}-${step}`, points: rnd(200), now });
          else if (pick === 3) r = adjust(account, { adjustmentId: `A${run}-${step}`, delta: rnd(2) ? 1 + rnd(100) : -(1 + rnd(100)), now, reason: '调整', source: { kind: 'staff', id: 's' } }, config);
          else r = bringCurrent(account, now);
          account = r.account;
          all.push(...r.movements);
        } catch {
          // refused commands (insufficient balance) change nothing
        }
      }
      for (const m of all.filter((x) => x.type === 'settle')) {
        settles += 1;
        if (m.owedDelta !== 0) repaying += 1;
        expect(customerAmount(m)).toBe(0);
      }
      expect(all.reduce((s, m) => s + customerAmount(m), 0)).toBe(account.available + account.pending - account.owed);
    }
    // The walk really exercised settlements, including ones that paid back owed points.
    expect(settles).toBeGreaterThan(100);
    expect(repaying).toBeGreaterThan(0);
  });

  it("an order is one row: 待入账 until its day, then 已到账 on it; no second credit", async () => {
    await h.ok('member', 'o-one', 'getCard');
    const orderId = await completedOrder(h, 'o-one', 173_00);
    let rows = await wholeHistory('o-one');
    expect(rows).toEqual([expect.objectContaining({ key: `earn:${orderId}`, amount: 173, state: { kind: 'pending', until: '2026-03-17' } })]);
    h.clock.now += 8 * DAY;
    // The settle job has not run: the state still follows the account.
    rows = await wholeHistory('o-one');
    expect(rows).toEqual([expect.objectContaining({ key: `earn:${orderId}`, amount: 173, state: { kind: 'settled', on: '2026-03-17' } })]);
    // A later write stores the settlement; the customer still sees one row for the order.
    await completedOrder(h, 'o-one', 10_00);
    rows = await wholeHistory('o-one');
    expect(rows.filter((r) => r.source.id === orderId)).toEqual([expect.objectContaining({ type: 'earn', state: { kind: 'settled', on: '2026-03-17' } })]);
    expect(rows.some((r) => r.type === 'settle')).toBe(false);
    expect((await h.db.collection(C.pointsMovements).where({ memberId: 'o-one', type: 'settle' }).count()).total).toBe(1);
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(total(await h.ok<Summary>('points', 'o-one', 'getSummary')));
  });

  it('refunds, owed points paid back by a settlement, and a full refund before settling all add up', async () => {
    await h.ok('member', 'o-mix', 'getCard');
    const first = await completedOrder(h, 'o-mix', 1000_00);
    h.clock.now += 8 * DAY;
    await h.ok('points', 'o-mix', 'redeemCoupon', { templateId: 'pts-200-25', requestId: 'mix-0000001' });
    await refundOrder(h.db, { orderId: first, refundId: 'R1', refundFen: 500_00 }, h.clock.now);
    const repaying = await completedOrder(h, 'o-mix', 800_00);
    const refunded = await completedOrder(h, 'o-mix', 50_00);
    await refundOrder(h.db, { orderId: refunded, refundId: 'R2', refundFen: 50_00 }, h.clock.now);
    h.clock.now += 8 * DAY;
    await completedOrder(h, 'o-mix', 20_00); // stores the settlement that pays back what is owed
    const summary = await h.ok<Summary>('points', 'o-mix', 'getSummary');
    expect(summary).toMatchObject({ owed: 0 });
    expect(summary.pending).toBeGreaterThan(0);
    const rows = await wholeHistory('o-mix', 3);
    expect(rows.find((r) => r.key === `earn:${repaying}`)?.state).toEqual({ kind: 'settled', on: expect.any(String) });
    expect(rows.find((r) => r.key === `earn:${refunded}`)?.state).toEqual({ kind: 'reversed' });
    expect(rows.find((r) => r.type === 'refund_reversal' && r.source.id === 'R1')?.amount).toBe(-500);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(total(summary));
  });

  it('points that expired before the nightly job ran are listed, so the rows match the summary', async () => {
    await memberWith('o-late', 300);
    h.clock.now = Date.parse('2027-12-31T16:10:00Z'); // 2028-01-01 00:10 in Shanghai, before the 02:30 job
    const summary = await h.ok<Summary>('points', 'o-late', 'getSummary');
    expect(summary.available).toBe(0);
    const rows = await wholeHistory('o-late', 1);
    expect(rows.map((r) => [r.type, r.amount])).toEqual([
      ['expire', -300],
      ['earn', 300],
    ]);
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(total(summary));
    // Once the job has written the expiry, the same rows come from storage, not twice.
    await completedOrder(h, 'o-late', 10_00);
    const after = await wholeHistory('o-late', 1);
    expect(after.filter((r) => r.type === 'expire')).toHaveLength(1);
    expect(after.reduce((s, r) => s + r.amount, 0)).toBe(total(await h.ok<Summary>('points', 'o-late', 'getSummary')));
  });

  it('the customer query keeps to the index on memberId + at (type and time filtered in the where)', async () => {
    await memberWith('o-plan', 100);
    const plan = h.db.explain(movementsQuery(h.db, 'o-plan', { upTo: h.clock.now }).skip(20).limit(21)).join('\n');
    expect(plan).toContain('USING INDEX i:points_movements:memberId+at');
    // SEARCH on the index; the only SCAN allowed is the per-row json_each check of an array-valued `type`.
    expect(plan.split('\n')[0]).toMatch(/^SEARCH c_points_movements USING INDEX i:points_movements:memberId\+at \(<expr>=\? AND <expr><\?\)/);
    expect(plan).not.toMatch(/\bSCAN c_points_movements\b|TEMP B-TREE/);
  });

  it('over the demo seed: every member’s whole history adds up to available + pending − owed', async () => {
    await h.close();
    h = await createHarness(Date.parse('2026-11-25T02:00:00Z'), { retryFirstAttempt: false });
    await seedDemo(h.db, h.clock.now);
    const config = await loadConfig(h.db, h.clock.now);
    const all = (await h.db.collection(C.pointsAccounts).limit(1000).get()).data.map((d) => String(d._id));
    expect(all.length).toBeGreaterThan(100);
    // Every 6th account (the whole set takes half a minute): households, group leaders and restaurants alike.
    const members = all.filter((_id, i) => i % 6 === 0);
    const t0 = Date.now();
    let rowsSeen = 0;
    let settledRows = 0;
    for (const memberId of members) {
      const rows: MovementView[] = [];
      for (let page = 0; ; page += 1) {
        const p = await listMovements(h.db, memberId, page, 50, { customerAt: h.clock.now });
        rows.push(...p.items);
        if (!p.hasMore) break;
      }
      const s = await pointsSummary(h.db, memberId, config, h.clock.now);
      expect({ memberId, sum: rows.reduce((a, r) => a + r.amount, 0) }).toEqual({ memberId, sum: total(s) });
      expect(rows.filter((r) => r.type === 'settle')).toEqual([]);
      rowsSeen += rows.length;
      settledRows += rows.filter((r) => r.state?.kind === 'settled').length;
    }
    expect(rowsSeen).toBeGreaterThan(300);
    expect(settledRows).toBeGreaterThan(50);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 120_000);
});
