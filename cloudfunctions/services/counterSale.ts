/**
 * 门店消费 (counter sale): staff scan the customer's rotating member code and enter what was paid;
 * an in-store order (channel `counter`) is recorded and completed at once, points credited by
 * services/orders.ts.
 *
 * One code, one sale: the order's id is derived from the hash of the code's token, so the order
 * itself records the code as used, in the same transaction that creates it. A second sale with the
 * same code finds that order and is refused (MEMBER_CODE.USED), unless it is the same staff request
 * (a retry after a lost answer), which gets the first answer even after the code has expired.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors';
import { verifyMemberCode } from '../core/member/memberCode';
import type { Product } from '../core/catalog/product';
import type { QuoteLine } from '../core/orders/pricing';
import { effectiveTier } from '../core/tiers/membership';
import { tierDefinition } from '../core/tiers/rules';
import type { AppConfig } from '../core/config';
import type { Db } from '../ports/db';
import { asDoc, dbGet, txGet } from '../runtime/dbHelpers';
import type { Runtime, StaffIdentity } from '../runtime/router';
import { C } from './collections';
import { findMemberByNo, type MemberDoc } from './members';
import { newOrderDoc, productFromDoc, type OrderDoc, type ProductDoc } from './orderModel';
import { completeOrder } from './orders';
import { auditId, staffActor, type DeskAuditDoc } from './orderDesk';
import { requestFingerprint } from './requests';

export interface RecordedLineInput { productId: string; quantity: number; amountFen: number }

/**
 * A line as a till recorded it: what was charged for it, not repriced (the tier discount, if any,
 * is already in the amount). The unit price shown is the amount over the quantity, rounded.
 */
export function recordedLine(product: Pick<Product, 'id' | 'name' | 'line' | 'unit'>, quantity: number, amountFen: number): QuoteLine {
  const unitPriceFen = Math.round(amountFen / quantity);
  return {
    productId: product.id,
    name: product.name,
    line: product.line,
    unit: product.unit,
    quantity,
    estimatedGrams: null,
    listUnitPriceFen: unitPriceFen,
    unitPriceFen,
    discountBp: 0,
    toleranceBp: null,
    listAmountFen: amountFen,
    tierDiscountFen: 0,
    amountFen,
    couponShareFen: 0,
    paidFen: amountFen,
  };
}

/** An order paid at a till (counter) or in another system (import): lines as charged, completed on creation. */
export function recordedOrder(input: {
  id: string;
  member: MemberDoc;
  channel: 'counter' | 'import';
  externalNo: string | null;
  request: OrderDoc['request'];
  lines: QuoteLine[];
  paidFen: number;
  at: number;
  by: OrderDoc['timeline'][number]['by'];
  note: string | null;
  config: AppConfig;
}): OrderDoc {
  const tier = effectiveTier(input.member.tierState, input.at).tier;
  return newOrderDoc({
    id: input.id,
    memberId: input.member._id,
    channel: input.channel,
    externalNo: input.externalNo,
    request: input.request,
    // Handed over at the till: delivered on creation, then completed through the lifecycle.
    status: 'delivered',
    figures: { lines: input.lines, listTotalFen: input.paidFen, tierDiscountFen: 0, subtotalFen: input.paidFen, coupon: null, couponFen: 0, paidFen: input.paidFen, hasWeightLines: false, estimatedPoints: 0 },
    tier,
    discountBp: tierDefinition(input.config.tiers, tier).benefits.discountBp,
    payment: { method: 'counter', outTradeNo: input.externalNo, paidAt: input.at },
    slot: null,
    note: input.note,
    timelineNote: input.note,
    region: input.member.region,
    at: input.at,
    by: input.by,
  });
}

export const tokenHash = (token: string): string => createHash('sha256').update(`member-code:${token}`).digest('hex');
export const counterOrderId = (token: string): string => `C${tokenHash(token).slice(0, 19).toUpperCase()}`;

export interface CounterSaleInput { token: string; amountFen: number; lines?: RecordedLineInput[] | undefined; note?: string | undefined; requestId: string }

export interface CounterSaleResult {
  orderId: string;
  memberNo: string;
  displayName: string;
  amountFen: number;
  earnedPoints: number;
  tierChanged: boolean;
}

