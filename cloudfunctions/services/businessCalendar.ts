/**
 * The business calendar the complaint desk runs on: the seller's `service.calendar` configuration
 * plus China's public holidays and make-up workdays (调休) from the `chinese-days` package, compiled
 * once per configuration and kept for the warm function instance.
 *
 * chinese-days 1.5.7 covers 2004–2026 (its JSON lists every official arrangement in those years).
 * After the last covered year the calendar counts plain working weekdays plus the seller's closures,
 * so deadlines there can only come early, never silently late (Zammad #390), and `coveredUntil`
 * ('2026-12-31') tells the app to ask a manager for next year's days: a year entered under
 * `service.calendar.publicDays` extends (or corrects) the package's data.
 */
import type { AppConfig } from '../core/config';
import { compileCalendar, type BusinessCalendar, type CalendarSpec, type HolidayYear } from '../core/sla';
import feed from 'chinese-days/dist/chinese-days.json';

interface ChineseDaysFeed {
  /** 'YYYY-MM-DD' → 'English name,中文名,days': days off, including the days in lieu. */
  holidays: Record<string, string>;
  /** Make-up workdays (调休上班). */
  workdays: Record<string, string>;
}

let years: HolidayYear[] | null = null;

/** The package's data as one entry per year, ascending. */
export function packageHolidayYears(): readonly HolidayYear[] {
  if (years) return years;
  const byYear = new Map<number, HolidayYear>();
  const entry = (day: string): HolidayYear => {
    const year = Number(day.slice(0, 4));
    let y = byYear.get(year);
    if (!y) {
      y = { year, holidays: [], workdays: [] };
      byYear.set(year, y);
    }
    return y;
  };
  const data = feed as ChineseDaysFeed;
  for (const day of Object.keys(data.holidays)) entry(day).holidays.push(day);
  for (const day of Object.keys(data.workdays)) entry(day).workdays.push(day);
  years = [...byYear.values()].sort((a, b) => a.year - b.year);
  return years;
}

let cached: { spec: CalendarSpec; key: string; calendar: BusinessCalendar } | null = null;

/** The compiled calendar for this configuration; recompiled only when `service.calendar` changes. */
export function businessCalendar(config: Pick<AppConfig, 'service'>): BusinessCalendar {
  const spec = config.service.calendar;
  if (cached && cached.spec === spec) return cached.calendar;
  const key = JSON.stringify(spec);
  if (cached && cached.key === key) {
    cached = { spec, key, calendar: cached.calendar };
    return cached.calendar;
  }
  const calendar = compileCalendar(spec, packageHolidayYears());
  cached = { spec, key, calendar };
  return calendar;
}
