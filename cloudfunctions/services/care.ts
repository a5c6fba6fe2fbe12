/**
 * The care list (今日待办) for one staff member: the care items of their accounts (and, for
 * managers, of accounts nobody manages yet), most urgent first, paged; and the one-tap answers to an
 * item: done, snooze to a day (each audited, idempotent by request id). Logging a contact is in
 * contacts.ts and marks its item done as well.
 *
 * Candidates come from the nightly profiles (`careCount > 0` for the day the job ran, index
 * accountManager + carePriority), plus customers who joined within the new-customer window (they
 * may have joined after the job ran). The items themselves are computed again here, with the marks
 * and the current instant, so a contact or a mark made today takes effect at once.
 */
import feed from 'chinese-days/dist/chinese-days.json';
import type { AppConfig } from '../core/config';
import { careItems, compareCare, type CareMark, type CareMarks, type Holiday } from '../core/crm/care';
import { CARE_KINDS, type CareKind } from '../core/crm/config';
import { dayNumber } from '../core/crm/days';
import { DomainError } from '../core/errors';
import { isManagerRole } from '../core/staff/roles';
import { DAY_MS, dayKey, startOfDayMs } from '../core/time';
import type { TierId } from '../core/tiers/rules';
import type { Db, Transaction } from '../ports/db';
import { asDoc, txGet } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { C } from './collections';
import { loadConfig } from './config';
import { computeProfile, emptyKept, memberIdByNo, profileInTx, subjectOf, writeKeptInTx, type CrmProfileDoc, type ProfileMember, PROFILE_MEMBER_FIELDS } from './crmProfiles';
import { auditedStep } from './orderDesk';

/** At most this many accounts are considered per list (an account manager's book is far smaller). */
export const MAX_CANDIDATES = 500;
const IN_CHUNK = 100;
export const MAX_SNOOZE_DAYS = 90;

// ---------------------------------------------------------------------------------------------
// Holidays for the 基础 greeting: chinese-days' named periods, plus days a manager entered.

interface ChineseDaysFeed { holidays: Record<string, string> }

let holidayCache: { spec: unknown; list: Holiday[] } | null = null;

/** Consecutive days off with the same name form one holiday (国庆节 10-01…10-07). */
export function careHolidays(config: Pick<AppConfig, 'service'>): Holiday[] {
  const extra = config.service.calendar.publicDays;
  if (holidayCache && holidayCache.spec === extra) return holidayCache.list;
  const named = new Map<string, string>();
  for (const [day, text] of Object.entries((feed as ChineseDaysFeed).holidays)) named.set(day, text.split(',')[1] ?? '节假日');
  for (const y of extra) for (const day of y.holidays) if (!named.has(day)) named.set(day, '节假日');
  const list: Holiday[] = [];
  for (const day of [...named.keys()].sort()) {
    const name = named.get(day) as string;
    const last = list[list.length - 1];
    if (last && last.name === name && dayNumber(startOfDayMs(day)) - dayNumber(startOfDayMs(last.lastDay)) === 1) last.lastDay = day;
    else list.push({ name, firstDay: day, lastDay: day });
  }
  holidayCache = { spec: extra, list };
  return list;
}

// ---------------------------------------------------------------------------------------------
// Marks (`crm_care_marks/<memberId>`: one document per member, a mark per slot).

interface MarksDoc { _id: string; marks: CareMarks; updatedAt: number }

const SLOT_PATTERN = new RegExp(`^(${CARE_KINDS.filter((k) => k !== 'keyDate').join('|')}|keyDate:[^@]{1,20})$`);

/** `<slot>@<occurrence>` as the care list gives it; anything else is refused. */
export function parseItemId(itemId: string): { slot: string; occurrence: string } {
  const at = itemId.lastIndexOf('@');
  const slot = itemId.slice(0, at);
  const occurrence = itemId.slice(at + 1);
  if (at <= 0 || !SLOT_PATTERN.test(slot) || !/^(new|\d{4}-\d{2}-\d{2})$/.test(occurrence)) throw new DomainError('CARE.BAD_ITEM');
  return { slot, occurrence };
}

