/**
 * The customer's side of the complaint desk: file a complaint, enquiry or suggestion (about an order
 * and some of its lines, with photos), follow it, add to it, confirm and rate the resolution, reopen
 * it within the window. Every write is one transaction keyed by the client's request id.
 *
 * Text passes the content-check port before anything is written: `risky` is refused, `review` and
 * `unchecked` are stored and flagged for staff. Photos must be the caller's own uploads; they stay
 * visible to staff only until the media check passes or a staff member approves them.
 */
import { checkRating } from '../core/cases/rules';
import { applyCaseTransition, isActive, type CaseCategory, type CaseType } from '../core/cases/stateMachine';
import { DomainError } from '../core/errors';
import { tierDefinition } from '../core/tiers/rules';
import type { Page } from '../contracts/api';
import { contentCheck } from '../ports/contentCheck';
import type { Db, Transaction } from '../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import { caseSla, slaEnv, type SlaEnv } from './caseClock';
import { caseIdFor, MAX_THREAD, messageIdFor, type CaseAuthor, type CaseDoc, type CaseMessage, type CasePhoto } from './caseModel';
import { caseCustomerView, caseSummaryView, type CaseCustomerView, type CaseSummaryView } from './caseViews';
import { C } from './collections';
import { loadConfig } from './config';
import { getOrEnroll, type MemberDoc } from './members';
import type { OrderDoc } from './orderModel';
import { assertSameRequest, requestFingerprint } from './requests';
import { assertOwnUploads } from './uploads';

export interface FileCaseInput {
  type: CaseType;
  category: CaseCategory;
  orderId: string | null;
  productIds: string[];
  text: string;
  photos: string[];
  preferredContact: string | null;
  requestId: string;
  /** Set when a low survey answer becomes a complaint. */
  fromSurvey?: boolean;
}

const customerAuthor = (m: MemberDoc): CaseAuthor => ({ kind: 'customer', id: m._id, name: m.displayName });

/** The text check: refuses risky text, otherwise says what the message records. */
export async function checkedText(openid: string, text: string): Promise<CaseMessage['check']> {
  if (text.trim().length === 0) return 'pass';
  const verdict = await contentCheck().checkText({ openid, scene: 'comment', content: text });
  if (verdict.verdict === 'risky') throw new DomainError('CASE.TEXT_REFUSED');
  return verdict.verdict;
}

/** The caller's own uploads, each sent to the media check; its verdict comes later. */
export async function checkedPhotos(openid: string, fileIds: string[]): Promise<CasePhoto[]> {
  await assertOwnUploads(openid, fileIds, 'CASE.PHOTO_NOT_YOURS');
  return Promise.all(
    fileIds.map(async (fileId): Promise<CasePhoto> => {
      const r = await contentCheck().checkImage({ openid, fileId });
      return r.status === 'pending' ? { fileId, status: 'pending', traceId: r.traceId } : { fileId, status: 'unchecked', traceId: null };
    }),
  );
}

async function ownCase(db: Db, openid: string, caseId: string): Promise<CaseDoc> {
  const c = await dbGet<CaseDoc>(db, C.complaints, caseId);
  if (!c || c.memberId !== openid) throw new DomainError('CASE.NOT_FOUND');
  return c;
}

async function txOwnCase(tx: Transaction, openid: string, caseId: string): Promise<CaseDoc> {
  const c = await txGet<CaseDoc>(tx, C.complaints, caseId);
  if (!c || c.memberId !== openid) throw new DomainError('CASE.NOT_FOUND');
  return c;
}

/** The order (and lines) a case is about must be the caller's. */
async function checkOrder(db: Db, memberId: string, orderId: string | null, productIds: string[]): Promise<void> {
  if (orderId === null) {
    if (productIds.length > 0) throw new DomainError('REQUEST.INVALID', '请先选择订单再选择商品');
    return;
  }
  const order = await dbGet<OrderDoc>(db, C.orders, orderId);
  if (!order || order.memberId !== memberId) throw new DomainError('CASE.ORDER_NOT_YOURS');
  const inOrder = new Set(order.lines.map((l) => l.productId));
  for (const id of productIds) if (!inOrder.has(id)) throw new DomainError('REQUEST.INVALID', '所选商品不在该订单中', { productId: id });
}

