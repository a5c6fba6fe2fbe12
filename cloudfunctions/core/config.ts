/**
 * Every threshold FreshPal uses, in one validated document. Stored in the `config` collection (doc
 * `app`); absent fields fall back to the defaults below, which come from the sellers' playbooks.
 */
import { z } from 'zod';
import { caseConfigSchema, defaultCaseConfig } from './cases/rules';
import { couponCatalogSchema, defaultCouponCatalog } from './coupons/catalog';
import { crmConfigSchema, defaultCrmConfig } from './crm/config';
import { defaultRepurchaseConfig, repurchaseConfigSchema } from './coupons/repurchase';
import { defaultNotificationsConfig, notificationsConfigSchema } from './notices/config';
import { defaultPointsConfig, pointsConfigSchema } from './points/config';
import { defaultReferralConfig, referralConfigSchema } from './referral/config';
import { defaultServiceConfig, serviceConfigSchema } from './sla/config';
import { defaultStaffLimits, staffLimitsSchema } from './staff/limits';
import { tierConfigSchema, wholesalePreset } from './tiers/rules';

export const memberCodeConfigSchema = z
  .object({
    /** How long a scanned member code stays valid; the card refreshes it before then. */
    ttlSeconds: z.number().int().min(20).max(300),
  })
  .strict();

export const appConfigSchema = z
  .object({
    tiers: tierConfigSchema,
    points: pointsConfigSchema,
    memberCode: memberCodeConfigSchema,
    coupons: z
      .object({ catalog: couponCatalogSchema, repurchase: repurchaseConfigSchema })
      .strict()
      .superRefine((c, ctx) => {
        for (const rule of c.repurchase.rules) {
          if (!c.catalog.some((t) => t.id === rule.templateId)) {
            ctx.addIssue({ code: 'custom', path: ['repurchase'], message: `rule ${rule.id} names unknown template ${rule.templateId}` });
          }
        }
      }),
    /** The complaint desk's business calendar and response targets (core/sla). */
    service: serviceConfigSchema,
    notifications: notificationsConfigSchema,
    cases: caseConfigSchema,
    /** The staff CRM: churn from each customer's own rhythm, RFM, the care list (core/crm). */
    crm: crmConfigSchema,
    /** Caps on a clerk's or agent's points adjustments; above them a manager approves (core/staff). */
    staffLimits: staffLimitsSchema,
    /** Referrals (转介绍): the referrer's reward and the binding window (core/referral). */
    referral: referralConfigSchema,
  })
  .strict();

export type AppConfig = z.infer<typeof appConfigSchema>;

export const defaultAppConfig: AppConfig = {
  tiers: wholesalePreset,
  points: defaultPointsConfig,
  memberCode: { ttlSeconds: 60 },
  coupons: { catalog: defaultCouponCatalog, repurchase: defaultRepurchaseConfig },
  service: defaultServiceConfig,
  cases: defaultCaseConfig,
  notifications: defaultNotificationsConfig,
  crm: defaultCrmConfig,
  staffLimits: defaultStaffLimits,
  referral: defaultReferralConfig,
};

/** Stored sections replace the defaults section by section; the result is validated as a whole. */
export function resolveConfig(stored: Partial<Record<keyof AppConfig, unknown>> | null): AppConfig {
  return appConfigSchema.parse({ ...defaultAppConfig, ...(stored ?? {}) });
}
