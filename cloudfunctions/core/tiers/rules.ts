/**
 * Tier rules: which tier a member qualifies for, as validated configuration. A tier qualifies when
 * any one of its named rules holds; a rule holds when all of its conditions hold. Rule ids are
 * recorded with every tier change so a customer or a manager can see why it happened.
 */
import { z } from 'zod';

export const TIER_IDS = ['basic', 'potential', 'core', 'strategic'] as const;
export type TierId = (typeof TIER_IDS)[number];

export const tierRank = (id: TierId): number => TIER_IDS.indexOf(id);

const nonNegInt = z.number().int().nonnegative();

export const tierConditionSchema = z
  .object({
    minAnnualSpendFen: nonNegInt.optional(),
    minTenureDays: nonNegInt.optional(),
    /** Upper bound on tenure: "under a year but already repeating" style rules. */
    maxTenureDays: nonNegInt.optional(),
    minActiveMonths: z.number().int().min(0).max(12).optional(),
    minRepeatPurchases: nonNegInt.optional(),
  })
  .strict();
export type TierCondition = z.infer<typeof tierConditionSchema>;

export const tierRuleSchema = z
  .object({ id: z.string().min(1).max(64), label: z.string().min(1).max(80), when: tierConditionSchema })
  .strict();
export type TierRule = z.infer<typeof tierRuleSchema>;

export const tierBenefitsSchema = z
  .object({
    discountBp: z.number().int().min(0).max(5000),
    pointsMultiplierPct: z.number().int().min(100).max(1000),
    priorityDelivery: z.boolean(),
    dedicatedContact: z.boolean(),
    perks: z.array(z.string().min(1).max(60)).max(8),
  })
  .strict();
export type TierBenefits = z.infer<typeof tierBenefitsSchema>;

export const tierDefinitionSchema = z
  .object({
    id: z.enum(TIER_IDS),
    name: z.string().min(1).max(8),
    qualifyAnyOf: z.array(tierRuleSchema).max(6),
    benefits: tierBenefitsSchema,
  })
  .strict();
export type TierDefinition = z.infer<typeof tierDefinitionSchema>;

export const tierConfigSchema = z
  .object({
    preset: z.enum(['wholesale', 'retail', 'custom']),
    tiers: z.array(tierDefinitionSchema).length(4),
    /** Consecutive monthly reviews below the tier before a downgrade takes effect. */
    downgradeGraceMonths: z.number().int().min(1).max(12),
    /** Day of the month the review runs (1 = first day). */
    reviewDayOfMonth: z.number().int().min(1).max(28),
  })
  .strict()
  .superRefine((config, ctx) => {
    config.tiers.forEach((tier, i) => {
      if (tier.id !== TIER_IDS[i]) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'id'], message: `tier ${i} must be ${TIER_IDS[i]}` });
      }
      if (i === 0 && tier.qualifyAnyOf.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['tiers', 0], message: 'the basic tier needs no rule: everyone has it' });
      }
      if (i > 0 && tier.qualifyAnyOf.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i], message: 'every tier above basic needs at least one rule' });
      }
      const prev = config.tiers[i - 1];
      if (prev && (tier.benefits.discountBp < prev.benefits.discountBp || tier.benefits.pointsMultiplierPct < prev.benefits.pointsMultiplierPct)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'benefits'], message: 'benefits must not shrink from one tier to the next' });
      }
      for (const rule of tier.qualifyAnyOf) {
        const { minTenureDays, maxTenureDays } = rule.when;
        if (minTenureDays !== undefined && maxTenureDays !== undefined && maxTenureDays < minTenureDays) {
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'qualifyAnyOf'], message: `rule ${rule.id} can never hold` });
        }
      }
    });
  });
export type TierConfig = z.infer<typeof tierConfigSchema>;

const YUAN = 100;

/**
 * 批发 (wholesale), straight from the sellers' playbook: 战略 ≥ ¥500,000 a year with 3 years together
 * and orders in 10 of the last 12 months; 核心 ≥ ¥100,000 and 1 year; 潜力 ≥ ¥50,000, or under a year
 * with at least 2 repeat purchases; 基础 the rest.
 */
