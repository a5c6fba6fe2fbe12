/** Business-time arithmetic at the edges peers get wrong (lunch breaks, 调休, year ends, closures). */
import {
  addBusinessMinutes,
  businessMinutesBetween,
  compileCalendar,
  isBusinessDay,
  isBusinessTime,
  nextBusinessTime,
  shanghaiDay,
} from '../../../cloudfunctions/core/sla';
import { codeOf, sh } from '../helpers';
import { defaultCalendar, officialYears, spec, wall } from './fixtures';

const cal = defaultCalendar();
const add = (from: string, minutes: number, c = cal) => wall(addBusinessMinutes(c, sh(from), minutes));
const between = (from: string, to: string, c = cal) => businessMinutesBetween(c, sh(from), sh(to));

describe('a day with a lunch break (09:00–12:00, 13:30–18:00)', () => {
  it('skips the lunch break', () => {
    expect(add('2026-11-30T11:00:00', 120)).toBe('2026-11-30 14:30');
    expect(between('2026-11-30T11:00:00', '2026-11-30T14:30:00')).toBe(120);
    expect(between('2026-11-30T12:00:00', '2026-11-30T13:30:00')).toBe(0);
    expect(between('2026-11-30T00:00:00', '2026-12-01T00:00:00')).toBe(450);
  });

  it('puts a deadline that uses a period up exactly on its end, not on the next start', () => {
    expect(add('2026-11-30T09:00:00', 180)).toBe('2026-11-30 12:00');
    expect(add('2026-11-30T13:30:00', 270)).toBe('2026-11-30 18:00');
    expect(add('2026-11-30T09:00:00', 450)).toBe('2026-11-30 18:00');
    expect(add('2026-11-30T09:00:00', 451)).toBe('2026-12-01 09:01');
  });

  it('starts counting at the next period when a case arrives outside business hours', () => {
    expect(add('2026-11-30T07:00:00', 60)).toBe('2026-11-30 10:00');
    expect(add('2026-11-30T12:30:00', 30)).toBe('2026-11-30 14:00');
    expect(add('2026-11-30T19:00:00', 60)).toBe('2026-12-01 10:00');
  });

  it('counts seconds exactly when an instant is not on a whole minute', () => {
    expect(add('2026-11-30T11:59:30', 1)).toBe('2026-11-30 13:30:30');
    expect(between('2026-11-30T11:59:30', '2026-11-30T13:30:30')).toBe(1);
    expect(between('2026-11-30T09:00:00', '2026-11-30T09:00:45')).toBe(0.75);
  });

  it('answers 0 for an empty or reversed span and the start itself for 0 minutes', () => {
    expect(between('2026-11-30T14:00:00', '2026-11-30T10:00:00')).toBe(0);
    expect(add('2026-11-29T03:00:00', 0)).toBe('2026-11-29 03:00');
  });

  it('handles several periods and a period that ends at midnight', () => {
    const late = compileCalendar(spec({ periods: [{ start: '00:00', end: '01:00' }, { start: '08:00', end: '10:00' }, { start: '22:00', end: '24:00' }] }), officialYears);
    expect(add('2026-11-30T09:30:00', 60, late)).toBe('2026-11-30 22:30');
    expect(add('2026-11-30T23:00:00', 90, late)).toBe('2026-12-01 00:30');
    expect(add('2026-11-30T22:00:00', 120, late)).toBe('2026-12-01 00:00');
    expect(isBusinessTime(late, sh('2026-12-01T00:00:00'))).toBe(true);
  });
});