/** A new case document (the desk's staff-created cases use it too). */
export function newCaseDoc(input: Omit<FileCaseInput, 'requestId' | 'photos' | 'text' | 'fromSurvey'> & { id: string; member: MemberDoc; tierName: string; first: CaseMessage; source: CaseDoc['source']; request: CaseDoc['request'] }, env: SlaEnv, now: number): CaseDoc {
  const base: CaseDoc = {
    _id: input.id,
    memberId: input.member._id,
    memberNo: input.member.memberNo,
    memberName: input.member.displayName,
    tier: input.member.tierState.tier,
    tierName: input.tierName,
    region: input.member.region,
    type: input.type,
    category: input.category,
    orderId: input.orderId,
    productIds: input.productIds,
    preferredContact: input.preferredContact,
    source: input.source,
    status: 'open',
    active: 1,
    dueAt: 0,
    assignee: null,
    assigneeId: '',
    thread: [input.first],
    firstResponseAt: null,
    clock: [{ type: 'start', at: now }],
    sla: {
      firstResponseDueAt: null,
      resolutionDueAt: null,
      warnAt: null,
      breachedFirstResponse: false,
      breachedResolution: false,
      breachNotified: { firstResponse: false, resolution: false },
      warned: { firstResponse: false, resolution: false },
      provisional: false,
      firstResponseTarget: 0,
      resolutionTarget: 0,
    },
    resolution: null,
    resolutions: 0,
    rating: null,
    callback: null,
    rootCause: null,
    autoClosed: false,
    resolvedAt: null,
    closedAt: null,
    customerUnread: false,
    request: input.request,
    createdAt: now,
    updatedAt: now,
  };
  return withSla(base, env, now);
}

/** The case with its deadlines (and queue sort key) recomputed from its clock log. */
export function withSla(c: CaseDoc, env: SlaEnv, now: number): CaseDoc {
  const { sla, dueAt } = caseSla(c, env, now);
  return { ...c, sla, dueAt, active: isActive(c.status) ? 1 : 0 };
}

export async function fileCase(db: Db, openid: string, input: FileCaseInput, now: number): Promise<CaseCustomerView> {
  const [member, config] = await Promise.all([getOrEnroll(db, openid, now), loadConfig(db, now)]);
  const id = caseIdFor(member._id, input.requestId);
  const fingerprint = requestFingerprint({ ...input, requestId: undefined });
  const existing = await dbGet<CaseDoc>(db, C.complaints, id);
  if (existing) {
    assertSameRequest(existing.request?.fingerprint, fingerprint);
    return caseCustomerView(existing, config.cases, now);
  }
  await checkOrder(db, member._id, input.orderId, input.productIds);
  const [check, photos] = await Promise.all([checkedText(openid, input.text), checkedPhotos(openid, input.photos)]);
  const env = slaEnv(config);
  const first: CaseMessage = { id: messageIdFor(id, input.requestId), by: customerAuthor(member), text: input.text, photos, at: now, internal: false, check };
  const doc = newCaseDoc(
    { ...input, id, member, tierName: tierDefinition(config.tiers, member.tierState.tier).name, first, source: input.fromSurvey ? 'survey' : 'customer', request: { id: input.requestId, fingerprint } },
    env,
    now,
  );
  const stored = await db.runTransaction(async (tx) => {
    const again = await txGet<CaseDoc>(tx, C.complaints, id);
    if (again) {
      assertSameRequest(again.request?.fingerprint, fingerprint);
      return again;
    }
    await tx.collection(C.complaints).doc(id).set({ data: asDoc(withoutId(doc)) });
    return doc;
  });
  return caseCustomerView(stored, config.cases, now);
}

