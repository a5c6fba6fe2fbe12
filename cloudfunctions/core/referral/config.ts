/**
 * The referral (转介绍) rules, the `referral` section of the configuration. Defaults: a member who
 * brings a friend earns 200 points once the friend's first order completes; a friend can be bound
 * only within 30 minutes of enrolling (opening the shared card enrols them, then binds at once).
 */
import { z } from 'zod';

export const referralConfigSchema = z
  .object({
    enabled: z.boolean(),
    /** Points credited to the referrer on the invitee's first completed order (0 turns the reward off). */
    rewardPoints: z.number().int().min(0).max(100_000),
    /** How long after enrolment an invitation can still be accepted ("new in this session"). */
    bindWindowMinutes: z.number().int().min(1).max(7 * 24 * 60),
  })
  .strict();

export type ReferralConfig = z.infer<typeof referralConfigSchema>;

export const defaultReferralConfig: ReferralConfig = { enabled: true, rewardPoints: 200, bindWindowMinutes: 30 };
