/**
 * The staff side of the complaint desk: the queue by nearest deadline, claim and assign, reply, ask
 * the customer for more (the clock pauses), resolve with an outcome and compensation, a manager's
 * reversal, the call-back (回访) and closing with a root cause.
 *
 * Every step is audited and idempotent per (staff, request id) through `auditedStep`. Compensation is
 * keyed to the case and its resolution round (core/cases/rules.ts `compensationKey`): the ledger
 * movement and the coupon id come from that key, so a double tap or a retry by anyone pays once.
 */
import { createHash } from 'node:crypto';
import { checkCompensationPoints, compensationKey, OUTCOME_LABELS, reversalKey, type OutcomeKind, type RootCause } from '../core/cases/rules';
import { applyCaseTransition, isActive, type CaseCategory, type CaseStatus } from '../core/cases/stateMachine';
import type { AppConfig } from '../core/config';
import { issueCoupon } from '../core/coupons/coupon';
import { DomainError } from '../core/errors';
import { adjust } from '../core/points/account';
import { DAY_MS } from '../core/time';
import type { TierId } from '../core/tiers/rules';
import type { Page } from '../contracts/api';
import type { Db, Transaction } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { lookupStaff, type StaffDoc } from '../runtime/staff';
import { slaEnv, type SlaEnv } from './caseClock';
import { messageIdFor, type CaseAuthor, type CaseDoc, type CompensationDoc } from './caseModel';
import { withSla } from './cases';
import { caseStaffView, queueRow, type CaseQueueRow, type CaseStaffView } from './caseViews';
import { C } from './collections';
import type { CrmProfileDoc } from './crmProfiles';
import { loadConfig } from './config';
import { writeAccount, writeMovements } from './ledger';
import { auditedStep, type DeskAuditAction } from './orderDesk';
import { refundOrder } from './orders';
import type { OrderDoc } from './orderModel';
import { accountState, couponIdFor, type CouponDoc } from './points';
import { noticeCaseReply, noticeCaseResult } from './caseNotices';
import type { AccountDoc } from './members';

const staffAuthor = (s: StaffIdentity): CaseAuthor => ({ kind: 'staff', id: s.openid, name: s.name });
const ctxOf = (now: number, config: AppConfig) => ({ now, reopenWindowMs: config.cases.reopenDays * DAY_MS });
const forTransition = (c: CaseDoc) => ({ status: c.status, resolvedAt: c.resolvedAt, rated: c.rating !== null, autoClosed: c.autoClosed });
const target = (caseId: string) => `case:${caseId}`;

