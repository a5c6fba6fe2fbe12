/**
 * Order steps as transactions over the order, the member, their points account and (for cancel and
 * full refunds) the coupon and the stock. Every step goes through the state machine and appends to
 * the order's timeline; each is idempotent because the order records what was applied, so a retry
 * returns the first answer and writes nothing new.
 */
import type { ServerErrorCode } from '../core/errorCodes';
import { DomainError, isDomainError } from '../core/errors';
import { completeOrder as completeInCore, refundOrder as refundInCore } from '../core/orders/lifecycle';
import { applyTransition, STATUS_LABELS, type OrderStatus } from '../core/orders/stateMachine';
import { findTemplate } from '../core/coupons/catalog';
import { issueCoupon } from '../core/coupons/coupon';
import type { Db, Transaction } from '../ports/db';
import { paymentGateway, type ClientPayment, type PaymentNotice } from '../ports/payment';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { loadConfig } from './config';
import { writeAccount, writeMovements, writeTierChange } from './ledger';
import type { AccountDoc, MemberDoc } from './members';
import { orderIdOfTradeNo, SYSTEM_ACTOR, timelineEntry, type Actor, type OrderDoc, type ProductDoc } from './orderModel';
import { orderDetailView, ownOrder, type OrderDetailView } from './orderViews';
import { accountState, couponDoc, couponIdFor, type CouponDoc } from './points';
import { creditReferrer } from './referrals';

export type { OrderDoc } from './orderModel';

export interface CompletionResult { orderId: string; earnedPoints: number; tierChanged: boolean }

export const forTransition = (o: OrderDoc) => ({ status: o.status, hasWeightLines: o.hasWeightLines, completed: o.completedAt !== null });

async function loadParties(tx: Transaction, orderId: string) {
  const order = await txGet<OrderDoc>(tx, C.orders, orderId);
  if (!order) throw new DomainError('ORDER.NOT_FOUND', '订单不存在');
  const member = await txGet<MemberDoc>(tx, C.members, order.memberId);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND', '会员不存在');
  const account = accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, order.memberId));
  return { order, member, account };
}

/** Completes a delivered order: purchase stats, tier, points (once) and 复购券, through the core lifecycle. */
export async function completeOrder(db: Db, orderId: string, now: number, by: Actor = SYSTEM_ACTOR): Promise<CompletionResult> {
  const config = await loadConfig(db, now);
  return db.runTransaction(async (tx) => {
    const { order, member, account } = await loadParties(tx, orderId);
    if (order.completedAt !== null) return { orderId, earnedPoints: order.points?.earned ?? 0, tierChanged: false };
    const status = applyTransition(forTransition(order), 'complete');
    const r = completeInCore({ stats: member.stats, tierState: member.tierState, account }, { orderId, paidFen: order.paidFen, completedAt: now }, config);
    const usableAt = r.ledger.account.pendingLots.find((l) => l.orderId === orderId)?.usableAt ?? null;
    const points = { earned: r.earnedPoints, multiplierPct: r.multiplierPct, expiresAt: r.earnExpiresAt, usableAt };
    const updated: OrderDoc = { ...order, status, completedAt: now, updatedAt: now, points, timeline: [...order.timeline, timelineEntry(status, 'complete', now, by)] };
    await tx.collection(C.orders).doc(orderId).set({ data: asDoc(withoutId(updated)) });
    await tx.collection(C.members).doc(member._id).set({ data: withoutId({ ...member, stats: r.ledger.stats, tierState: r.ledger.tierState }) });
    await writeAccount(tx, member._id, r.ledger.account, now);
    await writeMovements(tx, member._id, r.movements);
    if (r.tierChange) await writeTierChange(tx, member._id, r.tierChange, `order:${orderId}`);
    // A referred member's first completed order rewards whoever invited them (once: keyed movement).
    await creditReferrer(tx, member, now, config);
    for (const templateId of r.repurchaseTemplateIds) {
      const template = findTemplate(config.coupons.catalog, templateId);
      if (!template) continue;
      const key = `repurchase:${orderId}:${templateId}`;
      const { _id: couponId, ...coupon } = couponDoc(issueCoupon(template, { couponId: couponIdFor(member._id, key), memberId: member._id, now, source: 'repurchase' }));
      await tx.collection(C.coupons).doc(couponId).set({ data: asDoc(coupon) });
    }
    return { orderId, earnedPoints: r.earnedPoints, tierChanged: r.tierChange !== null };
  });
}

