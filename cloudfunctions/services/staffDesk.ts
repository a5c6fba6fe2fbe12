/**
 * What staff do to a member: look them up (by member number or a scanned member code), read their
 * ledger and tier history, adjust points and override the tier. Every change is one transaction that
 * also writes the audit record (who, when, why); the staff client's request id makes a retry return
 * the first answer, and the same id with other parameters is refused (REQUEST.ID_REUSED).
 */
import { createHash } from 'node:crypto';
import type { AdjustResultView, ApprovalPendingView, AuditAction, AuditEntryView, OverrideResultView, Page, StaffMemberView, TierHistoryView } from '../contracts/api';
import { lastOverrideDay } from '../contracts/limits';
import { maskPhone, parseMemberQuery, type MemberQuery } from '../contracts/memberQuery';
import type { AppConfig } from '../core/config';
import { DomainError } from '../core/errors';
import { verifyMemberCode } from '../core/member/memberCode';
import { actsDirectly } from '../core/staff/roles';
import { adjustmentNeedsApproval, overrideNeedsApproval, PENDING_MESSAGE, type ApprovalReason } from '../core/staff/limits';
import { adjust } from '../core/points/account';
import { setOverride } from '../core/tiers/membership';
import type { TierId } from '../core/tiers/rules';
import { dayKey } from '../core/time';
import type { Db, Transaction } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import type { Runtime, StaffIdentity } from '../runtime/router';
import { buildCard } from './card';
import { C } from './collections';
import { writeAccount, writeMovements, writeTierChange, type TierHistoryDoc } from './ledger';
import { findAccount, findMemberByNo, findMembersByPhone, type AccountDoc, type MemberDoc } from './members';
import { accountState, listMovements } from './points';
import { assertSameRequest, requestFingerprint } from './requests';

export interface AuditDoc<R = unknown> {
  _id: string;
  actor: string;
  actorName: string;
  role: StaffIdentity['role'];
  action: AuditAction;
  target: string;
  reason: string;
  at: number;
  details: Record<string, unknown>;
  result: R;
  /** Of the request's parameters: a replay of the request id must match it. */
  fingerprint: string;
}

async function memberByNo(db: Db, memberNo: string): Promise<MemberDoc> {
  const member = await findMemberByNo(db, memberNo);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND', `没有会员号为 ${memberNo} 的会员`);
  return member;
}

export async function staffMemberView(db: Db, member: MemberDoc, config: AppConfig, now: number): Promise<StaffMemberView> {
  const account = await findAccount(db, member._id);
  const o = member.tierState.override;
  return {
    memberNo: member.memberNo,
    displayName: member.displayName,
    kind: member.kind,
    region: member.region,
    phone: member.phone,
    joinedAt: member.joinedAt,
    card: buildCard(member, account, config, now),
    tiers: config.tiers.tiers.map((t) => ({ id: t.id, name: t.name })),
    tierOverride: o ? { tier: o.tier, until: o.until, reason: o.reason, by: o.by } : null,
  };
}

export const lookupMember = async (db: Db, memberNo: string, config: AppConfig, now: number) => staffMemberView(db, await memberByNo(db, memberNo), config, now);

/** What staff typed into 查找会员, how it was read, and the member found. */
export interface MemberLookupView {
  query: MemberQuery;
  member: StaffMemberView;
}

/**
 * 查找会员 by whatever staff typed: read with the same parser as the staff page, then by member
 * number or by the whole 11-digit phone. A phone shared by several members is refused rather than
 * guessed (the member number is unique).
 */
export async function findMember(db: Db, text: string, config: AppConfig, now: number): Promise<MemberLookupView> {
  const parsed = parseMemberQuery(text);
  if (!parsed.ok) throw new DomainError('REQUEST.INVALID', parsed.message);
  const { query } = parsed;
  if (query.kind === 'memberNo') return { query, member: await lookupMember(db, query.memberNo, config, now) };
  const found = await findMembersByPhone(db, query.phone, 2);
  if (found.length === 0) throw new DomainError('MEMBER.NOT_FOUND', `没有手机号为 ${maskPhone(query.phone)} 的会员`);
  if (found.length > 1) throw new DomainError('REQUEST.INVALID', `手机号 ${maskPhone(query.phone)} 对应多位会员，请用会员号查找`);
  return { query, member: await staffMemberView(db, found[0]!, config, now) };
}

export async function resolveMemberCode(ctx: Pick<Runtime, 'db' | 'now' | 'mac' | 'macEqual'>, token: string, config: AppConfig): Promise<StaffMemberView> {
  const memberNo = verifyMemberCode(token, ctx.now, ctx.mac, ctx.macEqual);
  return lookupMember(ctx.db, memberNo, config, ctx.now);
}

export async function memberLedger(db: Db, memberNo: string, page: number, pageSize: number) {
  return listMovements(db, (await memberByNo(db, memberNo))._id, page, pageSize);
}

