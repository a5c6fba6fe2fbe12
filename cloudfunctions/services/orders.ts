/**
 * Order steps as transactions over the order, the member, their points account and (for cancel and
 * full refunds) the coupon and the stock. Every step goes through the state machine and appends to
 * the order's timeline; each is idempotent because the order records what was applied, so a retry
 * returns the first answer and writes nothing new.
 */
import { DomainError } from '../core/errors';
import { completeOrder as completeInCore, refundOrder as refundInCore } from '../core/orders/lifecycle';
import { applyTransition, STATUS_LABELS, type OrderStatus } from '../core/orders/stateMachine';
import { findTemplate } from '../core/coupons/catalog';
import { issueCoupon } from '../core/coupons/coupon';
import type { Db, Transaction } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { loadConfig } from './config';
import { writeAccount, writeMovements, writeTierChange } from './ledger';
import type { AccountDoc, MemberDoc } from './members';
import { SYSTEM_ACTOR, timelineEntry, type Actor, type OrderDoc, type ProductDoc } from './orderModel';
import { accountState, couponDoc, couponIdFor, type CouponDoc } from './points';

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