export interface RefundResult { orderId: string; refundId: string; reversedPoints: number; owedPoints: number }

export interface RefundInput {
  orderId: string;
  refundId: string;
  refundFen: number;
  lines?: { productId: string; fen: number }[];
  reason?: string | null;
  by?: Actor;
}

/**
 * Refunds a completed order in part or whole (points taken back by the ledger's rules, once per
 * refund id). A full refund also gives the coupon back to the member.
 */
export async function refundOrder(db: Db, input: RefundInput, now: number): Promise<RefundResult> {
  return db.runTransaction(async (tx) => {
    const { order, member, account } = await loadParties(tx, input.orderId);
    const done = order.refunds.find((r) => r.refundId === input.refundId);
    if (done) return { orderId: order._id, refundId: done.refundId, reversedPoints: done.points, owedPoints: 0 };
    if (order.completedAt === null || order.points === null) throw new DomainError('ORDER.NOT_COMPLETED', '订单尚未完成，不能退款');
    const r = refundInCore(
      { stats: member.stats, tierState: member.tierState, account },
      { orderId: order._id, paidFen: order.paidFen, completedAt: order.completedAt, earnedPoints: order.points.earned, earnExpiresAt: order.points.expiresAt, refundedBeforeFen: order.refundedFen },
      { refundId: input.refundId, refundFen: input.refundFen, at: now },
    );
    const refundedFen = order.refundedFen + input.refundFen;
    const full = refundedFen === order.paidFen;
    const by = input.by ?? SYSTEM_ACTOR;
    const status = applyTransition(forTransition(order), full ? 'refund_full' : 'refund_partial');
    const refund = { refundId: input.refundId, fen: input.refundFen, at: now, points: r.reversedPoints, lines: input.lines ?? [], reason: input.reason ?? null, by };
    const updated: OrderDoc = { ...order, status, refundedFen, refunds: [...order.refunds, refund], updatedAt: now, timeline: [...order.timeline, timelineEntry(status, full ? 'refund_full' : 'refund_partial', now, by, input.reason ?? null)] };
    if (full) await returnCoupon(tx, order);
    await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId(updated)) });
    await tx.collection(C.members).doc(member._id).set({ data: withoutId({ ...member, stats: r.ledger.stats }) });
    await writeAccount(tx, member._id, r.ledger.account, now);
    await writeMovements(tx, member._id, r.movements);
    return { orderId: order._id, refundId: input.refundId, reversedPoints: r.reversedPoints, owedPoints: r.owedPoints };
  });
}

/** Gives the order's coupon back (only if this order used it: a second return changes nothing). */
export async function returnCoupon(tx: Transaction, order: Pick<OrderDoc, '_id' | 'coupon'>): Promise<boolean> {
  if (!order.coupon) return false;
  const coupon = await txGet<CouponDoc>(tx, C.coupons, order.coupon.couponId);
  if (!coupon || coupon.usedOnOrderId !== order._id) return false;
  await tx.collection(C.coupons).doc(coupon._id).set({ data: asDoc(withoutId({ ...coupon, usedAt: null, usedOnOrderId: null })) });
  return true;
}

/** Puts the ordered units back on the products that count stock. */
export async function restoreStock(tx: Transaction, order: Pick<OrderDoc, 'lines'>, now: number): Promise<void> {
  for (const line of order.lines) {
    const product = await txGet<ProductDoc>(tx, C.products, line.productId);
    if (!product || product.stock === 'unlimited') continue;
    await tx.collection(C.products).doc(line.productId).set({ data: asDoc(withoutId({ ...product, stock: product.stock + line.quantity, updatedAt: now })) });
  }
}

export interface CancelResult { orderId: string; status: 'cancelled'; couponReturned: boolean }

/**
 * Cancels an order before dispatch: the coupon goes back to the member, the stock back on the shelf,
 * nothing is credited. `memberId` restricts it to the caller's own order (another's is NOT_FOUND).
 * A second cancel answers the same without writing.
 */
