/**
 * Strict at the edge: a request id reused with other parameters is refused and changes nothing; only
 * real calendar days are accepted; lists are paged.
 */
import type { AuditEntryView, CouponView, Page } from '../../cloudfunctions/contracts/api';
import { C } from '../../cloudfunctions/services/collections';
import { addStaff, completedOrder } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const DAY = 86_400_000;
let h: Harness;
let memberNo: string;
let otherNo: string;

beforeEach(async () => {
  h = await createHarness(Date.parse('2026-03-10T02:00:00Z'));
  await addStaff(h, 'o-sales', 'manager', '李小鲜');
  memberNo = (await h.ok<{ memberNo: string }>('member', 'o-cust', 'getCard')).memberNo;
  otherNo = (await h.ok<{ memberNo: string }>('member', 'o-other', 'getCard')).memberNo;
  await completedOrder(h, 'o-cust', 3000_00);
  h.clock.now += 8 * DAY;
});
afterEach(() => h.close());

describe('a request id reused with other parameters', () => {
  const adjust = () => ({ memberNo, delta: 200, reason: '投诉补偿', requestId: 'reuse-000001' });
  const override = () => ({ memberNo, tier: 'core', until: '2026-06-30', reason: '签约观察期', requestId: 'reuse-000002' });
  const redeem = { templateId: 'pts-100-10', requestId: 'reuse-000003' };

  it.each([
    ['adjustPoints: another delta', () => ({ ...adjust(), delta: 300 })],
    ['adjustPoints: another reason', () => ({ ...adjust(), reason: '另一个原因' })],
    ['adjustPoints: another member', () => ({ ...adjust(), memberNo: otherNo })],
    ['adjustPoints: the id of an override', () => ({ ...adjust(), requestId: 'reuse-000002' })],
  ])('staff.%s → REQUEST.ID_REUSED, nothing changes', async (_label, second) => {
    const first = await h.ok('staff', 'o-sales', 'adjustPoints', adjust());
    await h.ok('staff', 'o-sales', 'overrideTier', override());
    const before = await snapshot(h.db);
    expect(await h.call('staff', 'o-sales', { action: 'adjustPoints', payload: second() })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await snapshot(h.db)).toEqual(before);
    // The genuine retry still gets the first answer.
    expect(await h.ok('staff', 'o-sales', 'adjustPoints', adjust())).toEqual(first);
  });

  it.each([
    ['another end date', { until: '2026-07-31' }],
    ['another tier', { tier: 'strategic' }],
    ['another reason', { reason: '别的原因' }],
  ])('staff.overrideTier with %s → REQUEST.ID_REUSED, nothing changes', async (_label, change) => {
    const first = await h.ok('staff', 'o-sales', 'overrideTier', override());
    const before = await snapshot(h.db);
    expect(await h.call('staff', 'o-sales', { action: 'overrideTier', payload: { ...override(), ...change } })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await snapshot(h.db)).toEqual(before);
    expect(await h.ok('staff', 'o-sales', 'overrideTier', override())).toEqual(first);
  });

  it('points.redeemCoupon for another coupon → REQUEST.ID_REUSED, nothing changes', async () => {
    const first = await h.ok('points', 'o-cust', 'redeemCoupon', redeem);
    const before = await snapshot(h.db);
    expect(await h.call('points', 'o-cust', { action: 'redeemCoupon', payload: { ...redeem, templateId: 'pts-200-25' } })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await snapshot(h.db)).toEqual(before);
    expect(await h.ok('points', 'o-cust', 'redeemCoupon', redeem)).toEqual(first);
  });

  it('a reason that differs only in surrounding spaces is the same request (the schema trims it)', async () => {
    const first = await h.ok('staff', 'o-sales', 'adjustPoints', adjust());
    expect(await h.ok('staff', 'o-sales', 'adjustPoints', { ...adjust(), reason: '  投诉补偿 ' })).toEqual(first);
  });
});

