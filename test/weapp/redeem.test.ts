// The coupon catalogue from the coupons subpackage, compiled: confirm in the app's dialog, then redeem.
import type { CouponTemplateView, PointsSummaryView } from '@contracts/api';
import { callsTo, onCloud, openPage, sleep, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });

const summary: PointsSummaryView = {
  available: 800,
  pending: 0,
  owed: 0,
  nextUsable: null,
  expiringSoon: null,
  rules: { pointsPerYuan: 1, settleAfterDays: 7, expiry: '积分永久有效' },
};
const templates: CouponTemplateView[] = [
  { id: 'pts-100-10', title: '满100减10', description: '满100减10', costPoints: 500, validDays: 30, perMemberLimit: null, redeemedByMe: 0 },
  { id: 'pts-200-25', title: '满200减25', description: '满200减25', costPoints: 1000, validDays: 30, perMemberLimit: null, redeemedByMe: 0 },
];

describe('compiled weapp coupon catalogue (dist/)', () => {
  it('asks for confirmation and redeems with a request id', async () => {
    onCloud('points.getSummary', () => ok(summary));
    onCloud('points.listCouponTemplates', () => ok(templates));
    onCloud('points.redeemCoupon', () =>
      ok({
        coupon: { id: 'CP1', templateId: 'pts-100-10', title: '满100减10', description: '满100减10', source: 'redeem', issuedAt: 0, lastValidDay: '2026-12-25', status: 'usable' },
        cost: 500,
        availableAfter: 300,
      }),
    );
    const page = openPage('packages/coupons/pages/redeem/index');
    const text = await waitForText(page, (t) => t.includes('满200减25'));
    expect(text).toContain('800');
    expect(text).toContain('积分不足');
    expect(text).toContain('还差 200 积分');

    const redeem = page.querySelectorAll('.btn').find((b) => b.dom.textContent === '兑换');
    redeem!.dispatchEvent('tap');
    // The app's own dialog: the name whole, the cost under it; nothing sent before 兑换.
    const asking = await waitForText(page, (t) => t.includes('确认兑换'));
    expect(asking).toContain('「满100减10」将使用 500 积分');
    expect(callsTo('points.redeemCoupon')).toHaveLength(0);
    const confirm = page.querySelectorAll('.dialog-confirm')[0];
    confirm!.dispatchEvent('tap');
    const after = await waitForText(page, (t) => t.includes('兑换成功'));
    const [call] = callsTo('points.redeemCoupon');
    expect(call?.payload).toEqual({ templateId: 'pts-100-10', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });
    expect(after).toContain('剩余 300 积分');
    await sleep(50);
    page.detach();
  });
});