export async function cancelOrder(db: Db, input: { orderId: string; memberId: string | null; by: Actor; reason: string | null; onlyFrom?: readonly OrderStatus[] }, now: number): Promise<CancelResult> {
  return db.runTransaction(async (tx) => {
    const order = await txGet<OrderDoc>(tx, C.orders, input.orderId);
    if (!order || (input.memberId !== null && order.memberId !== input.memberId)) throw new DomainError('ORDER.NOT_FOUND', '订单不存在');
    if (order.status === 'cancelled') return { orderId: order._id, status: 'cancelled', couponReturned: order.coupon !== null };
    if (input.onlyFrom && !input.onlyFrom.includes(order.status)) {
      throw new DomainError('ORDER.ILLEGAL_TRANSITION', `订单${STATUS_LABELS[order.status]}，请联系客服取消`, { status: order.status, event: 'cancel' });
    }
    const status = applyTransition(forTransition(order), 'cancel');
    const couponReturned = await returnCoupon(tx, order);
    await restoreStock(tx, order, now);
    const updated: OrderDoc = { ...order, status, cancelledAt: now, updatedAt: now, timeline: [...order.timeline, timelineEntry(status, 'cancel', now, input.by, input.reason)] };
    await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId(updated)) });
    return { orderId: order._id, status: 'cancelled', couponReturned };
  });
}

// ---------------------------------------------------------------------------------------------
// Online payment (WeChat Pay; 模拟支付 locally)

/** WeChat Pay keeps a prepaid order 2 hours; the client gets the same parameters well within that. */
export const PREPARED_PAYMENT_TTL_MS = 90 * 60_000;

/**
 * What the customer needs to pay an unpaid order: the parameters already prepared within their
 * lifetime, or new ones from the gateway (same trade number, same amount), recorded on the order so
 * a retry or a second tap gets exactly the same.
 */
export async function preparePayment(db: Db, order: OrderDoc, openid: string, now: number): Promise<ClientPayment> {
  const outTradeNo = order.payment.outTradeNo;
  if (order.payment.method !== 'wechat_pay' || outTradeNo === null) throw new DomainError('PAYMENT.NOT_PAYABLE');
  if (order.payment.paidAt !== null) throw new DomainError('PAYMENT.ALREADY_PAID');
  if (order.status !== 'pending_payment') throw new DomainError('PAYMENT.NOT_PAYABLE', `订单${STATUS_LABELS[order.status]}，不能支付`);
  const fresh = (p: OrderDoc['payment']['prepared']) => (p && now - p.at < PREPARED_PAYMENT_TTL_MS && p.client.totalFen === order.paidFen ? p.client : null);
  const ready = fresh(order.payment.prepared);
  if (ready) return ready;
  const client = await paymentGateway().createPayment({ outTradeNo, totalFen: order.paidFen, description: `鲜友会订单 ${order._id}`, openid });
  return db.runTransaction(async (tx) => {
    const current = await txGet<OrderDoc>(tx, C.orders, order._id);
    if (!current || current.status !== 'pending_payment') return client;
    // A parallel request recorded its parameters first: everyone gets those.
    const raced = fresh(current.payment.prepared);
    if (raced) return raced;
    await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId({ ...current, payment: { ...current.payment, prepared: { client, at: now } }, updatedAt: now })) });
    return client;
  });
}

/** An order as just placed or asked to be paid: with what the client needs to pay it, if anything. */
export interface PlacedOrderView extends OrderDetailView {
  pay: ClientPayment | null;
  /** Placing succeeded but preparing the payment did not: 去支付 on the detail page asks again. */
  payError: { code: ServerErrorCode; message: string } | null;
}

