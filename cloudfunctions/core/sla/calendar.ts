/**
 * Business-time arithmetic over a compiled calendar, in Asia/Shanghai (fixed UTC+8: China has had
 * no daylight saving since 1991), by integer arithmetic only.
 *
 * Business time is the union of half-open intervals [period start, period end) on open days. A day
 * is open when it is a working weekday, or a make-up workday (调休); it is closed on a public holiday
 * or a seller's closure (a closure wins over a make-up workday). Within the years the holiday data
 * and the closures span, every calendar day is tabulated with a running count of open days, so both
 * directions are O(1) or O(log days): `businessMinutesBetween` is a difference of two counts and
 * `addBusinessMinutes` a binary search. Outside the table the weekly pattern repeats and whole weeks
 * are skipped arithmetically.
 *
 * After the last year the holiday data covers (`coveredUntil`), days are plain working weekdays plus
 * the seller's closures: deadlines there may come earlier than the official calendar would make
 * them (a holiday not known yet counts as a working day), never later, and `coveredUntil` says so.
 */
import { DomainError } from '../errors';
import { calendarSpecSchema, isoDayOf, parseClock, parseIsoDay, type CalendarSpec, type PublicYear } from './config';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

/** One year of official days off and make-up workdays (the holiday package's data or a manager's). */
export type HolidayYear = PublicYear;

export interface BusinessCalendar {
  /** Last day ('YYYY-MM-DD') of the holiday data's contiguous run of years; null when holidays are not observed or no data. */
  readonly coveredUntil: string | null;
  /** The instant after `coveredUntil` (Shanghai midnight), or null. Deadlines at or after it are provisional. */
  readonly coveredUntilMs: number | null;
  /** Years with official holiday data, ascending. */
  readonly coveredYears: readonly number[];
  /** Business minutes in one open day. */
  readonly dayMinutes: number;
  /** Internal: period bounds in ms after local midnight, and the business ms of an open day. */
  readonly periodStart: Float64Array;
  readonly periodEnd: Float64Array;
  readonly dayMs: number;
  /** Internal: the weekly pattern, index 0 = Monday. */
  readonly weekOpen: Uint8Array;
  /** Internal: open days in `len` days from weekday `s`: weekCount[s * 8 + len]. */
  readonly weekCount: Int32Array;
  readonly weekTotal: number;
  /** Internal: tabulated days [tableStart, tableEnd), open days before each (length + 1 entries). */
  readonly tableStart: number;
  readonly tableEnd: number;
  readonly openBefore: Int32Array;
}

