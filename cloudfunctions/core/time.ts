/**
 * Calendar arithmetic in Asia/Shanghai. The core never reads the clock: every function takes the
 * instant (epoch ms) it reasons about, so tests can stand on 23:59:59 of 31 December.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const ZONE = 'Asia/Shanghai';
export const DAY_MS = 86_400_000;

/**
 * Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so a fixed offset gives the
 * same calendar as the tz database at a fraction of the cost (the tz plugin goes through Intl on
 * every call, which made batch jobs 50× slower). test/core/time.test.ts checks both agree.
 */
const OFFSET_MINUTES = 8 * 60;

export const inZone = (ms: number) => dayjs(ms).utcOffset(OFFSET_MINUTES);

/** Parses a Shanghai wall-clock time 'YYYY-MM-DD HH:mm:ss'. */
const parseLocal = (text: string) => dayjs(`${text.replace(' ', 'T')}+08:00`).utcOffset(OFFSET_MINUTES);

/** 'YYYY-MM-DD' of an instant, in Shanghai. */
export const dayKey = (ms: number): string => inZone(ms).format('YYYY-MM-DD');

/** 'YYYY-MM' of an instant, in Shanghai. */
export const monthKey = (ms: number): string => inZone(ms).format('YYYY-MM');

/** The instant a Shanghai calendar day starts, from 'YYYY-MM-DD'. */
export const startOfDayMs = (day: string): number => parseLocal(`${day} 00:00:00`).valueOf();

/** The instant the Shanghai calendar day after `day` starts (an exclusive end). */
export const endOfDayMs = (day: string): number => parseLocal(`${day} 00:00:00`).add(1, 'day').valueOf();

/** Start of 1 January of `year`, Shanghai. */
export const startOfYearMs = (year: number): number => parseLocal(`${year}-01-01 00:00:00`).valueOf();

/** Shanghai calendar year of an instant. */
export const yearOf = (ms: number): number => inZone(ms).year();

/** Shift a 'YYYY-MM' key by whole months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  const year = Math.floor(index / 12);
  const mon = (index % 12) + 1;
  return `${year}-${String(mon).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` ('YYYY-MM' keys); negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty * 12 + tm) - (fy * 12 + fm);
}

/** The rolling window of `n` month keys ending with the month of `now`, oldest first. */
export function trailingMonths(now: number, n: number): string[] {
  const current = monthKey(now);
  return Array.from({ length: n }, (_, i) => addMonths(current, i - n + 1));
}

/** Start of the first day of the month after `now`'s month (the next monthly review), Shanghai. */
export function startOfNextMonthMs(now: number): number {
  return inZone(now).startOf('month').add(1, 'month').valueOf();
}

/** Whole days between two instants, rounded down (tenure and gaps). */
export const wholeDaysBetween = (from: number, to: number): number => Math.floor((to - from) / DAY_MS);
