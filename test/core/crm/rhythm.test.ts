import { defaultCrmConfig, type ChurnConfig } from '../../../cloudfunctions/core/crm/config';
import { calendarDaysBetween, dayNumber, dayStart } from '../../../cloudfunctions/core/crm/days';
import { churnWarning, percentile, rhythmOf } from '../../../cloudfunctions/core/crm/rhythm';
import { dayKey, DAY_MS, startOfDayMs } from '../../../cloudfunctions/core/time';
import { sh } from '../helpers';

const base = defaultCrmConfig.churn;
const sixtyDays: ChurnConfig = { ...base, slowdown: { enabled: true, windowDays: 60, maxShare: 0.25, minExpected: 6 } };
const noSlowdown: ChurnConfig = { ...base, slowdown: { ...base.slowdown, enabled: false } };

/** Orders at 10:00 Shanghai on the days `offsets` after 2026-09-01. */
const ordersOn = (offsets: number[]) => offsets.map((d) => sh('2026-09-01T10:00:00') + d * DAY_MS);
const at = (offset: number, time = '12:00:00') => sh(`2026-09-01T${time}`) + offset * DAY_MS;

describe('Shanghai day numbers', () => {
  it('agree with dayKey at the edges of the Shanghai day', () => {
    for (const t of [sh('2026-12-31T23:59:59'), sh('2027-01-01T00:00:00'), sh('2026-03-01T07:59:00'), Date.parse('2026-06-30T16:00:00Z')]) {
      expect(dayKey(dayStart(dayNumber(t)))).toBe(dayKey(t));
      expect(dayStart(dayNumber(t))).toBe(startOfDayMs(dayKey(t)));
    }
  });
  it('counts calendar days, not 24-hour periods', () => {
    expect(calendarDaysBetween(sh('2026-12-01T23:59:00'), sh('2026-12-02T00:01:00'))).toBe(1);
    expect(calendarDaysBetween(sh('2026-12-01T00:01:00'), sh('2026-12-01T23:59:00'))).toBe(0);
  });
});

describe('rhythmOf', () => {
  it('measures intervals between distinct ordering days, in any input order', () => {
    const r = rhythmOf([...ordersOn([9, 0, 3, 6]), sh('2026-09-04T18:00:00')]);
    expect(r.orderDays).toBe(4);
    expect(r.intervals).toEqual([3, 3, 3]);
    expect(r.median).toBe(3);
    expect(r.lastOrderAt).toBe(ordersOn([9])[0]);
  });
  it('takes the median and the interpolated 90th percentile', () => {
    // intervals 1,2,2,3,3,3,4,5,10,20 → sorted; p90 at rank 8.1 → 10 + 0.1 × 10 = 11
    const days = [0, 1, 3, 5, 8, 11, 14, 18, 23, 33, 53];
    const r = rhythmOf(ordersOn(days));
    expect([...r.intervals].sort((a, b) => a - b)).toEqual([1, 2, 2, 3, 3, 3, 4, 5, 10, 20]);
    expect(r.median).toBe(3);
    expect(r.p90).toBeCloseTo(11);
    expect(percentile([], 0.5)).toBeNull();
  });
  it('refuses a non-instant', () => {
    expect(() => rhythmOf([Number.NaN])).toThrow(RangeError);
  });
});

describe('churnWarning', () => {
  // Every 3 days, with one 6-day gap: median 3, p90 about 3.6–6.
  const regular = ordersOn([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 33]);

  it('is quiet within the rhythm and warns past the p90 of the member’s own intervals', () => {
    const r = rhythmOf(regular);
    const threshold = Math.ceil(r.p90 as number);
    expect(churnWarning(regular, at(33 + threshold), 'core', noSlowdown)).toBeNull();
    const w = churnWarning(regular, at(33 + 9), 'core', noSlowdown);
    expect(w).toEqual({ kind: 'gap', expectedEveryDays: 3, daysSince: 9, thresholdDays: threshold, basis: 'own', reason: '通常每 3 天下单，已 9 天未下单' });
  });

  it('p90 and median × multiplier give different thresholds on a skewed history', () => {
    // intervals: eight of 2 days and two of 12 → median 2, p90 12
    const skewed = ordersOn([0, 2, 4, 6, 18, 20, 22, 24, 26, 38, 40]);
    const r = rhythmOf(skewed);
    expect(r.median).toBe(2);
    expect(r.p90).toBe(12);
    const now = at(40 + 8);
    expect(churnWarning(skewed, now, 'core', noSlowdown)).toBeNull();
    const byMedian = churnWarning(skewed, now, 'core', { ...noSlowdown, method: 'median', medianMultiplier: 2 });
    expect(byMedian).toMatchObject({ kind: 'gap', thresholdDays: 4, daysSince: 8, reason: '通常每 2 天下单，已 8 天未下单' });
    expect(churnWarning(skewed, now, 'core', { ...noSlowdown, method: 'median', medianMultiplier: 4 })).toBeNull();
  });

  it('falls back to the tier cadence under 3 ordering days', () => {
    const two = ordersOn([0, 2]);
    const cfg = { ...noSlowdown, fallbackEveryDays: { ...noSlowdown.fallbackEveryDays, core: 10, basic: 45 } };
    expect(churnWarning(two, at(2 + 10), 'core', cfg)).toBeNull();
    expect(churnWarning(two, at(2 + 11), 'core', cfg)).toMatchObject({ basis: 'tier', expectedEveryDays: 10, daysSince: 11, reason: '订单较少，按等级约每 10 天下单，已 11 天未下单' });
    // the same history is fine for a basic customer, whose tier orders far less often
    expect(churnWarning(two, at(2 + 11), 'basic', cfg)).toBeNull();
    // two orders on one day are one ordering day
    expect(churnWarning([at(0, '08:00:00'), at(0, '18:00:00'), at(5)], at(5 + 11), 'core', cfg)).toMatchObject({ basis: 'tier' });
  });

  it('says nothing for a member who never ordered', () => {
    expect(churnWarning([], at(100), 'core', base)).toBeNull();
  });

  it('counts whole Shanghai days: 23:59 to 00:01 is a day', () => {
    const daily = ordersOn([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const last = sh('2026-09-10T23:59:00');
    const history = [...daily, last];
    expect(churnWarning(history, sh('2026-09-11T23:59:59'), 'core', noSlowdown)).toBeNull();
    expect(churnWarning(history, sh('2026-09-12T00:01:00'), 'core', noSlowdown)).toMatchObject({ daysSince: 2 });
  });

  it('warns on a slowdown: one order in the last two months after ordering every 3 days (张姐)', () => {
    const history = ordersOn(Array.from({ length: 60 }, (_, i) => i * 3));
    const lastRegular = 59 * 3;
    const comeback = lastRegular + 62;
    const orders = [...history, ...ordersOn([comeback])];
    const now = at(comeback + 2);
    expect(churnWarning(orders, now, 'core', noSlowdown)).toBeNull();
    expect(churnWarning(orders, now, 'core', sixtyDays)).toMatchObject({ kind: 'slowdown', expectedEveryDays: 3, daysSince: 2, reason: '通常每 3 天下单，近 60 天只下了 1 单' });
    // the default month-long window: 1 order where about 10 were due
    expect(churnWarning(orders, now, 'core', base)).toMatchObject({ kind: 'slowdown', reason: '通常每 3 天下单，近 30 天只下了 1 单' });
    // a monthly buyer is not flagged by the slowdown rule: too few orders predicted
    const monthly = ordersOn([0, 30, 60, 90, 120]);
    expect(churnWarning(monthly, at(125), 'core', base)).toBeNull();
  });
});
