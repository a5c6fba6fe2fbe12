/**
 * The staff CRM's rules (`crm` section of the configuration): the churn warning from a customer's
 * own ordering rhythm, the RFM score thresholds and segment cut, and the care list's rules (contact
 * cadence per tier, the new-customer "321" rule, the needs survey, key dates, silence). Defaults come
 * from the sellers' playbooks (shared/notes/business-rules.md); every number can be changed.
 */
import { z } from 'zod';
import { TIER_IDS } from '../tiers/rules';

const days = z.number().int().min(1).max(3650);
const tierDays = z.object(Object.fromEntries(TIER_IDS.map((t) => [t, days])) as Record<(typeof TIER_IDS)[number], typeof days>).strict();

/** Four ascending cut points: the boundaries between scores 1|2|3|4|5. */
const cuts = z
  .array(z.number().int().min(0))
  .length(4)
  .refine((a) => a.every((v, i) => i === 0 || v > (a[i - 1] as number)), { message: 'cut points must strictly increase' });

export const CARE_KINDS = ['churn', 'newReply', 'newSample', 'newVisit', 'keyDate', 'cadence', 'noContact', 'survey'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

export const churnConfigSchema = z
  .object({
    /** 'p90': warn past the 90th percentile of the member's own intervals; 'median': past multiplier × the median. */
    method: z.enum(['p90', 'median']),
    medianMultiplier: z.number().min(1).max(10),
    /** Below this many ordering days the member's rhythm is not trusted: the tier's expected interval is used. */
    minOrders: z.number().int().min(3).max(50),
    /** Expected days between orders per tier for members with too few orders. */
    fallbackEveryDays: tierDays,
    /**
     * A slowdown also warns: over the last `windowDays`, at most `maxShare` of the orders their rhythm
     * predicts (张姐: one order in two months against one every three days). Needs a prediction of
     * at least `minExpected` orders so a monthly buyer is not flagged by chance.
     */
    slowdown: z.object({ enabled: z.boolean(), windowDays: days, maxShare: z.number().min(0).max(1), minExpected: z.number().min(1).max(1000) }).strict(),
  })
  .strict();

export const rfmConfigSchema = z
  .object({
    /** F and M count the orders of this many days up to today. */
    windowDays: days,
    /** Days since the last order: ≤ cut[0] → 5 … ≤ cut[3] → 2, more → 1 (fewer days is better). */
    recencyDays: cuts,
    /** Orders in the window: ≥ cut[3] → 5 … ≥ cut[0] → 2, fewer → 1. */
    frequencyOrders: cuts,
    /** Net spend in fen in the window: ≥ cut[3] → 5 … ≥ cut[0] → 2, less → 1. */
    monetaryFen: cuts,
    /** A score at or above this counts as high (重要/一般 and the segment letters). */
    highScore: z.number().int().min(2).max(5),
  })
  .strict();

export const careConfigSchema = z
  .object({
    /** 战略: a fixed weekly contact day, 1 = Monday … 7 = Sunday (the playbook's example: Wednesday). */
    strategicWeekday: z.number().int().min(1).max(7),
    /** 核心 monthly, 潜力 every six months: days after the last contact. */
    coreEveryDays: days,
    potentialEveryDays: days,
    /** 基础: a greeting for each public holiday, shown from this many days before it. */
    holidayLeadDays: z.number().int().min(0).max(14),
    newCustomer: z
      .object({
        /** The rule applies for this many days after joining. */
        windowDays: days,
        replyWithinHours: z.number().int().min(1).max(72),
        sampleWithinHours: z.number().int().min(1).max(240),
        visitWithinDays: days,
        /** Bulk buyers get the visit. */
        bulkKinds: z.array(z.enum(['household', 'group_leader', 'restaurant', 'canteen', 'chain'])).max(5),
      })
      .strict(),
    /** The deeper needs survey after this many days together, open for `surveyWindowDays`. */
    surveyAfterDays: days,
    surveyWindowDays: days,
    /** Key dates (birthday, founding day) show from this many days before. */
    keyDateLeadDays: z.number().int().min(0).max(30),
    /** Customers not contacted for this many days. */
    noContactDays: days,
    /** 1 is the most urgent. */
    priority: z.object(Object.fromEntries(CARE_KINDS.map((k) => [k, z.number().int().min(1).max(9)])) as Record<CareKind, z.ZodNumber>).strict(),
  })
  .strict();

export const crmConfigSchema = z.object({ churn: churnConfigSchema, rfm: rfmConfigSchema, care: careConfigSchema }).strict();
export type CrmConfig = z.infer<typeof crmConfigSchema>;
export type ChurnConfig = CrmConfig['churn'];
export type RfmConfig = CrmConfig['rfm'];
export type CareConfig = CrmConfig['care'];

const YUAN = 100;

export const defaultCrmConfig: CrmConfig = {
  churn: {
    method: 'p90',
    medianMultiplier: 2,
    minOrders: 3,
    // Roughly the cadence each tier orders at in the playbooks' wholesale data.
    fallbackEveryDays: { strategic: 7, core: 10, potential: 21, basic: 45 },
    // A month holding at most 30 % of the predicted orders (张姐: 1 of ~10).
    slowdown: { enabled: true, windowDays: 30, maxShare: 0.3, minExpected: 6 },
  },
  rfm: {
    windowDays: 365,
    recencyDays: [7, 14, 30, 90],
    frequencyOrders: [2, 6, 12, 48],
    // ¥10k / ¥50k / ¥100k / ¥500k a year: the tier thresholds of the wholesale playbook.
    monetaryFen: [10_000 * YUAN, 50_000 * YUAN, 100_000 * YUAN, 500_000 * YUAN],
    highScore: 3,
  },
  care: {
    strategicWeekday: 3,
    coreEveryDays: 30,
    potentialEveryDays: 182,
    holidayLeadDays: 1,
    newCustomer: { windowDays: 14, replyWithinHours: 3, sampleWithinHours: 24, visitWithinDays: 7, bulkKinds: ['restaurant', 'canteen', 'chain', 'group_leader'] },
    surveyAfterDays: 90,
    surveyWindowDays: 30,
    keyDateLeadDays: 3,
    noContactDays: 60,
    priority: { churn: 1, newReply: 1, newSample: 1, newVisit: 2, keyDate: 2, cadence: 3, noContact: 3, survey: 4 },
  },
};
