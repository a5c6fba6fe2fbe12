import fc from 'fast-check';
import { quoteCart, type CartItem, type Quote } from '../../../cloudfunctions/core/orders/pricing';
import { maxChargeableGrams, previewWeights, settleWeights, weightSettlementKey, type FinalWeight } from '../../../cloudfunctions/core/orders/weights';
import { codeOf } from '../helpers';
import { amountOff, byWeight, MEMBER, NOW, product } from './fixtures';

// 20.00 ¥/斤 list, 5 % off for the tier → 19.00 ¥/斤; 2 portions of 500 g = 1000 g estimated = 38.00 ¥.
const pork = byWeight('PORK', { name: '前腿肉', listPriceFen: 2_000, grams: 500, toleranceBp: 1_000 });
const milk = product('MILK', { name: '鲜牛奶', listPriceFen: 1_000 });

const order = (items: CartItem[], coupon = amountOff(500, 0)): Quote =>
  quoteCart({ items, benefits: { discountBp: 500, pointsMultiplierPct: 100 }, pointsPerYuan: 1, memberId: MEMBER, coupon, now: NOW });

const settle = (q: Quote, finalWeights: FinalWeight[], orderId = 'o-1') => settleWeights({ orderId, lines: q.lines, couponFen: q.couponFen, finalWeights });

