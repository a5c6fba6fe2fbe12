/**
 * The case rules that are not transitions: what a resolution may give, the customer's rating, the
 * delivery survey's window, and the keys that make compensation happen once.
 */
import { z } from 'zod';
import { DomainError } from '../errors';
import { isManagerRole, type StaffRole } from '../staff/roles';

export { OUTCOME_KINDS, OUTCOME_LABELS, ROOT_CAUSES, ROOT_CAUSE_LABELS, type OutcomeKind, type RootCause } from './labels';

export const caseConfigSchema = z
  .object({
    /** A resolved case may be reopened by the customer for this many days. */
    reopenDays: z.number().int().min(1).max(60),
    /** A resolved case the customer did not confirm is closed by the timer after this many days. */
    autoCloseDays: z.number().int().min(1).max(60),
    /** Points a staff member may give as compensation in one case (managers: no cap below the hard limit). */
    staffMaxPoints: z.number().int().min(0).max(100_000),
    /** The delivery survey is offered from this many hours after delivery … */
    surveyFromHours: z.number().int().min(0).max(24 * 30),
    /** … until this many hours after delivery. */
    surveyUntilHours: z.number().int().min(1).max(24 * 60),
    /** A survey answer at or below this (any question) offers to turn it into a complaint. */
    lowScore: z.number().int().min(1).max(4),
  })
  .strict()
  .refine((c) => c.surveyFromHours < c.surveyUntilHours, { message: 'surveyFromHours must be before surveyUntilHours', path: ['surveyUntilHours'] })
  .refine((c) => c.reopenDays <= c.autoCloseDays + 60, { message: 'reopenDays out of range', path: ['reopenDays'] });

export type CaseConfig = z.infer<typeof caseConfigSchema>;

/** The playbooks: surveys 48 hours to a week after a purchase; reopen within 7 days. */
export const defaultCaseConfig: CaseConfig = { reopenDays: 7, autoCloseDays: 7, staffMaxPoints: 500, surveyFromHours: 48, surveyUntilHours: 7 * 24, lowScore: 2 };

export const HARD_MAX_COMPENSATION_POINTS = 100_000;

/** A rating of 3 or below must say why (the playbooks: review the case so it does not happen again). */
export function checkRating(score: number, reason: string | null): void {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('CASE.INVALID_RATING', '评分应为 1–5 分');
  if (score <= 3 && (reason === null || reason.trim().length === 0)) throw new DomainError('CASE.RATING_REASON_REQUIRED', '3 分及以下请说明原因');
}

export type SurveyRefusal = 'not_delivered' | 'too_early' | 'too_late' | 'staff_created' | 'already_answered';

/** Whether an order is offered the delivery survey now: once, from 48 h to 7 days after delivery, not for till or imported orders. */
export function surveyOffer(
  order: { deliveredAt: number | null; channel: string; surveyed: boolean },
  config: Pick<CaseConfig, 'surveyFromHours' | 'surveyUntilHours'>,
  now: number,
): { offered: true; until: number } | { offered: false; why: SurveyRefusal } {
  if (order.channel !== 'app') return { offered: false, why: 'staff_created' };
  if (order.surveyed) return { offered: false, why: 'already_answered' };
  if (order.deliveredAt === null) return { offered: false, why: 'not_delivered' };
  const from = order.deliveredAt + config.surveyFromHours * 3_600_000;
  const until = order.deliveredAt + config.surveyUntilHours * 3_600_000;
  if (now < from) return { offered: false, why: 'too_early' };
  if (now > until) return { offered: false, why: 'too_late' };
  return { offered: true, until };
}

/** The lowest of the survey's scores is at or below the threshold: offer 转为投诉. */
export const isLowSurvey = (scores: readonly number[], lowScore: number): boolean => scores.some((s) => s <= lowScore);

/**
 * The key of a case's compensation in the ledger and the coupon wallet: one per resolution round, so
 * retries and double taps pay once, and a reopened case resolved again may compensate again.
 */
export const compensationKey = (caseId: string, round: number): string => `case:${caseId}:r${round}`;
export const reversalKey = (caseId: string, round: number): string => `case:${caseId}:r${round}:reversal`;

/** Points compensation within the role's cap. */
export function checkCompensationPoints(points: number, role: StaffRole, config: Pick<CaseConfig, 'staffMaxPoints'>): void {
  if (!Number.isInteger(points) || points < 1 || points > HARD_MAX_COMPENSATION_POINTS) throw new DomainError('CASE.INVALID_COMPENSATION', '补偿积分无效');
  if (!isManagerRole(role) && points > config.staffMaxPoints) {
    throw new DomainError('CASE.COMPENSATION_OVER_LIMIT', `员工单次最多补偿 ${config.staffMaxPoints} 积分，更多请店长处理`, { max: config.staffMaxPoints });
  }
}
