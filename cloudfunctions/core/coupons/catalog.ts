/**
 * Coupon templates: what a coupon gives, how long it lasts once issued and, for the ones members can
 * buy with points, what it costs. Templates with `costPoints` 0 are never sold for points; they are
 * only issued by rules (复购券) or by staff.
 */
import { z } from 'zod';
import { DomainError } from '../errors';

const baseFields = {
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(40),
  /** Price in points; 0 (or absent) = not redeemable, only issued by rules or staff. */
  costPoints: z.number().int().min(0).max(10_000_000).default(0),
  /** Usable to the end of the Shanghai day `validDays` days after the day it was issued. */
  validDays: z.number().int().min(1).max(3650),
  active: z.boolean().default(true),
  /** How many coupons of this template one member may get by redeeming points. */
  perMemberLimit: z.number().int().min(1).max(1000).optional(),
};

export const amountOffTemplateSchema = z
  .object({
    ...baseFields,
    kind: z.literal('amount_off'),
    amountFen: z.number().int().min(1).max(100_000_000),
    /** Order subtotal needed to use it (满…); 0 = no threshold. */
    minSpendFen: z.number().int().min(0).max(100_000_000),
  })
  .strict();

export const freeItemTemplateSchema = z
  .object({
    ...baseFields,
    kind: z.literal('free_item'),
    itemName: z.string().min(1).max(40),
  })
  .strict();

export const couponTemplateSchema = z
  .discriminatedUnion('kind', [amountOffTemplateSchema, freeItemTemplateSchema])
  .superRefine((t, ctx) => {
    if (t.kind === 'amount_off' && t.minSpendFen > 0 && t.amountFen > t.minSpendFen) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['amountFen'], message: '减免金额不能超过使用门槛' });
    }
  });

export type CouponTemplate = z.output<typeof couponTemplateSchema>;
export type CouponTemplateInput = z.input<typeof couponTemplateSchema>;

export const couponCatalogSchema = z.array(couponTemplateSchema).superRefine((templates, ctx) => {
  const seen = new Set<string>();
  templates.forEach((t, i) => {
    if (seen.has(t.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'id'], message: `duplicate template id ${t.id}` });
    seen.add(t.id);
  });
});
export type CouponCatalog = z.output<typeof couponCatalogSchema>;

/** The demo catalogue: coupons bought with points, then the ones only the repurchase rules issue. */
export const defaultCouponCatalog: CouponCatalog = couponCatalogSchema.parse([
  // redeemable with points
  { id: 'pts-100-10', title: '满100减10', kind: 'amount_off', amountFen: 1_000, minSpendFen: 10_000, costPoints: 500, validDays: 30 },
  { id: 'pts-200-25', title: '满200减25', kind: 'amount_off', amountFen: 2_500, minSpendFen: 20_000, costPoints: 1_000, validDays: 30 },
  { id: 'pts-eggs', title: '免费鲜鸡蛋一盒', kind: 'free_item', itemName: '农家鲜鸡蛋一盒（10枚）', costPoints: 300, validDays: 14, perMemberLimit: 2 },
  { id: 'pts-fruit', title: '时令水果券', kind: 'free_item', itemName: '当季时令水果一份（约500克）', costPoints: 400, validDays: 14, perMemberLimit: 4 },
  // issued by the after-purchase rules (复购券), not for sale
  { id: 'back-50-5', title: '复购券·满50减5', kind: 'amount_off', amountFen: 500, minSpendFen: 5_000, validDays: 14 },
  { id: 'back-150-15', title: '复购券·满150减15', kind: 'amount_off', amountFen: 1_500, minSpendFen: 15_000, validDays: 14 },
  { id: 'back-300-40', title: '复购券·满300减40', kind: 'amount_off', amountFen: 4_000, minSpendFen: 30_000, validDays: 21 },
  { id: 'back-greens', title: '复购礼·免费时令青菜一份', kind: 'free_item', itemName: '时令青菜一份（约500克）', validDays: 14 },
]);

export const isRedeemable = (t: CouponTemplate): boolean => t.active && t.costPoints > 0;

export function findTemplate(catalog: readonly CouponTemplate[], id: string): CouponTemplate | undefined {
  return catalog.find((t) => t.id === id);
}

/**
 * The points price of redeeming `template` for a member who already redeemed `redeemedByMember` of
 * them; throws when it cannot be redeemed. The points themselves are taken by the points ledger.
 */
export function redemptionCost(template: CouponTemplate, redeemedByMember: number): number {
  if (!template.active) throw new DomainError('COUPON.INACTIVE', '该优惠券已下架', { templateId: template.id });
  if (template.costPoints <= 0) throw new DomainError('COUPON.NOT_REDEEMABLE', '该优惠券不能用积分兑换', { templateId: template.id });
  if (template.perMemberLimit !== undefined && redeemedByMember >= template.perMemberLimit) {
    throw new DomainError('COUPON.LIMIT_REACHED', `每人限兑${template.perMemberLimit}张`, {
      templateId: template.id,
      limit: template.perMemberLimit,
    });
  }
  return template.costPoints;
}

/** One line for the customer: 满100减10 / 免费领取：农家鲜鸡蛋一盒（10枚）. */
export function describeTemplate(t: CouponTemplate): string {
  if (t.kind === 'free_item') return `免费领取：${t.itemName}`;
  const yuan = (fen: number) =>
    fen % 100 === 0 ? String(fen / 100) : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  return t.minSpendFen > 0 ? `满${yuan(t.minSpendFen)}减${yuan(t.amountFen)}` : `立减${yuan(t.amountFen)}元`;
}
