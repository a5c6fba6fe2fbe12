/**
 * The one domain entry point for orders: an order completed, an order refunded in part or whole.
 * Everything an order changes about a member (purchase stats, tier upgrade, points earned or taken
 * back) happens here, so the seeded demo orders, the tests and the orders capability all agree.
 */
import type { AppConfig } from '../config';
import { repurchaseCouponsFor } from '../coupons/repurchase';
import { DomainError } from '../errors';
import { earn, reverseForRefund, type Movement, type PointsAccount } from '../points/account';
import { refundReversal } from '../points/rules';
import { applyOrderEvaluation, effectiveTier, type TierChange, type TierState } from '../tiers/membership';
import { tierDefinition } from '../tiers/rules';
import { metricsAt, recordCompletedOrder, recordRefund, type PurchaseStats } from '../tiers/stats';

export interface MemberLedger { stats: PurchaseStats; tierState: TierState; account: PointsAccount }

export interface OrderCompletion {
  ledger: MemberLedger;
  movements: Movement[];
  tierChange: TierChange | null;
  earnedPoints: number;
  multiplierPct: number;
  /** Expiry given to the points earned (needed to take them back from the right lot on refund). */
  earnExpiresAt: number | null;
  /** After-purchase coupons (复购券) the configured rules grant for this order. */
  repurchaseTemplateIds: string[];
}

/**
 * Points use the multiplier of the tier the member held when the order completed (before any upgrade
 * the order itself causes); the upgrade applies from the next order on.
 */
export function completeOrder(ledger: MemberLedger, order: { orderId: string; paidFen: number; completedAt: number }, config: AppConfig): OrderCompletion {
  if (!Number.isSafeInteger(order.paidFen) || order.paidFen < 0) throw new DomainError('ORDER.INVALID_AMOUNT', '订单实付金额无效');
  const multiplierPct = tierDefinition(config.tiers, effectiveTier(ledger.tierState, order.completedAt).tier).benefits.pointsMultiplierPct;
  const earned = earn(ledger.account, { orderId: order.orderId, paidFen: order.paidFen, multiplierPct, completedAt: order.completedAt }, config.points);
  const stats = recordCompletedOrder(ledger.stats, order);
  const tier = applyOrderEvaluation(ledger.tierState, metricsAt(stats, order.completedAt), config.tiers, order.completedAt);
  const earnMovement = earned.movements.find((m) => m.type === 'earn');
  return {
    ledger: { stats, tierState: tier.state, account: earned.account },
    movements: earned.movements,
    tierChange: tier.change,
    earnedPoints: earned.points,
    multiplierPct,
    earnExpiresAt: earnMovement?.expiresAt ?? null,
    repurchaseTemplateIds: repurchaseCouponsFor(
      { paidFen: order.paidFen, tier: effectiveTier(tier.state, order.completedAt).tier },
      config.coupons.repurchase,
      config.coupons.catalog,
    ),
  };
}

export interface RefundableOrder {
  orderId: string;
  paidFen: number;
  completedAt: number;
  earnedPoints: number;
  earnExpiresAt: number | null;
  refundedBeforeFen: number;
}

export interface OrderRefund { ledger: MemberLedger; movements: Movement[]; reversedPoints: number; owedPoints: number }

/**
 * A refund takes back points in proportion to the refunded amount (exactly once per refund id; the
 * caller keys it) and lowers net spend. Tiers never drop here: downgrades wait for the monthly review.
 */
export function refundOrder(ledger: MemberLedger, order: RefundableOrder, refund: { refundId: string; refundFen: number; at: number }): OrderRefund {
  const refundable = order.paidFen - order.refundedBeforeFen;
  if (!Number.isSafeInteger(refund.refundFen) || refund.refundFen <= 0) throw new DomainError('ORDER.INVALID_AMOUNT', '退款金额无效');
  if (refund.refundFen > refundable) throw new DomainError('ORDER.REFUND_TOO_LARGE', `退款金额超过可退金额（最多 ${refundable} 分）`);
  const points = refundReversal(order.earnedPoints, order.paidFen, order.refundedBeforeFen, refund.refundFen);
  const reversed = reverseForRefund(ledger.account, { orderId: order.orderId, refundId: refund.refundId, points, now: refund.at, orderExpiresAt: order.earnExpiresAt });
  return {
    ledger: { ...ledger, account: reversed.account, stats: recordRefund(ledger.stats, { refundFen: refund.refundFen, orderCompletedAt: order.completedAt }) },
    movements: reversed.movements,
    reversedPoints: points,
    owedPoints: reversed.owed,
  };
}
