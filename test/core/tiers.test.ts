import { evaluateTier, progressToNext } from '../../cloudfunctions/core/tiers/evaluate';
import { applyOrderEvaluation, downgradeOutlook, effectiveTier, initialTierState, reviewTier, setOverride, type TierState } from '../../cloudfunctions/core/tiers/membership';
import { retailPreset, tierConfigSchema, wholesalePreset } from '../../cloudfunctions/core/tiers/rules';
import { emptyStats, metricsAt, recordCompletedOrder, recordRefund } from '../../cloudfunctions/core/tiers/stats';
import { startOfDayMs } from '../../cloudfunctions/core/time';

const at = (iso: string) => new Date(iso).getTime();
const YUAN = 100;
const metrics = (m: Partial<ReturnType<typeof metricsAt>>) => ({ annualSpendFen: 0, tenureDays: 0, activeMonths: 0, repeatPurchases: 0, ...m });

describe('tier presets', () => {
  it('both presets validate and widen the benefit gradient', () => {
    for (const preset of [wholesalePreset, retailPreset]) {
      expect(tierConfigSchema.parse(preset)).toEqual(preset);
      const discounts = preset.tiers.map((t) => t.benefits.discountBp);
      const multipliers = preset.tiers.map((t) => t.benefits.pointsMultiplierPct);
      for (let i = 1; i < 4; i += 1) {
        expect(discounts[i]).toBeGreaterThan(discounts[i - 1] as number);
        expect(multipliers[i]).toBeGreaterThan(multipliers[i - 1] as number);
      }
    }
  });

  it('rejects a config whose benefits shrink or whose tiers are out of order', () => {
    const shrinking = structuredClone(wholesalePreset);
    (shrinking.tiers[3] as { benefits: { discountBp: number } }).benefits.discountBp = 0;
    expect(tierConfigSchema.safeParse(shrinking).success).toBe(false);
    const swapped = structuredClone(wholesalePreset);
    swapped.tiers.reverse();
    expect(tierConfigSchema.safeParse(swapped).success).toBe(false);
  });
});

describe('evaluateTier (wholesale playbook)', () => {
  const c = wholesalePreset;
  it('strategic needs spend, three years and ten active months together', () => {
    expect(evaluateTier(metrics({ annualSpendFen: 500_000 * YUAN, tenureDays: 1095, activeMonths: 10 }), c)).toEqual({ tier: 'strategic', ruleId: 'wholesale.strategic' });
    expect(evaluateTier(metrics({ annualSpendFen: 500_000 * YUAN, tenureDays: 1095, activeMonths: 9 }), c).tier).toBe('core');
    expect(evaluateTier(metrics({ annualSpendFen: 500_000 * YUAN, tenureDays: 1094, activeMonths: 12 }), c).tier).toBe('core');
  });
  it('core needs ¥100,000 and a year; a big new customer is potential', () => {
    expect(evaluateTier(metrics({ annualSpendFen: 100_000 * YUAN, tenureDays: 365 }), c).tier).toBe('core');
    expect(evaluateTier(metrics({ annualSpendFen: 100_000 * YUAN - 1, tenureDays: 900 }), c).tier).toBe('potential');
    expect(evaluateTier(metrics({ annualSpendFen: 300_000 * YUAN, tenureDays: 200 }), c).tier).toBe('potential');
  });
  it('potential by spend or by repeating within the first year', () => {
    expect(evaluateTier(metrics({ annualSpendFen: 50_000 * YUAN, tenureDays: 900 }), c)).toEqual({ tier: 'potential', ruleId: 'wholesale.potential.spend' });
    expect(evaluateTier(metrics({ tenureDays: 100, repeatPurchases: 2 }), c)).toEqual({ tier: 'potential', ruleId: 'wholesale.potential.new-repeat' });
    expect(evaluateTier(metrics({ tenureDays: 400, repeatPurchases: 20 }), c).tier).toBe('basic');
  });
});

describe('progressToNext', () => {
  it('names the spend still missing for the next tier', () => {
    const p = progressToNext('potential', metrics({ annualSpendFen: 98_766 * YUAN, tenureDays: 500 }), wholesalePreset);
    expect(p).toEqual({ next: 'core', ruleId: 'wholesale.core', gap: { spendFen: 1_234 * YUAN } });
  });
  it('prefers the rule with the fewest missing conditions', () => {
    const p = progressToNext('basic', metrics({ annualSpendFen: 1000, tenureDays: 30, repeatPurchases: 1 }), wholesalePreset);
    expect(p).toEqual({ next: 'potential', ruleId: 'wholesale.potential.new-repeat', gap: { repeatPurchases: 1 } });
  });
  it('is null at the top tier', () => {
    expect(progressToNext('strategic', metrics({}), wholesalePreset)).toBeNull();
  });
});

