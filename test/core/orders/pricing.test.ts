import fc from 'fast-check';
import type { Product } from '../../../cloudfunctions/core/catalog';
import { useCoupon, type CouponRecord } from '../../../cloudfunctions/core/coupons/coupon';
import {
  allocateProportionally,
  bestCoupon,
  checkCoupon,
  formatYuan,
  lineAmountFen,
  quoteCart,
  tierUnitPriceFen,
  type CartItem,
  type Quote,
} from '../../../cloudfunctions/core/orders/pricing';
import { codeOf, sh } from '../helpers';
import { amountOff, byWeight, freeItem, MEMBER, NOW, product } from './fixtures';

const basic = { discountBp: 0, pointsMultiplierPct: 100 };
const core = { discountBp: 500, pointsMultiplierPct: 150 };

const quote = (items: CartItem[], options: { benefits?: typeof basic; coupon?: CouponRecord | null; now?: number } = {}): Quote =>
  quoteCart({ items, benefits: options.benefits ?? basic, pointsPerYuan: 1, memberId: MEMBER, coupon: options.coupon ?? null, now: options.now ?? NOW });

describe('tier unit price: the discount per unit rounded half up to the fen', () => {
  it.each([
    [350, 0, 350],
    [350, 200, 343], // 7.0 off
    [350, 500, 332], // 17.5 off → 18: the half fen goes to the customer
    [349, 500, 332], // 17.45 off → 17
    [330, 500, 313], // 16.5 off → 17
    [1, 800, 1], // 0.08 off → 0
    [1, 5_000, 0], // 0.5 off → 1
    [0, 800, 0],
    [9_999, 10_000, 0],
    [10_000_000, 800, 9_200_000],
  ])('list %i fen at %i bp → %i fen', (list, bp, expected) => {
    expect(tierUnitPriceFen(list, bp)).toBe(expected);
  });

  it.each([
    [-1, 0],
    [1.5, 0],
    [100, -1],
    [100, 10_001],
    [100, 2.5],
  ])('refuses list %p at %p bp', (list, bp) => {
    expect(codeOf(() => tierUnitPriceFen(list, bp))).toBe('ORDER.INVALID_AMOUNT');
  });
});

describe('line amounts', () => {
  it('multiplies pieces exactly', () => {
    expect(lineAmountFen('piece', 1_299, { quantity: 3 })).toBe(3_897);
  });

  it('prices a by-weight line once per line, half up', () => {
    expect(lineAmountFen('jin', 343, { grams: 750 })).toBe(515); // 514.5
    expect(lineAmountFen('jin', 343, { grams: 749 })).toBe(514); // 513.814
    expect(lineAmountFen('kg', 1_999, { grams: 333 })).toBe(666); // 665.667
    expect(lineAmountFen('kg', 3, { grams: 500 })).toBe(2); // 1.5
    expect(lineAmountFen('jin', 1, { grams: 0 })).toBe(0);
    // Three 250 g portions at 1 fen/斤: per unit it would be 1+1+1 = 3, per line it is round(1.5) = 2.
    expect(lineAmountFen('jin', 1, { grams: 750 })).toBe(2);
  });

  it('refuses quantities and weights that are not whole and positive', () => {
    expect(codeOf(() => lineAmountFen('piece', 100, { quantity: 0 }))).toBe('ORDER.INVALID_QUANTITY');
    expect(codeOf(() => lineAmountFen('piece', 100, { quantity: 1.5 }))).toBe('ORDER.INVALID_QUANTITY');
    expect(codeOf(() => lineAmountFen('piece', 100, { grams: 500 }))).toBe('ORDER.INVALID_QUANTITY');
    expect(codeOf(() => lineAmountFen('jin', 100, { grams: -1 }))).toBe('ORDER.INVALID_WEIGHT');
    expect(codeOf(() => lineAmountFen('jin', 100, { grams: 0.5 }))).toBe('ORDER.INVALID_WEIGHT');
    expect(codeOf(() => lineAmountFen('kg', 100, { quantity: 2 }))).toBe('ORDER.INVALID_WEIGHT');
  });
});