async function linesFor(db: Db, lines: readonly RecordedLineInput[], amountFen: number): Promise<QuoteLine[]> {
  if (lines.length === 0) return [];
  const ids = [...new Set(lines.map((l) => l.productId))];
  if (ids.length !== lines.length) throw new DomainError('ORDER.DUPLICATE_LINE');
  const { data } = await db.collection(C.products).where({ _id: db.command.in(ids) }).limit(1000).get();
  const byId = new Map((data as unknown as ProductDoc[]).map((d) => [d._id, productFromDoc(d)]));
  const out = lines.map((l) => {
    const p = byId.get(l.productId);
    if (!p) throw new DomainError('CATALOG.PRODUCT_NOT_FOUND', `商品不存在：${l.productId}`);
    return recordedLine(p, l.quantity, l.amountFen);
  });
  const sum = out.reduce((s, l) => s + l.amountFen, 0);
  if (sum !== amountFen) throw new DomainError('ORDER.INVALID_AMOUNT', `商品金额合计 ${sum} 分，与收款金额 ${amountFen} 分不一致`);
  return out;
}

export async function counterSale(ctx: Pick<Runtime, 'db' | 'now' | 'mac' | 'macEqual'>, staff: StaffIdentity, input: CounterSaleInput, config: AppConfig): Promise<CounterSaleResult> {
  const { db, now } = ctx;
  const orderId = counterOrderId(input.token);
  const fingerprint = requestFingerprint({ action: 'order.counterSale', code: tokenHash(input.token), amountFen: input.amountFen, lines: input.lines ?? [], note: input.note ?? null });
  const request = { id: `${staff.openid}:${input.requestId}`, fingerprint };
  const audit = await dbGet<DeskAuditDoc<CounterSaleResult>>(db, C.audit, auditId(staff, input.requestId));
  if (audit) {
    if (audit.fingerprint !== fingerprint) throw new DomainError('REQUEST.ID_REUSED');
    if (audit.state === 'done' && audit.result) return audit.result;
  }
  const existing = await dbGet<OrderDoc>(db, C.orders, orderId);
  if (existing && (existing.request?.id !== request.id || existing.request.fingerprint !== fingerprint)) throw new DomainError('MEMBER_CODE.USED');
  let member: MemberDoc | null;
  if (existing) {
    member = await dbGet<MemberDoc>(db, C.members, existing.memberId);
  } else {
    const memberNo = verifyMemberCode(input.token, now, ctx.mac, ctx.macEqual);
    member = await findMemberByNo(db, memberNo);
  }
  if (!member) throw new DomainError('MEMBER.NOT_FOUND');
  const found = member;
  const lines = existing ? existing.lines : await linesFor(db, input.lines ?? [], input.amountFen);
  const target = `order:${orderId}`;
  await db.runTransaction(async (tx) => {
    const raced = await txGet<OrderDoc>(tx, C.orders, orderId);
    if (raced) {
      if (raced.request?.id !== request.id || raced.request.fingerprint !== fingerprint) throw new DomainError('MEMBER_CODE.USED');
      return;
    }
    const prior = await txGet<DeskAuditDoc>(tx, C.audit, auditId(staff, input.requestId));
    if (prior && prior.fingerprint !== fingerprint) throw new DomainError('REQUEST.ID_REUSED');
    const order = recordedOrder({ id: orderId, member: found, channel: 'counter', externalNo: null, request, lines, paidFen: input.amountFen, at: now, by: staffActor(staff), note: input.note ?? '门店消费', config });
    const { _id, ...data } = order;
    await tx.collection(C.orders).doc(_id).set({ data: asDoc(data) });
    const pending: Omit<DeskAuditDoc<CounterSaleResult>, '_id'> = {
      actor: staff.openid,
      actorName: staff.name,
      role: staff.role,
      action: 'order.counterSale',
      target,
      reason: input.note ?? '',
      at: now,
      details: { memberNo: found.memberNo, amountFen: input.amountFen, lines: input.lines ?? [] },
      before: null,
      after: 'completed',
      state: 'pending',
      result: null,
      fingerprint,
    };
    await tx.collection(C.audit).doc(auditId(staff, input.requestId)).set({ data: asDoc(pending) });
  });
  const done = await completeOrder(db, orderId, now, staffActor(staff));
  const result: CounterSaleResult = { orderId, memberNo: found.memberNo, displayName: found.displayName, amountFen: input.amountFen, earnedPoints: done.earnedPoints, tierChanged: done.tierChanged };
  await db.runTransaction(async (tx) => {
    const current = await txGet<DeskAuditDoc<CounterSaleResult>>(tx, C.audit, auditId(staff, input.requestId));
    if (!current || current.state === 'done') return;
    const { _id, ...rest } = current;
    await tx.collection(C.audit).doc(_id).set({ data: asDoc({ ...rest, state: 'done', result }) });
  });
  return result;
}
