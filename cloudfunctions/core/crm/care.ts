/**
 * The care list's items for one member on one day (今日待办): whom to contact and why, in plain
 * words. Each rule gives at most one item per "slot" (a kind, or one key date), for its current
 * occurrence (this week's fixed day, the due date of a rolling cadence, this year's birthday, the
 * last order a churn warning is about). Staff mark an occurrence done or snooze it to a day; the
 * mark hides that occurrence only, so the rule's next occurrence shows again.
 *
 * Rules (defaults from the playbooks, all in `crm.care`):
 * - cadence per tier: 战略 weekly on a fixed weekday, 核心 every 30 days and 潜力 every 182 days
 *   after the last contact, 基础 a greeting for each public holiday (`holidays` passed in as data);
 * - new customers ("321"): answer within 3 h, a sample within 24 h, a visit for bulk buyers;
 * - the needs survey 3 months after joining; key dates; no contact in 60 days; the churn warning.
 */
import { DAY_MS, dayKey, startOfDayMs } from '../time';
import type { TierId } from '../tiers/rules';
import type { CareConfig, CareKind } from './config';
import type { ContactChannel, KeyDate } from './contact';
import { dayNumber, dayStart } from './days';
import type { ChurnWarning } from './rhythm';

export interface CareSubject {
  tier: TierId;
  kind: string;
  joinedAt: number;
  lastContactAt: number | null;
  /** The last contact per channel (the new-customer rule asks for a sample and a visit). */
  lastContactBy: Partial<Record<ContactChannel, number>>;
  lastOrderAt: number | null;
  churn: ChurnWarning | null;
  keyDates: readonly KeyDate[];
}

/** Staff's answer to one occurrence of a slot. */
export interface CareMark {
  occurrence: string;
  state: 'done' | 'snoozed';
  /** Snoozed until this Shanghai day ('YYYY-MM-DD'), when it shows again. */
  until: string | null;
  at: number;
}
export type CareMarks = Record<string, CareMark>;

/** One public holiday, as the business calendar's data gives it. */
export interface Holiday { name: string; firstDay: string; lastDay: string }

export interface CareItem {
  /** `<slot>@<occurrence>`: what done and snooze name. */
  id: string;
  slot: string;
  occurrence: string;
  kind: CareKind;
  reason: string;
  dueAt: number;
  priority: number;
}

const TIER_NAMES: Record<TierId, string> = { basic: '基础', potential: '潜力', core: '核心', strategic: '战略' };
const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'];

/** ISO weekday (1 = Monday) of a day number; day 0 (1970-01-01) was a Thursday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

export const careItemId = (slot: string, occurrence: string): string => `${slot}@${occurrence}`;

/** Hidden by a mark on this very occurrence: done, or snoozed to a later day. */
export function isHidden(marks: CareMarks, slot: string, occurrence: string, now: number): boolean {
  const m = marks[slot];
  if (!m || m.occurrence !== occurrence) return false;
  if (m.state === 'done') return true;
  return m.until !== null && dayNumber(now) < dayNumber(startOfDayMs(m.until));
}

const latest = (...values: (number | null | undefined)[]): number | null => {
  let out: number | null = null;
  for (const v of values) if (v !== null && v !== undefined && (out === null || v > out)) out = v;
  return out;
};

/** Holidays as day numbers, compiled once per list (the nightly job asks for every basic member). */
const compiledHolidays = new WeakMap<readonly Holiday[], { name: string; first: number; last: number }[]>();
function holidayDays(holidays: readonly Holiday[]): { name: string; first: number; last: number }[] {
  let days = compiledHolidays.get(holidays);
  if (!days) {
    days = holidays.map((h) => ({ name: h.name, first: dayNumber(startOfDayMs(h.firstDay)), last: dayNumber(startOfDayMs(h.lastDay)) }));
    compiledHolidays.set(holidays, days);
  }
  return days;
}

/** This year's (or next year's) date of a month-day, counting 02-29 as 02-28 in common years. */
function nextKeyDay(monthDay: string, today: number, lead: number): number | null {
  const year = Number(dayKey(dayStart(today)).slice(0, 4));
  for (const y of [year, year + 1]) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const md = monthDay === '02-29' && !leap ? '02-28' : monthDay;
    const d = dayNumber(startOfDayMs(`${y}-${md}`));
    if (Number.isNaN(d)) return null;
    if (today <= d) return d - lead <= today ? d : null;
  }
  return null;
}

/**
 * Every care item due for the member by the end of `now`'s Shanghai day, marks applied, unsorted.
 * `holidays` only matters to 基础 members.
 */
