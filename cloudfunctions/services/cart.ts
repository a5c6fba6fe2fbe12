/**
 * The cart: a quote at the caller's tier with coupon checks and the best coupon suggested, and the
 * submit, one transaction that reads the products and the coupon, rechecks what the customer
 * confirmed, prices by the core, marks the coupon used, takes the stock and writes the order. The
 * order id derives from the client's request id, so a double tap or a retry finds the first order.
 */
import { ADJUSTMENT_LABELS, capQuantity, UNAVAILABLE_LABELS, unavailability, type QuantityAdjustment, type Unavailability } from '../core/catalog/availability';
import type { Product, SaleUnit } from '../core/catalog/product';
import type { AppConfig } from '../core/config';
import { couponStatus, type CouponRecord } from '../core/coupons/coupon';
import { DomainError } from '../core/errors';
import { bestCoupon, checkCoupon, quoteCart, type CartItem, type CouponRefusal, type Quote } from '../core/orders/pricing';
import { recheck, type ConfirmedItem, type Recheck } from '../core/orders/reorder';
import { addDays } from '../contracts/limits';
import { dayKey } from '../core/time';
import type { Db } from '../ports/db';
import { paymentAvailable } from '../ports/payment';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import { productsById, type TierPricing } from './catalogue';
import { C } from './collections';
import { appOrderId, customerActor, newOrderDoc, outTradeNoFor, productFromDoc, type DeliverySlot, type OrderDoc, type ProductDoc } from './orderModel';
import { placedOrderView, type PlacedOrderView } from './orders';
import type { CouponDoc } from './points';
import { assertSameRequest, requestFingerprint } from './requests';

/** Lines per cart and how far ahead a delivery day may be chosen. */
export const MAX_CART_LINES = 50;
export const MAX_SLOT_DAYS_AHEAD = 7;

export interface CartLineInput { productId: string; quantity: number }

const couponRecord = (doc: CouponDoc): CouponRecord => {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
};

/** The member's coupons that are neither used nor expired, newest first (index memberId + issuedAt). */
async function usableCoupons(db: Db, memberId: string, now: number): Promise<CouponRecord[]> {
  const { data } = await db.collection(C.coupons).where({ memberId, usedAt: null, expiresAt: db.command.gt(now) }).orderBy('issuedAt', 'desc').orderBy('_id', 'desc').limit(100).get();
  return (data as unknown as CouponDoc[]).map(couponRecord);
}

export interface CouponOptionView {
  id: string;
  title: string;
  lastValidDay: string;
  usable: boolean;
  deductionFen: number;
  giftItemName: string | null;
  refusal: { code: CouponRefusal; message: string; shortByFen: number | null } | null;
}

export interface QuoteView {
  quote: Quote;
  /** Lines that cannot be ordered now; they are left out of the quote. */
  unavailable: { productId: string; name: string; reason: Unavailability | 'discontinued'; label: string }[];
  /** Lines whose quantity today's limits or stock changed; the quote uses the new quantity. */
  adjusted: { productId: string; name: string; from: number; to: number; adjustments: QuantityAdjustment[]; labels: string[] }[];
  coupons: CouponOptionView[];
  suggestedCouponId: string | null;
  /** The coupon asked for does not apply: the quote is without it. */
  couponRefusal: { code: CouponRefusal; message: string } | null;
  /** When the items carried the prices the customer saw: what changed since (as at submit). */
  recheck: Recheck | null;
  pricing: { tier: string; tierName: string; discountBp: number; priorityDelivery: boolean };
  /** Payment methods offered now: on account always, WeChat Pay when the deployment has it. */
  paymentMethods: CustomerPaymentMethod[];
}

/**
 * Prices a cart without writing anything. Items with `unitPriceFen` are what the customer confirmed
 * (after ORDER.CART_CHANGED, the client quotes them again to show what moved).
 */