export const wholesalePreset: TierConfig = {
  preset: 'wholesale',
  downgradeGraceMonths: 3,
  reviewDayOfMonth: 1,
  tiers: [
    { id: 'basic', name: '基础', qualifyAnyOf: [], benefits: { discountBp: 0, pointsMultiplierPct: 100, priorityDelivery: false, dedicatedContact: false, perks: ['节日问候与小惊喜'] } },
    {
      id: 'potential',
      name: '潜力',
      qualifyAnyOf: [
        { id: 'wholesale.potential.spend', label: '年采购满5万元', when: { minAnnualSpendFen: 50_000 * YUAN } },
        { id: 'wholesale.potential.new-repeat', label: '合作不满1年且复购2次以上', when: { maxTenureDays: 364, minRepeatPurchases: 2 } },
      ],
      benefits: { discountBp: 200, pointsMultiplierPct: 120, priorityDelivery: false, dedicatedContact: false, perks: ['精致包装与手写卡片'] },
    },
    {
      id: 'core',
      name: '核心',
      qualifyAnyOf: [{ id: 'wholesale.core', label: '年采购满10万元且合作满1年', when: { minAnnualSpendFen: 100_000 * YUAN, minTenureDays: 365 } }],
      benefits: { discountBp: 500, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: false, perks: ['24小时优先配送', '节日营销支持（菜谱、海报）'] },
    },
    {
      id: 'strategic',
      name: '战略',
      qualifyAnyOf: [
        { id: 'wholesale.strategic', label: '年采购满50万元、合作满3年且近12个月至少10个月有订单', when: { minAnnualSpendFen: 500_000 * YUAN, minTenureDays: 3 * 365, minActiveMonths: 10 } },
      ],
      benefits: { discountBp: 800, pointsMultiplierPct: 200, priorityDelivery: true, dedicatedContact: true, perks: ['专属客户经理', '每周固定沟通', '每月上门服务', '产地采摘参观'] },
    },
  ],
};

/**
 * 零售 (retail households): thresholds scaled to a family's fresh-food budget (about ¥1,500 a month for
 * a regular family). 战略 ≥ ¥20,000 a year, 2 years, 10 active months; 核心 ≥ ¥8,000 and 6 months;
 * 潜力 ≥ ¥2,000, or under 6 months with 2 repeat purchases.
 */
export const retailPreset: TierConfig = {
  preset: 'retail',
  downgradeGraceMonths: 3,
  reviewDayOfMonth: 1,
  tiers: [
    { id: 'basic', name: '基础', qualifyAnyOf: [], benefits: { discountBp: 0, pointsMultiplierPct: 100, priorityDelivery: false, dedicatedContact: false, perks: ['生日小礼'] } },
    {
      id: 'potential',
      name: '潜力',
      qualifyAnyOf: [
        { id: 'retail.potential.spend', label: '年消费满2,000元', when: { minAnnualSpendFen: 2_000 * YUAN } },
        { id: 'retail.potential.new-repeat', label: '新客半年内复购2次以上', when: { maxTenureDays: 182, minRepeatPurchases: 2 } },
      ],
      benefits: { discountBp: 100, pointsMultiplierPct: 120, priorityDelivery: false, dedicatedContact: false, perks: ['生日小礼', '新品试吃'] },
    },
    {
      id: 'core',
      name: '核心',
      qualifyAnyOf: [{ id: 'retail.core', label: '年消费满8,000元且入会满半年', when: { minAnnualSpendFen: 8_000 * YUAN, minTenureDays: 182 } }],
      benefits: { discountBp: 300, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: false, perks: ['优先配送', '节日礼盒优先订'] },
    },
    {
      id: 'strategic',
      name: '战略',
      qualifyAnyOf: [
        { id: 'retail.strategic', label: '年消费满2万元、入会满2年且近12个月至少10个月有消费', when: { minAnnualSpendFen: 20_000 * YUAN, minTenureDays: 2 * 365, minActiveMonths: 10 } },
      ],
      benefits: { discountBp: 500, pointsMultiplierPct: 200, priorityDelivery: true, dedicatedContact: true, perks: ['专属客服', '时令果蔬优先尝鲜'] },
    },
  ],
};

export const tierPresets = { wholesale: wholesalePreset, retail: retailPreset } as const;

export const tierDefinition = (config: TierConfig, id: TierId): TierDefinition => config.tiers[tierRank(id)] as TierDefinition;
