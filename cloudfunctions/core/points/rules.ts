/**
 * The arithmetic rules of the points ledger: how many points an order earns, how many a refund takes
 * back, when points expire and which lot they belong to. Pure functions of their arguments.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { DomainError } from '../errors';
import { dayKey, endOfDayMs, startOfYearMs, yearOf } from '../time';
import type { ExpiryPolicy, PointsConfig } from './config';

dayjs.extend(utc);

export const NEVER_LOT_ID = 'never';

const invalidAmount = (what: string, details?: Record<string, unknown>) =>
  new DomainError('POINTS.INVALID_AMOUNT', `${what}无效`, details);

function requireNonNegativeInt(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidAmount(what, { value });
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalidAmount(what, { value: value.toString() });
  return n;
}

/**
 * Points earned for a payment: floor(paidFen × pointsPerYuan × multiplierPct / 10000).
 * Always rounds down; never awards a fraction of a point.
 */
export function pointsForPayment(paidFen: number, multiplierPct: number, config: Pick<PointsConfig, 'pointsPerYuan'>): number {
  requireNonNegativeInt(paidFen, '实付金额');
  requireNonNegativeInt(multiplierPct, '积分倍率');
  requireNonNegativeInt(config.pointsPerYuan, '积分比例');
  return toSafeNumber((BigInt(paidFen) * BigInt(config.pointsPerYuan) * BigInt(multiplierPct)) / 10_000n, '积分');
}

/**
 * Points a refund takes back from an order that earned `earnedPoints` on `paidFen`:
 *
 *   floor(E·(P−R0)/P) − floor(E·(P−R0−r)/P)
 *
 * where R0 is what was refunded before and r this refund. The points kept after refunds totalling R
 * are floor(E·(P−R)/P), so the reversals of any sequence of partial refunds telescope: their sum is
 * E − floor(E·(P−R)/P), which is exactly E once the whole order is refunded, and never more.
 */
export function refundReversal(earnedPoints: number, paidFen: number, refundedBeforeFen: number, refundFen: number): number {
  requireNonNegativeInt(earnedPoints, '订单积分');
  requireNonNegativeInt(refundedBeforeFen, '已退款金额');
  if (!Number.isSafeInteger(paidFen) || paidFen <= 0) throw invalidAmount('实付金额', { paidFen });
  if (!Number.isSafeInteger(refundFen) || refundFen <= 0) throw invalidAmount('退款金额', { refundFen });
  if (refundedBeforeFen + refundFen > paidFen) {
    throw invalidAmount('退款金额', { paidFen, refundedBeforeFen, refundFen });
  }
  const e = BigInt(earnedPoints);
  const p = BigInt(paidFen);
  const keptBefore = (e * (p - BigInt(refundedBeforeFen))) / p;
  const keptAfter = (e * (p - BigInt(refundedBeforeFen) - BigInt(refundFen))) / p;
  return toSafeNumber(keptBefore - keptAfter, '扣回积分');
}

/** 'YYYY-MM-DD' shifted by whole calendar days (pure calendar arithmetic, no zone involved). */
export function addDaysToKey(day: string, days: number): string {
  return dayjs.utc(day).add(days, 'day').format('YYYY-MM-DD');
}

/**
 * The instant points earned at `earnedAt` expire (they are usable while now < expiresAt), or null.
 * Always the exclusive end of a Shanghai calendar day, i.e. 00:00:00.000 of the following day.
 */
export function expiresAtFor(earnedAt: number, policy: ExpiryPolicy): number | null {
  switch (policy.policy) {
    case 'never':
      return null;
    case 'next_year_end':
      return startOfYearMs(yearOf(earnedAt) + 2);
    case 'days':
      return endOfDayMs(addDaysToKey(dayKey(earnedAt), policy.days));
  }
}

/** Lots are keyed by the last Shanghai day their points are usable on ('never' for no expiry). */
export function lotIdFor(expiresAt: number | null): string {
  return expiresAt === null ? NEVER_LOT_ID : dayKey(expiresAt - 1);
}

/** Soonest expiry first, never-expiring last. */
export function compareExpiry(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}
