/**
 * THE pricing module: every price the seed, the cart, the order and the weight settlement show comes
 * from here, in integer fen.
 *
 * Rounding rule (the only one; `roundHalfUp` is the only place that divides money):
 * - tier unit price = list price − round_half_up(list price × discountBp / 10000): the tier discount
 *   per unit is rounded half up to the fen, so an exact half fen goes to the customer;
 * - a piece line = unit price × quantity (exact, no rounding);
 * - a by-weight line = round_half_up(unit price × grams / grams per price unit), rounded once per line
 *   (500 g for 斤, 1000 g for kg), never per unit;
 * - a line's list amount and tier amount are computed by the same rule and the tier discount is their
 *   difference, so list − discount = amount exactly;
 * - the coupon deduction is spread over the lines by largest remainder so each line knows what it
 *   paid (for line refunds) and the line shares add up to the deduction exactly.
 * Invariant, by construction: listTotal − tierDiscount − coupon = paid, every figure ≥ 0.
 */
import { GRAMS_PER_PRICE_UNIT, isSoldByWeight, type Product, type ProductLine, type SaleUnit } from '../catalog/product';
import type { CouponRecord } from '../coupons/coupon';
import { couponStatus } from '../coupons/coupon';
import { DomainError } from '../errors';
import { pointsForPayment } from '../points/rules';
import type { TierBenefits } from '../tiers/rules';

export const BP = 10_000;

function requireFen(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('ORDER.INVALID_AMOUNT', `${what}无效`, { value });
}

/** round(numerator / denominator), halves up, exact for any non-negative safe integers. */
export function roundHalfUp(numerator: bigint, denominator: bigint): number {
  if (numerator < 0n || denominator <= 0n) throw new DomainError('ORDER.INVALID_AMOUNT', '金额计算参数无效', { numerator: String(numerator), denominator: String(denominator) });
  const result = Number((2n * numerator + denominator) / (2n * denominator));
  if (!Number.isSafeInteger(result)) throw new DomainError('ORDER.INVALID_AMOUNT', '金额超出范围', { numerator: String(numerator) });
  return result;
}

/** The unit price a tier pays: list price less the tier discount, the discount rounded half up. */
export function tierUnitPriceFen(listPriceFen: number, discountBp: number): number {
  requireFen(listPriceFen, '商品价格');
  if (!Number.isSafeInteger(discountBp) || discountBp < 0 || discountBp > BP) throw new DomainError('ORDER.INVALID_AMOUNT', '会员折扣无效', { discountBp });
  return listPriceFen - roundHalfUp(BigInt(listPriceFen) * BigInt(discountBp), BigInt(BP));
}

/** What a line costs at `unitPriceFen`: pieces × price, or the weighed grams priced and rounded once. */
export function lineAmountFen(unit: SaleUnit, unitPriceFen: number, amount: { quantity: number } | { grams: number }): number {
  requireFen(unitPriceFen, '单价');
  if (unit === 'piece') {
    if (!('quantity' in amount)) throw new DomainError('ORDER.INVALID_QUANTITY', '按件商品须按数量计价', { unit });
    requireQuantity(amount.quantity);
    const fen = unitPriceFen * amount.quantity;
    requireFen(fen, '小计');
    return fen;
  }
  if (!('grams' in amount)) throw new DomainError('ORDER.INVALID_WEIGHT', '称重商品须按重量计价', { unit });
  requireGrams(amount.grams);
  return roundHalfUp(BigInt(unitPriceFen) * BigInt(amount.grams), BigInt(GRAMS_PER_PRICE_UNIT[unit]));
}

function requireQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new DomainError('ORDER.INVALID_QUANTITY', '购买数量须为正整数', { quantity });
}

export function requireGrams(grams: number): void {
  if (!Number.isSafeInteger(grams) || grams < 0) throw new DomainError('ORDER.INVALID_WEIGHT', '重量须为非负整数克', { grams });
}

export interface PricedAmounts {
  listAmountFen: number;
  tierDiscountFen: number;
  /** At the tier price: listAmountFen − tierDiscountFen. */
  amountFen: number;
}

/** List and tier amounts of one line, both by the same rule, the discount their difference. */
export function priceLine(unit: SaleUnit, listPriceFen: number, discountBp: number, amount: { quantity: number } | { grams: number }): PricedAmounts & { unitPriceFen: number } {
  const unitPriceFen = tierUnitPriceFen(listPriceFen, discountBp);
  const listAmountFen = lineAmountFen(unit, listPriceFen, amount);
  const amountFen = lineAmountFen(unit, unitPriceFen, amount);
  return { unitPriceFen, listAmountFen, tierDiscountFen: listAmountFen - amountFen, amountFen };
}