describe('final-weight settlement', () => {
  const q = order([{ product: pork, quantity: 2 }, { product: milk, quantity: 1 }]);

  it('starts from the estimate', () => {
    expect(q).toMatchObject({ subtotalFen: 3_800 + 950, couponFen: 500, paidFen: 4_250 });
  });

  it('exact weight: nothing to settle', () => {
    const s = settle(q, [{ productId: 'PORK', grams: 1_000 }]);
    expect(s.weighings[0]).toMatchObject({ outcome: 'exact', differenceFen: 0, waivedGrams: 0 });
    expect([s.paidFen, s.refundFen, s.chargeFen]).toEqual([4_250, 0, 0]);
  });

  it('lighter: the difference is refunded', () => {
    const s = settle(q, [{ productId: 'PORK', grams: 937 }]);
    // 1900 × 937 / 500 = 3560.6 → 3561
    expect(s.weighings[0]).toMatchObject({ outcome: 'lighter', finalAmountFen: 3_561, differenceFen: -239, chargedGrams: 937 });
    expect([s.paidBeforeFen, s.paidFen, s.refundFen, s.chargeFen]).toEqual([4_250, 4_011, 239, 0]);
  });

  it('heavier within the tolerance: the difference is charged', () => {
    const s = settle(q, [{ productId: 'PORK', grams: 1_100 }]);
    expect(s.weighings[0]).toMatchObject({ outcome: 'heavier', maxChargeableGrams: 1_100, chargedGrams: 1_100, waivedGrams: 0, finalAmountFen: 4_180, differenceFen: 380 });
    expect([s.paidFen, s.refundFen, s.chargeFen]).toEqual([4_630, 0, 380]);
  });

  it('heavier beyond the tolerance: charged up to it, the rest is the seller’s', () => {
    const s = settle(q, [{ productId: 'PORK', grams: 1_350 }]);
    expect(s.weighings[0]).toMatchObject({ outcome: 'heavier_capped', chargedGrams: 1_100, waivedGrams: 250, differenceFen: 380 });
    expect(s.chargeFen).toBe(380);
  });

  it('a zero tolerance charges nothing for extra weight; the cap rounds down to the gram', () => {
    const strict = byWeight('BEEF', { listPriceFen: 5_000, grams: 333, toleranceBp: 0 });
    const s = settle(order([{ product: strict, quantity: 1 }], amountOff(1, 0)), [{ productId: 'BEEF', grams: 400 }]);
    expect(s.weighings[0]).toMatchObject({ chargedGrams: 333, waivedGrams: 67, differenceFen: 0 });
    expect(s.chargeFen).toBe(0);
    expect(maxChargeableGrams(333, 1_000)).toBe(366); // 333 + 33.3
    expect(maxChargeableGrams(333, 0)).toBe(333);
  });

  it('zero weight (not supplied): the line is refunded in full and the coupon never exceeds what is left', () => {
    const onlyPork = order([{ product: pork, quantity: 2 }], amountOff(1_000, 0));
    expect(onlyPork.paidFen).toBe(2_800);
    const s = settle(onlyPork, [{ productId: 'PORK', grams: 0 }]);
    expect(s.weighings[0]).toMatchObject({ finalAmountFen: 0, differenceFen: -3_800 });
    expect([s.subtotalFen, s.couponFen, s.paidFen, s.refundFen]).toEqual([0, 0, 0, 2_800]);
  });

  it('a lighter weighing keeps a coupon whose threshold the estimate met', () => {
    const withThreshold = order([{ product: pork, quantity: 2 }], amountOff(500, 3_800));
    const s = settle(withThreshold, [{ productId: 'PORK', grams: 900 }]);
    expect([s.subtotalFen, s.couponFen, s.paidFen]).toEqual([3_420, 500, 2_920]);
  });

  it('nets lighter and heavier lines into one refund or one charge, piece lines untouched', () => {
    const chicken = byWeight('CHICKEN', { listPriceFen: 1_600, grams: 1_500, toleranceBp: 500 });
    const mixed = order([{ product: pork, quantity: 2 }, { product: chicken, quantity: 1 }, { product: milk, quantity: 2 }]);
    const s = settle(mixed, [
      { productId: 'CHICKEN', grams: 1_560 },
      { productId: 'PORK', grams: 980 },
    ]);
    expect(s.weighings.map((w) => [w.productId, w.differenceFen])).toEqual([
      ['PORK', -76], // 1900 × 980 / 500 = 3724, was 3800
      ['CHICKEN', 182], // 1520 × 1560 / 500 = 4742.4 → 4742, was 4560
    ]);
    expect([s.refundFen, s.chargeFen, s.paidFen - s.paidBeforeFen]).toEqual([0, 106, 106]);
    expect(s.lines.find((l) => l.productId === 'MILK')).toMatchObject({ amountFen: 1_900, listAmountFen: 2_000 });
  });

  it('is keyed once per order; the fingerprint tells a retry from a different weighing', () => {
    const first = settle(q, [{ productId: 'PORK', grams: 950 }]);
    const retry = settle(q, [{ productId: 'PORK', grams: 950 }]);
    const other = settle(q, [{ productId: 'PORK', grams: 990 }]);
    expect(first).toEqual(retry);
    expect(first.settlementKey).toBe(weightSettlementKey('o-1'));
    expect(first.settlementKey).toBe('weigh:o-1');
    expect(other.settlementKey).toBe(first.settlementKey);
    expect(other.fingerprint).not.toBe(first.fingerprint);
    expect(first.fingerprint).toBe('PORK=950');
    expect(settle(q, [{ productId: 'PORK', grams: 950 }], 'o-2').settlementKey).not.toBe(first.settlementKey);
  });

  it('the fingerprint does not depend on the order weights were entered in', () => {
    const chicken = byWeight('CHICKEN', { listPriceFen: 1_600, grams: 1_500 });
    const two = order([{ product: pork, quantity: 1 }, { product: chicken, quantity: 1 }]);
    const a = settle(two, [{ productId: 'PORK', grams: 480 }, { productId: 'CHICKEN', grams: 1_490 }]);
    const b = settle(two, [{ productId: 'CHICKEN', grams: 1_490 }, { productId: 'PORK', grams: 480 }]);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toBe('CHICKEN=1490,PORK=480');
  });

  it.each([
    ['a missing weight', [], 'ORDER.INVALID_WEIGHT'],
    ['a weight for a piece line', [{ productId: 'PORK', grams: 1_000 }, { productId: 'MILK', grams: 1_000 }], 'ORDER.INVALID_WEIGHT'],
    ['a weight for a product not in the order', [{ productId: 'PORK', grams: 1_000 }, { productId: 'BEEF', grams: 1_000 }], 'ORDER.INVALID_WEIGHT'],
    ['the same line twice', [{ productId: 'PORK', grams: 1_000 }, { productId: 'PORK', grams: 900 }], 'ORDER.INVALID_WEIGHT'],
    ['a negative weight', [{ productId: 'PORK', grams: -1 }], 'ORDER.INVALID_WEIGHT'],
    ['a fractional weight', [{ productId: 'PORK', grams: 999.5 }], 'ORDER.INVALID_WEIGHT'],
  ])('refuses %s', (_what, weights, code) => {
    expect(codeOf(() => settle(q, weights))).toBe(code);
  });

  it('refuses an order with nothing sold by weight', () => {
    expect(codeOf(() => settle(order([{ product: milk, quantity: 1 }]), []))).toBe('ORDER.INVALID_WEIGHT');
  });
});