async function caseIn(tx: Transaction, caseId: string): Promise<CaseDoc> {
  const c = await txGet<CaseDoc>(tx, C.complaints, caseId);
  if (!c) throw new DomainError('CASE.NOT_FOUND');
  return c;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface QueueQuery {
  filter: 'all' | 'mine' | 'unassigned' | 'overdue';
  tier?: TierId | undefined;
  category?: CaseCategory | undefined;
  page: number;
  pageSize: number;
}

/** Open cases, nearest deadline first: one query on the index (active, dueAt). */
export async function caseQueue(db: Db, staff: StaffIdentity, q: QueueQuery, now: number): Promise<Page<CaseQueueRow> & { now: number }> {
  const _ = db.command;
  const where: Record<string, unknown> = { active: 1 };
  if (q.filter === 'mine') where.assigneeId = staff.openid;
  if (q.filter === 'unassigned') where.assigneeId = '';
  if (q.filter === 'overdue') where.dueAt = _.lt(now);
  if (q.tier) where.tier = q.tier;
  if (q.category) where.category = q.category;
  const { data } = await db
    .collection(C.complaints)
    .where(where)
    .orderBy('dueAt', 'asc')
    .orderBy('_id', 'asc')
    .skip(q.page * q.pageSize)
    .limit(q.pageSize + 1)
    .get();
  const docs = data as unknown as CaseDoc[];
  return { items: docs.slice(0, q.pageSize).map(queueRow), page: q.page, pageSize: q.pageSize, hasMore: docs.length > q.pageSize, now };
}

export async function deskCase(db: Db, caseId: string): Promise<CaseStaffView> {
  const c = await db.runTransaction((tx) => caseIn(tx, caseId));
  return caseStaffView(c);
}

// ---------------------------------------------------------------------------------------------
// Steps

interface StepInput { caseId: string; requestId: string }

/**
 * One audited change of a case: `change` returns the new document (the SLA is recomputed here) and
 * may write compensation in the same transaction.
 */
async function caseStep(
  db: Db,
  staff: StaffIdentity,
  action: DeskAuditAction,
  input: StepInput,
  reason: string,
  details: Record<string, unknown>,
  now: number,
  change: (c: CaseDoc, tx: Transaction, ctx: { env: SlaEnv; config: AppConfig }) => Promise<CaseDoc>,
): Promise<CaseStaffView> {
  const config = await loadConfig(db, now);
  const env = slaEnv(config);
  // The audit record keeps the case id as the step's answer; a retry answers the case as it is now.
  await auditedStep(db, staff, { requestId: input.requestId, action, target: target(input.caseId), reason, details, now }, async (tx) => {
    const before = await caseIn(tx, input.caseId);
    const changed = await change(before, tx, { env, config });
    const after = withSla({ ...changed, updatedAt: now }, env, now);
    await tx.collection(C.complaints).doc(after._id).set({ data: asDoc(withoutId(after)) });
    return { result: { caseId: after._id }, before: { status: before.status, assignee: before.assignee?.name ?? null }, after: { status: after.status, assignee: after.assignee?.name ?? null } };
  });
  return deskCase(db, input.caseId);
}

export function claimCase(db: Db, staff: StaffIdentity, input: StepInput, now: number): Promise<CaseStaffView> {
  return caseStep(db, staff, 'case.claim', input, '认领', {}, now, async (c) => {
    if (c.assignee && c.assignee.id !== staff.openid) throw new DomainError('CASE.ILLEGAL_TRANSITION', `该反馈已由${c.assignee.name}处理`);
    return { ...c, assignee: { id: staff.openid, name: staff.name }, assigneeId: staff.openid };
  });
}

/** A manager gives the case to a colleague (or back to the pool with `staffId` null). */
export async function assignCase(db: Db, manager: StaffIdentity, input: StepInput & { staffId: string | null }, now: number): Promise<CaseStaffView> {
  const to = input.staffId === null ? null : await lookupStaff(db, input.staffId);
  if (input.staffId !== null && !to) throw new DomainError('REQUEST.INVALID', '没有这位在职员工');
  return caseStep(db, manager, 'case.assign', input, to ? `分派给${to.name}` : '退回待认领', { staffId: input.staffId }, now, async (c) => ({
    ...c,
    assignee: to ? { id: to.openid, name: to.name } : null,
    assigneeId: to?.openid ?? '',
  }));
}

/** A reply to the customer (notified) or an internal note; the first one meets the first-response target. */
export function replyToCase(db: Db, staff: StaffIdentity, input: StepInput & { text: string; internal: boolean; askCustomer: boolean }, now: number): Promise<CaseStaffView> {
  const action: DeskAuditAction = input.askCustomer ? 'case.ask' : 'case.reply';
  return caseStep(db, staff, action, input, input.internal ? '内部备注' : input.askCustomer ? '请客户补充' : '回复客户', { text: input.text, internal: input.internal }, now, async (c, tx, { config }) => {
    const id = messageIdFor(c._id, `${staff.openid}:${input.requestId}`);
    const message = { id, by: staffAuthor(staff), text: input.text, photos: [], at: now, internal: input.internal, check: 'pass' as const };
    if (input.internal) return { ...c, thread: [...c.thread, message] };
    const status = applyCaseTransition(forTransition(c), input.askCustomer ? 'ask_customer' : 'reply', ctxOf(now, config));
    const paused = input.askCustomer && c.status !== 'waiting_customer';
    const next: CaseDoc = {
      ...c,
      status,
      thread: [...c.thread, message],
      firstResponseAt: c.firstResponseAt ?? now,
      assignee: c.assignee ?? { id: staff.openid, name: staff.name },
      assigneeId: c.assigneeId || staff.openid,
      clock: paused ? [...c.clock, { type: 'pause', at: now }] : c.clock,
      customerUnread: true,
    };
    await noticeCaseReply(tx, next, message, config, now);
    return next;
  });
}

export interface ResolveInput extends StepInput {
  outcome: OutcomeKind;
  note: string;
  points?: number | undefined;
  couponTemplateId?: string | undefined;
  refund?: { amountFen?: number | undefined; whole?: boolean | undefined } | undefined;
}

const refundIdForCase = (caseId: string, round: number) => `RFK${createHash('sha256').update(`case-refund:${caseId}:${round}`).digest('hex').slice(0, 15).toUpperCase()}`;

async function payPoints(tx: Transaction, c: CaseDoc, points: number, key: string, reason: string, config: AppConfig, now: number): Promise<void> {
  const account = accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, c.memberId));
  // The movement key is `adjust:<key>`: written once whatever retries come.
  const r = adjust(account, { adjustmentId: key, delta: points, now, reason, source: { kind: 'complaint', id: c._id } }, config.points);
  await writeAccount(tx, c.memberId, r.account, now);
  await writeMovements(tx, c.memberId, r.movements);
}

