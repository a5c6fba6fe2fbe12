/**
 * Whole Shanghai calendar days for the CRM. Shanghai is UTC+8 all year (core/time.ts), so the day
 * number of an instant is plain arithmetic: the same calendar as `dayKey`, without a string per
 * order (the nightly job does this for every order of every member; test/core/crm checks they agree).
 */
import { DAY_MS } from '../time';

const OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of the Shanghai calendar day containing `ms`. */
export const dayNumber = (ms: number): number => Math.floor((ms + OFFSET_MS) / DAY_MS);

/** The instant the Shanghai day with this number starts. */
export const dayStart = (day: number): number => day * DAY_MS - OFFSET_MS;

/** Calendar days from the day of `from` to the day of `to` (23:59 → 00:01 is one day). */
export const calendarDaysBetween = (from: number, to: number): number => dayNumber(to) - dayNumber(from);