describe('cart quote', () => {
  const milk = product('MILK', { name: '鲜牛奶', listPriceFen: 1_299 });
  const pork = byWeight('PORK', { name: '前腿肉', listPriceFen: 1_980, grams: 750 });

  it('prices pieces and portions at the tier price and adds up', () => {
    const q = quote([{ product: milk, quantity: 3 }, { product: pork, quantity: 2 }], { benefits: core });
    // milk: 1299 − round(64.95) = 1234 per bottle; pork: 1980 − 99 = 1881 per 斤, 1500 g = 3 斤.
    expect(q.lines.map((l) => [l.productId, l.unitPriceFen, l.estimatedGrams, l.listAmountFen, l.tierDiscountFen, l.amountFen])).toEqual([
      ['MILK', 1_234, null, 3_897, 195, 3_702],
      ['PORK', 1_881, 1_500, 5_940, 297, 5_643],
    ]);
    expect(q).toMatchObject({ listTotalFen: 9_837, tierDiscountFen: 492, subtotalFen: 9_345, couponFen: 0, paidFen: 9_345, coupon: null, hasWeightLines: true });
    expect(q.lines[1]).toMatchObject({ discountBp: 500, toleranceBp: 1_000 });
    expect(q.estimatedPoints).toBe(140); // floor(93.45 × 1.5)
  });

  it('checks 满X against the subtotal after the tier discount, to the fen', () => {
    const p = product('BOX', { listPriceFen: 10_000 });
    expect(quote([{ product: p, quantity: 1 }], { coupon: amountOff(1_000, 10_000) })).toMatchObject({ subtotalFen: 10_000, couponFen: 1_000, paidFen: 9_000 });
    const onePoorer = product('BOX', { listPriceFen: 9_999 });
    expect(codeOf(() => quote([{ product: onePoorer, quantity: 1 }], { coupon: amountOff(1_000, 10_000) }))).toBe('COUPON.MIN_SPEND_NOT_MET');
    // ¥100 at list price but ¥95 after the core discount: the threshold is not met.
    expect(codeOf(() => quote([{ product: p, quantity: 1 }], { benefits: core, coupon: amountOff(1_000, 10_000) }))).toBe('COUPON.MIN_SPEND_NOT_MET');
  });

  it('never takes a no-threshold coupon below zero', () => {
    const q = quote([{ product: product('EGG', { listPriceFen: 300 }), quantity: 1 }], { coupon: amountOff(500, 0) });
    expect(q).toMatchObject({ subtotalFen: 300, couponFen: 300, paidFen: 0 });
    expect(q.lines[0]).toMatchObject({ couponShareFen: 300, paidFen: 0 });
  });

  it('refuses a used, expired or someone else’s coupon', () => {
    const items = [{ product: product('BOX', { listPriceFen: 20_000 }), quantity: 1 }];
    const coupon = amountOff(1_000, 10_000, { issuedAt: sh('2026-06-01T09:00:00'), validDays: 14 });
    expect(coupon.expiresAt).toBe(sh('2026-06-16T00:00:00'));
    expect(quote(items, { coupon, now: sh('2026-06-15T23:59:59') }).couponFen).toBe(1_000);
    expect(codeOf(() => quote(items, { coupon, now: sh('2026-06-16T00:00:00') }))).toBe('COUPON.EXPIRED');
    expect(codeOf(() => quote(items, { coupon: { ...coupon, usedAt: NOW, usedOnOrderId: 'o-1' } }))).toBe('COUPON.USED');
    expect(codeOf(() => quote(items, { coupon: amountOff(1_000, 0, { memberId: 'someone-else' }) }))).toBe('COUPON.NOT_FOUND');
  });

  it('a free-item coupon takes nothing off and names the gift', () => {
    const q = quote([{ product: product('MILK', { listPriceFen: 1_299 }), quantity: 1 }], { coupon: freeItem('农家鲜鸡蛋一盒') });
    expect(q).toMatchObject({ couponFen: 0, paidFen: 1_299, coupon: { deductionFen: 0, giftItemName: '农家鲜鸡蛋一盒' } });
  });

  it('spreads the coupon over the lines so each line knows what it paid', () => {
    const q = quote(
      [
        { product: product('A', { listPriceFen: 5_000 }), quantity: 1 },
        { product: product('B', { listPriceFen: 3_000 }), quantity: 1 },
        { product: product('C', { listPriceFen: 2_000 }), quantity: 1 },
      ],
      { coupon: amountOff(1_000, 10_000) },
    );
    expect(q.lines.map((l) => [l.couponShareFen, l.paidFen])).toEqual([
      [500, 4_500],
      [300, 2_700],
      [200, 1_800],
    ]);
  });

  it('refuses a product twice and a quantity that is not a whole positive number', () => {
    expect(codeOf(() => quote([{ product: milk, quantity: 1 }, { product: milk, quantity: 2 }]))).toBe('ORDER.DUPLICATE_LINE');
    expect(codeOf(() => quote([{ product: milk, quantity: 0 }]))).toBe('ORDER.INVALID_QUANTITY');
    expect(codeOf(() => quote([{ product: pork, quantity: 1.5 }]))).toBe('ORDER.INVALID_QUANTITY');
  });

  it('an empty cart costs nothing', () => {
    expect(quote([])).toMatchObject({ lines: [], listTotalFen: 0, paidFen: 0, estimatedPoints: 0, hasWeightLines: false });
  });
});