export async function quote(db: Db, memberId: string, pricing: TierPricing, config: AppConfig, input: { items: (CartLineInput & { unitPriceFen?: number | undefined; unit?: SaleUnit | undefined })[]; couponId: string | null }, now: number): Promise<QuoteView> {
  const [products, coupons] = await Promise.all([productsById(db, input.items.map((i) => i.productId)), usableCoupons(db, memberId, now)]);
  const byId = new Map(products.map((p) => [p.id, p]));
  const unavailable: QuoteView['unavailable'] = [];
  const adjusted: QuoteView['adjusted'] = [];
  const items: CartItem[] = [];
  for (const item of input.items) {
    const product = byId.get(item.productId);
    const reason = product ? unavailability(product, now) : 'discontinued';
    if (!product || reason) {
      unavailable.push({ productId: item.productId, name: product?.name ?? item.productId, reason: reason ?? 'discontinued', label: reason && reason !== 'discontinued' ? UNAVAILABLE_LABELS[reason] : '已停售' });
      continue;
    }
    const capped = capQuantity(product, item.quantity);
    if (capped.quantity !== item.quantity) adjusted.push({ productId: product.id, name: product.name, from: item.quantity, to: capped.quantity, adjustments: capped.adjustments, labels: capped.adjustments.map((a) => ADJUSTMENT_LABELS[a]) });
    items.push({ product, quantity: capped.quantity });
  }
  const benefits = pricing.benefits;
  const base = quoteCart({ items, benefits, pointsPerYuan: config.points.pointsPerYuan, memberId, now });
  const check = { memberId, subtotalFen: base.subtotalFen, now };
  const options: CouponOptionView[] = coupons.map((c) => {
    const r = checkCoupon(c, check);
    return { id: c.id, title: c.title, lastValidDay: c.lastValidDay, usable: r.ok, deductionFen: r.ok ? r.deductionFen : 0, giftItemName: r.ok ? r.giftItemName : null, refusal: r.ok ? null : { code: r.code, message: r.message, shortByFen: r.shortByFen } };
  });
  let chosen = base;
  let couponRefusal: QuoteView['couponRefusal'] = null;
  if (input.couponId !== null) {
    const coupon = coupons.find((c) => c.id === input.couponId);
    const r = coupon ? checkCoupon(coupon, check) : null;
    if (coupon && r?.ok) chosen = quoteCart({ items, benefits, pointsPerYuan: config.points.pointsPerYuan, memberId, coupon, now });
    else couponRefusal = r && !r.ok ? { code: r.code, message: r.message } : { code: 'COUPON.NOT_FOUND', message: '这张优惠券不可用' };
  }
  const confirmed = input.items.every((i) => i.unitPriceFen !== undefined && i.unit !== undefined)
    ? recheck({ items: input.items.map((i) => ({ productId: i.productId, name: byId.get(i.productId)?.name ?? i.productId, unit: i.unit as SaleUnit, quantity: i.quantity, unitPriceFen: i.unitPriceFen as number })), catalog: products, discountBp: benefits.discountBp, now })
    : null;
  return {
    quote: chosen,
    unavailable,
    adjusted,
    coupons: options,
    suggestedCouponId: bestCoupon(coupons, check)?.coupon.id ?? null,
    couponRefusal,
    recheck: confirmed,
    pricing: { tier: pricing.tier, tierName: pricing.tierName, discountBp: benefits.discountBp, priorityDelivery: benefits.priorityDelivery },
    paymentMethods: paymentAvailable() ? ['on_account', 'wechat_pay'] : ['on_account'],
  };
}

export interface SubmitInput {
  requestId: string;
  items: { productId: string; unit: SaleUnit; quantity: number; unitPriceFen: number }[];
  couponId: string | null;
  slot: { kind: 'delivery' | 'pickup'; day: string; window: DeliverySlot['window']; pickupPoint: string | null };
  note: string | null;
  /** 货到付款/月结 (the default) or WeChat Pay (the order waits in pending_payment until paid). */
  paymentMethod: CustomerPaymentMethod;
}

/** What a customer may choose at checkout; the counter is for staff. */
export const CUSTOMER_PAYMENT_METHODS = ['on_account', 'wechat_pay'] as const;
export type CustomerPaymentMethod = (typeof CUSTOMER_PAYMENT_METHODS)[number];

/** The order's first status and payment record for the chosen method. */
function initialPayment(method: CustomerPaymentMethod, orderId: string, paidFen: number, now: number): Pick<OrderDoc, 'status' | 'payment'> {
  if (method === 'on_account') return { status: 'submitted', payment: { method, outTradeNo: null, paidAt: null } };
  // A coupon can bring the total to nothing: WeChat Pay takes at least 1 fen, so there is nothing to pay.
  if (paidFen === 0) return { status: 'submitted', payment: { method, outTradeNo: null, paidAt: now, transactionId: null, prepared: null } };
  if (!paymentAvailable()) throw new DomainError('PAYMENT.UNAVAILABLE');
  return { status: 'pending_payment', payment: { method, outTradeNo: outTradeNoFor(orderId), paidAt: null, transactionId: null, prepared: null } };
}