export async function tierHistory(db: Db, memberNo: string, page: number, pageSize: number): Promise<Page<TierHistoryView>> {
  const member = await memberByNo(db, memberNo);
  const { data } = await db.collection(C.tierHistory).where({ memberId: member._id }).orderBy('at', 'desc').skip(page * pageSize).limit(pageSize + 1).get();
  const docs = data as unknown as TierHistoryDoc[];
  return {
    items: docs.slice(0, pageSize).map((d) => ({ kind: d.kind, from: d.from, to: d.to, at: d.at, ruleId: d.ruleId, reason: d.reason, by: d.by })),
    page,
    pageSize,
    hasMore: docs.length > pageSize,
  };
}

/** Runs `change` once per (staff, request id): a retry returns the stored result. */
export async function audited<R>(
  db: Db,
  staff: StaffIdentity,
  request: { requestId: string; action: AuditAction; target: string; reason: string; details: Record<string, unknown>; now: number },
  change: (tx: Transaction) => Promise<R>,
  /** What the record says was done, when the outcome decides it (a clerk's request instead of the change). */
  recordedAs: (result: R) => AuditAction = () => request.action,
): Promise<R> {
  const auditId = `${staff.openid}:${request.requestId}`;
  const fingerprint = requestFingerprint({ action: request.action, target: request.target, reason: request.reason, details: request.details });
  return db.runTransaction(async (tx) => {
    const done = await txGet<AuditDoc<R>>(tx, C.audit, auditId);
    if (done) {
      assertSameRequest(done.fingerprint, fingerprint);
      return done.result;
    }
    const result = await change(tx);
    const audit: Omit<AuditDoc<R>, '_id'> = { actor: staff.openid, actorName: staff.name, role: staff.role, action: recordedAs(result), target: request.target, reason: request.reason, at: request.now, details: request.details, result, fingerprint };
    await tx.collection(C.audit).doc(auditId).set({ data: asDoc(audit) });
    return result;
  });
}

/** A change a clerk or agent may not make alone: it waits in `approvals` for a manager (services/approvals.ts). */
export interface ApprovalDoc {
  _id: string;
  kind: 'points.adjust' | 'tier.override';
  status: 'pending' | 'approved' | 'rejected';
  requester: StaffIdentity;
  /** The requester's request id: approving applies the change under the key a direct change would have used. */
  requestId: string;
  memberId: string;
  memberNo: string;
  displayName: string;
  params: { delta: number } | { tier: TierId; until: string };
  reason: string;
  why: ApprovalReason;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: { openid: string; name: string } | null;
  note: string | null;
  result: AdjustResultView | OverrideResultView | null;
}

/** Keyed by requester and request id (a retry finds it); hashed so the requester's OPENID stays on the server. */
export const approvalIdFor = (openid: string, requestId: string): string => createHash('sha256').update(`approval:${openid}:${requestId}`).digest('hex').slice(0, 24);

async function requestApproval(
  tx: Transaction,
  staff: StaffIdentity,
  member: MemberDoc,
  request: { requestId: string; kind: ApprovalDoc['kind']; params: ApprovalDoc['params']; reason: string; why: ApprovalReason },
  now: number,
): Promise<ApprovalPendingView> {
  const id = approvalIdFor(staff.openid, request.requestId);
  const doc: Omit<ApprovalDoc, '_id'> = {
    kind: request.kind,
    status: 'pending',
    requester: { openid: staff.openid, role: staff.role, name: staff.name },
    requestId: request.requestId,
    memberId: member._id,
    memberNo: member.memberNo,
    displayName: member.displayName,
    params: request.params,
    reason: request.reason,
    why: request.why,
    createdAt: now,
    decidedAt: null,
    decidedBy: null,
    note: null,
    result: null,
  };
  await tx.collection(C.approvals).doc(id).set({ data: asDoc(doc) });
  return { status: 'pending', approvalId: id, memberNo: member.memberNo, message: PENDING_MESSAGE };
}

/** The points a clerk moved directly today (Shanghai), counted against the daily cap. */
interface StaffDailyDoc { _id: string; openid: string; day: string; points: number }
const dailyId = (openid: string, now: number) => `${openid}:${dayKey(now)}`;

/** Applies an adjustment inside a transaction; `by` is whose request it was (the movement's key and source). */
export async function applyAdjustment(tx: Transaction, by: StaffIdentity, member: MemberDoc, input: { delta: number; reason: string; requestId: string }, config: AppConfig, now: number): Promise<AdjustResultView> {
  const account = accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, member._id));
  const result = adjust(account, { adjustmentId: `${by.openid}:${input.requestId}`, delta: input.delta, now, reason: input.reason, source: { kind: 'staff', id: by.name } }, config.points);
  await writeAccount(tx, member._id, result.account, now);
  await writeMovements(tx, member._id, result.movements);
  return { memberNo: member.memberNo, delta: input.delta, available: result.account.available, owed: result.account.owed };
}