const weekdayIndex = (day: number): number => (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (index 3)

/**
 * Precomputes a calendar from its validated spec and the holiday package's years. A year the spec's
 * `publicDays` lists replaces the package's. Throws CONFIG.INVALID on an invalid spec.
 */
export function compileCalendar(spec: CalendarSpec, holidayData: readonly HolidayYear[]): BusinessCalendar {
  const parsed = calendarSpecSchema.safeParse(spec);
  if (!parsed.success) throw new DomainError('CONFIG.INVALID', `营业时间配置有误：${parsed.error.issues[0]?.message ?? ''}`);
  const s = parsed.data;
  // The feed is checked by hand: zod over its ~1,200 days made compiling 10× slower.
  for (const y of holidayData) {
    for (const day of [...y.holidays, ...y.workdays]) {
      if (Number.isNaN(parseIsoDay(day)) || !day.startsWith(`${y.year}-`)) throw new DomainError('CONFIG.INVALID', `节假日数据有误：${day} 不在 ${y.year} 年`);
    }
  }

  const starts = s.periods.map((p) => parseClock(p.start) * MINUTE_MS);
  const ends = s.periods.map((p) => parseClock(p.end) * MINUTE_MS);
  let dayMs = 0;
  starts.forEach((start, i) => {
    dayMs += (ends[i] as number) - start;
  });

  const weekOpen = new Uint8Array(7);
  for (const d of s.workWeekdays) weekOpen[d - 1] = 1;
  const weekCount = new Int32Array(7 * 8);
  for (let st = 0; st < 7; st += 1) {
    for (let len = 1; len <= 7; len += 1) weekCount[st * 8 + len] = (weekCount[st * 8 + len - 1] as number) + (weekOpen[(st + len - 1) % 7] as number);
  }

  const years = new Map<number, HolidayYear>();
  if (s.observePublicHolidays) {
    for (const y of holidayData) years.set(y.year, y);
    for (const y of s.publicDays) years.set(y.year, y);
  }
  const coveredYears = [...years.keys()].sort((a, b) => a - b);

  const closures = s.closures.map((c) => [parseIsoDay(c.from), parseIsoDay(c.to)] as const);
  let tableStart = Number.POSITIVE_INFINITY;
  let tableEnd = Number.NEGATIVE_INFINITY;
  for (const y of coveredYears) {
    tableStart = Math.min(tableStart, parseIsoDay(`${y}-01-01`));
    tableEnd = Math.max(tableEnd, parseIsoDay(`${y + 1}-01-01`));
  }
  for (const [from, to] of closures) {
    tableStart = Math.min(tableStart, from);
    tableEnd = Math.max(tableEnd, to + 1);
  }
  if (!Number.isFinite(tableStart)) {
    tableStart = 0;
    tableEnd = 0;
  }

  const open = new Uint8Array(tableEnd - tableStart);
  for (let d = tableStart; d < tableEnd; d += 1) open[d - tableStart] = weekOpen[weekdayIndex(d)] as number;
  for (const y of years.values()) {
    for (const day of y.holidays) open[parseIsoDay(day) - tableStart] = 0;
    for (const day of y.workdays) open[parseIsoDay(day) - tableStart] = 1;
  }
  for (const [from, to] of closures) open.fill(0, from - tableStart, to + 1 - tableStart);
  const openBefore = new Int32Array(open.length + 1);
  for (let i = 0; i < open.length; i += 1) openBefore[i + 1] = (openBefore[i] as number) + (open[i] as number);

  let coveredUntil: string | null = null;
  let coveredUntilMs: number | null = null;
  if (coveredYears.length > 0) {
    let last = coveredYears[0] as number;
    while (years.has(last + 1)) last += 1;
    coveredUntil = `${last}-12-31`;
    coveredUntilMs = parseIsoDay(`${last + 1}-01-01`) * DAY_MS - OFFSET_MS;
  }

  return {
    coveredUntil,
    coveredUntilMs,
    coveredYears,
    dayMinutes: dayMs / MINUTE_MS,
    periodStart: Float64Array.from(starts),
    periodEnd: Float64Array.from(ends),
    dayMs,
    weekOpen,
    weekCount,
    weekTotal: weekCount[7] as number,
    tableStart,
    tableEnd,
    openBefore,
  };
}

/** Open days in [from, from + len) by the weekly pattern alone. */
function weeklyOpen(cal: BusinessCalendar, from: number, len: number): number {
  const full = Math.floor(len / 7);
  return full * cal.weekTotal + (cal.weekCount[weekdayIndex(from) * 8 + (len - full * 7)] as number);
}

/** Open days from the table's start up to (not including) `day`; negative before the table. */
function openDaysBefore(cal: BusinessCalendar, day: number): number {
  if (day <= cal.tableStart) return 0 - weeklyOpen(cal, day, cal.tableStart - day); // 0 - x: never -0
  if (day <= cal.tableEnd) return cal.openBefore[day - cal.tableStart] as number;
  return (cal.openBefore[cal.tableEnd - cal.tableStart] as number) + weeklyOpen(cal, cal.tableEnd, day - cal.tableEnd);
}

function isOpenDay(cal: BusinessCalendar, day: number): boolean {
  if (day >= cal.tableStart && day < cal.tableEnd) {
    const i = day - cal.tableStart;
    return (cal.openBefore[i + 1] as number) > (cal.openBefore[i] as number);
  }
  return cal.weekOpen[weekdayIndex(day)] === 1;
}

/** The open day whose ordinal (open days before it, as `openDaysBefore` counts) is `k`. */
function openDayAt(cal: BusinessCalendar, k: number): number {
  const total = cal.openBefore[cal.tableEnd - cal.tableStart] as number;
  if (k >= 0 && k < total) {
    // Smallest i with openBefore[i + 1] > k.
    let lo = 0;
    let hi = cal.tableEnd - cal.tableStart - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cal.openBefore[mid + 1] as number) > k) hi = mid;
      else lo = mid + 1;
    }
    return cal.tableStart + lo;
  }
  if (k >= total) {
    const r = k - total;
    const full = Math.floor(r / cal.weekTotal);
    let left = r - full * cal.weekTotal;
    for (let d = cal.tableEnd + full * 7; ; d += 1) {
      if (cal.weekOpen[weekdayIndex(d)] === 1) {
        if (left === 0) return d;
        left -= 1;
      }
    }
  }
  const r = -k - 1;
  const full = Math.floor(r / cal.weekTotal);
  let left = r - full * cal.weekTotal;
  for (let d = cal.tableStart - 1 - full * 7; ; d -= 1) {
    if (cal.weekOpen[weekdayIndex(d)] === 1) {
      if (left === 0) return d;
      left -= 1;
    }
  }
}

