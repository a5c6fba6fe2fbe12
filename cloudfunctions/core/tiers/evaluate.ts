/**
 * Tier evaluation: the highest tier whose rules the metrics satisfy, what is missing for the next
 * tier, and what keeps the current one.
 */
import { TIER_IDS, tierDefinition, tierRank, type TierCondition, type TierConfig, type TierId, type TierRule } from './rules';
import type { TierMetrics } from './stats';

export interface Evaluation { tier: TierId; ruleId: string }

export const BASIC_RULE_ID = 'basic.default';

export function conditionHolds(when: TierCondition, m: TierMetrics): boolean {
  return (
    (when.minAnnualSpendFen === undefined || m.annualSpendFen >= when.minAnnualSpendFen) &&
    (when.minTenureDays === undefined || m.tenureDays >= when.minTenureDays) &&
    (when.maxTenureDays === undefined || m.tenureDays <= when.maxTenureDays) &&
    (when.minActiveMonths === undefined || m.activeMonths >= when.minActiveMonths) &&
    (when.minRepeatPurchases === undefined || m.repeatPurchases >= when.minRepeatPurchases)
  );
}

export function evaluateTier(metrics: TierMetrics, config: TierConfig): Evaluation {
  for (let rank = TIER_IDS.length - 1; rank > 0; rank -= 1) {
    const tier = TIER_IDS[rank] as TierId;
    const rule = tierDefinition(config, tier).qualifyAnyOf.find((r) => conditionHolds(r.when, metrics));
    if (rule) return { tier, ruleId: rule.id };
  }
  return { tier: 'basic', ruleId: BASIC_RULE_ID };
}

export interface TierGap {
  spendFen?: number;
  tenureDays?: number;
  activeMonths?: number;
  repeatPurchases?: number;
}

/** What is missing for one rule, or null when the rule can no longer hold (tenure past its maximum). */
export function gapFor(rule: TierRule, m: TierMetrics): TierGap | null {
  const { when } = rule;
  if (when.maxTenureDays !== undefined && m.tenureDays > when.maxTenureDays) return null;
  const gap: TierGap = {};
  if (when.minAnnualSpendFen !== undefined && m.annualSpendFen < when.minAnnualSpendFen) gap.spendFen = when.minAnnualSpendFen - m.annualSpendFen;
  if (when.minTenureDays !== undefined && m.tenureDays < when.minTenureDays) gap.tenureDays = when.minTenureDays - m.tenureDays;
  if (when.minActiveMonths !== undefined && m.activeMonths < when.minActiveMonths) gap.activeMonths = when.minActiveMonths - m.activeMonths;
  if (when.minRepeatPurchases !== undefined && m.repeatPurchases < when.minRepeatPurchases) gap.repeatPurchases = when.minRepeatPurchases - m.repeatPurchases;
  return gap;
}

/** Fewest unmet conditions first, then the smallest spend gap: the easiest path to show a customer. */
function easiest(gaps: { ruleId: string; gap: TierGap }[]): { ruleId: string; gap: TierGap } | null {
  const score = (g: TierGap) => Object.keys(g).length * 1e12 + (g.spendFen ?? 0);
  return gaps.reduce<{ ruleId: string; gap: TierGap } | null>((best, g) => (best === null || score(g.gap) < score(best.gap) ? g : best), null);
}

function easiestGap(config: TierConfig, tier: TierId, m: TierMetrics): { ruleId: string; gap: TierGap } | null {
  const candidates = tierDefinition(config, tier)
    .qualifyAnyOf.map((rule) => ({ ruleId: rule.id, gap: gapFor(rule, m) }))
    .filter((c): c is { ruleId: string; gap: TierGap } => c.gap !== null);
  return easiest(candidates);
}

/**
 * Progress towards the tier above `current`; null at the top. When the tier above cannot be reached
 * by any rule any more (its only rules have a tenure ceiling), the one above that is shown instead.
 */
export function progressToNext(current: TierId, m: TierMetrics, config: TierConfig): { next: TierId; ruleId: string; gap: TierGap } | null {
  for (let rank = tierRank(current) + 1; rank < TIER_IDS.length; rank += 1) {
    const next = TIER_IDS[rank] as TierId;
    const found = easiestGap(config, next, m);
    if (found) return { next, ...found };
  }
  return null;
}

/** What the member must still do to keep `tier` (empty gap = already safe); null for basic or when no rule of the tier can hold any more. */
export function keepTierGap(tier: TierId, m: TierMetrics, config: TierConfig): TierGap | null {
  if (tier === 'basic') return null;
  return easiestGap(config, tier, m)?.gap ?? null;
}