/** The caller's cases, newest first (index memberId + createdAt). */
export async function myCases(db: Db, openid: string, page: number, pageSize: number): Promise<Page<CaseSummaryView> & { unread: number }> {
  const { data } = await db
    .collection(C.complaints)
    .where({ memberId: openid })
    .orderBy('createdAt', 'desc')
    .orderBy('_id', 'desc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .get();
  const docs = data as unknown as CaseDoc[];
  const items = docs.slice(0, pageSize).map(caseSummaryView);
  return { items, page, pageSize, hasMore: docs.length > pageSize, unread: items.filter((i) => i.unread).length };
}

/** One of the caller's cases; opening it marks staff replies read. */
export async function myCase(db: Db, openid: string, caseId: string, now: number): Promise<CaseCustomerView> {
  const [c, config] = await Promise.all([ownCase(db, openid, caseId), loadConfig(db, now)]);
  if (c.customerUnread) await db.collection(C.complaints).doc(caseId).update({ data: { customerUnread: false } });
  return caseCustomerView({ ...c, customerUnread: false }, config.cases, now);
}

/**
 * A customer step on their own case, once per request id: the message (or rating) records the request
 * id, so a retry finds it and answers the case as it is.
 */
async function customerStep(
  db: Db,
  openid: string,
  caseId: string,
  requestId: string,
  now: number,
  change: (c: CaseDoc, env: SlaEnv, member: MemberDoc) => CaseDoc,
  done: (c: CaseDoc) => boolean,
): Promise<CaseCustomerView> {
  const [member, config] = await Promise.all([getOrEnroll(db, openid, now), loadConfig(db, now)]);
  const env = slaEnv(config);
  const result = await db.runTransaction(async (tx) => {
    const c = await txOwnCase(tx, openid, caseId);
    if (done(c)) return c;
    const next = withSla({ ...change(c, env, member), updatedAt: now }, env, now);
    await tx.collection(C.complaints).doc(caseId).set({ data: asDoc(withoutId(next)) });
    return next;
  });
  return caseCustomerView(result, config.cases, now);
}

const ctxOf = (now: number, reopenDays: number) => ({ now, reopenWindowMs: reopenDays * 86_400_000 });
const forTransition = (c: CaseDoc) => ({ status: c.status, resolvedAt: c.resolvedAt, rated: c.rating !== null, autoClosed: c.autoClosed });

/** The customer adds to the case; while staff wait for them (待客户补充) this restarts the clock. */
export async function addCustomerMessage(db: Db, openid: string, input: { caseId: string; text: string; photos: string[]; requestId: string }, now: number): Promise<CaseCustomerView> {
  const c0 = await ownCase(db, openid, input.caseId);
  const messageId = messageIdFor(c0._id, input.requestId);
  const fingerprint = requestFingerprint({ text: input.text, photos: input.photos });
  const mine = c0.thread.find((m) => m.id === messageId);
  if (mine) {
    assertSameRequest(requestFingerprint({ text: mine.text, photos: mine.photos.map((p) => p.fileId) }), fingerprint);
    const config = await loadConfig(db, now);
    return caseCustomerView(c0, config.cases, now);
  }
  const config0 = await loadConfig(db, now);
  applyCaseTransition(forTransition(c0), 'customer_reply', ctxOf(now, config0.cases.reopenDays));
  const [check, photos] = await Promise.all([checkedText(openid, input.text), checkedPhotos(openid, input.photos)]);
  return customerStep(
    db,
    openid,
    input.caseId,
    input.requestId,
    now,
    (c, _env, member) => {
      const status = applyCaseTransition(forTransition(c), 'customer_reply', ctxOf(now, config0.cases.reopenDays));
      if (c.thread.length >= MAX_THREAD) throw new DomainError('REQUEST.INVALID', '留言已达上限，请电话联系客服');
      const resumed = c.status === 'waiting_customer' && status !== 'waiting_customer';
      return {
        ...c,
        status,
        thread: [...c.thread, { id: messageId, by: customerAuthor(member), text: input.text, photos, at: now, internal: false, check }],
        clock: resumed ? [...c.clock, { type: 'resume', at: now }] : c.clock,
      };
    },
    (c) => c.thread.some((m) => m.id === messageId),
  );
}

/** Confirm the resolution with a 1–5 rating (a reason at 3 or below); once. */
export async function rateCase(db: Db, openid: string, input: { caseId: string; score: number; reason: string | null; requestId: string }, now: number): Promise<CaseCustomerView> {
  checkRating(input.score, input.reason);
  const config = await loadConfig(db, now);
  return customerStep(
    db,
    openid,
    input.caseId,
    input.requestId,
    now,
    (c) => {
      applyCaseTransition(forTransition(c), 'rate', ctxOf(now, config.cases.reopenDays));
      return { ...c, rating: { score: input.score, reason: input.reason?.trim() || null, at: now } };
    },
    (c) => c.rating !== null && c.rating.score === input.score && (c.rating.reason ?? null) === (input.reason?.trim() || null),
  );
}

/** Reopen within the window: the resolution clock starts again, the case goes back to the queue. */
export async function reopenCase(db: Db, openid: string, input: { caseId: string; reason: string; requestId: string }, now: number): Promise<CaseCustomerView> {
  const config = await loadConfig(db, now);
  const check = await checkedText(openid, input.reason);
  const messageId = messageIdFor(input.caseId, input.requestId);
  return customerStep(
    db,
    openid,
    input.caseId,
    input.requestId,
    now,
    (c, _env, member) => {
      const status = applyCaseTransition(forTransition(c), 'reopen', ctxOf(now, config.cases.reopenDays));
      return {
        ...c,
        status,
        closedAt: null,
        rootCause: null,
        callback: c.callback && c.callback.doneAt === null ? null : c.callback,
        thread: [...c.thread, { id: messageId, by: customerAuthor(member), text: `重新打开：${input.reason}`, photos: [], at: now, internal: false, check }],
        clock: [...c.clock, { type: 'reopen', at: now }],
      };
    },
    (c) => c.thread.some((m) => m.id === messageId),
  );
}
