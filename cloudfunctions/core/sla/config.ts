/**
 * The service-level policy as validated configuration (`service` in the app config): the seller's
 * business calendar and the response targets by case type and member tier, in business minutes.
 */
import { z } from 'zod';
import { TIER_IDS, type TierId } from '../tiers/rules';

export const CASE_TYPES = ['complaint', 'enquiry', 'suggestion'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const TARGET_KINDS = ['firstResponse', 'resolution'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const DAY_MS = 86_400_000;
/** Longest single target: 1,000 business hours (a longer promise is a typo, not a policy). */
export const MAX_TARGET_MINUTES = 60_000;

/** 'HH:mm' → minutes after midnight; '24:00' is allowed as a period's end. */
export function parseClock(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return Number.NaN;
  return h * 60 + min;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic, no Date objects). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** 'YYYY-MM-DD' → days since 1970-01-01 (a calendar day, no time zone), NaN when not a real date. */
export function parseIsoDay(text: string): number {
  if (!ISO_DAY.test(text)) return Number.NaN;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return Number.NaN;
  if (d > (m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number))) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export const isoDayOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const clockText = z.string().refine((t) => !Number.isNaN(parseClock(t)), { message: 'expected HH:mm (00:00–24:00)' });
const isoDay = z.string().refine((t) => !Number.isNaN(parseIsoDay(t)), { message: 'expected a date YYYY-MM-DD' });

export const periodSchema = z
  .object({ start: clockText, end: clockText })
  .strict()
  .refine((p) => parseClock(p.start) < parseClock(p.end), { message: 'a period must end after it starts, within the day' });

/** Closures are kept to 2000–2100: the calendar tabulates every day they span. */
const closureDay = isoDay.refine((t) => t >= '2000-01-01' && t <= '2100-12-31', { message: 'a closure lies between 2000 and 2100' });

export const closureSchema = z
  .object({ from: closureDay, to: closureDay, note: z.string().max(40).optional() })
  .strict()
  .refine((c) => parseIsoDay(c.from) <= parseIsoDay(c.to), { message: 'a closure must not end before it starts', path: ['to'] })
  .refine((c) => parseIsoDay(c.to) - parseIsoDay(c.from) < 366, { message: 'a closure lasts at most 366 days', path: ['to'] });

/** One year's official arrangement: the days off (放假) and the make-up workdays (调休上班). */
export const publicYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    holidays: z.array(isoDay).max(80),
    workdays: z.array(isoDay).max(30),
  })
  .strict()
  .superRefine((y, ctx) => {
    const off = new Set(y.holidays);
    for (const day of [...y.holidays, ...y.workdays]) {
      if (!day.startsWith(`${y.year}-`)) ctx.addIssue({ code: 'custom', message: `${day} is not in ${y.year}` });
    }
    for (const day of y.workdays) {
      if (off.has(day)) ctx.addIssue({ code: 'custom', message: `${day} is both a holiday and a workday` });
    }
  });
export type PublicYear = z.infer<typeof publicYearSchema>;

export const calendarSpecSchema = z
  .object({
    /** Business periods of a working day, Asia/Shanghai wall clock: ordered, not overlapping (a lunch break is the gap). */
    periods: z.array(periodSchema).min(1).max(6),
    /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
    workWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    /** Close on public holidays and open on make-up workdays (调休). */
    observePublicHolidays: z.boolean(),
    /** The seller's own closures, whole days, inclusive ranges (a single day: from = to). */
    closures: z.array(closureSchema).max(200),
    /**
     * Official arrangements entered by a manager: a year listed here replaces the holiday package's
     * data for that year (corrections, and the years the package does not cover yet).
     */
    publicDays: z.array(publicYearSchema).max(20),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (let i = 1; i < c.periods.length; i += 1) {
      const prev = c.periods[i - 1];
      const cur = c.periods[i];
      if (prev && cur && parseClock(cur.start) < parseClock(prev.end)) {
        ctx.addIssue({ code: 'custom', path: ['periods', i], message: 'periods must be in order and must not overlap' });
      }
    }
    if (new Set(c.workWeekdays).size !== c.workWeekdays.length) ctx.addIssue({ code: 'custom', path: ['workWeekdays'], message: 'a weekday is listed twice' });
    if (new Set(c.publicDays.map((y) => y.year)).size !== c.publicDays.length) ctx.addIssue({ code: 'custom', path: ['publicDays'], message: 'a year is listed twice' });
  });
export type CalendarSpec = z.infer<typeof calendarSpecSchema>;

const minutes = z.number().int().min(1).max(MAX_TARGET_MINUTES);
const byTier = z.object({ basic: minutes, potential: minutes, core: minutes, strategic: minutes }).strict();
export type TierMinutes = Record<TierId, number>;

const typeTargets = z
  .object({ firstResponseMinutes: byTier, resolutionMinutes: byTier })
  .strict()
  .superRefine((t, ctx) => {
    for (const tier of TIER_IDS) {
      if (t.resolutionMinutes[tier] < t.firstResponseMinutes[tier]) {
        ctx.addIssue({ code: 'custom', path: ['resolutionMinutes', tier], message: 'resolution target shorter than the first-response target' });
      }
    }
  });

export const serviceConfigSchema = z
  .object({
    calendar: calendarSpecSchema,
    /** Business minutes by case type and tier. */
    targets: z.object({ complaint: typeTargets, enquiry: typeTargets, suggestion: typeTargets }).strict(),
    /** A running clock warns once this share of its target is used. */
    warnAtPct: z.number().int().min(50).max(99),
  })
  .strict();
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

const H = 60;
const tiers = (top: number, rest: number): TierMinutes => ({ basic: rest, potential: rest, core: top, strategic: top });

/**
 * The playbooks' "321": 3 business hours for 战略/核心 and every enquiry, 24 otherwise; resolution in
 * 72 business hours. 09:00–12:00 and 13:30–18:00 Monday to Friday, closed on public holidays.
 */
export const defaultServiceConfig: ServiceConfig = {
  calendar: {
    periods: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '18:00' },
    ],
    workWeekdays: [1, 2, 3, 4, 5],
    observePublicHolidays: true,
    closures: [],
    publicDays: [],
  },
  targets: {
    complaint: { firstResponseMinutes: tiers(3 * H, 24 * H), resolutionMinutes: tiers(72 * H, 72 * H) },
    enquiry: { firstResponseMinutes: tiers(3 * H, 3 * H), resolutionMinutes: tiers(72 * H, 72 * H) },
    suggestion: { firstResponseMinutes: tiers(3 * H, 24 * H), resolutionMinutes: tiers(72 * H, 72 * H) },
  },
  warnAtPct: 80,
};

/** The target, in business minutes, for a case of this type from a member of this tier. */
export function targetMinutes(service: Pick<ServiceConfig, 'targets'>, type: CaseType, tier: TierId, kind: TargetKind): number {
  const t = service.targets[type];
  return kind === 'firstResponse' ? t.firstResponseMinutes[tier] : t.resolutionMinutes[tier];
}