/** Estimated grams of a by-weight line: ordered units × the estimated weight of one unit. */
export function estimatedGrams(product: Pick<Product, 'weight'>, quantity: number): number | null {
  return product.weight === null ? null : product.weight.estimatedGramsPerUnit * quantity;
}

// ---------------------------------------------------------------------------------------------
// Coupons

export type CouponRefusal = 'COUPON.NOT_FOUND' | 'COUPON.USED' | 'COUPON.EXPIRED' | 'COUPON.MIN_SPEND_NOT_MET';

export type CouponCheck =
  | { ok: true; deductionFen: number; giftItemName: string | null }
  | { ok: false; code: CouponRefusal; message: string; shortByFen: number | null };

/**
 * Whether `coupon` applies to a subtotal (after the tier discount) and what it takes off. Same rules
 * as `useCoupon`, which marks it used at submit: 满X is checked against the tier subtotal, an amount
 * off never exceeds the subtotal, a free-item coupon takes nothing off and adds its gift.
 */
export function checkCoupon(coupon: CouponRecord, input: { memberId: string; subtotalFen: number; now: number }): CouponCheck {
  requireFen(input.subtotalFen, '订单金额');
  // Another member's coupon looks exactly like a missing one: nothing about it leaks.
  if (coupon.memberId !== input.memberId) return { ok: false, code: 'COUPON.NOT_FOUND', message: '没有这张优惠券', shortByFen: null };
  const status = couponStatus(coupon, input.now);
  if (status === 'used') return { ok: false, code: 'COUPON.USED', message: '该优惠券已使用', shortByFen: null };
  if (status === 'expired') return { ok: false, code: 'COUPON.EXPIRED', message: '该优惠券已过期', shortByFen: null };
  if (coupon.benefit.kind === 'free_item') return { ok: true, deductionFen: 0, giftItemName: coupon.benefit.itemName };
  if (input.subtotalFen < coupon.benefit.minSpendFen) {
    const shortByFen = coupon.benefit.minSpendFen - input.subtotalFen;
    return { ok: false, code: 'COUPON.MIN_SPEND_NOT_MET', message: `还差${formatYuan(shortByFen)}元可用此券`, shortByFen };
  }
  return { ok: true, deductionFen: Math.min(coupon.benefit.amountFen, input.subtotalFen), giftItemName: null };
}

/**
 * The coupon to suggest: the usable amount-off coupon that takes off the most; on a tie the one that
 * expires first (use it before it is lost), then the smaller id. Free-item coupons are never
 * suggested automatically: they change what arrives, so the customer picks them.
 */
export function bestCoupon(coupons: readonly CouponRecord[], input: { memberId: string; subtotalFen: number; now: number }): { coupon: CouponRecord; deductionFen: number } | null {
  let best: { coupon: CouponRecord; deductionFen: number } | null = null;
  for (const coupon of coupons) {
    if (coupon.benefit.kind !== 'amount_off') continue;
    const check = checkCoupon(coupon, input);
    if (!check.ok || check.deductionFen === 0) continue;
    const better =
      best === null ||
      check.deductionFen > best.deductionFen ||
      (check.deductionFen === best.deductionFen &&
        (coupon.expiresAt < best.coupon.expiresAt || (coupon.expiresAt === best.coupon.expiresAt && coupon.id < best.coupon.id)));
    if (better) best = { coupon, deductionFen: check.deductionFen };
  }
  return best;
}

/**
 * Splits `totalFen` over `weights` in proportion, by largest remainder: every share is an integer,
 * no share exceeds its weight when totalFen ≤ Σweights, and the shares add up to totalFen exactly.
 * Ties in the remainder go to the earlier line, so the split is deterministic.
 */
export function allocateProportionally(totalFen: number, weights: readonly number[]): number[] {
  requireFen(totalFen, '分摊金额');
  weights.forEach((w) => requireFen(w, '分摊基数'));
  const sum = weights.reduce((s, w) => s + w, 0);
  if (totalFen === 0) return weights.map(() => 0);
  if (sum === 0 || totalFen > sum) throw new DomainError('ORDER.INVALID_AMOUNT', '优惠金额超过订单金额', { totalFen, sum });
  const total = BigInt(totalFen);
  const whole = BigInt(sum);
  const parts = weights.map((w, index) => {
    const exact = total * BigInt(w);
    return { index, share: Number(exact / whole), remainder: exact % whole };
  });
  let left = totalFen - parts.reduce((s, p) => s + p.share, 0);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const part of byRemainder) {
    if (left === 0) break;
    part.share += 1;
    left -= 1;
  }
  return parts.map((p) => p.share);
}

// ---------------------------------------------------------------------------------------------
// Cart quote

export interface CartItem {
  product: Product;
  /** Whole units: pieces, or estimated portions of a by-weight product. */
  quantity: number;
}

