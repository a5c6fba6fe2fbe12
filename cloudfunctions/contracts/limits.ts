/**
 * The limits both sides check: the server's schemas are built from these, and the staff forms check
 * them before sending, so a mistake shows at once instead of coming back as REQUEST.INVALID.
 * Plain constants and functions only: the front end imports this module, and zod must not reach
 * the mini-program bundle.
 */

/** A points adjustment by staff moves at most this many points either way. */
export const MAX_ADJUST_POINTS = 1_000_000;

/** A staff reason (shown to the customer in their points history) in characters, after trimming. */
export const REASON_MIN_LENGTH = 2;
export const REASON_MAX_LENGTH = 200;

/** Member numbers are "FP" and eight digits. */
export const MEMBER_NO_PATTERN = /^FP\d{8}$/;

/** A client request id: one per user action, resent unchanged on retry. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** A tier override ends at the latest this many calendar days after today (Shanghai). */
export const MAX_OVERRIDE_DAYS_AHEAD = 365;

/** Paged lists: the largest page a client may ask for, and the last page number accepted. */
export const MAX_PAGE_SIZE = 50;
export const MAX_PAGE = 10_000;

/** Calendar days on the wire are 'YYYY-MM-DD' in Asia/Shanghai. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const DAY_MS = 86_400_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Whether `text` names a real calendar day ('2027-02-28' yes; '2027-02-30', '2027-01-32' no). */
export function isCalendarDay(text: string): boolean {
  if (!DAY_PATTERN.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls impossible days over into the next month; a real day reads back unchanged.
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** 'YYYY-MM-DD' plus `days` calendar days ('2026-12-31' + 1 → '2027-01-01'). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${next.getUTCFullYear()}-${pad2(next.getUTCMonth() + 1)}-${pad2(next.getUTCDate())}`;
}

/** The last day a tier override started today may run to. */
export const lastOverrideDay = (today: string): string => addDays(today, MAX_OVERRIDE_DAYS_AHEAD);
