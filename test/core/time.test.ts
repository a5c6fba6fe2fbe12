import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { addMonths, dayKey, endOfDayMs, inZone, monthKey, startOfDayMs, startOfNextMonthMs, startOfYearMs, trailingMonths, yearOf } from '../../cloudfunctions/core/time';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('Shanghai calendar', () => {
  it('agrees with the tz database across years, month ends and the UTC day boundary', () => {
    const start = Date.UTC(1995, 0, 1);
    for (let i = 0; i < 4000; i += 1) {
      const ms = start + i * 7_919_000_003; // an odd step that lands on every hour of the day over time
      const reference = dayjs(ms).tz('Asia/Shanghai');
      expect(dayKey(ms)).toBe(reference.format('YYYY-MM-DD'));
      expect(monthKey(ms)).toBe(reference.format('YYYY-MM'));
      expect(inZone(ms).hour()).toBe(reference.hour());
    }
  });

  it('puts 31 December 23:59:59 and 1 January 00:00:00 in different years', () => {
    const lastSecond = startOfYearMs(2027) - 1000;
    expect(dayKey(lastSecond)).toBe('2026-12-31');
    expect(dayKey(startOfYearMs(2027))).toBe('2027-01-01');
    expect(new Date(startOfYearMs(2027)).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('measures days from Shanghai midnight', () => {
    expect(new Date(startOfDayMs('2026-11-25')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(endOfDayMs('2026-11-25') - startOfDayMs('2026-11-25')).toBe(86_400_000);
    // 23:30 UTC on the 24th is already the 25th in Shanghai.
    expect(dayKey(Date.parse('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
  });

  it('lists the rolling window of months, oldest first', () => {
    expect(trailingMonths(Date.parse('2026-01-15T00:00:00Z'), 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});

describe('fast Shanghai helpers', () => {
  // The dayjs formulations these helpers replaced: they must agree everywhere, invalid input included.
  const zoned = (ms: number) => dayjs(ms).utcOffset(8 * 60);
  const parsed = (text: string) => dayjs(`${text.replace(' ', 'T')}+08:00`).utcOffset(8 * 60);
  const reference = {
    dayKey: (ms: number) => zoned(ms).format('YYYY-MM-DD'),
    monthKey: (ms: number) => zoned(ms).format('YYYY-MM'),
    yearOf: (ms: number) => zoned(ms).year(),
    startOfNextMonthMs: (ms: number) => zoned(ms).startOf('month').add(1, 'month').valueOf(),
    startOfDayMs: (day: string) => parsed(`${day} 00:00:00`).valueOf(),
    endOfDayMs: (day: string) => parsed(`${day} 00:00:00`).add(1, 'day').valueOf(),
    startOfYearMs: (year: number) => parsed(`${year}-01-01 00:00:00`).valueOf(),
  };

  it('agree with dayjs on instants around every month end, the UTC day boundary and leap days', () => {
    const instants: number[] = [];
    for (let year = 1992; year <= 2101; year += 1) {
      for (let month = 0; month < 12; month += 1) {
        const shanghaiMidnight = Date.UTC(year, month, 1) - 8 * 3_600_000;
        for (const delta of [-86_400_000, -1, 0, 1, 8 * 3_600_000 - 1, 8 * 3_600_000, 16 * 3_600_000 - 1, 16 * 3_600_000]) instants.push(shanghaiMidnight + delta);
      }
    }
    for (const ms of instants) {
      expect(dayKey(ms)).toBe(reference.dayKey(ms));
      expect(monthKey(ms)).toBe(reference.monthKey(ms));
      expect(yearOf(ms)).toBe(reference.yearOf(ms));
      expect(startOfNextMonthMs(ms)).toBe(reference.startOfNextMonthMs(ms));
      const day = dayKey(ms);
      expect(startOfDayMs(day)).toBe(reference.startOfDayMs(day));
      expect(endOfDayMs(day)).toBe(reference.endOfDayMs(day));
    }
    for (const year of [1992, 2000, 2024, 2026, 2100]) expect(startOfYearMs(year)).toBe(reference.startOfYearMs(year));
  });

  it('agree with dayjs on nonsense', () => {
    for (const ms of [NaN, Infinity]) {
      expect(dayKey(ms)).toBe(reference.dayKey(ms));
      expect(monthKey(ms)).toBe(reference.monthKey(ms));
      expect(yearOf(ms)).toBe(reference.yearOf(ms));
      expect(startOfNextMonthMs(ms)).toBe(reference.startOfNextMonthMs(ms));
    }
    for (const day of ['2026-02-30', '2026-13-01', 'not a day', '']) {
      expect(startOfDayMs(day)).toBe(reference.startOfDayMs(day));
      expect(endOfDayMs(day)).toBe(reference.endOfDayMs(day));
    }
  });

  it('lists trailing windows like the month-by-month shift, across year ends', () => {
    for (let i = 0; i < 400; i += 1) {
      const ms = Date.UTC(2019, 0, 1) + i * 3_001_000_007;
      for (const n of [0, 1, 12, 25]) {
        const current = monthKey(ms);
        expect(trailingMonths(ms, n)).toEqual(Array.from({ length: n }, (_, k) => addMonths(current, k - n + 1)));
      }
    }
    expect(trailingMonths(Date.parse('2026-12-31T16:00:00Z'), 2)).toEqual(['2026-12', '2027-01']);
  });

  it('starts the next month at Shanghai midnight of the 1st', () => {
    expect(new Date(startOfNextMonthMs(Date.parse('2026-12-31T15:59:59Z'))).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(new Date(startOfNextMonthMs(Date.parse('2026-12-31T16:00:00Z'))).toISOString()).toBe('2027-01-31T16:00:00.000Z');
  });
});
