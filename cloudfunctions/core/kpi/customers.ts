/**
 * Customer figures from each member's monthly completed-order counts (`stats.months`, the same
 * buckets the tier review reads: an order counts in the month it was completed). A period is a
 * calendar month P (Shanghai). For one member:
 *
 * - active in P: at least one completed order in P.
 * - repurchase (复购): at least two completed orders in P.
 * - churn (流失): active in P−1 and not active in P (the base is everyone active in P−1).
 * - 6-month retention (6个月留存): active in P−6 and active in at least one of P−5 … P (the base is
 *   everyone active in P−6). Stats keep 13 months, so P−6 is always still there for P and P−1.
 * - new (新客): enrolled (`joinedAt`) in P; referred when the member carries a non-empty
 *   `referredBy` (set at enrolment by the referral flow; no member has the field until it exists).
 *
 * The tallies are flat counters (`<period>_<name>`: no dots, they are field names in the run document), so a job can add them page by page into its
 * checkpoint (the run's counts) and a crash never counts a member twice.
 */
import { addMonths, monthKey } from '../time';

export interface MemberFact {
  joinedAt: number;
  tier: string;
  months: Readonly<Record<string, { orders: number } | undefined>>;
  /** Absent: the referral flow has not recorded anything for this member (nor for anyone, today). */
  referredBy?: string | null;
}

export type PeriodKey = 'cur' | 'prev';

const ordersIn = (m: MemberFact, month: string): number => m.months[month]?.orders ?? 0;

/** One member's contribution to the counters for the periods `cur` (month P) and `prev` (P−1). */
export function memberCounts(m: MemberFact, current: string): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string): void => {
    out[k] = (out[k] ?? 0) + 1;
  };
  add(`tier_${m.tier}`);
  if (m.referredBy !== undefined) add('referralTracked');
  const joined = monthKey(m.joinedAt);
  for (const [p, month] of [['cur', current], ['prev', addMonths(current, -1)]] as const) {
    const n = ordersIn(m, month);
    if (n >= 1) add(`${p}_active`);
    if (n >= 2) add(`${p}_repeat`);
    if (ordersIn(m, addMonths(month, -1)) >= 1) {
      add(`${p}_churnBase`);
      if (n === 0) add(`${p}_churned`);
    }
    if (ordersIn(m, addMonths(month, -6)) >= 1) {
      add(`${p}_retBase`);
      for (let k = -5; k <= 0; k += 1) {
        if (ordersIn(m, addMonths(month, k)) >= 1) {
          add(`${p}_retained`);
          break;
        }
      }
    }
    if (joined === month) {
      add(`${p}_new`);
      if (typeof m.referredBy === 'string' && m.referredBy !== '') add(`${p}_newReferred`);
    }
  }
  return out;
}

/** Adds counters (the runner's merge does the same across pages). */
export function addCounts(into: Record<string, number>, add: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(add)) into[k] = (into[k] ?? 0) + v;
  return into;
}
