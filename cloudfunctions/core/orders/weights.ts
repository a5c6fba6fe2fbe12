/**
 * Final-weight settlement of an order's by-weight lines, once per order.
 *
 * - Lighter than estimated: the customer pays for what was weighed (the difference is refunded).
 * - Heavier: the customer pays for at most estimated + tolerance (rounded down to the gram); the rest
 *   is the seller's, shown as waived so the customer sees it rather than wonders.
 * - Piece lines are untouched. The coupon stays (its threshold was met on the seller's estimate, so a
 *   lighter weighing does not take it away) but never exceeds the settled subtotal, so nothing goes
 *   negative and listTotal − tierDiscount − coupon = paid still holds after settlement.
 * - Lines are repriced by pricing.ts's rule (rounded once per line) and the coupon re-spread over them.
 *
 * `settlementKey` is the same for every weighing of an order: the service records it on the order and
 * answers a retry with the stored result. `fingerprint` tells a retry (same weights) from a second,
 * different weighing, which the service must refuse.
 *
 * `previewWeights` is what the clerk sees while typing: the same `settleWeights`, with the lines not
 * yet weighed counted at their estimate, so the preview of a complete entry is the settlement saved.
 */
import { DomainError } from '../errors';
import { allocateProportionally, BP, priceLine, requireGrams, type QuoteLine } from './pricing';

/** An order line as stored at submit (a quote line). */
export type OrderLineSnapshot = QuoteLine;

export interface FinalWeight {
  productId: string;
  grams: number;
}

export type WeightOutcome = 'exact' | 'lighter' | 'heavier' | 'heavier_capped';

export interface LineWeighing {
  productId: string;
  estimatedGrams: number;
  finalGrams: number;
  /** Heaviest weight the customer can be charged for: estimate + tolerance, rounded down. */
  maxChargeableGrams: number;
  chargedGrams: number;
  /** Weighed beyond the tolerance: the seller's. */
  waivedGrams: number;
  estimatedAmountFen: number;
  finalAmountFen: number;
  /** finalAmountFen − estimatedAmountFen: negative = refunded, positive = charged. */
  differenceFen: number;
  outcome: WeightOutcome;
}

export interface WeightSettlement {
  orderId: string;
  settlementKey: string;
  fingerprint: string;
  weighings: LineWeighing[];
  /** Every line of the order after settlement (piece lines as they were, coupon shares re-spread). */
  lines: OrderLineSnapshot[];
  listTotalFen: number;
  tierDiscountFen: number;
  subtotalFen: number;
  couponFen: number;
  paidBeforeFen: number;
  paidFen: number;
  /** paidBefore − paid when positive: given back to the customer. */
  refundFen: number;
  /** paid − paidBefore when positive: collected from the customer. */
  chargeFen: number;
}

export const weightSettlementKey = (orderId: string): string => `weigh:${orderId}`;

/** The largest weight a customer pays for: estimate plus tolerance, rounded down to the gram. */
export function maxChargeableGrams(estimated: number, toleranceBp: number): number {
  return estimated + Math.floor((estimated * toleranceBp) / BP);
}