describe('weekends, holidays and make-up workdays (调休)', () => {
  it('skips the weekend', () => {
    expect(add('2026-11-27T17:00:00', 120)).toBe('2026-11-30 10:00');
    expect(add('2026-11-28T10:00:00', 30)).toBe('2026-11-30 09:30');
    expect(between('2026-11-27T00:00:00', '2026-11-30T00:00:00')).toBe(450);
  });

  it('skips National Day week and works its 调休 Sunday and Saturday', () => {
    expect(add('2026-09-30T17:00:00', 180)).toBe('2026-10-08 11:00');
    expect(add('2026-09-19T10:00:00', 60)).toBe('2026-09-20 10:00');
    expect(add('2026-10-09T17:00:00', 120)).toBe('2026-10-10 10:00');
    expect(between('2026-09-30T17:00:00', '2026-10-10T10:00:00')).toBe(60 + 450 + 450 + 60);
    expect(isBusinessDay(cal, sh('2026-10-10T12:00:00'))).toBe(true);
    expect(isBusinessDay(cal, sh('2026-10-05T12:00:00'))).toBe(false);
  });

  it('skips the Spring Festival and works the Saturday before it', () => {
    expect(add('2026-02-13T17:00:00', 120)).toBe('2026-02-14 10:00');
    expect(add('2026-02-14T17:00:00', 120)).toBe('2026-02-24 10:00');
    expect(between('2026-02-14T00:00:00', '2026-02-24T00:00:00')).toBe(450);
  });

  it('crosses the year end: 31 December to the first working day of the new year', () => {
    expect(add('2024-12-31T17:00:00', 120)).toBe('2025-01-02 10:00');
    expect(add('2025-12-31T17:00:00', 120)).toBe('2026-01-04 10:00');
    expect(between('2025-12-31T17:00:00', '2026-01-05T09:00:00')).toBe(60 + 450);
  });

  it('stops observing holidays when told to', () => {
    const plain = compileCalendar(spec({ observePublicHolidays: false }), officialYears);
    expect(add('2026-09-30T17:00:00', 180, plain)).toBe('2026-10-01 11:00');
    expect(plain.coveredUntil).toBeNull();
  });
});

describe("the seller's closures", () => {
  it('skips a closed range of days', () => {
    const closed = compileCalendar(spec({ closures: [{ from: '2026-12-07', to: '2026-12-08', note: '盘点' }] }), officialYears);
    expect(add('2026-12-04T17:00:00', 120, closed)).toBe('2026-12-09 10:00');
    expect(isBusinessTime(closed, sh('2026-12-07T10:00:00'))).toBe(false);
  });

  it('wins over a make-up workday', () => {
    const closed = compileCalendar(spec({ closures: [{ from: '2026-10-10', to: '2026-10-10' }] }), officialYears);
    expect(add('2026-10-09T17:00:00', 120, closed)).toBe('2026-10-12 10:00');
  });

  it('works far from any holiday data (a closure in 2031)', () => {
    const closed = compileCalendar(spec({ closures: [{ from: '2031-03-03', to: '2031-03-07' }] }), officialYears);
    expect(add('2031-02-28T17:00:00', 120, closed)).toBe('2031-03-10 10:00');
  });
});

describe('the holiday data coverage', () => {
  it('says until when it knows the official days, and counts plain weekdays after', () => {
    expect(cal.coveredUntil).toBe('2026-12-31');
    expect(cal.coveredUntilMs).toBe(sh('2027-01-01T00:00:00'));
    // 2027-01-01 is a Friday: not known to be a holiday yet, so it counts (a deadline comes early, never late).
    expect(add('2026-12-31T17:00:00', 120)).toBe('2027-01-01 10:00');
  });

  it("extends with a year a manager enters, which replaces the package's year", () => {
    const entered = compileCalendar(spec({ publicDays: [{ year: 2027, holidays: ['2027-01-01'], workdays: [] }, { year: 2026, holidays: [], workdays: [] }] }), officialYears);
    expect(entered.coveredUntil).toBe('2027-12-31');
    expect(add('2026-12-31T17:00:00', 120, entered)).toBe('2027-01-04 10:00');
    expect(add('2026-09-30T17:00:00', 180, entered)).toBe('2026-10-01 11:00');
  });

  it('does not count a year beyond a gap as covered', () => {
    const gap = compileCalendar(spec({ publicDays: [{ year: 2028, holidays: ['2028-01-03'], workdays: [] }] }), officialYears);
    expect(gap.coveredUntil).toBe('2026-12-31');
    expect(gap.coveredYears).toEqual([2025, 2026, 2028]);
  });
});