export async function markInTx(tx: Transaction, memberId: string, item: { slot: string; occurrence: string }, state: CareMark['state'], until: string | null, now: number): Promise<{ before: CareMark | null }> {
  const doc = await txGet<MarksDoc>(tx, C.crmCareMarks, memberId);
  const marks = doc?.marks ?? {};
  const mark: CareMark = { occurrence: item.occurrence, state, until, at: now };
  await tx.collection(C.crmCareMarks).doc(memberId).set({ data: asDoc({ marks: { ...marks, [item.slot]: mark }, updatedAt: now }) });
  return { before: marks[item.slot] ?? null };
}

async function readMarks(db: Db, ids: readonly string[]): Promise<Map<string, CareMarks>> {
  const out = new Map<string, CareMarks>();
  const _ = db.command;
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    const { data } = await db.collection(C.crmCareMarks).where({ _id: _.in(chunk) }).limit(IN_CHUNK).get();
    for (const d of data as unknown as MarksDoc[]) out.set(d._id, d.marks);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The list.

/** One item as staff see it: the member by number (their OPENID stays on the server). */
export interface CareRow {
  itemId: string;
  memberNo: string;
  name: string;
  tier: TierId;
  kind: CareKind;
  reason: string;
  dueAt: number;
  priority: number;
  segment: string | null;
  /** False: nobody manages the account yet (only managers see those). */
  assigned: boolean;
}

export interface CareList { items: CareRow[]; total: number; page: number; pageSize: number; hasMore: boolean; computedDay: string | null }

async function candidates(db: Db, staff: StaffIdentity, now: number, config: AppConfig): Promise<CrmProfileDoc[]> {
  const _ = db.command;
  const owners: (string | null)[] = isManagerRole(staff.role) ? [staff.openid, null] : [staff.openid];
  const byId = new Map<string, CrmProfileDoc>();
  for (const owner of owners) {
    const { data } = await db.collection(C.crmProfiles).where({ accountManager: owner, careCount: _.gt(0) }).orderBy('carePriority', 'asc').orderBy('tierRank', 'desc').limit(MAX_CANDIDATES).get();
    for (const p of data as unknown as CrmProfileDoc[]) byId.set(p._id, p);
  }
  if (!isManagerRole(staff.role)) return [...byId.values()];
  // Customers who joined within the new-customer window may be newer than the last run.
  const since = now - config.crm.care.newCustomer.windowDays * DAY_MS;
  const { data: fresh } = await db.collection(C.members).where({ joinedAt: _.gte(since) }).orderBy('joinedAt', 'desc').limit(MAX_CANDIDATES).field(PROFILE_MEMBER_FIELDS).get();
  const freshIds = (fresh as unknown as ProfileMember[]).filter((m) => !m.erasedAt).map((m) => m._id).filter((id) => !byId.has(id));
  const known = new Map<string, CrmProfileDoc>();
  for (let i = 0; i < freshIds.length; i += IN_CHUNK) {
    const { data } = await db.collection(C.crmProfiles).where({ _id: _.in(freshIds.slice(i, i + IN_CHUNK)) }).limit(IN_CHUNK).get();
    for (const p of data as unknown as CrmProfileDoc[]) known.set(p._id, p);
  }
  const holidays = careHolidays(config);
  for (const m of fresh as unknown as ProfileMember[]) {
    if (byId.has(m._id)) continue;
    const p = known.get(m._id);
    if (p) {
      if (p.accountManager === null || p.accountManager === staff.openid) byId.set(m._id, p);
      continue;
    }
    const kept = emptyKept();
    byId.set(m._id, { _id: m._id, ...computeProfile(m, [], kept, [], now, config, holidays), ...kept });
  }
  return [...byId.values()];
}

export async function careList(db: Db, staff: StaffIdentity, input: { page: number; pageSize: number }, now: number): Promise<CareList> {
  const config = await loadConfig(db, now);
  const holidays = careHolidays(config);
  const profiles = await candidates(db, staff, now, config);
  const marks = await readMarks(db, profiles.map((p) => p._id));
  const rows: (CareRow & { tierRank: number })[] = [];
  let computedDay: string | null = null;
  for (const p of profiles) {
    if (computedDay === null || p.careDay > computedDay) computedDay = p.careDay;
    for (const item of careItems(subjectOf(p), marks.get(p._id) ?? {}, now, config.crm.care, holidays)) {
      rows.push({ itemId: item.id, memberNo: p.memberNo, name: p.displayName, tier: p.tier, kind: item.kind, reason: item.reason, dueAt: item.dueAt, priority: item.priority, segment: p.rfm?.segment ?? null, assigned: p.accountManager !== null, tierRank: p.tierRank });
    }
  }
  // Member numbers are unique: a stable order between equals.
  rows.sort((a, b) => compareCare(a, b) || (a.memberNo < b.memberNo ? -1 : a.memberNo > b.memberNo ? 1 : a.itemId < b.itemId ? -1 : 1));
  const start = input.page * input.pageSize;
  const pageRows = rows.slice(start, start + input.pageSize).map(({ tierRank: _t, ...row }) => row);
  return { items: pageRows, total: rows.length, page: input.page, pageSize: input.pageSize, hasMore: start + input.pageSize < rows.length, computedDay };
}

// ---------------------------------------------------------------------------------------------
// One-tap answers.

// The audit records name the member by id (`care:<memberId>`), as every staff record does.

export interface MarkResult { memberNo: string; itemId: string; state: CareMark['state']; until: string | null }

export async function markDone(db: Db, staff: StaffIdentity, input: { memberNo: string; itemId: string; requestId: string }, now: number): Promise<MarkResult> {
  const item = parseItemId(input.itemId);
  const memberId = await memberIdByNo(db, input.memberNo);
  return auditedStep(db, staff, { requestId: input.requestId, action: 'care.done', target: `care:${memberId}`, reason: '', details: { memberId, itemId: input.itemId }, now }, async (tx) => {
    const { before } = await markInTx(tx, memberId, item, 'done', null, now);
    return { result: { memberNo: input.memberNo, itemId: input.itemId, state: 'done', until: null }, before, after: { itemId: input.itemId, state: 'done' } };
  });
}

export async function snooze(db: Db, staff: StaffIdentity, input: { memberNo: string; itemId: string; until: string; requestId: string }, now: number): Promise<MarkResult> {
  const item = parseItemId(input.itemId);
  const days = dayNumber(startOfDayMs(input.until)) - dayNumber(now);
  if (!(days >= 1 && days <= MAX_SNOOZE_DAYS)) throw new DomainError('CARE.BAD_SNOOZE', undefined, { until: input.until, today: dayKey(now) });
  const memberId = await memberIdByNo(db, input.memberNo);
  return auditedStep(db, staff, { requestId: input.requestId, action: 'care.snooze', target: `care:${memberId}`, reason: '', details: { memberId, itemId: input.itemId, until: input.until }, now }, async (tx) => {
    const { before } = await markInTx(tx, memberId, item, 'snoozed', input.until, now);
    return { result: { memberNo: input.memberNo, itemId: input.itemId, state: 'snoozed', until: input.until }, before, after: { itemId: input.itemId, state: 'snoozed', until: input.until } };
  });
}

/** A manager names (or clears) the account manager of a member. */
export async function assignAccount(db: Db, staff: StaffIdentity, input: { memberNo: string; staffId: string | null; requestId: string }, now: number): Promise<{ memberNo: string; accountManager: string | null }> {
  const config = await loadConfig(db, now);
  const holidays = careHolidays(config);
  const memberId = await memberIdByNo(db, input.memberNo);
  return auditedStep(db, staff, { requestId: input.requestId, action: 'care.assign', target: `care:${memberId}`, reason: '', details: { memberId, staffId: input.staffId }, now }, async (tx) => {
    if (input.staffId !== null) {
      const target = await txGet<{ active?: boolean }>(tx, C.staff, input.staffId);
      if (!target || target.active !== true) throw new DomainError('CARE.STAFF_NOT_FOUND');
    }
    const r = await profileInTx(tx, memberId, now, config, holidays);
    await writeKeptInTx(tx, r, { accountManager: input.staffId });
    return { result: { memberNo: input.memberNo, accountManager: input.staffId }, before: { accountManager: r.profile.accountManager }, after: { accountManager: input.staffId } };
  });
}
