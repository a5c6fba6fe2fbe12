/**
 * A customer's own ordering rhythm and the churn warning it gives.
 *
 * Intervals are counted between distinct Shanghai ordering days (two orders on one day are one
 * visit, not a zero-day rhythm). The warning (shared/notes/platform.md "Churn by a customer's own
 * rhythm"): the next order is expected `median` days after the last; warn once the days since the
 * last order exceed the 90th percentile of the member's own intervals (method 'p90') or
 * `medianMultiplier` × the median (method 'median'). Under `minOrders` ordering days their rhythm
 * says little, so the tier's expected interval stands in for both.
 *
 * A slowdown warns too: a customer who ordered once after weeks of silence has a fresh "last order"
 * but has still left the rhythm (the playbooks' 张姐); when the last `windowDays` hold at most
 * `maxShare` of the orders the median predicts, the warning says so.
 */
import type { TierId } from '../tiers/rules';
import type { ChurnConfig } from './config';
import { dayNumber } from './days';

export interface Rhythm {
  /** Distinct ordering days. */
  orderDays: number;
  /** Days between consecutive ordering days, in order. */
  intervals: number[];
  median: number | null;
  p90: number | null;
  /** Instant of the last order. */
  lastOrderAt: number | null;
}

export interface ChurnWarning {
  kind: 'gap' | 'slowdown';
  /** The rhythm the reason quotes ("通常每 N 天下单"). */
  expectedEveryDays: number;
  daysSince: number;
  /** Days without an order past which the warning starts. */
  thresholdDays: number;
  /** Whether the member's own rhythm or the tier's stood behind it. */
  basis: 'own' | 'tier';
  reason: string;
}

/** Percentile by linear interpolation between closest ranks (R's type 7, what spreadsheets use). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** The rhythm from order instants in any order. */
export function rhythmOf(orderTimes: readonly number[]): Rhythm {
  if (orderTimes.length === 0) return { orderDays: 0, intervals: [], median: null, p90: null, lastOrderAt: null };
  let last = -Infinity;
  // Typed arrays sort numerically without a comparator: the nightly job runs this for every member.
  const days = new Float64Array(orderTimes.length);
  for (let i = 0; i < orderTimes.length; i += 1) {
    const t = orderTimes[i] as number;
    if (!Number.isFinite(t)) throw new RangeError(`order time ${t} is not an instant`);
    days[i] = dayNumber(t);
    if (t > last) last = t;
  }
  days.sort();
  const distinct: number[] = [];
  for (const d of days) if (distinct[distinct.length - 1] !== d) distinct.push(d);
  const intervals: number[] = [];
  for (let i = 1; i < distinct.length; i += 1) intervals.push((distinct[i] as number) - (distinct[i - 1] as number));
  const sorted = Array.from(Float64Array.from(intervals).sort());
  return { orderDays: distinct.length, intervals, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), lastOrderAt: last };
}

/** Orders (distinct days) in the `windowDays` calendar days up to and including today. */
function orderDaysWithin(orderTimes: readonly number[], today: number, windowDays: number): number {
  const seen = new Set<number>();
  for (const t of orderTimes) {
    const d = dayNumber(t);
    if (d > today - windowDays && d <= today) seen.add(d);
  }
  return seen.size;
}

/**
 * Null when the member orders as usual (or has never ordered: that is the new-customer rule's
 * business); otherwise what to tell staff.
 */
export function churnWarning(orderTimes: readonly number[], now: number, tier: TierId, config: ChurnConfig, rhythm: Rhythm = rhythmOf(orderTimes)): ChurnWarning | null {
  if (rhythm.lastOrderAt === null) return null;
  const today = dayNumber(now);
  const daysSince = today - dayNumber(rhythm.lastOrderAt);
  const own = rhythm.orderDays >= config.minOrders && rhythm.median !== null && rhythm.p90 !== null;
  const basis = own ? 'own' : 'tier';
  const expectedEveryDays = own ? Math.max(1, Math.round(rhythm.median as number)) : config.fallbackEveryDays[tier];
  const thresholdDays = !own
    ? config.fallbackEveryDays[tier]
    : Math.max(1, Math.ceil(config.method === 'p90' ? (rhythm.p90 as number) : (rhythm.median as number) * config.medianMultiplier));
  if (daysSince > thresholdDays) {
    const reason = own ? `通常每 ${expectedEveryDays} 天下单，已 ${daysSince} 天未下单` : `订单较少，按等级约每 ${expectedEveryDays} 天下单，已 ${daysSince} 天未下单`;
    return { kind: 'gap', expectedEveryDays, daysSince, thresholdDays, basis, reason };
  }
  const s = config.slowdown;
  if (own && s.enabled) {
    const expected = s.windowDays / Math.max(1, rhythm.median as number);
    const actual = orderDaysWithin(orderTimes, today, s.windowDays);
    if (expected >= s.minExpected && actual <= expected * s.maxShare) {
      return { kind: 'slowdown', expectedEveryDays, daysSince, thresholdDays, basis, reason: `通常每 ${expectedEveryDays} 天下单，近 ${s.windowDays} 天只下了 ${actual} 单` };
    }
  }
  return null;
}