/**
 * A manager's adjustment applies at once; a clerk's or agent's applies within the caps (per action and
 * per Shanghai day, `staffLimits`), and above them becomes a request for a manager (「已提交店长审批」).
 */
export async function adjustPoints(db: Db, staff: StaffIdentity, input: { memberNo: string; delta: number; reason: string; requestId: string }, config: AppConfig, now: number): Promise<AdjustResultView | ApprovalPendingView> {
  const member = await memberByNo(db, input.memberNo);
  const request = { requestId: input.requestId, action: 'points.adjust' as const, target: member.memberNo, reason: input.reason, details: { delta: input.delta }, now };
  return audited<AdjustResultView | ApprovalPendingView>(
    db,
    staff,
    request,
    async (tx) => {
      // Only capped roles keep a daily total (a manager's adjustment costs no extra read).
      const capped = !actsDirectly(staff.role);
      const daily = capped ? await txGet<StaffDailyDoc>(tx, C.staffDaily, dailyId(staff.openid, now)) : null;
      const why = adjustmentNeedsApproval(staff.role, input.delta, daily?.points ?? 0, config.staffLimits);
      if (why) return requestApproval(tx, staff, member, { requestId: input.requestId, kind: 'points.adjust', params: { delta: input.delta }, reason: input.reason, why }, now);
      const applied = await applyAdjustment(tx, staff, member, input, config, now);
      if (capped) {
        const next: Omit<StaffDailyDoc, '_id'> = { openid: staff.openid, day: dayKey(now), points: (daily?.points ?? 0) + Math.abs(input.delta) };
        await tx.collection(C.staffDaily).doc(dailyId(staff.openid, now)).set({ data: asDoc(next) });
      }
      return applied;
    },
    (result) => ('status' in result ? 'approval.request' : 'points.adjust'),
  );
}

/** Checks an override's last day against today (Shanghai): not past, at most a year ahead. */
export function checkOverrideUntil(until: string, now: number): void {
  const today = dayKey(now);
  if (until < today) throw new DomainError('TIER.OVERRIDE_IN_PAST', '截止日期不能早于今天');
  const last = lastOverrideDay(today);
  if (until > last) throw new DomainError('TIER.OVERRIDE_TOO_LONG', `截止日期最晚为 ${last}`);
}

/** Applies an override inside a transaction; `by` is whose request it was. */
export async function applyOverride(tx: Transaction, by: StaffIdentity, memberId: string, input: { tier: TierId; until: string; reason: string; requestId: string }, now: number): Promise<OverrideResultView> {
  const member = (await txGet<MemberDoc>(tx, C.members, memberId)) as MemberDoc;
  const { state, change } = setOverride(member.tierState, { tier: input.tier, until: input.until, reason: input.reason, by: by.name, at: now });
  await tx.collection(C.members).doc(member._id).set({ data: asDoc(withoutId({ ...member, tierState: state })) });
  if (change) await writeTierChange(tx, member._id, change, `override:${by.openid}:${input.requestId}`, by.name);
  return { memberNo: member.memberNo, tier: input.tier, until: input.until };
}

/** A manager's override applies at once; anyone else's becomes a request for a manager. */
export async function overrideTier(db: Db, staff: StaffIdentity, input: { memberNo: string; tier: TierId; until: string; reason: string; requestId: string }, now: number): Promise<OverrideResultView | ApprovalPendingView> {
  checkOverrideUntil(input.until, now);
  const found = await memberByNo(db, input.memberNo);
  const why = overrideNeedsApproval(staff.role);
  return audited<OverrideResultView | ApprovalPendingView>(
    db,
    staff,
    { requestId: input.requestId, action: 'tier.override', target: found.memberNo, reason: input.reason, details: { tier: input.tier, until: input.until }, now },
    async (tx) =>
      why
        ? requestApproval(tx, staff, found, { requestId: input.requestId, kind: 'tier.override', params: { tier: input.tier, until: input.until }, reason: input.reason, why }, now)
        : applyOverride(tx, staff, found._id, input, now),
    (result) => ('status' in result ? 'approval.request' : 'tier.override'),
  );
}

export async function auditTrail(db: Db, memberNo: string, page: number, pageSize: number): Promise<Page<AuditEntryView>> {
  const { data } = await db.collection(C.audit).where({ target: memberNo }).orderBy('at', 'desc').orderBy('_id', 'desc').skip(page * pageSize).limit(pageSize + 1).get();
  const docs = data as unknown as AuditDoc[];
  return {
    // The id's first part is the staff member's OPENID, which stays on the server.
    items: docs.slice(0, pageSize).map((d) => ({ id: d._id.split(':').pop() as string, actorName: d.actorName, role: d.role, action: d.action, target: d.target, reason: d.reason, at: d.at, details: d.details })),
    page,
    pageSize,
    hasMore: docs.length > pageSize,
  };
}
