import { careItems, compareCare, isHidden, type CareMarks, type CareSubject, type Holiday } from '../../../cloudfunctions/core/crm/care';
import { careConfigSchema, defaultCrmConfig } from '../../../cloudfunctions/core/crm/config';
import { isMonthDay } from '../../../cloudfunctions/core/crm/contact';
import { DAY_MS } from '../../../cloudfunctions/core/time';
import { sh } from '../helpers';

const cfg = defaultCrmConfig.care;
const NATIONAL: Holiday[] = [
  { name: '国庆节', firstDay: '2026-10-01', lastDay: '2026-10-07' },
  { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03' },
];
// 2026-12-02 is a Wednesday.
const WED = sh('2026-12-02T09:00:00');

const subject = (over: Partial<CareSubject> = {}): CareSubject => ({
  tier: 'basic',
  kind: 'household',
  joinedAt: sh('2024-03-01T10:00:00'),
  lastContactAt: WED - 10 * DAY_MS,
  lastContactBy: {},
  lastOrderAt: WED - 2 * DAY_MS,
  churn: null,
  keyDates: [],
  ...over,
});
const kinds = (s: CareSubject, now = WED, marks: CareMarks = {}, holidays = NATIONAL) => careItems(s, marks, now, cfg, holidays).map((i) => i.kind).sort();

describe('care items per rule', () => {
  it('nothing for a basic customer contacted recently outside holidays', () => {
    expect(careItems(subject(), {}, WED, cfg, NATIONAL)).toEqual([]);
  });

  it('战略: weekly on the fixed weekday, until a contact on or after that day', () => {
    const s = subject({ tier: 'strategic', lastContactAt: sh('2026-11-25T10:00:00') });
    const [item] = careItems(s, {}, WED, cfg, NATIONAL);
    expect(item).toMatchObject({ kind: 'cadence', occurrence: '2026-12-02', reason: '战略客户每周三固定沟通：库存与下周需求', priority: cfg.priority.cadence });
    // Still due on Friday (overdue), gone once called that week
    expect(kinds(s, WED + 2 * DAY_MS)).toEqual(['cadence']);
    expect(kinds({ ...s, lastContactAt: WED + 3_600_000 }, WED + 2 * DAY_MS)).toEqual([]);
    // Tuesday belongs to last week's occurrence, which a contact on 11-25 covered
    expect(kinds(s, WED - DAY_MS)).toEqual([]);
    // A configured Monday moves it
    expect(careItems(s, {}, WED, { ...cfg, strategicWeekday: 1 }, NATIONAL)[0]).toMatchObject({ occurrence: '2026-11-30' });
  });

  it('核心 monthly and 潜力 every six months after the last contact', () => {
    const core = subject({ tier: 'core', lastContactAt: WED - 29 * DAY_MS });
    expect(kinds(core)).toEqual([]);
    const late = subject({ tier: 'core', lastContactAt: WED - 30 * DAY_MS });
    expect(careItems(late, {}, WED, cfg, NATIONAL)).toEqual([expect.objectContaining({ kind: 'cadence', reason: '核心客户每月联系一次：已 30 天未联系' })]);
    // 50 days of quiet is not yet a reason for a potential customer, 182 is
    expect(kinds(subject({ tier: 'potential', lastContactAt: WED - 50 * DAY_MS }))).toEqual([]);
    expect(careItems(subject({ tier: 'potential', lastContactAt: WED - 182 * DAY_MS }), {}, WED, cfg, NATIONAL)[0]?.reason).toBe('潜力客户每半年联系一次：已 182 天未联系');
  });

  it('基础: a greeting from a day before each public holiday through the holiday', () => {
    const s = subject({ lastContactAt: sh('2026-09-15T10:00:00') });
    expect(kinds(s, sh('2026-09-29T10:00:00'))).toEqual([]);
    expect(careItems(s, {}, sh('2026-09-30T10:00:00'), cfg, NATIONAL)).toEqual([expect.objectContaining({ kind: 'cadence', occurrence: '2026-10-01', reason: '国庆节将至，送上节日问候' })]);
    expect(careItems(s, {}, sh('2026-10-03T10:00:00'), cfg, NATIONAL)[0]?.reason).toBe('国庆节假期，送上节日问候');
    expect(kinds(s, sh('2026-10-08T10:00:00'))).toEqual([]);
    // greeted on the eve: done for this holiday
    expect(kinds({ ...s, lastContactAt: sh('2026-09-30T11:00:00') }, sh('2026-10-02T10:00:00'))).toEqual([]);
    // no holiday data, no greeting
    expect(kinds(s, sh('2026-10-03T10:00:00'), {}, [])).toEqual([]);
  });

  it('new customers: reply within 3 h, a sample within 24 h, a visit for bulk buyers only', () => {
    const joinedAt = WED - 3_600_000;
    const household = subject({ joinedAt, lastContactAt: null, lastOrderAt: null });
    const items = careItems(household, {}, WED, cfg, NATIONAL);
    expect(items.map((i) => i.kind).sort()).toEqual(['newReply', 'newSample']);
    expect(items.find((i) => i.kind === 'newReply')?.dueAt).toBe(joinedAt + 3 * 3_600_000);
    expect(items.find((i) => i.kind === 'newSample')?.dueAt).toBe(joinedAt + 24 * 3_600_000);
    expect(kinds({ ...household, kind: 'restaurant' })).toEqual(['newReply', 'newSample', 'newVisit']);
    // a phone call answers the first, a sample sent the second, a visit the third
    const called = { ...household, kind: 'canteen', lastContactAt: WED, lastContactBy: { phone: WED } };
    expect(kinds(called)).toEqual(['newSample', 'newVisit']);
    expect(kinds({ ...called, lastContactBy: { phone: WED, sample: WED, visit: WED } })).toEqual([]);
    // contacts before joining do not count; the rule ends after its window
    expect(kinds({ ...household, lastContactAt: joinedAt - 1, lastContactBy: { sample: joinedAt - 1 } })).toEqual(['newReply', 'newSample']);
    expect(kinds({ ...household, lastContactAt: WED }, WED + 14 * DAY_MS)).toEqual([]);
  });

  it('the needs survey 3 months after joining, for a month', () => {
    const s = subject({ joinedAt: WED - 90 * DAY_MS, lastContactAt: WED - DAY_MS, lastContactBy: { phone: WED, sample: WED, visit: WED } });
    expect(careItems(s, {}, WED, cfg, NATIONAL)).toEqual([expect.objectContaining({ kind: 'survey', reason: '合作满 3 个月：做一次深度需求调研' })]);
    expect(kinds(s, WED - DAY_MS)).toEqual([]);
    expect(kinds(s, WED + 30 * DAY_MS, {}, [])).toEqual([]);
  });

  it('key dates: from 3 days before through the day, 02-29 on 02-28 in common years', () => {
    const s = subject({ keyDates: [{ label: '生日', monthDay: '12-05' }, { label: '公司成立纪念日', monthDay: '12-02' }, { label: '闰日', monthDay: '02-29' }] });
    const items = careItems(s, {}, WED, cfg, NATIONAL);
    expect(items.map((i) => i.reason).sort()).toEqual(['今天是公司成立纪念日（12-02），送上祝福', '生日还有 3 天（12-05），准备祝福']);
    expect(items.every((i) => i.kind === 'keyDate')).toBe(true);
    expect(items.find((i) => i.slot === 'keyDate:生日')?.occurrence).toBe('2026-12-05');
    expect(kinds(s, sh('2026-12-06T09:00:00'))).toEqual([]);
    expect(careItems({ ...s, lastContactAt: sh('2027-02-20T09:00:00') }, {}, sh('2027-02-28T09:00:00'), cfg, NATIONAL).map((i) => i.reason)).toEqual(['今天是闰日（02-29），送上祝福']);
    // New Year's Eve reaches into next year
    expect(careItems(subject({ keyDates: [{ label: '生日', monthDay: '01-02' }] }), {}, sh('2026-12-31T09:00:00'), cfg, []).map((i) => i.occurrence)).toEqual(['2027-01-02']);
    expect(isMonthDay('02-29')).toBe(true);
    expect(isMonthDay('02-30')).toBe(false);
    expect(isMonthDay('13-01')).toBe(false);
  });

  it('no contact in 60 days, unless the cadence item already asks for one', () => {
    expect(kinds(subject({ lastContactAt: WED - 59 * DAY_MS }))).toEqual([]);
    expect(careItems(subject({ lastContactAt: WED - 60 * DAY_MS }), {}, WED, cfg, NATIONAL)).toEqual([expect.objectContaining({ kind: 'noContact', reason: '已 60 天未联系' })]);
    expect(careItems(subject({ lastContactAt: null, joinedAt: WED - 400 * DAY_MS }), {}, WED, cfg, NATIONAL)[0]?.reason).toBe('入会 400 天，还没有联系记录');
    expect(kinds(subject({ tier: 'core', lastContactAt: WED - 70 * DAY_MS }))).toEqual(['cadence']);
  });

  it('the churn warning, once per last order', () => {
    const churn = { kind: 'gap' as const, expectedEveryDays: 3, daysSince: 9, thresholdDays: 6, basis: 'own' as const, reason: '通常每 3 天下单，已 9 天未下单' };
    const s = subject({ lastOrderAt: WED - 9 * DAY_MS, churn });
    const [item] = careItems(s, {}, WED, cfg, NATIONAL);
    expect(item).toMatchObject({ kind: 'churn', priority: 1, reason: '通常每 3 天下单，已 9 天未下单', occurrence: '2026-11-23' });
  });
});

describe('done and snooze', () => {
  const s = subject({ lastContactAt: WED - 61 * DAY_MS });
  const [item] = careItems(s, {}, WED, cfg, NATIONAL);

  it('a done occurrence stays hidden; the next occurrence shows again', () => {
    const marks: CareMarks = { noContact: { occurrence: item!.occurrence, state: 'done', until: null, at: WED } };
    expect(kinds(s, WED, marks)).toEqual([]);
    expect(kinds(s, WED + 59 * DAY_MS, marks)).toEqual([]);
    expect(careItems(s, marks, WED + 60 * DAY_MS, cfg, NATIONAL)).toEqual([expect.objectContaining({ kind: 'noContact', occurrence: '2027-01-31' })]);
  });

  it('a snoozed occurrence returns on its day', () => {
    const marks: CareMarks = { noContact: { occurrence: item!.occurrence, state: 'snoozed', until: '2026-12-04', at: WED } };
    expect(isHidden(marks, 'noContact', item!.occurrence, WED)).toBe(true);
    expect(kinds(s, sh('2026-12-03T23:59:00'), marks)).toEqual([]);
    expect(kinds(s, sh('2026-12-04T00:00:00'), marks)).toEqual(['noContact']);
  });

  it('a mark on another occurrence hides nothing (a new key date year, a new last order)', () => {
    const churn = { kind: 'gap' as const, expectedEveryDays: 3, daysSince: 9, thresholdDays: 6, basis: 'own' as const, reason: 'x' };
    const marks: CareMarks = { churn: { occurrence: '2026-10-01', state: 'done', until: null, at: WED } };
    expect(kinds(subject({ lastOrderAt: WED - 9 * DAY_MS, churn }), WED, marks)).toEqual(['churn']);
  });

  it('sorts by priority, then the higher tier, then the earliest due', () => {
    const rows = [
      { id: 'a', priority: 3, tierRank: 3, dueAt: 1 },
      { id: 'b', priority: 1, tierRank: 0, dueAt: 5 },
      { id: 'c', priority: 1, tierRank: 2, dueAt: 9 },
      { id: 'd', priority: 1, tierRank: 2, dueAt: 2 },
    ];
    expect(rows.sort(compareCare).map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('validates its configuration', () => {
    expect(careConfigSchema.safeParse(cfg).success).toBe(true);
    expect(careConfigSchema.safeParse({ ...cfg, strategicWeekday: 8 }).success).toBe(false);
  });
});