describe('calendar days', () => {
  const payload = (until: string) => ({ action: 'overrideTier', payload: { memberNo, tier: 'core', until, reason: '测试日期', requestId: `day-${until.replace(/[^0-9A-Za-z]/g, '')}-x` } });

  it.each(['2027-01-32', '2027-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '2026-06-00', '2026-6-30', '2026-06-30T00:00', ' 2026-06-30', '２０２６-06-30'])(
    'refuses %j as REQUEST.INVALID and writes nothing',
    async (until) => {
      const before = await snapshot(h.db);
      expect(await h.call('staff', 'o-sales', payload(until))).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
      expect(await snapshot(h.db)).toEqual(before);
    },
  );

  it('accepts the last day of February and a leap day', async () => {
    expect(await h.call('staff', 'o-sales', payload('2027-02-28'))).toMatchObject({ ok: true, data: { until: '2027-02-28' } });
    h.clock.now = Date.parse('2027-06-01T02:00:00Z');
    expect(await h.call('staff', 'o-sales', payload('2028-02-29'))).toMatchObject({ ok: true, data: { until: '2028-02-29' } });
  });

  it('allows an override up to 365 days ahead, not one day more', async () => {
    // Today in Shanghai is 2026-03-18.
    expect(await h.call('staff', 'o-sales', payload('2027-03-19'))).toMatchObject({ ok: false, error: { code: 'TIER.OVERRIDE_TOO_LONG' } });
    expect(await h.call('staff', 'o-sales', payload('2027-03-18'))).toMatchObject({ ok: true });
  });
});

describe('paged lists', () => {
  it("listMyCoupons pages through all of a member's coupons, newest first", async () => {
    // 25 redemptions of 满100减10 cost 12,500 points: give the member enough first. With the 复购券
    // from the order, that makes 26 coupons.
    await h.ok('staff', 'o-sales', 'adjustPoints', { memberNo, delta: 20_000, reason: '测试充值', requestId: 'fund-000001' });
    for (let i = 0; i < 25; i += 1) {
      h.clock.now += 1000;
      await h.ok('points', 'o-cust', 'redeemCoupon', { templateId: 'pts-100-10', requestId: `many-${String(i).padStart(6, '0')}` });
    }
    const pages: Page<CouponView>[] = [];
    for (let page = 0; page < 3; page += 1) pages.push(await h.ok<Page<CouponView>>('points', 'o-cust', 'listMyCoupons', { page, pageSize: 10 }));
    expect(pages.map((p) => [p.items.length, p.hasMore])).toEqual([
      [10, true],
      [10, true],
      [6, false],
    ]);
    const all = pages.flatMap((p) => p.items);
    expect(new Set(all.map((c) => c.id)).size).toBe(26);
    expect(all.map((c) => c.issuedAt)).toEqual([...all.map((c) => c.issuedAt)].sort((a, b) => b - a));
    expect((await h.ok<Page<CouponView>>('points', 'o-cust', 'listMyCoupons')).items).toHaveLength(20);
    expect(await h.call('points', 'o-cust', { action: 'listMyCoupons', payload: { pageSize: 51 } })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });

  it('getAuditTrail pages through every staff change of a member', async () => {
    for (let i = 0; i < 12; i += 1) {
      h.clock.now += 1000;
      await h.ok('staff', 'o-sales', 'adjustPoints', { memberNo, delta: 1, reason: `第${i}次`, requestId: `audit-${String(i).padStart(6, '0')}` });
    }
    const first = await h.ok<Page<AuditEntryView>>('staff', 'o-sales', 'getAuditTrail', { memberNo, pageSize: 10 });
    const second = await h.ok<Page<AuditEntryView>>('staff', 'o-sales', 'getAuditTrail', { memberNo, page: 1, pageSize: 10 });
    expect([first.items.length, first.hasMore, second.items.length, second.hasMore]).toEqual([10, true, 2, false]);
    expect(first.items[0]).toMatchObject({ reason: '第11次', actorName: '李小鲜', action: 'points.adjust' });
    // The staff member's OPENID and the request fingerprint stay on the server.
    expect(JSON.stringify([first, second])).not.toMatch(/o-sales|fingerprint/);
    expect((await h.db.collection(C.audit).count()).total).toBe(12);
  });
});
