/**
 * After-purchase coupons (复购券): a paid order that meets a rule earns one coupon that brings the
 * customer back. At most one coupon per order: the best matching rule wins.
 *
 * "Best" = the highest `minPaidFen` the order reached (the most generous rule it qualifies for);
 * on a tie a rule restricted to tiers beats an open one, then the earlier rule in the list.
 */
import { z } from 'zod';
import { TIER_IDS, type TierId } from '../tiers/rules';
import { findTemplate, type CouponTemplate } from './catalog';

export type { TierId };

export const repurchaseRuleSchema = z
  .object({
    id: z.string().min(1).max(64),
    /** The order's paid amount must be at least this (fen). */
    minPaidFen: z.number().int().min(0).max(100_000_000),
    templateId: z.string().min(1).max(64),
    /** Only for these tiers; absent = every tier. */
    tiers: z.array(z.enum(TIER_IDS)).min(1).optional(),
  })
  .strict();
export type RepurchaseRule = z.output<typeof repurchaseRuleSchema>;

export const repurchaseConfigSchema = z
  .object({
    enabled: z.boolean(),
    rules: z.array(repurchaseRuleSchema).max(50),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
    });
  });
export type RepurchaseConfig = z.output<typeof repurchaseConfigSchema>;

/** Default rules; template ids refer to `defaultCouponCatalog`. */
export const defaultRepurchaseConfig: RepurchaseConfig = repurchaseConfigSchema.parse({
  enabled: true,
  rules: [
    { id: 'back-50', minPaidFen: 5_000, templateId: 'back-50-5' },
    { id: 'back-150', minPaidFen: 15_000, templateId: 'back-150-15' },
    { id: 'back-300-key', minPaidFen: 30_000, templateId: 'back-300-40', tiers: ['core', 'strategic'] },
    { id: 'back-greens-potential', minPaidFen: 8_000, templateId: 'back-greens', tiers: ['potential'] },
  ],
});

export interface RepurchaseOrder {
  paidFen: number;
  tier: TierId;
}

/**
 * The template ids to issue for a paid order: empty or exactly one. With a catalogue, rules whose
 * template is missing or inactive are skipped (so a withdrawn template falls back to the next rule).
 */
export function repurchaseCouponsFor(
  order: RepurchaseOrder,
  config: RepurchaseConfig,
  catalog?: readonly CouponTemplate[],
): string[] {
  if (!config.enabled) return [];
  if (!Number.isSafeInteger(order.paidFen) || order.paidFen <= 0) return [];
  let best: RepurchaseRule | undefined;
  for (const rule of config.rules) {
    if (order.paidFen < rule.minPaidFen) continue;
    if (rule.tiers && !rule.tiers.includes(order.tier)) continue;
    if (catalog) {
      const template = findTemplate(catalog, rule.templateId);
      if (!template || !template.active) continue;
    }
    if (
      !best ||
      rule.minPaidFen > best.minPaidFen ||
      (rule.minPaidFen === best.minPaidFen && rule.tiers !== undefined && best.tiers === undefined)
    ) {
      best = rule;
    }
  }
  return best ? [best.templateId] : [];
}