export interface QuoteLine extends PricedAmounts {
  productId: string;
  name: string;
  line: ProductLine;
  unit: SaleUnit;
  quantity: number;
  /** By-weight lines: quantity × estimated grams per unit; the amounts are estimates until weighed. */
  estimatedGrams: number | null;
  listUnitPriceFen: number;
  unitPriceFen: number;
  /** The tier discount the line was priced with, kept so a weighing reprices by the same rule. */
  discountBp: number;
  /** By-weight lines: the tolerance band at submit, kept with the order for the weight settlement. */
  toleranceBp: number | null;
  /** This line's share of the coupon deduction. */
  couponShareFen: number;
  /** amountFen − couponShareFen: what a full refund of this line gives back. */
  paidFen: number;
}

export interface AppliedCoupon {
  couponId: string;
  title: string;
  deductionFen: number;
  giftItemName: string | null;
}

export interface Quote {
  lines: QuoteLine[];
  listTotalFen: number;
  tierDiscountFen: number;
  /** listTotalFen − tierDiscountFen: what coupon thresholds are checked against. */
  subtotalFen: number;
  coupon: AppliedCoupon | null;
  couponFen: number;
  /** listTotalFen − tierDiscountFen − couponFen, never negative. */
  paidFen: number;
  /** Points the paid amount would earn at the member's multiplier (credited on completion). */
  estimatedPoints: number;
  /** True when some line is sold by weight: the total is settled on the final weights. */
  hasWeightLines: boolean;
}

export interface QuoteInput {
  items: readonly CartItem[];
  benefits: Pick<TierBenefits, 'discountBp' | 'pointsMultiplierPct'>;
  pointsPerYuan: number;
  memberId: string;
  coupon?: CouponRecord | null;
  now: number;
}

/**
 * Prices a cart for a member. A coupon that does not apply is refused with its code (the caller
 * offers `bestCoupon` / `checkCoupon` beforehand so the customer only picks usable ones). Product
 * availability and quantity limits are not checked here: `recheck` and the submit do that.
 */
export function quoteCart(input: QuoteInput): Quote {
  const seen = new Set<string>();
  const priced = input.items.map(({ product, quantity }) => {
    if (seen.has(product.id)) throw new DomainError('ORDER.DUPLICATE_LINE', `购物车中“${product.name}”重复`, { productId: product.id });
    seen.add(product.id);
    requireQuantity(quantity);
    const grams = estimatedGrams(product, quantity);
    const amounts = priceLine(product.unit, product.listPriceFen, input.benefits.discountBp, grams === null ? { quantity } : { grams });
    return { product, quantity, grams, amounts };
  });
  const listTotalFen = sum(priced.map((p) => p.amounts.listAmountFen));
  const subtotalFen = sum(priced.map((p) => p.amounts.amountFen));
  const tierDiscountFen = listTotalFen - subtotalFen;

  let coupon: AppliedCoupon | null = null;
  if (input.coupon) {
    const check = checkCoupon(input.coupon, { memberId: input.memberId, subtotalFen, now: input.now });
    if (!check.ok) throw new DomainError(check.code, check.message, { couponId: input.coupon.id, shortByFen: check.shortByFen });
    coupon = { couponId: input.coupon.id, title: input.coupon.title, deductionFen: check.deductionFen, giftItemName: check.giftItemName };
  }
  const couponFen = coupon?.deductionFen ?? 0;
  const shares = allocateProportionally(couponFen, priced.map((p) => p.amounts.amountFen));
  const paidFen = subtotalFen - couponFen;

  return {
    lines: priced.map(({ product, quantity, grams, amounts }, i) => {
      const couponShareFen = shares[i] ?? 0;
      return {
        productId: product.id,
        name: product.name,
        line: product.line,
        unit: product.unit,
        quantity,
        estimatedGrams: grams,
        listUnitPriceFen: product.listPriceFen,
        unitPriceFen: amounts.unitPriceFen,
        discountBp: input.benefits.discountBp,
        toleranceBp: product.weight?.toleranceBp ?? null,
        listAmountFen: amounts.listAmountFen,
        tierDiscountFen: amounts.tierDiscountFen,
        amountFen: amounts.amountFen,
        couponShareFen,
        paidFen: amounts.amountFen - couponShareFen,
      };
    }),
    listTotalFen,
    tierDiscountFen,
    subtotalFen,
    coupon,
    couponFen,
    paidFen,
    estimatedPoints: pointsForPayment(paidFen, input.benefits.pointsMultiplierPct, { pointsPerYuan: input.pointsPerYuan }),
    hasWeightLines: priced.some((p) => isSoldByWeight(p.product)),
  };
}

const sum = (values: readonly number[]): number => {
  const total = values.reduce((s, v) => s + v, 0);
  requireFen(total, '合计');
  return total;
};

/** Fen as yuan for messages: 1250 → "12.5", 1000 → "10", 1 → "0.01". */
export function formatYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(yuan);
  return `${yuan}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}
