/**
 * Official arrangements transcribed from the State Council notices (not from the holiday package, so
 * the package is checked against them): 2025 国办发明电〔2024〕12号, 2026 (gov.cn content_7047091).
 */
import { compileCalendar, defaultServiceConfig, type CalendarSpec, type HolidayYear } from '../../../cloudfunctions/core/sla';

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

export const official2025: HolidayYear = {
  year: 2025,
  holidays: ['2025-01-01', ...range('2025-01-28', '2025-02-04'), ...range('2025-04-04', '2025-04-06'), ...range('2025-05-01', '2025-05-05'), ...range('2025-05-31', '2025-06-02'), ...range('2025-10-01', '2025-10-08')],
  workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

export const official2026: HolidayYear = {
  year: 2026,
  holidays: [
    ...range('2026-01-01', '2026-01-03'),
    ...range('2026-02-15', '2026-02-23'),
    ...range('2026-04-04', '2026-04-06'),
    ...range('2026-05-01', '2026-05-05'),
    ...range('2026-06-19', '2026-06-21'),
    ...range('2026-09-25', '2026-09-27'),
    ...range('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

export const officialYears: HolidayYear[] = [official2025, official2026];

/** The default calendar (09:00–12:00, 13:30–18:00, Monday–Friday) with changes. */
export const spec = (changes: Partial<CalendarSpec> = {}): CalendarSpec => ({ ...defaultServiceConfig.calendar, ...changes });

export const defaultCalendar = () => compileCalendar(spec(), officialYears);

/** Shanghai wall clock of an instant, 'YYYY-MM-DD HH:mm' (':ss' when not on a whole minute). */
export function wall(ms: number): string {
  const text = new Date(ms + 8 * 3_600_000).toISOString();
  const base = `${text.slice(0, 10)} ${text.slice(11, 16)}`;
  return text.slice(17, 23) === '00.000' ? base : `${base}:${text.slice(17, 19)}`;
}
