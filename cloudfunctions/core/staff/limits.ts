/**
 * The caps on a clerk's or agent's points adjustments (configurable as `staffLimits`): above them the
 * adjustment becomes a request a manager approves, and so does every tier override by a non-manager.
 */
import { z } from 'zod';
import { actsDirectly, type StaffRole } from './roles';

export const staffLimitsSchema = z
  .object({
    /** Points one adjustment may move either way without approval. */
    maxPointsPerAction: z.number().int().min(0).max(1_000_000),
    /** Points (added and deducted alike) one clerk may move in one Shanghai day without approval. */
    maxPointsPerDay: z.number().int().min(0).max(100_000_000),
  })
  .strict();

export type StaffLimits = z.infer<typeof staffLimitsSchema>;

export const defaultStaffLimits: StaffLimits = { maxPointsPerAction: 2_000, maxPointsPerDay: 10_000 };

/** Why an adjustment needs a manager, or null when the caller may apply it now. */
export type ApprovalReason = 'per_action' | 'per_day' | 'tier_override';

/**
 * `usedToday` is the points this person already moved today by direct adjustments (absolute values):
 * deductions count too, since a wrong deduction costs the customer as much as a wrong credit.
 */
export function adjustmentNeedsApproval(role: StaffRole, delta: number, usedToday: number, limits: StaffLimits): ApprovalReason | null {
  if (actsDirectly(role)) return null;
  const size = Math.abs(delta);
  if (size > limits.maxPointsPerAction) return 'per_action';
  if (usedToday + size > limits.maxPointsPerDay) return 'per_day';
  return null;
}

export const overrideNeedsApproval = (role: StaffRole): ApprovalReason | null => (actsDirectly(role) ? null : 'tier_override');

/** The words the clerk sees (「已提交店长审批」) and why, for the request's list entry. */
export const PENDING_MESSAGE = '已提交店长审批';
export const APPROVAL_REASON_TEXT: Record<ApprovalReason, string> = {
  per_action: '超过单次调整上限',
  per_day: '超过当日调整上限',
  tier_override: '等级调整需店长审批',
};
