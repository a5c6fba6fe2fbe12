/** The adapter from configuration and the chinese-days package to the compiled calendar. */
import { defaultAppConfig } from '../../../cloudfunctions/core/config';
import { addBusinessMinutes } from '../../../cloudfunctions/core/sla';
import { businessCalendar, packageHolidayYears } from '../../../cloudfunctions/services/businessCalendar';
import { sh } from '../helpers';
import { official2025, official2026, wall } from './fixtures';

const sorted = (days: readonly string[]) => [...days].sort();

describe('the chinese-days data', () => {
  it('covers 2004–2026 without a gap (chinese-days 1.5.7; the header of services/businessCalendar.ts says so)', () => {
    const years = packageHolidayYears().map((y) => y.year);
    expect(years[0]).toBe(2004);
    expect(years[years.length - 1]).toBe(2026);
    expect(years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('agrees with the State Council notices for 2025 and 2026', () => {
    for (const official of [official2025, official2026]) {
      const y = packageHolidayYears().find((entry) => entry.year === official.year);
      expect(sorted(y?.holidays ?? [])).toEqual(sorted(official.holidays));
      expect(sorted(y?.workdays ?? [])).toEqual(sorted(official.workdays));
    }
  });

  it('has the 2020 Spring Festival extension', () => {
    const y2020 = packageHolidayYears().find((y) => y.year === 2020);
    expect(y2020?.holidays).toEqual(expect.arrayContaining(['2020-01-31', '2020-02-01', '2020-02-02']));
  });
});

describe('businessCalendar', () => {
  it('compiles the configured calendar with the package data and says until when it is covered', () => {
    const cal = businessCalendar(defaultAppConfig);
    expect(cal.coveredUntil).toBe('2026-12-31');
    expect(wall(addBusinessMinutes(cal, sh('2026-09-30T17:00:00'), 180))).toBe('2026-10-08 11:00');
  });

  it('compiles once per calendar configuration, and again when it changes', () => {
    const first = businessCalendar(defaultAppConfig);
    const copy = JSON.parse(JSON.stringify(defaultAppConfig.service)) as typeof defaultAppConfig.service;
    expect(businessCalendar({ service: copy })).toBe(first);
    const entered = { ...copy, calendar: { ...copy.calendar, publicDays: [{ year: 2027, holidays: ['2027-01-01'], workdays: [] }] } };
    const next = businessCalendar({ service: entered });
    expect(next).not.toBe(first);
    expect(next.coveredUntil).toBe('2027-12-31');
    expect(wall(addBusinessMinutes(next, sh('2026-12-31T17:00:00'), 120))).toBe('2027-01-04 10:00');
  });
});