/** Non-finite instants would send the day searches round forever: refuse them loudly. */
function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
  return value;
}

/** Business ms from the table's start to `ms` (a monotone, continuous measure). */
function businessMsUpTo(cal: BusinessCalendar, ms: number): number {
  const local = ms + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  let total = openDaysBefore(cal, day) * cal.dayMs;
  if (isOpenDay(cal, day)) {
    const off = local - day * DAY_MS;
    for (let i = 0; i < cal.periodStart.length; i += 1) {
      const start = cal.periodStart[i] as number;
      if (off <= start) break;
      total += Math.min(off, cal.periodEnd[i] as number) - start;
    }
  }
  return total;
}

/** Business milliseconds in [fromMs, toMs); 0 when toMs ≤ fromMs. */
export function businessMsBetween(cal: BusinessCalendar, fromMs: number, toMs: number): number {
  if (finite(toMs, 'toMs') <= finite(fromMs, 'fromMs')) return 0;
  return businessMsUpTo(cal, toMs) - businessMsUpTo(cal, fromMs);
}

/** Business minutes in [fromMs, toMs) (fractional when the instants are not on whole minutes); 0 when toMs ≤ fromMs. */
export const businessMinutesBetween = (cal: BusinessCalendar, fromMs: number, toMs: number): number => businessMsBetween(cal, fromMs, toMs) / MINUTE_MS;

/**
 * The earliest instant at which `amountMs` of business time has passed since `fromMs`. A deadline
 * that uses up a period exactly falls on that period's end (12:00, not 13:30). `fromMs` itself for
 * an amount ≤ 0.
 */
export function addBusinessMs(cal: BusinessCalendar, fromMs: number, amountMs: number): number {
  finite(fromMs, 'fromMs');
  if (!(finite(amountMs, 'amountMs') > 0)) return fromMs;
  const goal = businessMsUpTo(cal, fromMs) + amountMs;
  const k = Math.ceil(goal / cal.dayMs) - 1;
  let rest = goal - k * cal.dayMs; // in (0, dayMs]
  const day = openDayAt(cal, k);
  const dayStart = day * DAY_MS - OFFSET_MS;
  const last = cal.periodStart.length - 1;
  for (let i = 0; i < last; i += 1) {
    const len = (cal.periodEnd[i] as number) - (cal.periodStart[i] as number);
    if (rest <= len) return dayStart + (cal.periodStart[i] as number) + rest;
    rest -= len;
  }
  return dayStart + (cal.periodStart[last] as number) + Math.min(rest, (cal.periodEnd[last] as number) - (cal.periodStart[last] as number));
}

/** `addBusinessMs` in minutes: the deadline `minutes` business minutes after `fromMs`. */
export const addBusinessMinutes = (cal: BusinessCalendar, fromMs: number, minutes: number): number => addBusinessMs(cal, fromMs, minutes * MINUTE_MS);

/** Whether `ms` lies in business time (a period's start counts, its end does not). */
export function isBusinessTime(cal: BusinessCalendar, ms: number): boolean {
  const local = ms + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  if (!isOpenDay(cal, day)) return false;
  const off = local - day * DAY_MS;
  for (let i = 0; i < cal.periodStart.length; i += 1) {
    if (off < (cal.periodEnd[i] as number)) return off >= (cal.periodStart[i] as number);
  }
  return false;
}

/**
 * The first instant at or after `ms` that is business time: `ms` itself when it is, else the start
 * of the next period on an open day. Reminders and warnings wait for it (never at midnight or on a
 * weekend or holiday).
 */
export function nextBusinessTime(cal: BusinessCalendar, ms: number): number {
  const local = finite(ms, 'ms') + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  if (isOpenDay(cal, day)) {
    const off = local - day * DAY_MS;
    for (let i = 0; i < cal.periodStart.length; i += 1) {
      if (off < (cal.periodEnd[i] as number)) return off >= (cal.periodStart[i] as number) ? ms : day * DAY_MS - OFFSET_MS + (cal.periodStart[i] as number);
    }
  }
  const next = openDayAt(cal, openDaysBefore(cal, day + 1));
  return next * DAY_MS - OFFSET_MS + (cal.periodStart[0] as number);
}

/** Whether `ms` falls on an open (working) day, whatever the hour. */
export function isBusinessDay(cal: BusinessCalendar, ms: number): boolean {
  return isOpenDay(cal, Math.floor((ms + OFFSET_MS) / DAY_MS));
}

/** The Shanghai calendar day ('YYYY-MM-DD') of an instant, by the same arithmetic. */
export const shanghaiDay = (ms: number): string => isoDayOf(Math.floor((ms + OFFSET_MS) / DAY_MS));
