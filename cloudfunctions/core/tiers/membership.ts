/**
 * A member's tier over time. Upgrades take effect when a qualifying order completes (or at a review);
 * downgrades only at the monthly review, after `downgradeGraceMonths` consecutive reviews below the
 * tier. A staff override lasts until a date and then simply stops applying: the rule-based tier
 * underneath keeps being evaluated, so an override is never a permanent floor.
 */
import { addMonths, endOfDayMs, inZone, monthKey, monthsBetween } from '../time';
import { evaluateTier, keepTierGap, type TierGap } from './evaluate';
import { tierDefinition, tierRank, type TierConfig, type TierId } from './rules';
import type { TierMetrics } from './stats';

export interface TierOverride { tier: TierId; until: string; reason: string; by: string; at: number }

export interface TierState {
  tier: TierId;
  ruleId: string;
  since: number;
  /** Month ('YYYY-MM') of the first review in the current run of reviews that found the member below. */
  belowSince: string | null;
  override: TierOverride | null;
  /** Month of the last review applied: makes a rerun of the same month's review a no-op. */
  lastReviewMonth: string | null;
}

export type TierChangeKind = 'upgrade' | 'downgrade' | 'override' | 'override_end';

export interface TierChange { kind: TierChangeKind; from: TierId; to: TierId; at: number; ruleId: string; reason: string }

export const initialTierState = (now: number): TierState => ({
  tier: 'basic',
  ruleId: 'basic.default',
  since: now,
  belowSince: null,
  override: null,
  lastReviewMonth: null,
});

/** An override applies through the whole Shanghai day `until`. */
export const overrideActive = (o: TierOverride | null, now: number): boolean => o !== null && now < endOfDayMs(o.until);

export function effectiveTier(state: TierState, now: number): { tier: TierId; source: 'rules' | 'override'; overrideUntil: string | null } {
  const o = state.override;
  return o !== null && overrideActive(o, now)
    ? { tier: o.tier, source: 'override', overrideUntil: o.until }
    : { tier: state.tier, source: 'rules', overrideUntil: null };
}

export interface Transition { state: TierState; change: TierChange | null }

function upgradeIfQualified(state: TierState, metrics: TierMetrics, config: TierConfig, now: number, reason: string): Transition {
  const evaluated = evaluateTier(metrics, config);
  const rank = tierRank(evaluated.tier);
  const current = tierRank(state.tier);
  if (rank > current) {
    const rule = tierDefinition(config, evaluated.tier).qualifyAnyOf.find((r) => r.id === evaluated.ruleId);
    const change: TierChange = { kind: 'upgrade', from: state.tier, to: evaluated.tier, at: now, ruleId: evaluated.ruleId, reason: rule ? `${reason}：${rule.label}` : reason };
    return { state: { ...state, tier: evaluated.tier, ruleId: evaluated.ruleId, since: now, belowSince: null }, change };
  }
  return { state: rank === current && state.belowSince !== null ? { ...state, belowSince: null } : state, change: null };
}

/** After a completed order updated the stats: upgrades only, never a downgrade. */
export const applyOrderEvaluation = (state: TierState, metrics: TierMetrics, config: TierConfig, now: number): Transition =>
  upgradeIfQualified(state, metrics, config, now, '订单完成后达到升级条件');

/** The review month a run at `now` counts as (reviews run on `reviewDayOfMonth`; earlier days belong to the previous month's review). */
export function reviewMonthOf(now: number, config: TierConfig): string {
  const local = inZone(now);
  const month = monthKey(now);
  return local.date() >= config.reviewDayOfMonth ? month : addMonths(month, -1);
}

/**
 * The monthly review. Returns the changes it made (an ended override and/or a tier change). Running
 * it twice for the same review month changes nothing the second time.
 */
export function reviewTier(state: TierState, metrics: TierMetrics, config: TierConfig, now: number): { state: TierState; changes: TierChange[] } {
  const month = reviewMonthOf(now, config);
  if (state.lastReviewMonth !== null && state.lastReviewMonth >= month) return { state, changes: [] };
  const changes: TierChange[] = [];
  let next: TierState = { ...state, lastReviewMonth: month };

  if (next.override && !overrideActive(next.override, now)) {
    changes.push({ kind: 'override_end', from: next.override.tier, to: next.tier, at: now, ruleId: 'override.expired', reason: `人工调整到期（${next.override.until}）` });
    next = { ...next, override: null };
  }

  const up = upgradeIfQualified(next, metrics, config, now, '月度评审达到升级条件');
  if (up.change) return { state: up.state, changes: [...changes, up.change] };
  next = up.state;

  const evaluated = evaluateTier(metrics, config);
  if (tierRank(evaluated.tier) < tierRank(next.tier)) {
    const belowSince = next.belowSince ?? month;
    const monthsBelow = monthsBetween(belowSince, month) + 1;
    if (monthsBelow >= config.downgradeGraceMonths) {
      changes.push({
        kind: 'downgrade',
        from: next.tier,
        to: evaluated.tier,
        at: now,
        ruleId: evaluated.ruleId,
        reason: `连续${monthsBelow}个月未达到${tierDefinition(config, next.tier).name}会员条件`,
      });
      next = { ...next, tier: evaluated.tier, ruleId: evaluated.ruleId, since: now, belowSince: null };
    } else {
      next = { ...next, belowSince };
    }
  }
  return { state: next, changes };
}

/** Start an override that lasts through `until` (a Shanghai day, not in the past). */
export function setOverride(state: TierState, override: TierOverride): Transition {
  const from = effectiveTier(state, override.at).tier;
  return {
    state: { ...state, override },
    change: { kind: 'override', from, to: override.tier, at: override.at, ruleId: 'override.staff', reason: `${override.reason}（至${override.until}）` },
  };
}

function reviewDateOf(month: string, config: TierConfig): string {
  return `${month}-${String(config.reviewDayOfMonth).padStart(2, '0')}`;
}

/**
 * When the member is below their rule-based tier, the review at which the downgrade would take
 * effect, the tier they would drop to, and what keeps the tier. Null when the tier is safe.
 */
export function downgradeOutlook(
  state: TierState,
  metrics: TierMetrics,
  config: TierConfig,
  now: number,
): { reviewOn: string; to: TierId; keep: TierGap } | null {
  const evaluated = evaluateTier(metrics, config);
  if (tierRank(evaluated.tier) >= tierRank(state.tier)) return null;
  // The next review: this month's when its day has come and it has not run yet, else next month's.
  const month = monthKey(now);
  const thisMonthDue = reviewMonthOf(now, config) === month && (state.lastReviewMonth === null || state.lastReviewMonth < month);
  const nextReview = thisMonthDue || inZone(now).date() < config.reviewDayOfMonth ? month : addMonths(month, 1);
  const firstBelow = state.belowSince ?? nextReview;
  const due = addMonths(firstBelow, config.downgradeGraceMonths - 1);
  const at = due < nextReview ? nextReview : due;
  return { reviewOn: reviewDateOf(at, config), to: evaluated.tier, keep: keepTierGap(state.tier, metrics, config) ?? {} };
}
