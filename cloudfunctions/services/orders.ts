/**
 * Order completion and refunds as transactions over the member, their points account and the order.
 * Both are idempotent: the order document records what was applied, so a retry returns the first
 * answer and writes nothing new.
 */
import { DomainError } from '../core/errors';
import { completeOrder as completeInCore, refundOrder as refundInCore } from '../core/orders/lifecycle';
import { findTemplate } from '../core/coupons/catalog';
import { issueCoupon } from '../core/coupons/coupon';
import type { Db, Transaction } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { loadConfig } from './config';
import { writeAccount, writeMovements, writeTierChange } from './ledger';
import type { AccountDoc, MemberDoc } from './members';
import { accountState, couponDoc, couponIdFor } from './points';

export interface OrderLine { sku: string; name: string; line: string; unit: string; quantity: number; unitPriceFen: number; amountFen: number }

export interface OrderDoc {
  _id: string;
  memberId: string;
  status: 'placed' | 'completed';
  lines: OrderLine[];
  totalFen: number;
  discountFen: number;
  paidFen: number;
  region: string;
  createdAt: number;
  completedAt: number | null;
  points: { earned: number; multiplierPct: number; expiresAt: number | null } | null;
  refundedFen: number;
  refunds: { refundId: string; fen: number; at: number; points: number }[];
}

export interface CompletionResult { orderId: string; earnedPoints: number; tierChanged: boolean }

async function loadParties(tx: Transaction, orderId: string) {
  const order = await txGet<OrderDoc>(tx, C.orders, orderId);
  if (!order) throw new DomainError('ORDER.NOT_FOUND', '订单不存在');
  const member = await txGet<MemberDoc>(tx, C.members, order.memberId);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND', '会员不存在');
  const account = accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, order.memberId));
  return { order, member, account };
}

export async function completeOrder(db: Db, orderId: string, now: number): Promise<CompletionResult> {
  const config = await loadConfig(db, now);
  return db.runTransaction(async (tx) => {
    const { order, member, account } = await loadParties(tx, orderId);
    if (order.completedAt !== null) return { orderId, earnedPoints: order.points?.earned ?? 0, tierChanged: false };
    const r = completeInCore({ stats: member.stats, tierState: member.tierState, account }, { orderId, paidFen: order.paidFen, completedAt: now }, config);
    const points = { earned: r.earnedPoints, multiplierPct: r.multiplierPct, expiresAt: r.earnExpiresAt };
    await tx.collection(C.orders).doc(orderId).set({ data: withoutId({ ...order, status: 'completed', completedAt: now, points }) });
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

export async function refundOrder(db: Db, input: { orderId: string; refundId: string; refundFen: number }, now: number): Promise<RefundResult> {
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
    const refunds = [...order.refunds, { refundId: input.refundId, fen: input.refundFen, at: now, points: r.reversedPoints }];
    await tx.collection(C.orders).doc(order._id).set({ data: withoutId({ ...order, refundedFen: order.refundedFen + input.refundFen, refunds }) });
    await tx.collection(C.members).doc(member._id).set({ data: withoutId({ ...member, stats: r.ledger.stats }) });
    await writeAccount(tx, member._id, r.ledger.account, now);
    await writeMovements(tx, member._id, r.movements);
    return { orderId: order._id, refundId: input.refundId, reversedPoints: r.reversedPoints, owedPoints: r.owedPoints };
  });
}
