import {
  couponCatalogSchema,
  couponStatus,
  couponTemplateSchema,
  defaultCouponCatalog,
  defaultRepurchaseConfig,
  describeTemplate,
  findTemplate,
  isRedeemable,
  issueCoupon,
  redemptionCost,
  repurchaseConfigSchema,
  repurchaseCouponsFor,
  useCoupon,
  type CouponTemplate,
  type RepurchaseConfig,
} from '../../cloudfunctions/core/coupons';
import { codeOf, sh } from './helpers';



const amountOff = (id: string) => {
  const t = template(id);
  if (t.kind !== 'amount_off') throw new Error(`${id} is not amount_off`);
  return t;
};

function template(id: string): CouponTemplate {
  const t = findTemplate(defaultCouponCatalog, id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
}

describe('coupon catalogue', () => {
  it('has the demo coupons, redeemable ones priced in points', () => {
    const redeemable = defaultCouponCatalog.filter(isRedeemable).map((t) => [t.title, t.costPoints]);
    expect(redeemable).toEqual([
      ['满100减10', 500],
      ['满200减25', 1_000],
      ['免费鲜鸡蛋一盒', 300],
      ['时令水果券', 400],
    ]);
    expect(template('pts-100-10')).toMatchObject({ kind: 'amount_off', amountFen: 1_000, minSpendFen: 10_000, active: true });
    // Rule-only coupons default to not redeemable.
    expect(template('back-50-5')).toMatchObject({ costPoints: 0, active: true });
    expect(isRedeemable(template('back-50-5'))).toBe(false);
  });

  it('every template a default repurchase rule issues exists and is active', () => {
    for (const rule of defaultRepurchaseConfig.rules) {
      expect(findTemplate(defaultCouponCatalog, rule.templateId)?.active).toBe(true);
    }
  });

  it.each([
    [{ id: 'x', title: 'x', kind: 'amount_off', amountFen: 2_000, minSpendFen: 1_000, validDays: 7 }], // more off than the threshold
    [{ id: 'x', title: 'x', kind: 'amount_off', amountFen: 0, minSpendFen: 1_000, validDays: 7 }],
    [{ id: 'x', title: 'x', kind: 'amount_off', amountFen: 9.5, minSpendFen: 1_000, validDays: 7 }],
    [{ id: 'x', title: 'x', kind: 'free_item', itemName: '', validDays: 7 }],
    [{ id: 'x', title: 'x', kind: 'free_item', itemName: '鸡蛋', validDays: 0 }],
    [{ id: 'x', title: 'x', kind: 'free_item', itemName: '鸡蛋', validDays: 7, costPoints: -1 }],
    [{ id: 'x', title: 'x', kind: 'free_item', itemName: '鸡蛋', validDays: 7, amountFen: 100 }], // strict
    [{ id: 'x', title: 'x', kind: 'percent_off', validDays: 7 }],
  ])('rejects template %j', (input) => {
    expect(couponTemplateSchema.safeParse(input).success).toBe(false);
  });

  it('accepts a no-threshold amount-off coupon and rejects duplicate ids in a catalogue', () => {
    expect(couponTemplateSchema.parse({ id: 'x', title: '立减5元', kind: 'amount_off', amountFen: 500, minSpendFen: 0, validDays: 7 })).toMatchObject({
      costPoints: 0,
      active: true,
    });
    const t = { id: 'x', title: 'x', kind: 'free_item', itemName: '鸡蛋', validDays: 7 };
    expect(couponCatalogSchema.safeParse([t, t]).success).toBe(false);
  });

  it('prices a redemption and enforces the per-member limit', () => {
    expect(redemptionCost(template('pts-eggs'), 0)).toBe(300);
    expect(redemptionCost(template('pts-eggs'), 1)).toBe(300);
    expect(codeOf(() => redemptionCost(template('pts-eggs'), 2))).toBe('COUPON.LIMIT_REACHED');
    expect(codeOf(() => redemptionCost(template('back-50-5'), 0))).toBe('COUPON.NOT_REDEEMABLE');
    expect(codeOf(() => redemptionCost({ ...template('pts-100-10'), active: false }, 0))).toBe('COUPON.INACTIVE');
    expect(redemptionCost(template('pts-100-10'), 999)).toBe(500); // no limit
  });

  it('describes a template in yuan without floating point', () => {
    expect(describeTemplate(template('pts-100-10'))).toBe('满100减10');
    expect(describeTemplate(template('pts-eggs'))).toBe('免费领取：农家鲜鸡蛋一盒（10枚）');
    expect(describeTemplate({ ...amountOff('pts-100-10'), amountFen: 250, minSpendFen: 0 })).toBe('立减2.50元');
    expect(describeTemplate({ ...amountOff('pts-100-10'), amountFen: 1_005, minSpendFen: 9_990 })).toBe('满99.90减10.05');
  });
});

describe('issued coupons', () => {
  it('expire at the end of the Shanghai day validDays after issue', () => {
    const c = issueCoupon(template('pts-100-10'), { couponId: 'c1', memberId: 'm1', now: sh('2026-12-31T23:59:59'), source: 'redeem' });
    expect(c).toEqual({
      id: 'c1',
      templateId: 'pts-100-10',
      memberId: 'm1',
      title: '满100减10',
      benefit: { kind: 'amount_off', amountFen: 1_000, minSpendFen: 10_000 },
      source: 'redeem',
      issuedAt: sh('2026-12-31T23:59:59'),
      expiresAt: sh('2027-01-31T00:00:00'),
      lastValidDay: '2027-01-30',
      usedAt: null,
      usedOnOrderId: null,
    });
    expect(couponStatus(c, sh('2027-01-30T23:59:59.999'))).toBe('usable');
    expect(couponStatus(c, sh('2027-01-31T00:00:00'))).toBe('expired');
  });

  it('count from the Shanghai day across the UTC day boundary', () => {
    // 2026-12-31T16:00:00Z is 1 January 2027 in Shanghai.
    const c = issueCoupon(template('pts-eggs'), { couponId: 'c2', memberId: 'm1', now: Date.parse('2026-12-31T16:00:00Z'), source: 'staff' });
    expect(c.lastValidDay).toBe('2027-01-15');
    expect(c.expiresAt).toBe(Date.parse('2027-01-15T16:00:00Z'));
    expect(c.benefit).toEqual({ kind: 'free_item', itemName: '农家鲜鸡蛋一盒（10枚）' });
  });

  it('are not issued from an inactive template or with bad input', () => {
    const base = { couponId: 'c', memberId: 'm', now: 0, source: 'repurchase' as const };
    expect(codeOf(() => issueCoupon({ ...template('back-50-5'), active: false }, base))).toBe('COUPON.INACTIVE');
    expect(codeOf(() => issueCoupon(template('back-50-5'), { ...base, couponId: '' }))).toBe('COUPON.INVALID_INPUT');
    expect(codeOf(() => issueCoupon(template('back-50-5'), { ...base, now: Number.NaN }))).toBe('COUPON.INVALID_INPUT');
  });

  it('are used once, above their threshold, before they expire', () => {
    const c = issueCoupon(template('pts-100-10'), { couponId: 'c1', memberId: 'm1', now: sh('2026-05-01T10:00:00'), source: 'redeem' });
    const at = sh('2026-05-02T10:00:00');
    expect(codeOf(() => useCoupon(c, { orderId: 'o1', subtotalFen: 9_999, now: at }))).toBe('COUPON.MIN_SPEND_NOT_MET');
    const used = useCoupon(c, { orderId: 'o1', subtotalFen: 10_000, now: at });
    expect(used.discountFen).toBe(1_000);
    expect(couponStatus(used.coupon, at)).toBe('used');
    expect(used.coupon).toMatchObject({ usedAt: at, usedOnOrderId: 'o1' });
    expect(couponStatus(c, at)).toBe('usable'); // the input is untouched
    expect(codeOf(() => useCoupon(used.coupon, { orderId: 'o2', subtotalFen: 20_000, now: at }))).toBe('COUPON.USED');
    expect(codeOf(() => useCoupon(c, { orderId: 'o3', subtotalFen: 20_000, now: c.expiresAt }))).toBe('COUPON.EXPIRED');
    // a used coupon stays "used" after its expiry
    expect(couponStatus(used.coupon, c.expiresAt + 1)).toBe('used');
  });

  it('free-item coupons give the item, not money', () => {
    const c = issueCoupon(template('pts-fruit'), { couponId: 'c1', memberId: 'm1', now: sh('2026-05-01T10:00:00'), source: 'redeem' });
    expect(useCoupon(c, { orderId: 'o1', subtotalFen: 0, now: sh('2026-05-01T11:00:00') }).discountFen).toBe(0);
  });

  it('never discount more than the order', () => {
    const noThreshold = couponTemplateSchema.parse({ id: 'x', title: '立减20元', kind: 'amount_off', amountFen: 2_000, minSpendFen: 0, validDays: 7 });
    const c = issueCoupon(noThreshold, { couponId: 'c1', memberId: 'm1', now: 0, source: 'staff' });
    expect(useCoupon(c, { orderId: 'o1', subtotalFen: 1_500, now: 1 }).discountFen).toBe(1_500);
  });
});

describe('repurchase coupons (复购券)', () => {
  const rules = defaultRepurchaseConfig;

  it.each([
    [4_999, 'basic', []],
    [5_000, 'basic', ['back-50-5']],
    [16_000, 'basic', ['back-150-15']],
    [30_000, 'basic', ['back-150-15']],
    [30_000, 'core', ['back-300-40']],
    [29_999, 'strategic', ['back-150-15']],
    [10_000, 'potential', ['back-greens']],
    [15_000, 'potential', ['back-150-15']],
    [0, 'core', []],
  ] as const)('an order of %i fen at tier %s gets %j', (paidFen, tier, expected) => {
    expect(repurchaseCouponsFor({ paidFen, tier }, rules)).toEqual(expected);
  });

  it('issues nothing when switched off', () => {
    expect(repurchaseCouponsFor({ paidFen: 50_000, tier: 'core' }, { ...rules, enabled: false })).toEqual([]);
  });

  it('prefers a tier rule over an open rule at the same threshold, then the earlier rule', () => {
    const config: RepurchaseConfig = repurchaseConfigSchema.parse({
      enabled: true,
      rules: [
        { id: 'open', minPaidFen: 10_000, templateId: 'back-150-15' },
        { id: 'core', minPaidFen: 10_000, templateId: 'back-300-40', tiers: ['core'] },
        { id: 'open-2', minPaidFen: 10_000, templateId: 'back-50-5' },
      ],
    });
    expect(repurchaseCouponsFor({ paidFen: 10_000, tier: 'core' }, config)).toEqual(['back-300-40']);
    expect(repurchaseCouponsFor({ paidFen: 10_000, tier: 'basic' }, config)).toEqual(['back-150-15']);
  });

  it('with a catalogue, skips rules whose template is withdrawn', () => {
    const catalog = defaultCouponCatalog.map((t) => (t.id === 'back-300-40' ? { ...t, active: false } : t));
    expect(repurchaseCouponsFor({ paidFen: 30_000, tier: 'core' }, rules, catalog)).toEqual(['back-150-15']);
    expect(repurchaseCouponsFor({ paidFen: 30_000, tier: 'core' }, rules, [])).toEqual([]);
  });

  it.each([
    [{ enabled: true, rules: [{ id: 'a', minPaidFen: 100, templateId: 't', tiers: ['gold'] }] }],
    [{ enabled: true, rules: [{ id: 'a', minPaidFen: 100, templateId: 't', tiers: [] }] }],
    [{ enabled: true, rules: [{ id: 'a', minPaidFen: -1, templateId: 't' }] }],
    [{ enabled: true, rules: [{ id: 'a', minPaidFen: 1, templateId: 't' }, { id: 'a', minPaidFen: 2, templateId: 't' }] }],
    [{ enabled: true, rules: [], extra: 1 }],
  ])('rejects config %j', (input) => {
    expect(repurchaseConfigSchema.safeParse(input).success).toBe(false);
  });
});