describe('purchase stats', () => {
  it('counts net spend and active months in the rolling 12 Shanghai months', () => {
    let s = emptyStats();
    s = recordCompletedOrder(s, { paidFen: 1000, completedAt: at('2025-11-30T16:30:00Z') }); // 2025-12-01 00:30 Shanghai
    s = recordCompletedOrder(s, { paidFen: 2000, completedAt: at('2025-11-30T15:30:00Z') }); // 2025-11-30 23:30 Shanghai
    s = recordCompletedOrder(s, { paidFen: 5000, completedAt: at('2026-11-20T04:00:00Z') });
    s = recordRefund(s, { refundFen: 1500, orderCompletedAt: at('2026-11-20T04:00:00Z') });
    const m = metricsAt(s, at('2026-11-25T04:00:00Z'));
    // November 2025 is outside the window (Dec 2025 .. Nov 2026); December 2025 is inside.
    expect(m).toEqual({ annualSpendFen: 1000 + 3500, tenureDays: 359, activeMonths: 2, repeatPurchases: 2 });
  });
});

describe('tier membership over time', () => {
  const c = wholesalePreset;
  const coreMetrics = metrics({ annualSpendFen: 150_000 * YUAN, tenureDays: 800, activeMonths: 12 });
  const lowMetrics = metrics({ annualSpendFen: 20_000 * YUAN, tenureDays: 800, activeMonths: 4 });

  it('upgrades when a qualifying order completes, never downgrades there', () => {
    const start = initialTierState(at('2026-01-01T00:00:00Z'));
    const up = applyOrderEvaluation(start, coreMetrics, c, at('2026-03-01T00:00:00Z'));
    expect(up.state.tier).toBe('core');
    expect(up.change).toMatchObject({ kind: 'upgrade', from: 'basic', to: 'core', ruleId: 'wholesale.core' });
    const after = applyOrderEvaluation(up.state, lowMetrics, c, at('2026-03-02T00:00:00Z'));
    expect(after.state.tier).toBe('core');
    expect(after.change).toBeNull();
  });

  it('downgrades only at the third consecutive monthly review below the tier', () => {
    let state: TierState = { ...initialTierState(0), tier: 'core', ruleId: 'wholesale.core' };
    const reviews = ['2026-09-01T02:00:00Z', '2026-10-01T02:00:00Z', '2026-11-01T02:00:00Z'];
    const kinds: string[] = [];
    for (const r of reviews) {
      const result = reviewTier(state, lowMetrics, c, at(r));
      state = result.state;
      kinds.push(result.changes.map((ch) => ch.kind).join(','));
    }
    expect(kinds).toEqual(['', '', 'downgrade']);
    expect(state.tier).toBe('basic');
    expect(reviewTier({ ...state, tier: 'core', belowSince: '2026-10', lastReviewMonth: '2026-11' }, lowMetrics, c, at('2026-12-01T02:00:00Z')).changes[0]?.reason).toBe('连续3个月未达到核心会员条件');
  });

  it('a review rerun in the same month changes nothing; recovering resets the grace', () => {
    let state: TierState = { ...initialTierState(0), tier: 'core', ruleId: 'wholesale.core' };
    state = reviewTier(state, lowMetrics, c, at('2026-09-01T02:00:00Z')).state;
    expect(reviewTier(state, lowMetrics, c, at('2026-09-15T02:00:00Z'))).toEqual({ state, changes: [] });
    state = reviewTier(state, coreMetrics, c, at('2026-10-01T02:00:00Z')).state;
    expect(state.belowSince).toBeNull();
    state = reviewTier(state, lowMetrics, c, at('2026-11-01T02:00:00Z')).state;
    state = reviewTier(state, lowMetrics, c, at('2026-12-01T02:00:00Z')).state;
    expect(state.tier).toBe('core');
  });

  it('warns with the review date at which the downgrade would take effect', () => {
    const state = { ...initialTierState(0), tier: 'core' as const, ruleId: 'wholesale.core', lastReviewMonth: '2026-11', belowSince: '2026-10' };
    const outlook = downgradeOutlook(state, lowMetrics, c, at('2026-11-25T04:00:00Z'));
    expect(outlook).toEqual({ reviewOn: '2026-12-01', to: 'basic', keep: { spendFen: 80_000 * YUAN } });
    expect(downgradeOutlook(state, coreMetrics, c, at('2026-11-25T04:00:00Z'))).toBeNull();
  });

  it('an override lasts through its last day and is never a floor', () => {
    const base = { ...initialTierState(0), tier: 'core' as const, ruleId: 'wholesale.core' };
    const { state, change } = setOverride(base, { tier: 'strategic', until: '2026-12-31', reason: '年度战略合作', by: 'staff-1', at: at('2026-11-25T04:00:00Z') });
    expect(change).toMatchObject({ kind: 'override', from: 'core', to: 'strategic' });
    expect(effectiveTier(state, startOfDayMs('2026-12-31') + 86_399_000).tier).toBe('strategic');
    expect(effectiveTier(state, startOfDayMs('2027-01-01')).tier).toBe('core');
    // After it ends, the review records the end and keeps judging the rule-based tier.
    let s = state;
    const kinds: string[] = [];
    for (const r of ['2027-01-01T02:00:00Z', '2027-02-01T02:00:00Z', '2027-03-01T02:00:00Z']) {
      const result = reviewTier(s, lowMetrics, c, at(r));
      s = result.state;
      kinds.push(result.changes.map((ch) => ch.kind).join(','));
    }
    expect(kinds).toEqual(['override_end', '', 'downgrade']);
    expect(effectiveTier(s, at('2027-03-02T00:00:00Z')).tier).toBe('basic');
  });
});