/**
 * Resolve with an outcome. Points and coupons are written in this transaction under the case's
 * compensation key; a refund goes through orders (its refund id is the case's, so a retry after a
 * crash between the refund and this step finds the refund already on the order).
 */
export async function resolveCase(db: Db, staff: StaffIdentity, input: ResolveInput, now: number): Promise<CaseStaffView> {
  const config = await loadConfig(db, now);
  if (input.outcome === 'points') checkCompensationPoints(input.points ?? 0, staff.role, config.cases);
  if (input.outcome === 'coupon') {
    const t = config.coupons.catalog.find((x) => x.id === input.couponTemplateId);
    if (!t || !t.active) throw new DomainError('CASE.INVALID_COMPENSATION', '请选择有效的优惠券');
  }
  const refund = input.outcome === 'refund' ? await refundForCase(db, staff, input, now) : null;
  const details = { outcome: input.outcome, points: input.points ?? null, couponTemplateId: input.couponTemplateId ?? null, refund: input.refund ?? null };
  return caseStep(db, staff, 'case.resolve', input, `${OUTCOME_LABELS[input.outcome]}：${input.note}`, details, now, async (c, tx, { config: cfg }) => {
    const status = applyCaseTransition(forTransition(c), 'resolve', ctxOf(now, cfg));
    const round = c.resolutions + 1;
    const key = compensationKey(c._id, round);
    let compensation: CompensationDoc | null = refund;
    if (input.outcome === 'points') {
      await payPoints(tx, c, input.points as number, key, `投诉补偿 ${c._id}`, cfg, now);
      compensation = { kind: 'points', points: input.points as number, key };
    }
    if (input.outcome === 'coupon') {
      const template = cfg.coupons.catalog.find((x) => x.id === input.couponTemplateId);
      if (!template) throw new DomainError('CASE.INVALID_COMPENSATION');
      const couponId = couponIdFor(c.memberId, key);
      if (!(await txGet(tx, C.coupons, couponId))) {
        const { id: _id, ...coupon } = issueCoupon(template, { couponId, memberId: c.memberId, now, source: 'staff' });
        await tx.collection(C.coupons).doc(couponId).set({ data: asDoc(coupon) });
      }
      compensation = { kind: 'coupon', couponId, templateId: template.id, title: template.title };
    }
    const by = staffAuthor(staff);
    const callbackOwner = (await accountManagerOf(tx, c.memberId)) ?? c.assignee ?? { id: staff.openid, name: staff.name };
    const next: CaseDoc = {
      ...c,
      status,
      resolutions: round,
      resolution: { round, outcome: input.outcome, note: input.note, by, at: now, compensation, reversed: null },
      resolvedAt: now,
      firstResponseAt: c.firstResponseAt ?? now,
      clock: [...c.clock, { type: 'stop', at: now }],
      // The playbooks: call back to confirm satisfaction, the next working day at the latest; the
      // account manager calls (the one who handled the case when none is assigned).
      callback: { assigneeId: callbackOwner.id, assigneeName: callbackOwner.name, dueAt: now + DAY_MS, doneAt: null, note: null },
      customerUnread: true,
    };
    await noticeCaseResult(tx, next, cfg, now);
    return next;
  });
}

/**
 * The refund of a resolution, before the resolve step records it. Null when the case is no longer
 * open: a replayed request is then answered from its audit record, any other refused by the step.
 */
/** The member's account manager (客户经理, set on the care list), if one is assigned and still active. */
async function accountManagerOf(tx: Transaction, memberId: string): Promise<{ id: string; name: string } | null> {
  const profile = await txGet<Pick<CrmProfileDoc, 'accountManager'>>(tx, C.crmProfiles, memberId);
  if (!profile?.accountManager) return null;
  const who = await txGet<StaffDoc>(tx, C.staff, profile.accountManager);
  return who && who.active ? { id: profile.accountManager, name: who.name } : null;
}