export function settleWeights(input: { orderId: string; lines: readonly OrderLineSnapshot[]; couponFen: number; finalWeights: readonly FinalWeight[] }): WeightSettlement {
  const { orderId, lines } = input;
  const finals = new Map<string, number>();
  for (const w of input.finalWeights) {
    requireGrams(w.grams);
    if (finals.has(w.productId)) throw new DomainError('ORDER.INVALID_WEIGHT', '同一商品填写了两次重量', { productId: w.productId });
    const line = lines.find((l) => l.productId === w.productId);
    if (!line || line.estimatedGrams === null) throw new DomainError('ORDER.INVALID_WEIGHT', '该商品不需要称重', { productId: w.productId });
    finals.set(w.productId, w.grams);
  }
  const weightLines = lines.filter((l) => l.estimatedGrams !== null);
  if (weightLines.length === 0) throw new DomainError('ORDER.INVALID_WEIGHT', '该订单没有称重商品', { orderId });
  const missing = weightLines.filter((l) => !finals.has(l.productId)).map((l) => l.name);
  if (missing.length > 0) throw new DomainError('ORDER.INVALID_WEIGHT', `请填写称重结果：${missing.join('、')}`, { missing });

  const weighings: LineWeighing[] = [];
  const repriced = lines.map((line) => {
    if (line.estimatedGrams === null || line.unit === 'piece') return line;
    const finalGrams = finals.get(line.productId) as number;
    const maxGrams = maxChargeableGrams(line.estimatedGrams, line.toleranceBp ?? 0);
    const chargedGrams = Math.min(finalGrams, maxGrams);
    const amounts = priceLine(line.unit, line.listUnitPriceFen, line.discountBp, { grams: chargedGrams });
    weighings.push({
      productId: line.productId,
      estimatedGrams: line.estimatedGrams,
      finalGrams,
      maxChargeableGrams: maxGrams,
      chargedGrams,
      waivedGrams: finalGrams - chargedGrams,
      estimatedAmountFen: line.amountFen,
      finalAmountFen: amounts.amountFen,
      differenceFen: amounts.amountFen - line.amountFen,
      outcome: finalGrams === line.estimatedGrams ? 'exact' : finalGrams < line.estimatedGrams ? 'lighter' : finalGrams > maxGrams ? 'heavier_capped' : 'heavier',
    });
    return { ...line, listAmountFen: amounts.listAmountFen, tierDiscountFen: amounts.tierDiscountFen, amountFen: amounts.amountFen };
  });

  const listTotalFen = total(repriced.map((l) => l.listAmountFen));
  const subtotalFen = total(repriced.map((l) => l.amountFen));
  const couponFen = Math.min(input.couponFen, subtotalFen);
  const shares = allocateProportionally(couponFen, repriced.map((l) => l.amountFen));
  const settled = repriced.map((l, i) => ({ ...l, couponShareFen: shares[i] ?? 0, paidFen: l.amountFen - (shares[i] ?? 0) }));
  const paidBeforeFen = total(lines.map((l) => l.amountFen)) - Math.min(input.couponFen, total(lines.map((l) => l.amountFen)));
  const paidFen = subtotalFen - couponFen;
  return {
    orderId,
    settlementKey: weightSettlementKey(orderId),
    fingerprint: [...finals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, g]) => `${id}=${g}`).join(','),
    weighings,
    lines: settled,
    listTotalFen,
    tierDiscountFen: listTotalFen - subtotalFen,
    subtotalFen,
    couponFen,
    paidBeforeFen,
    paidFen,
    refundFen: Math.max(0, paidBeforeFen - paidFen),
    chargeFen: Math.max(0, paidFen - paidBeforeFen),
  };
}

const total = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

export interface WeightPreview extends WeightSettlement {
  /** By-weight lines with no weight entered yet: counted at their estimate, left out of `weighings`. */
  pending: string[];
}

/**
 * The settlement of the weights entered so far. Lines still to weigh count as weighed at their
 * estimate (no difference), so every figure is the saved settlement's once all are entered.
 */
export function previewWeights(input: { orderId: string; lines: readonly OrderLineSnapshot[]; couponFen: number; finalWeights: readonly FinalWeight[] }): WeightPreview {
  const given = new Set(input.finalWeights.map((w) => w.productId));
  const pendingLines = input.lines.filter((l) => l.estimatedGrams !== null && !given.has(l.productId));
  const assumed = pendingLines.map((l) => ({ productId: l.productId, grams: l.estimatedGrams as number }));
  const s = settleWeights({ ...input, finalWeights: [...input.finalWeights, ...assumed] });
  const pending = new Set(pendingLines.map((l) => l.productId));
  return {
    ...s,
    // A fingerprint of assumed weights would match no real weighing.
    fingerprint: pending.size === 0 ? s.fingerprint : '',
    weighings: s.weighings.filter((w) => !pending.has(w.productId)),
    pending: [...pending],
  };
}
