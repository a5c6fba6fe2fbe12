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

/** For calendar formats the fast helpers below do not cover (hours, weekdays, custom formats). */
export const inZone = (ms: number) => dayjs(ms).utcOffset(OFFSET_MINUTES);

/*
 * The hot helpers (batch imports and jobs call them per row) do the fixed-offset arithmetic on a
 * shifted UTC Date instead of going through dayjs: same results, a fraction of the cost.
 * test/core/time.test.ts checks them against dayjs and the tz database.
 */
const OFFSET_MS = OFFSET_MINUTES * 60_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** dayjs' 'YYYY': at least four digits. */
const pad4 = (n: number): string => (n >= 1000 ? String(n) : String(n).padStart(4, '0'));
/** The instant shifted so that its UTC fields read as Shanghai wall-clock fields. */
const shifted = (ms: number): Date => new Date(ms + OFFSET_MS);
/** Parses a Shanghai wall-clock ISO date-time, as dayjs did ('Invalid Date' is NaN). */
const parseLocalIso = (text: string): number => new Date(`${text}+08:00`).getTime();

/** 'YYYY-MM-DD' of an instant, in Shanghai. */
export function dayKey(ms: number): string {
  const d = shifted(ms);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y)) return 'Invalid Date';
  return `${pad4(y)}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** 'YYYY-MM' of an instant, in Shanghai. */
export function monthKey(ms: number): string {
  const d = shifted(ms);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y)) return 'Invalid Date';
  return `${pad4(y)}-${pad2(d.getUTCMonth() + 1)}`;
}

/** The instant a Shanghai calendar day starts, from 'YYYY-MM-DD'. */
export const startOfDayMs = (day: string): number => parseLocalIso(`${day}T00:00:00`);

/** The instant the Shanghai calendar day after `day` starts (an exclusive end; no DST, so 24 h later). */
export const endOfDayMs = (day: string): number => startOfDayMs(day) + DAY_MS;

/** Start of 1 January of `year`, Shanghai. */
export const startOfYearMs = (year: number): number => parseLocalIso(`${year}-01-01T00:00:00`);

/** Shanghai calendar year of an instant. */
export const yearOf = (ms: number): number => shifted(ms).getUTCFullYear();

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
  const d = shifted(now);
  const y = d.getUTCFullYear();
  const last = y * 12 + d.getUTCMonth();
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const index = last - n + 1 + i;
    const year = Math.floor(index / 12);
    // An invalid instant gives 'NaN-NaN' keys, as addMonths of an invalid key does.
    out.push(`${year}-${Number.isNaN(index) ? NaN : pad2(index - year * 12 + 1)}`);
  }
  return out;
}

/** Start of the first day of the month after `now`'s month (the next monthly review), Shanghai. */
export function startOfNextMonthMs(now: number): number {
  const d = shifted(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - OFFSET_MS;
}

/** Whole days between two instants, rounded down (tenure and gaps). */
export const wholeDaysBetween = (from: number, to: number): number => Math.floor((to - from) / DAY_MS);
