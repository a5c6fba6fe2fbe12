/**
 * Points configuration. Every number is a seller-configurable default (see business-rules.md: "an
 * electronic member card whose points redeem for coupons").
 *
 * ## Rounding rule (earning)
 *
 *   earned points = floor(paidFen × pointsPerYuan × tierMultiplierPct / 10000)
 *
 * `paidFen / 100` turns fen into yuan and `multiplierPct / 100` turns the tier multiplier (150 = 1.5×)
 * into a factor, hence the single division by 10 000 at the very end. The result is always rounded
 * DOWN: a customer is never awarded a fraction of a point and never gets a point the seller did not
 * promise (¥99.99 at 1 point per yuan and 100% earns 99 points, not 100). The arithmetic is done in
 * BigInt, so no intermediate product can lose precision.
 *
 * ## Settlement
 *
 * Points earned on an order are pending until its after-sales window closes, `settleAfterDays` days
 * after the order completed (usableAt = completedAt + settleAfterDays × 24 h; Shanghai has no
 * daylight saving, so this is also the same wall-clock time N calendar days later).
 *
 * ## Expiry (all instants are exclusive ends of an Asia/Shanghai calendar day)
 *
 * - `next_year_end`: points earned in Shanghai calendar year Y stay usable until 31 Dec of Y+1,
 *   23:59:59.999 and are gone at 1 Jan of Y+2, 00:00:00 (Shanghai).
 * - `days`: usable to the end of the Shanghai day `days` days after the day they were earned.
 * - `never`: no expiry.
 *
 * Expiry is counted from the instant the points were earned (order completion for orders, the
 * adjustment instant for staff adjustments), not from the instant they became usable.
 */
import { z } from 'zod';

export const expiryPolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('next_year_end') }).strict(),
  z.object({ policy: z.literal('never') }).strict(),
  z.object({ policy: z.literal('days'), days: z.number().int().min(1).max(3650) }).strict(),
]);
export type ExpiryPolicy = z.infer<typeof expiryPolicySchema>;

export const pointsConfigSchema = z
  .object({
    /** Points per yuan paid, before the tier multiplier. 0 switches earning off. */
    pointsPerYuan: z.number().int().min(0).max(1000).default(1),
    /** Days after completion until the after-sales window closes and the points become usable. */
    settleAfterDays: z.number().int().min(0).max(365).default(7),
    expiry: expiryPolicySchema.default({ policy: 'next_year_end' }),
    /** The member card warns about points expiring within this many days. */
    expiringSoonDays: z.number().int().min(0).max(3650).default(30),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Points that expire before they could ever be used would be a broken promise.
    if (c.expiry.policy === 'days' && c.expiry.days < c.settleAfterDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['expiry', 'days'],
        message: '积分有效天数不能短于售后期（积分到账前就会过期）',
      });
    }
  });

export type PointsConfig = z.output<typeof pointsConfigSchema>;
export type PointsConfigInput = z.input<typeof pointsConfigSchema>;

export const defaultPointsConfig: PointsConfig = Object.freeze({
  pointsPerYuan: 1,
  settleAfterDays: 7,
  expiry: Object.freeze({ policy: 'next_year_end' as const }),
  expiringSoonDays: 30,
});