describe('coupon suggestion', () => {
  const input = { memberId: MEMBER, subtotalFen: 16_000, now: NOW };

  it('suggests the usable coupon that takes off most, the sooner-expiring on a tie', () => {
    const small = amountOff(1_000, 10_000);
    const big = amountOff(1_500, 15_000);
    const bigLater = amountOff(1_500, 15_000, { validDays: 60 });
    const unreachable = amountOff(2_500, 20_000);
    const used = { ...amountOff(3_000, 0), usedAt: NOW, usedOnOrderId: 'o-1' };
    const gift = freeItem('鸡蛋');
    expect(bestCoupon([small, bigLater, unreachable, used, gift, big], input)).toEqual({ coupon: big, deductionFen: 1_500 });
    expect(bestCoupon([small, unreachable], input)?.coupon).toBe(small);
    expect(bestCoupon([unreachable, gift, used], input)).toBeNull();
    expect(bestCoupon([], input)).toBeNull();
  });

  it('says how much is missing for 满X', () => {
    expect(checkCoupon(amountOff(2_500, 20_000), input)).toEqual({ ok: false, code: 'COUPON.MIN_SPEND_NOT_MET', message: '还差40元可用此券', shortByFen: 4_000 });
    expect(formatYuan(1)).toBe('0.01');
    expect(formatYuan(1_250)).toBe('12.5');
    expect(formatYuan(1_205)).toBe('12.05');
  });
});

describe('allocateProportionally', () => {
  it('gives ties to the earlier line and refuses more than the whole', () => {
    expect(allocateProportionally(1, [100, 100])).toEqual([1, 0]);
    expect(allocateProportionally(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateProportionally(0, [])).toEqual([]);
    expect(codeOf(() => allocateProportionally(3, [1, 1]))).toBe('ORDER.INVALID_AMOUNT');
    expect(codeOf(() => allocateProportionally(1, [0, 0]))).toBe('ORDER.INVALID_AMOUNT');
  });

  it('adds up exactly and never gives a line more than its weight', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, fraction) => {
        const whole = weights.reduce((s, w) => s + w, 0);
        const total = Math.floor(whole * fraction);
        const shares = allocateProportionally(total, weights);
        expect(shares.reduce((s, x) => s + x, 0)).toBe(total);
        shares.forEach((s, i) => {
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(weights[i] as number);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('quote property: list − discounts − coupon = paid, integer fen, never negative', () => {
  const productArb: fc.Arbitrary<Product> = fc
    .record({
      listPriceFen: fc.integer({ min: 0, max: 1_000_000 }),
      unit: fc.constantFrom('piece' as const, 'jin' as const, 'kg' as const),
      grams: fc.integer({ min: 1, max: 20_000 }),
      toleranceBp: fc.integer({ min: 0, max: 5_000 }),
    })
    .map((r) => (r.unit === 'piece' ? product('x', { listPriceFen: r.listPriceFen }) : product('x', { listPriceFen: r.listPriceFen, unit: r.unit, weight: { estimatedGramsPerUnit: r.grams, toleranceBp: r.toleranceBp } })));
  const cartArb = fc.array(fc.tuple(productArb, fc.integer({ min: 1, max: 200 })), { maxLength: 12 }).map((pairs) => pairs.map(([p, quantity], i) => ({ product: { ...p, id: `p${i}` }, quantity })));
  const couponArb = fc.option(
    fc.tuple(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 0, max: 500_000 })).map(([amount, min]) => amountOff(amount, min === 0 ? 0 : Math.max(min, amount))),
    { nil: null },
  );

  it('holds for random carts, tiers and coupons', () => {
    fc.assert(
      fc.property(cartArb, fc.integer({ min: 0, max: 5_000 }), couponArb, (items, discountBp, coupon) => {
        const benefits = { discountBp, pointsMultiplierPct: 100 };
        const subtotal = quoteCart({ items, benefits, pointsPerYuan: 1, memberId: MEMBER, now: NOW }).subtotalFen;
        const usable = coupon !== null && checkCoupon(coupon, { memberId: MEMBER, subtotalFen: subtotal, now: NOW }).ok;
        const q = quoteCart({ items, benefits, pointsPerYuan: 1, memberId: MEMBER, coupon: usable ? coupon : null, now: NOW });

        const figures = [q.listTotalFen, q.tierDiscountFen, q.subtotalFen, q.couponFen, q.paidFen, ...q.lines.flatMap((l) => [l.listAmountFen, l.tierDiscountFen, l.amountFen, l.couponShareFen, l.paidFen, l.unitPriceFen])];
        for (const f of figures) {
          expect(Number.isSafeInteger(f)).toBe(true);
          expect(f).toBeGreaterThanOrEqual(0);
        }
        expect(q.listTotalFen - q.tierDiscountFen - q.couponFen).toBe(q.paidFen);
        expect(q.lines.reduce((s, l) => s + l.listAmountFen, 0)).toBe(q.listTotalFen);
        expect(q.lines.reduce((s, l) => s + l.tierDiscountFen, 0)).toBe(q.tierDiscountFen);
        expect(q.lines.reduce((s, l) => s + l.paidFen, 0)).toBe(q.paidFen);
        for (const l of q.lines) {
          expect(l.listAmountFen - l.tierDiscountFen).toBe(l.amountFen);
          expect(l.amountFen - l.couponShareFen).toBe(l.paidFen);
          expect(l.unitPriceFen).toBeLessThanOrEqual(l.listUnitPriceFen);
        }
        // The deduction is the one useCoupon will record at submit.
        if (usable && coupon) expect(q.couponFen).toBe(useCoupon(coupon, { orderId: 'o-1', subtotalFen: q.subtotalFen, now: NOW }).discountFen);
      }),
      { numRuns: 500 },
    );
  });
});
