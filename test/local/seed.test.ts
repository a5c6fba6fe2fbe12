import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { reconcile, type Movement, type PointsAccount } from '../../cloudfunctions/core/points/account';
import { downgradeOutlook, effectiveTier } from '../../cloudfunctions/core/tiers/membership';
import { metricsAt } from '../../cloudfunctions/core/tiers/stats';
import { reconcileOrder } from '../../cloudfunctions/core/orders/reorder';
import { productFromDoc } from '../../cloudfunctions/services/orderModel';
import { generateDemo } from '../../local/seed/demo';

const NOW = Date.parse('2026-11-25T02:00:00Z');
const data = generateDemo(defaultAppConfig, NOW);

describe('the demo dataset', () => {
  it('has at least 300 customers of every kind across the four tiers, with a year of orders', () => {
    expect(data.members.length).toBeGreaterThanOrEqual(300);
    const tiers = new Set(data.members.map((m) => effectiveTier(m.tierState, NOW).tier));
    expect(tiers).toEqual(new Set(['basic', 'potential', 'core', 'strategic']));
    expect(new Set(data.members.map((m) => m.kind))).toEqual(new Set(['household', 'group_leader', 'restaurant', 'canteen', 'chain']));
    expect(data.orders.length).toBeGreaterThan(10_000);
    expect(Math.min(...data.orders.map((o) => o.completedAt ?? NOW))).toBeLessThan(NOW - 360 * 86_400_000);
    expect(data.complaints.length).toBeGreaterThanOrEqual(3);
  });

  it('puts each demo identity in the tier its label promises; the quiet group leader gets a warning', () => {
    const byId = new Map(data.members.map((m) => [m._id, m]));
    expect(effectiveTier(byId.get('demo-basic')!.tierState, NOW).tier).toBe('basic');
    expect(effectiveTier(byId.get('demo-potential')!.tierState, NOW).tier).toBe('potential');
    expect(effectiveTier(byId.get('demo-core')!.tierState, NOW).tier).toBe('core');
    expect(effectiveTier(byId.get('demo-strategic')!.tierState, NOW).tier).toBe('strategic');
    const leader = byId.get('demo-leader')!;
    expect(leader.tierState.tier).toBe('core');
    const outlook = downgradeOutlook(leader.tierState, metricsAt(leader.stats, NOW), defaultAppConfig.tiers, NOW);
    expect(outlook).toMatchObject({ to: 'potential', keep: { spendFen: expect.any(Number) } });
  });

  it('every points account reconciles with its movements', () => {
    const movementsBy = new Map<string, Movement[]>();
    for (const m of data.movements as unknown as (Movement & { memberId: string })[]) {
      movementsBy.set(m.memberId, [...(movementsBy.get(m.memberId) ?? []), m]);
    }
    for (const account of data.accounts as unknown as (PointsAccount & { _id: string })[]) {
      const result = reconcile(account, movementsBy.get(account._id) ?? []);
      expect({ id: account._id, problems: result.problems }).toEqual({ id: account._id, problems: [] });
    }
  });

  it('has about 80 products, and 张姐’s last-week order shows a price change, an off-shelf line with a substitute and a capped quantity', () => {
    expect(data.products.length).toBeGreaterThanOrEqual(75);
    const last = data.orders.filter((o) => o.memberId === 'demo-leader').sort((a, b) => b.createdAt - a.createdAt)[0]!;
    expect(last.createdAt).toBeGreaterThan(NOW - 7 * 86_400_000);
    const discountBp = last.discountBp;
    const r = reconcileOrder({ lines: last.lines, catalog: data.products.map(productFromDoc), discountBp, now: NOW });
    expect(r.lines.some((l) => l.price?.direction === 'up')).toBe(true);
    expect(r.lines.some((l) => l.unavailable === 'off_shelf' && l.substitutes.length > 0)).toBe(true);
    expect(r.lines.some((l) => l.adjustments.some((a) => a.startsWith('capped')))).toBe(true);
    for (const o of data.orders.slice(0, 500)) expect(o.listTotalFen - o.tierDiscountFen - o.couponFen).toBe(o.paidFen);
  });

  it('is deterministic', () => {
    const again = generateDemo(defaultAppConfig, NOW);
    expect(again.members).toEqual(data.members);
    expect(again.orders.length).toBe(data.orders.length);
    expect(again.movements).toEqual(data.movements);
  });
});
