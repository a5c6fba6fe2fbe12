import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { dayKey, endOfDayMs, inZone, monthKey, startOfDayMs, startOfYearMs, trailingMonths } from '../../cloudfunctions/core/time';

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