function checkSlot(slot: SubmitInput['slot'], now: number): void {
  const today = dayKey(now);
  if (slot.day < today || slot.day > addDays(today, MAX_SLOT_DAYS_AHEAD)) throw new DomainError('ORDER.INVALID_SLOT', `配送日期须在今天至${MAX_SLOT_DAYS_AHEAD}天内`, { day: slot.day });
  if (slot.kind === 'pickup' && !slot.pickupPoint) throw new DomainError('ORDER.INVALID_SLOT', '请选择自提点');
  if (slot.kind === 'delivery' && slot.pickupPoint) throw new DomainError('ORDER.INVALID_SLOT', '送货上门不需要自提点');
}

/**
 * The order the confirmed cart becomes, or ORDER.CART_CHANGED with what moved (details: changes,
 * items, messages). A WeChat Pay order comes back with what the client needs to pay it; a retry gets
 * the same order and the same parameters (one trade number per order).
 */
export async function submitOrder(db: Db, memberId: string, pricing: TierPricing, config: AppConfig, input: SubmitInput, now: number): Promise<PlacedOrderView> {
  const orderId = appOrderId(memberId, input.requestId);
  const { requestId: _r, ...params } = input;
  const fingerprint = requestFingerprint(params as unknown as Record<string, unknown>);
  const created = await db.runTransaction(async (tx) => {
    const existing = await txGet<OrderDoc>(tx, C.orders, orderId);
    if (existing) {
      assertSameRequest(existing.request?.fingerprint, fingerprint);
      return existing;
    }
    checkSlot(input.slot, now);
    const catalog: Product[] = [];
    for (const item of input.items) {
      const doc = await txGet<ProductDoc>(tx, C.products, item.productId);
      if (doc) catalog.push(productFromDoc(doc));
    }
    const confirmed: ConfirmedItem[] = input.items.map((i) => ({ productId: i.productId, name: catalog.find((p) => p.id === i.productId)?.name ?? i.productId, unit: i.unit, quantity: i.quantity, unitPriceFen: i.unitPriceFen }));
    const checked = recheck({ items: confirmed, catalog, discountBp: pricing.benefits.discountBp, now });
    if (!checked.ok) {
      throw new DomainError('ORDER.CART_CHANGED', `商品有变化，请确认后重新提交：${checked.messages.join('；')}`, { changes: checked.changes, items: checked.items, messages: checked.messages });
    }
    let coupon: CouponDoc | null = null;
    if (input.couponId !== null) {
      coupon = await txGet<CouponDoc>(tx, C.coupons, input.couponId);
      if (!coupon || coupon.memberId !== memberId) throw new DomainError('COUPON.NOT_FOUND', '没有这张优惠券');
    }
    const byId = new Map(catalog.map((p) => [p.id, p]));
    const items = checked.items.map((i) => ({ product: byId.get(i.productId) as Product, quantity: i.quantity }));
    // A price drop passes the recheck: the order takes today's lower price.
    const q = quoteCart({ items, benefits: pricing.benefits, pointsPerYuan: config.points.pointsPerYuan, memberId, coupon: coupon ? couponRecord(coupon) : null, now });
    if (coupon) {
      if (couponStatus(couponRecord(coupon), now) !== 'usable') throw new DomainError('COUPON.USED');
      await tx.collection(C.coupons).doc(coupon._id).set({ data: asDoc(withoutId({ ...coupon, usedAt: now, usedOnOrderId: orderId })) });
    }
    for (const { product, quantity } of items) {
      if (product.stock === 'unlimited') continue;
      const { _id, ...doc } = (await txGet<ProductDoc>(tx, C.products, product.id)) as ProductDoc;
      await tx.collection(C.products).doc(_id).set({ data: asDoc({ ...doc, stock: product.stock - quantity, updatedAt: now }) });
    }
    const member = await txGet<{ region: string }>(tx, C.members, memberId);
    const { status, payment } = initialPayment(input.paymentMethod, orderId, q.paidFen, now);
    const order = newOrderDoc({
      id: orderId,
      memberId,
      channel: 'app',
      request: { id: input.requestId, fingerprint },
      status,
      figures: q,
      tier: pricing.tier,
      discountBp: pricing.benefits.discountBp,
      payment,
      slot: { ...input.slot, pickupPoint: input.slot.kind === 'pickup' ? input.slot.pickupPoint : null, priority: pricing.benefits.priorityDelivery },
      note: input.note,
      region: member?.region ?? '',
      at: now,
      by: customerActor(memberId),
    });
    await tx.collection(C.orders).doc(orderId).set({ data: asDoc(withoutId(order)) });
    return order;
  });
  return placedOrderView(db, created, memberId, now);
}
