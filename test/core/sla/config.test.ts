/** The `service` config section: the playbooks' defaults and what validation refuses. */
import { defaultAppConfig, resolveConfig } from '../../../cloudfunctions/core/config';
import { defaultServiceConfig, serviceConfigSchema, targetMinutes, type ServiceConfig } from '../../../cloudfunctions/core/sla';

const withCalendar = (calendar: Partial<ServiceConfig['calendar']>): unknown => ({ ...defaultServiceConfig, calendar: { ...defaultServiceConfig.calendar, ...calendar } });
const valid = (service: unknown) => serviceConfigSchema.safeParse(service).success;

describe('service defaults', () => {
  it('answer 战略/核心 and every enquiry within 3 business hours, others within 24, resolve within 72', () => {
    const s = defaultAppConfig.service;
    expect(targetMinutes(s, 'complaint', 'strategic', 'firstResponse')).toBe(180);
    expect(targetMinutes(s, 'complaint', 'core', 'firstResponse')).toBe(180);
    expect(targetMinutes(s, 'complaint', 'potential', 'firstResponse')).toBe(24 * 60);
    expect(targetMinutes(s, 'suggestion', 'basic', 'firstResponse')).toBe(24 * 60);
    expect(targetMinutes(s, 'enquiry', 'basic', 'firstResponse')).toBe(180);
    expect(targetMinutes(s, 'complaint', 'basic', 'resolution')).toBe(72 * 60);
    expect(s.warnAtPct).toBe(80);
    expect(valid(s)).toBe(true);
  });

  it('fill an absent section and keep a stored one (section by section)', () => {
    expect(resolveConfig(null).service).toEqual(defaultServiceConfig);
    const stored = withCalendar({ workWeekdays: [1, 2, 3, 4, 5, 6], closures: [{ from: '2027-02-05', to: '2027-02-12', note: '春节' }] });
    expect(resolveConfig({ service: stored }).service.calendar.workWeekdays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => resolveConfig({ service: withCalendar({ periods: [] }) })).toThrow();
  });
});

describe('service validation', () => {
  it('accepts a period that ends at midnight and touching periods', () => {
    expect(valid(withCalendar({ periods: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }] }))).toBe(true);
  });

  it.each([
    ['overlapping periods', { periods: [{ start: '09:00', end: '12:30' }, { start: '12:00', end: '18:00' }] }],
    ['periods out of order', { periods: [{ start: '13:30', end: '18:00' }, { start: '09:00', end: '12:00' }] }],
    ['an empty period', { periods: [{ start: '09:00', end: '09:00' }] }],
    ['a period across midnight', { periods: [{ start: '22:00', end: '02:00' }] }],
    ['a time past 24:00', { periods: [{ start: '09:00', end: '24:30' }] }],
    ['a malformed time', { periods: [{ start: '9:00', end: '12:00' }] }],
    ['no working weekday', { workWeekdays: [] }],
    ['a weekday twice', { workWeekdays: [1, 1] }],
    ['weekday 0', { workWeekdays: [0, 1] }],
    ['a closure ending before it starts', { closures: [{ from: '2027-01-05', to: '2027-01-04' }] }],
    ['a closure longer than 366 days', { closures: [{ from: '2027-01-01', to: '2028-01-02' }] }],
    ['a closure in year 1', { closures: [{ from: '0001-01-01', to: '0001-01-02' }] }],
    ['a closure on 30 February', { closures: [{ from: '2027-02-30', to: '2027-02-30' }] }],
    ['a holiday outside its year', { publicDays: [{ year: 2027, holidays: ['2026-12-31'], workdays: [] }] }],
    ['a day both off and worked', { publicDays: [{ year: 2027, holidays: ['2027-02-06'], workdays: ['2027-02-06'] }] }],
    ['a year twice', { publicDays: [{ year: 2027, holidays: [], workdays: [] }, { year: 2027, holidays: [], workdays: [] }] }],
  ])('refuses %s', (_label, calendar) => {
    expect(valid(withCalendar(calendar as Partial<ServiceConfig['calendar']>))).toBe(false);
  });

  it('refuses targets that are not positive, too long, or a resolution shorter than the first response', () => {
    const withTarget = (first: number, resolution: number) => ({
      ...defaultServiceConfig,
      targets: { ...defaultServiceConfig.targets, complaint: { firstResponseMinutes: { ...defaultServiceConfig.targets.complaint.firstResponseMinutes, core: first }, resolutionMinutes: { ...defaultServiceConfig.targets.complaint.resolutionMinutes, core: resolution } } },
    });
    expect(valid(withTarget(60, 60))).toBe(true);
    expect(valid(withTarget(0, 60))).toBe(false);
    expect(valid(withTarget(1.5, 60))).toBe(false);
    expect(valid(withTarget(60, 60_001))).toBe(false);
    expect(valid(withTarget(120, 60))).toBe(false);
    expect(valid({ ...defaultServiceConfig, warnAtPct: 100 })).toBe(false);
  });
});