async function refundForCase(db: Db, staff: StaffIdentity, input: ResolveInput, now: number): Promise<CompensationDoc | null> {
  const c = await db.runTransaction((tx) => caseIn(tx, input.caseId));
  if (!isActive(c.status)) return null;
  if (!c.orderId) throw new DomainError('CASE.INVALID_COMPENSATION', '该反馈没有关联订单，不能退款');
  const round = c.resolutions + 1;
  const refundId = refundIdForCase(c._id, round);
  const order = await db.runTransaction((tx) => txGet<OrderDoc>(tx, C.orders, c.orderId as string));
  if (!order || order.memberId !== c.memberId) throw new DomainError('ORDER.NOT_FOUND');
  const recorded = order.refunds.find((r) => r.refundId === refundId);
  const left = order.paidFen - order.refundedFen;
  const fen = recorded ? recorded.fen : input.refund?.whole ? left : (input.refund?.amountFen ?? 0);
  if (!recorded && (fen <= 0 || fen > left)) throw new DomainError('ORDER.REFUND_TOO_LARGE', `该订单最多还可退 ¥${(left / 100).toFixed(2)}`);
  await refundOrder(db, { orderId: order._id, refundId, refundFen: fen, reason: `投诉 ${c._id}：${input.note}`, by: { kind: 'staff', id: staff.openid, name: staff.name } }, now);
  return { kind: 'refund', orderId: order._id, refundFen: fen, requestId: refundId };
}

/** A manager takes back a case's points or unused coupon, with a reason (a refund is not reversible here). */
export function reverseCompensation(db: Db, manager: StaffIdentity, input: StepInput & { reason: string }, now: number): Promise<CaseStaffView> {
  return caseStep(db, manager, 'case.reverse', input, input.reason, {}, now, async (c, tx, { config }) => {
    const r = c.resolution;
    if (!r || !r.compensation || r.compensation.kind === 'refund') throw new DomainError('CASE.NO_COMPENSATION');
    if (r.reversed) return c;
    if (r.compensation.kind === 'points') {
      await payPoints(tx, c, -r.compensation.points, reversalKey(c._id, r.round), `撤回投诉补偿：${input.reason}`, config, now);
    } else {
      const coupon = await txGet<CouponDoc>(tx, C.coupons, r.compensation.couponId);
      if (coupon && coupon.usedAt !== null) throw new DomainError('CASE.COMPENSATION_USED');
      // An unused coupon ends now: it shows as expired in the wallet and can no longer be used.
      if (coupon) await tx.collection(C.coupons).doc(r.compensation.couponId).update({ data: { expiresAt: now, revokedAt: now } });
    }
    return { ...c, resolution: { ...r, reversed: { by: staffAuthor(manager), reason: input.reason, at: now } } };
  });
}

/** The call-back (回访) is done: what the customer said. */
export function recordCallback(db: Db, staff: StaffIdentity, input: StepInput & { note: string }, now: number): Promise<CaseStaffView> {
  return caseStep(db, staff, 'case.callback', input, input.note, {}, now, async (c) => {
    if (!c.callback) throw new DomainError('CASE.ILLEGAL_TRANSITION', '该反馈没有待回访任务');
    if (c.callback.doneAt !== null) return c;
    return { ...c, callback: { ...c.callback, doneAt: now, note: input.note } };
  });
}

/** Close a resolved case with its root cause (for the causes report). */
export function closeCase(db: Db, staff: StaffIdentity, input: StepInput & { rootCause: RootCause; note: string }, now: number): Promise<CaseStaffView> {
  return caseStep(db, staff, 'case.close', input, input.note || '关闭', { rootCause: input.rootCause }, now, async (c, _tx, { config }) => {
    const status: CaseStatus = applyCaseTransition(forTransition(c), 'close', ctxOf(now, config));
    return { ...c, status, rootCause: input.rootCause, closedAt: now };
  });
}

/** A staff member approves (or rejects) a photo the content check has not passed. */
export function reviewPhoto(db: Db, staff: StaffIdentity, input: StepInput & { fileId: string; approve: boolean }, now: number): Promise<CaseStaffView> {
  return caseStep(db, staff, 'case.photo', input, input.approve ? '照片审核通过' : '照片不予展示', { fileId: input.fileId }, now, async (c) => {
    let found = false;
    const thread = c.thread.map((m) => ({
      ...m,
      photos: m.photos.map((p) => {
        if (p.fileId !== input.fileId) return p;
        found = true;
        return { ...p, status: input.approve ? ('approved' as const) : ('rejected' as const) };
      }),
    }));
    if (!found) throw new DomainError('CASE.NOT_FOUND', '该反馈中没有这张照片');
    return { ...c, thread };
  });
}
