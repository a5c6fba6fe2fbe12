/**
 * The zod schemas for payload fields that several actions share, built from the limits the front end
 * checks too (`contracts/limits.ts`), so the two can never disagree.
 */
import { z } from 'zod';
import { isCalendarDay, MAX_ADJUST_POINTS, MAX_PAGE, MAX_PAGE_SIZE, MEMBER_NO_PATTERN, REASON_MAX_LENGTH, REASON_MIN_LENGTH, REQUEST_ID_PATTERN } from '../contracts/limits';

export const emptyInput = z.object({}).strict();

export const memberNo = z.string().regex(MEMBER_NO_PATTERN, '会员号格式不正确');

/** Client-made id of one user action; a retry sends the same id. */
export const requestId = z.string().regex(REQUEST_ID_PATTERN, '请求编号格式不正确');

export const reason = z.string().trim().min(REASON_MIN_LENGTH, '请填写原因').max(REASON_MAX_LENGTH);

/** A real calendar day: '2027-02-30' and '2027-01-32' are refused, not rolled over. */
export const calendarDay = z.string().refine(isCalendarDay, '日期应为有效的 YYYY-MM-DD');

export const adjustDelta = z
  .number()
  .int()
  .min(-MAX_ADJUST_POINTS)
  .max(MAX_ADJUST_POINTS)
  .refine((d) => d !== 0, '调整积分不能为 0');

/** Offset paging: page counts from 0. */
export const paging = {
  page: z.number().int().min(0).max(MAX_PAGE).default(0),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
};