describe('business time and the next business minute', () => {
  it('says whether an instant is in business hours (a period includes its start, not its end)', () => {
    expect(isBusinessTime(cal, sh('2026-11-30T09:00:00'))).toBe(true);
    expect(isBusinessTime(cal, sh('2026-11-30T11:59:59.999'))).toBe(true);
    expect(isBusinessTime(cal, sh('2026-11-30T12:00:00'))).toBe(false);
    expect(isBusinessTime(cal, sh('2026-11-30T13:30:00'))).toBe(true);
    expect(isBusinessTime(cal, sh('2026-11-30T18:00:00'))).toBe(false);
    expect(isBusinessTime(cal, sh('2026-11-28T10:00:00'))).toBe(false);
    expect(isBusinessTime(cal, sh('2026-02-14T10:00:00'))).toBe(true);
  });

  it('never answers midnight, a weekend or a holiday for the next business time', () => {
    expect(wall(nextBusinessTime(cal, sh('2026-11-28T03:00:00')))).toBe('2026-11-30 09:00');
    expect(wall(nextBusinessTime(cal, sh('2026-11-30T12:00:00')))).toBe('2026-11-30 13:30');
    expect(wall(nextBusinessTime(cal, sh('2026-11-30T10:17:00')))).toBe('2026-11-30 10:17');
    expect(wall(nextBusinessTime(cal, sh('2026-11-30T18:00:00')))).toBe('2026-12-01 09:00');
    expect(wall(nextBusinessTime(cal, sh('2026-09-30T23:59:00')))).toBe('2026-10-08 09:00');
    expect(wall(nextBusinessTime(cal, sh('2026-02-13T20:00:00')))).toBe('2026-02-14 09:00');
  });

  it('names the Shanghai day of an instant', () => {
    expect(shanghaiDay(sh('2026-12-31T23:59:59'))).toBe('2026-12-31');
    expect(shanghaiDay(sh('2027-01-01T00:00:00'))).toBe('2027-01-01');
  });
});

describe('long spans and far years', () => {
  it('agrees with itself across the table edges for very long targets', () => {
    for (const from of ['1999-06-01T10:00:00', '2024-12-31T17:00:00', '2026-12-31T17:00:00', '2045-01-01T00:00:00']) {
      for (const minutes of [1, 449, 450, 4_320, 60_000, 450 * 5_000 + 7]) {
        const end = addBusinessMinutes(cal, sh(from), minutes);
        expect(businessMinutesBetween(cal, sh(from), end)).toBe(minutes);
        expect(businessMinutesBetween(cal, sh(from), end - 1)).toBeLessThan(minutes);
      }
    }
  });

  it('refuses instants and amounts that are not finite numbers instead of searching forever', () => {
    expect(() => addBusinessMinutes(cal, Number.NaN, 60)).toThrow(RangeError);
    expect(() => addBusinessMinutes(cal, sh('2026-11-30T09:00:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => nextBusinessTime(cal, Number.NaN)).toThrow(RangeError);
    expect(() => businessMinutesBetween(cal, 0, Number.NaN)).toThrow(RangeError);
  });

  it('counts 5 open days a week in a year without data', () => {
    expect(between('2040-01-02T00:00:00', '2040-01-09T00:00:00')).toBe(5 * 450);
    expect(between('1990-01-01T00:00:00', '1990-01-08T00:00:00')).toBe(5 * 450);
  });
});

describe('compiling', () => {
  it('refuses an invalid calendar or holiday data with CONFIG.INVALID', () => {
    expect(codeOf(() => compileCalendar(spec({ periods: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '18:00' }] }), officialYears))).toBe('CONFIG.INVALID');
    expect(codeOf(() => compileCalendar(spec({ workWeekdays: [] }), officialYears))).toBe('CONFIG.INVALID');
    expect(codeOf(() => compileCalendar(spec(), [{ year: 2026, holidays: ['2025-10-01'], workdays: [] }]))).toBe('CONFIG.INVALID');
  });
});
