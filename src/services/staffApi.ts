/**
 * Typed calls to the `staff` cloud function (staff and managers only; customers get AUTH.FORBIDDEN).
 * Imported only by the staff pages, so it ships in the staff subpackage, not the main package.
 */
import type { AdjustResultView, MovementView, OverrideResultView, Page, StaffMemberView, TierHistoryView, TierId } from '@contracts/api';
import { callCloud } from './cloud';
import { MAX_PAGE_SIZE } from './api';

/** One entry of a member's audit trail (what staff changed, by whom and why). */
export interface AuditEntryView {
  id: string;
  actorName: string;
  role: string;
  action: 'points.adjust' | 'tier.override';
  target: string;
  reason: string;
  at: number;
  details: Record<string, unknown>;
  result: unknown;
}

export function getStaffMember(memberNo: string): Promise<StaffMemberView> {
  return callCloud<StaffMemberView>('staff', 'getMember', { memberNo });
}

/** The member behind a member code (the token in the customer's QR code). */
export function scanMemberCode(token: string): Promise<StaffMemberView> {
  return callCloud<StaffMemberView>('staff', 'scanMemberCode', { token });
}

export function getMemberLedger(memberNo: string, page: number, pageSize: number): Promise<Page<MovementView>> {
  return callCloud<Page<MovementView>>('staff', 'getLedger', { memberNo, page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) });
}

export function getTierHistory(memberNo: string, page: number, pageSize: number): Promise<Page<TierHistoryView>> {
  return callCloud<Page<TierHistoryView>>('staff', 'getTierHistory', { memberNo, page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) });
}

export function getAuditTrail(memberNo: string): Promise<AuditEntryView[]> {
  return callCloud<AuditEntryView[]>('staff', 'getAuditTrail', { memberNo });
}

export interface AdjustPointsInput {
  memberNo: string;
  /** Non-zero integer: positive adds, negative deducts. */
  delta: number;
  reason: string;
  requestId: string;
}

export function adjustPoints(input: AdjustPointsInput): Promise<AdjustResultView> {
  return callCloud<AdjustResultView>('staff', 'adjustPoints', input);
}

export interface OverrideTierInput {
  memberNo: string;
  tier: TierId;
  /** Last day of the override, 'YYYY-MM-DD' (Shanghai). */
  until: string;
  reason: string;
  requestId: string;
}

export function overrideTier(input: OverrideTierInput): Promise<OverrideResultView> {
  return callCloud<OverrideResultView>('staff', 'overrideTier', input);
}
