/**
 * Purchase statistics kept on the member document, so a tier can be evaluated without reading the
 * member's orders: spend and order counts per Shanghai calendar month (only the months a rolling
 * window can still see are kept), first and last order, lifetime order count.
 */
import { monthKey, trailingMonths, wholeDaysBetween } from '../time';

export interface MonthBucket { netFen: number; orders: number }

export interface PurchaseStats {
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  orderCount: number;
  months: Record<string, MonthBucket>;
}

/** Months kept: the 12-month window plus one, so a review on the 1st still sees the month just ended. */
export const MONTHS_KEPT = 13;

export const emptyStats = (): PurchaseStats => ({ firstOrderAt: null, lastOrderAt: null, orderCount: 0, months: {} });

/** Drops the months a window can no longer see from `months` (a copy the caller owns). */
function prune(months: Record<string, MonthBucket>, now: number): Record<string, MonthBucket> {
  const oldest = trailingMonths(now, MONTHS_KEPT)[0] as string;
  // Most orders fall in a month already kept: nothing to drop, no copy (this runs once per order).
  for (const key of Object.keys(months)) if (key < oldest) delete months[key];
  return months;
}

/** An order completed: its paid amount counts in the month it completed. */
export function recordCompletedOrder(stats: PurchaseStats, order: { paidFen: number; completedAt: number }): PurchaseStats {
  const key = monthKey(order.completedAt);
  const bucket = stats.months[key] ?? { netFen: 0, orders: 0 };
  return {
    firstOrderAt: stats.firstOrderAt === null ? order.completedAt : Math.min(stats.firstOrderAt, order.completedAt),
    lastOrderAt: stats.lastOrderAt === null ? order.completedAt : Math.max(stats.lastOrderAt, order.completedAt),
    orderCount: stats.orderCount + 1,
    months: prune({ ...stats.months, [key]: { netFen: bucket.netFen + order.paidFen, orders: bucket.orders + 1 } }, order.completedAt),
  };
}

/** A refund lowers net spend in the month the order completed (if that month is still tracked). */
export function recordRefund(stats: PurchaseStats, refund: { refundFen: number; orderCompletedAt: number }): PurchaseStats {
  const key = monthKey(refund.orderCompletedAt);
  const bucket = stats.months[key];
  if (!bucket) return stats;
  return { ...stats, months: { ...stats.months, [key]: { ...bucket, netFen: Math.max(0, bucket.netFen - refund.refundFen) } } };
}

export interface TierMetrics {
  /** Net spend (paid minus refunded) over the current month and the 11 before it. */
  annualSpendFen: number;
  /** Days since the first completed order. */
  tenureDays: number;
  /** Months of the last 12 with at least one order. */
  activeMonths: number;
  /** Completed orders after the first. */
  repeatPurchases: number;
}

/** `window` lets a batch job compute the 12 month keys once instead of per member. */
export function metricsAt(stats: PurchaseStats, now: number, window: string[] = trailingMonths(now, 12)): TierMetrics {
  let annualSpendFen = 0;
  let activeMonths = 0;
  for (const key of window) {
    const bucket = stats.months[key];
    if (!bucket) continue;
    annualSpendFen += bucket.netFen;
    if (bucket.orders > 0) activeMonths += 1;
  }
  return {
    annualSpendFen,
    tenureDays: stats.firstOrderAt === null ? 0 : Math.max(0, wholeDaysBetween(stats.firstOrderAt, now)),
    activeMonths,
    repeatPurchases: Math.max(0, stats.orderCount - 1),
  };
}