export function careItems(subject: CareSubject, marks: CareMarks, now: number, config: CareConfig, holidays: readonly Holiday[]): CareItem[] {
  const today = dayNumber(now);
  const items: CareItem[] = [];
  const add = (kind: CareKind, slot: string, occurrence: string, dueAt: number, reason: string) => {
    if (!isHidden(marks, slot, occurrence, now)) items.push({ id: careItemId(slot, occurrence), slot, occurrence, kind, reason, dueAt, priority: config.priority[kind] });
  };
  const doneAt = (slot: string): number | null => (marks[slot]?.state === 'done' ? (marks[slot] as CareMark).at : null);
  const joinedDay = dayNumber(subject.joinedAt);

  // The churn warning, once per last order (a new order ends it or starts a new occurrence).
  if (subject.churn && subject.lastOrderAt !== null) {
    const c = subject.churn;
    const due = c.kind === 'gap' ? dayStart(dayNumber(subject.lastOrderAt) + c.thresholdDays + 1) : dayStart(today);
    add('churn', 'churn', dayKey(subject.lastOrderAt), due, c.reason);
  }

  // New customers: "321".
  const nc = config.newCustomer;
  if (today - joinedDay < nc.windowDays) {
    const since = (t: number | null | undefined) => t !== null && t !== undefined && t >= subject.joinedAt;
    if (!since(subject.lastContactAt)) add('newReply', 'newReply', 'new', subject.joinedAt + nc.replyWithinHours * 3_600_000, `新客户：${nc.replyWithinHours} 小时内回复咨询、建立联系`);
    if (!since(subject.lastContactBy.sample)) add('newSample', 'newSample', 'new', subject.joinedAt + nc.sampleWithinHours * 3_600_000, `新客户：${nc.sampleWithinHours} 小时内寄送样品（生鲜当天）`);
    if ((nc.bulkKinds as readonly string[]).includes(subject.kind) && !since(subject.lastContactBy.visit)) {
      add('newVisit', 'newVisit', 'new', subject.joinedAt + nc.visitWithinDays * DAY_MS, `新客户（批量采购）：${nc.visitWithinDays} 天内上门拜访一次`);
    }
  }

  // The needs survey after the first months together.
  const surveyDay = joinedDay + config.surveyAfterDays;
  if (today >= surveyDay && today < surveyDay + config.surveyWindowDays) {
    add('survey', 'survey', dayKey(dayStart(surveyDay)), dayStart(surveyDay), `合作满 ${Math.round(config.surveyAfterDays / 30)} 个月：做一次深度需求调研`);
  }

  // Key dates from the relationship card.
  for (const k of subject.keyDates) {
    const d = nextKeyDay(k.monthDay, today, config.keyDateLeadDays);
    if (d === null) continue;
    const days = d - today;
    add('keyDate', `keyDate:${k.label}`, dayKey(dayStart(d)), dayStart(d), days === 0 ? `今天是${k.label}（${k.monthDay}），送上祝福` : `${k.label}还有 ${days} 天（${k.monthDay}），准备祝福`);
  }

  // Contact cadence per tier; a contact or a done mark restarts a rolling cadence.
  const touched = latest(subject.lastContactAt, doneAt('cadence'));
  let cadence = false;
  const tierName = TIER_NAMES[subject.tier];
  if (subject.tier === 'strategic') {
    const occ = today - ((isoWeekday(today) - config.strategicWeekday + 7) % 7);
    if (occ >= joinedDay && (touched === null || touched < dayStart(occ))) {
      cadence = true;
      add('cadence', 'cadence', dayKey(dayStart(occ)), dayStart(occ), `战略客户每周${WEEKDAY_NAMES[config.strategicWeekday - 1]}固定沟通：库存与下周需求`);
    }
  } else if (subject.tier === 'core' || subject.tier === 'potential') {
    const every = subject.tier === 'core' ? config.coreEveryDays : config.potentialEveryDays;
    const base = touched ?? subject.joinedAt;
    const dueDay = dayNumber(base) + every;
    if (today >= dueDay) {
      cadence = true;
      const label = subject.tier === 'core' ? '每月' : '每半年';
      const quiet = subject.lastContactAt === null ? '还没有联系记录' : `已 ${today - dayNumber(subject.lastContactAt)} 天未联系`;
      add('cadence', 'cadence', dayKey(dayStart(dueDay)), dayStart(dueDay), `${tierName}客户${label}联系一次：${quiet}`);
    }
  } else {
    for (const h of holidayDays(holidays)) {
      const { first, last } = h;
      const from = first - config.holidayLeadDays;
      if (today < from || today > last) continue;
      if (touched === null || touched < dayStart(from)) {
        cadence = true;
        add('cadence', 'cadence', dayKey(dayStart(first)), dayStart(from), today < first ? `${h.name}将至，送上节日问候` : `${h.name}假期，送上节日问候`);
      }
      break;
    }
  }

  // Nobody has talked to them for a long time (unless the cadence item already says so).
  const quietSince = latest(subject.lastContactAt, doneAt('noContact')) ?? subject.joinedAt;
  const quietDue = dayNumber(quietSince) + config.noContactDays;
  if (!cadence && today >= quietDue) {
    const n = today - dayNumber(quietSince);
    add('noContact', 'noContact', dayKey(dayStart(quietDue)), dayStart(quietDue), subject.lastContactAt === null ? `入会 ${n} 天，还没有联系记录` : `已 ${n} 天未联系`);
  }
  return items;
}

/** Most urgent first: priority, then the higher tier, then the earliest due. */
export function compareCare(a: { priority: number; tierRank: number; dueAt: number }, b: { priority: number; tierRank: number; dueAt: number }): number {
  return a.priority - b.priority || b.tierRank - a.tierRank || a.dueAt - b.dueAt;
}