describe('weighing preview (what the clerk sees while typing)', () => {
  const chicken = byWeight('CHICKEN', { listPriceFen: 1_600, grams: 1_500, toleranceBp: 500 });
  const mixed = order([{ product: pork, quantity: 2 }, { product: chicken, quantity: 1 }, { product: milk, quantity: 2 }]);
  const preview = (finalWeights: FinalWeight[]) => previewWeights({ orderId: 'o-1', lines: mixed.lines, couponFen: mixed.couponFen, finalWeights });

  it('of a complete entry is exactly the settlement saved for it', () => {
    const weights = [
      { productId: 'CHICKEN', grams: 1_700 },
      { productId: 'PORK', grams: 930 },
    ];
    const { pending, ...rest } = preview(weights);
    expect(pending).toEqual([]);
    expect(rest).toEqual(settle(mixed, weights));
  });

  it('counts the lines not weighed yet at their estimate and lists them as pending', () => {
    const p = preview([{ productId: 'PORK', grams: 937 }]);
    expect(p.pending).toEqual(['CHICKEN']);
    expect(p.weighings.map((w) => w.productId)).toEqual(['PORK']);
    // Only the weighed line moves the total: 1900 × 937 / 500 = 3560.6 → 3561, was 3800.
    expect(p.weighings[0]).toMatchObject({ outcome: 'lighter', finalAmountFen: 3_561, differenceFen: -239 });
    expect([p.paidFen - p.paidBeforeFen, p.refundFen, p.chargeFen]).toEqual([-239, 239, 0]);
    expect(p.fingerprint).toBe('');
    expect(preview([]).pending).toEqual(['PORK', 'CHICKEN']);
    expect([preview([]).refundFen, preview([]).chargeFen, preview([]).weighings]).toEqual([0, 0, []]);
  });

  it('flags a weight over the tolerance: charged up to it, the rest waived', () => {
    const p = preview([{ productId: 'CHICKEN', grams: 2_000 }]);
    // 1500 g + 5 % = 1575 g chargeable; 1520 × 1575 / 500 = 4788, was 4560.
    expect(p.weighings[0]).toMatchObject({ outcome: 'heavier_capped', maxChargeableGrams: 1_575, chargedGrams: 1_575, waivedGrams: 425, finalAmountFen: 4_788, differenceFen: 228 });
  });

  it.each([
    ['a weight for a piece line', [{ productId: 'MILK', grams: 1_000 }]],
    ['the same line twice', [{ productId: 'PORK', grams: 1_000 }, { productId: 'PORK', grams: 900 }]],
    ['a negative weight', [{ productId: 'PORK', grams: -1 }]],
  ])('refuses %s as the settlement does', (_what, weights) => {
    expect(codeOf(() => preview(weights))).toBe('ORDER.INVALID_WEIGHT');
  });

  it('equals the settlement for any complete entry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 5_000 }), (porkGrams, chickenGrams) => {
        const weights = [
          { productId: 'PORK', grams: porkGrams },
          { productId: 'CHICKEN', grams: chickenGrams },
        ];
        const { pending, ...rest } = preview(weights);
        expect(pending).toEqual([]);
        expect(rest).toEqual(settle(mixed, weights));
      }),
      { numRuns: 200 },
    );
  });
});

describe('settlement property', () => {
  it('keeps list − discounts − coupon = paid, refunds at most what was paid, charges at most the tolerance', () => {
    const lineArb = fc.record({
      price: fc.integer({ min: 0, max: 200_000 }),
      grams: fc.integer({ min: 1, max: 20_000 }),
      tol: fc.integer({ min: 0, max: 5_000 }),
      qty: fc.integer({ min: 1, max: 20 }),
      finalPct: fc.integer({ min: 0, max: 200 }),
      piece: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 100_000 }), (specs, discountBp, couponAmount) => {
        const items = specs.map((s, i) => ({
          product: s.piece && i > 0 ? product(`p${i}`, { listPriceFen: s.price }) : byWeight(`p${i}`, { listPriceFen: s.price, grams: s.grams, toleranceBp: s.tol }),
          quantity: s.qty,
        }));
        const q = quoteCart({ items, benefits: { discountBp, pointsMultiplierPct: 100 }, pointsPerYuan: 1, memberId: MEMBER, coupon: amountOff(couponAmount, 0), now: NOW });
        const finals = q.lines
          .map((l, i) => (l.estimatedGrams === null ? null : { productId: l.productId, grams: Math.floor((l.estimatedGrams * (specs[i]?.finalPct ?? 100)) / 100) }))
          .filter((w): w is FinalWeight => w !== null);
        const s = settle(q, finals);
        expect(s.listTotalFen - s.tierDiscountFen - s.couponFen).toBe(s.paidFen);
        expect(s.lines.reduce((t, l) => t + l.paidFen, 0)).toBe(s.paidFen);
        expect(s.lines.reduce((t, l) => t + l.amountFen, 0)).toBe(s.subtotalFen);
        expect(s.paidBeforeFen).toBe(q.paidFen);
        expect(s.paidFen - s.paidBeforeFen).toBe(s.chargeFen - s.refundFen);
        expect(Math.min(s.refundFen, s.chargeFen)).toBe(0);
        expect(s.refundFen).toBeLessThanOrEqual(q.paidFen);
        for (const w of s.weighings) {
          expect(w.chargedGrams).toBeLessThanOrEqual(maxChargeableGrams(w.estimatedGrams, q.lines.find((l) => l.productId === w.productId)?.toleranceBp ?? 0));
          expect(w.chargedGrams + w.waivedGrams).toBe(w.finalGrams);
          if (w.finalGrams <= w.estimatedGrams) expect(w.differenceFen).toBeLessThanOrEqual(0);
          else expect(w.differenceFen).toBeGreaterThanOrEqual(0);
        }
        for (const f of [s.paidFen, s.couponFen, s.subtotalFen, s.refundFen, s.chargeFen, ...s.lines.flatMap((l) => [l.amountFen, l.paidFen, l.couponShareFen, l.tierDiscountFen])]) {
          expect(Number.isSafeInteger(f) && f >= 0).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
