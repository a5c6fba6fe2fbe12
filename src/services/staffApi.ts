/**
 * Calls of the `staff` cloud function (staff and managers only; customers get AUTH.FORBIDDEN).
 * Imported only by the staff pages, so it ships in the staff subpackage, not the main package.
 */
import type { ApiInput } from '@contracts/apiMap';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import { callCloud } from './cloud';

export const getStaffMember = (memberNo: string) => callCloud('staff', 'getMember', { memberNo });

/** The member behind a member code (the token in the customer's QR code). */
export const scanMemberCode = (token: string) => callCloud('staff', 'scanMemberCode', { token });

const paged = (page: number, pageSize: number) => ({ page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) });

export const getMemberLedger = (memberNo: string, page: number, pageSize: number) => callCloud('staff', 'getLedger', { memberNo, ...paged(page, pageSize) });

export const getTierHistory = (memberNo: string, page: number, pageSize: number) => callCloud('staff', 'getTierHistory', { memberNo, ...paged(page, pageSize) });

export const getAuditTrail = (memberNo: string, page: number, pageSize: number) => callCloud('staff', 'getAuditTrail', { memberNo, ...paged(page, pageSize) });

/** `delta` is a non-zero integer: positive adds, negative deducts. */
export type AdjustPointsInput = ApiInput<'staff', 'adjustPoints'>;

export const adjustPoints = (input: AdjustPointsInput) => callCloud('staff', 'adjustPoints', input);

/** `until` is the last day of the override, 'YYYY-MM-DD' (Shanghai). */
export type OverrideTierInput = ApiInput<'staff', 'overrideTier'>;

export const overrideTier = (input: OverrideTierInput) => callCloud('staff', 'overrideTier', input);

/** 查找会员 by what staff typed: a member number in any usual spelling or an 11-digit phone. */
export const findMember = (query: string) => callCloud('staff', 'findMember', { query });
