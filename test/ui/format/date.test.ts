import { formatClock, formatDate, formatDateTime, noBreak } from '@/format/date';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const at = (iso: string) => Date.parse(iso);

describe('the one date and time format', () => {
  it('drops the year within the current year and keeps it otherwise', () => {
    expect(formatDate(at('2026-12-08T08:19:00+08:00'), NOW)).toBe('12月8日');
    expect(formatDate(at('2025-12-08T08:19:00+08:00'), NOW)).toBe('2025年12月8日');
    expect(formatDate(at('2027-01-02T00:00:00+08:00'), NOW)).toBe('2027年1月2日');
  });

  it('reads calendar days the same way', () => {
    expect(formatDate('2026-12-08', NOW)).toBe('12月8日');
    expect(formatDate('2026-03-30', NOW)).toBe('3月30日');
    expect(formatDate('2027-12-31', NOW)).toBe('2027年12月31日');
    expect(formatDate('not a day', NOW)).toBe('not a day');
  });

  it('uses the Shanghai calendar, also for "this year" at the year boundary', () => {
    // 2026-12-31 16:30 UTC is already 1 January 2027 in Shanghai.
    const newYear = Date.UTC(2026, 11, 31, 16, 30);
    expect(formatDate(newYear, newYear)).toBe('1月1日');
    expect(formatDate(Date.UTC(2026, 11, 31, 15, 0), newYear)).toBe('2026年12月31日');
  });

  it('shows times as zero-padded 24-hour Shanghai clock', () => {
    expect(formatClock(at('2026-12-08T08:19:00+08:00'))).toBe('08:19');
    expect(formatClock(Date.UTC(2026, 10, 24, 16, 5))).toBe('00:05');
    expect(formatDateTime(at('2026-12-08T20:07:00+08:00'), NOW)).toBe('12月8日 20:07');
    expect(formatDateTime(at('2025-01-01T00:00:00+08:00'), NOW)).toBe('2025年1月1日 00:00');
  });

  it('can glue a date into one unbreakable run for running text', () => {
    const glued = noBreak('12月8日 08:19');
    expect(glued.replace(/\u2060/g, '')).toBe('12月8日\u00a008:19');
    expect(glued).not.toContain(' ');
    expect(glued.split('\u2060')).toHaveLength(Array.from('12月8日 08:19').length);
  });
});