/** The order's view with its payment prepared when it waits for one (a failure is reported, not thrown: the order exists). */
export async function placedOrderView(db: Db, order: OrderDoc, openid: string, now: number): Promise<PlacedOrderView> {
  const view = orderDetailView(order, now);
  if (!view.payable) return { ...view, pay: null, payError: null };
  try {
    return { ...view, pay: await preparePayment(db, order, openid, now), payError: null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { ...view, pay: null, payError: { code: error.code, message: error.message } };
  }
}

/** 去支付 on an unpaid order of the caller's: the same trade, prepared again if needed. */
export async function payOrder(db: Db, memberId: string, orderId: string, now: number): Promise<PlacedOrderView> {
  const order = await ownOrder(db, memberId, orderId);
  const pay = await preparePayment(db, order, memberId, now);
  return { ...orderDetailView(order, now), pay, payError: null };
}

export type PaymentNoticeOutcome =
  /** pending_payment → submitted now. */
  | 'paid'
  /** The same trade was already recorded (a notice comes at least once). */
  | 'already_paid'
  /** Not a paid notice (returnCode/resultCode not SUCCESS): nothing to do. */
  | 'not_paid'
  /** No order has this trade number. Audited: money may have been taken for nothing. */
  | 'unknown_trade'
  /** The amount differs from the order's: refused and audited, the order stays unpaid. */
  | 'amount_mismatch'
  /** The notice names another merchant: refused and audited. */
  | 'merchant_mismatch'
  /** Paid after the order was cancelled: recorded and audited for a refund by staff. */
  | 'paid_after_cancel';

/** One audit record per (trade, kind): a notice sent again finds it and writes nothing new. */
export interface PaymentAuditDoc {
  _id: string;
  actor: 'wechat_pay';
  actorName: string;
  role: null;
  action: `payment.${'unknownTrade' | 'amountMismatch' | 'merchantMismatch' | 'paidAfterCancel'}`;
  target: string;
  reason: string;
  at: number;
  details: Record<string, unknown>;
  before: unknown;
  after: unknown;
  state: 'done';
  result: null;
  fingerprint: string;
}

export const paymentAuditId = (outTradeNo: string, kind: string): string => `payment:${outTradeNo}:${kind}`;

async function auditPayment(tx: Transaction, notice: PaymentNotice, action: PaymentAuditDoc['action'], target: string, reason: string, now: number, details: Record<string, unknown>): Promise<void> {
  const id = paymentAuditId(notice.outTradeNo, action);
  if (await txGet<PaymentAuditDoc>(tx, C.audit, id)) return;
  const doc: Omit<PaymentAuditDoc, '_id'> = {
    actor: 'wechat_pay',
    actorName: '微信支付',
    role: null,
    action,
    target,
    reason,
    at: now,
    details: { outTradeNo: notice.outTradeNo, totalFee: notice.totalFee, transactionId: notice.transactionId ?? null, subMchId: notice.subMchId ?? null, ...details },
    before: null,
    after: null,
    state: 'done',
    result: null,
    fingerprint: '',
  };
  await tx.collection(C.audit).doc(id).set({ data: asDoc(doc) });
}

/**
 * Applies a payment notice to its order, idempotent on the trade number: the first paid notice moves
 * pending_payment → submitted through the state machine (timeline entry, transaction id, paidAt);
 * any later one changes nothing. `merchantId`: the merchant notices must name, when known.
 */
export async function markOrderPaid(db: Db, notice: PaymentNotice, now: number, opts: { merchantId: string | null; note: string }): Promise<PaymentNoticeOutcome> {
  if (notice.returnCode !== 'SUCCESS' || notice.resultCode !== 'SUCCESS') return 'not_paid';
  const orderId = orderIdOfTradeNo(notice.outTradeNo);
  return db.runTransaction(async (tx): Promise<PaymentNoticeOutcome> => {
    const order = orderId === null ? null : await txGet<OrderDoc>(tx, C.orders, orderId);
    const target = order ? `order:${order._id}` : `trade:${notice.outTradeNo}`;
    if (!order || order.payment.method !== 'wechat_pay' || order.payment.outTradeNo !== notice.outTradeNo) {
      await auditPayment(tx, notice, 'payment.unknownTrade', target, '收到未知订单的支付结果', now, {});
      return 'unknown_trade';
    }
    if (opts.merchantId !== null && notice.subMchId !== undefined && notice.subMchId !== opts.merchantId) {
      await auditPayment(tx, notice, 'payment.merchantMismatch', target, '支付结果的商户号不符，未记为已支付', now, { expectedMerchant: opts.merchantId });
      return 'merchant_mismatch';
    }
    if (order.payment.paidAt !== null) return 'already_paid';
    if (notice.totalFee !== order.paidFen) {
      await auditPayment(tx, notice, 'payment.amountMismatch', target, `支付金额 ${notice.totalFee} 分与订单金额 ${order.paidFen} 分不符，未记为已支付`, now, { expectedFen: order.paidFen });
      return 'amount_mismatch';
    }
    const payment = { ...order.payment, paidAt: now, transactionId: notice.transactionId ?? null };
    if (order.status === 'cancelled') {
      // The money arrived after the cancel: keep the record and ask staff to refund it.
      await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId({ ...order, payment, updatedAt: now })) });
      await auditPayment(tx, notice, 'payment.paidAfterCancel', target, '订单取消后收到付款，需退款给顾客', now, { paidFen: order.paidFen });
      return 'paid_after_cancel';
    }
    const status = applyTransition(forTransition(order), 'pay');
    const updated: OrderDoc = { ...order, status, payment, updatedAt: now, timeline: [...order.timeline, timelineEntry(status, 'pay', now, SYSTEM_ACTOR, opts.note)] };
    await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId(updated)) });
    return 'paid';
  });
}
