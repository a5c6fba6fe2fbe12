/**
 * Issued coupons: a snapshot of the template at issue time (later template edits never change a
 * coupon a member already holds), its validity and whether it was used.
 */
import { DomainError } from '../errors';
import { dayKey, endOfDayMs } from '../time';
import { addDaysToKey } from '../points/rules';
import type { CouponTemplate } from './catalog';

export type CouponSource = 'redeem' | 'repurchase' | 'staff';
export type CouponStatus = 'usable' | 'used' | 'expired';

export type CouponBenefit =
  | { kind: 'amount_off'; amountFen: number; minSpendFen: number }
  | { kind: 'free_item'; itemName: string };

export interface CouponRecord {
  id: string;
  templateId: string;
  memberId: string;
  title: string;
  benefit: CouponBenefit;
  source: CouponSource;
  issuedAt: number;
  /** Exclusive end (00:00 Shanghai of the day after the last valid day): usable while now < expiresAt. */
  expiresAt: number;
  /** 'YYYY-MM-DD', the last Shanghai day it can be used, for display. */
  lastValidDay: string;
  usedAt: number | null;
  usedOnOrderId: string | null;
}

export interface IssueInput {
  couponId: string;
  memberId: string;
  now: number;
  source: CouponSource;
}

const invalidInput = (what: string, details?: Record<string, unknown>) =>
  new DomainError('COUPON.INVALID_INPUT', `${what}无效`, details);

function requireId(value: unknown, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw invalidInput(what, { value });
}

function requireInstant(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidInput(what, { value });
}

/** The exclusive end of the Shanghai day `validDays` days after the day of `issuedAt`. */
export function couponExpiresAt(issuedAt: number, validDays: number): number {
  return endOfDayMs(addDaysToKey(dayKey(issuedAt), validDays));
}

export function issueCoupon(template: CouponTemplate, input: IssueInput): CouponRecord {
  requireId(input.couponId, '优惠券编号');
  requireId(input.memberId, '会员');
  requireInstant(input.now, '时间');
  if (!['redeem', 'repurchase', 'staff'].includes(input.source)) throw invalidInput('来源', { source: input.source });
  if (!template.active) throw new DomainError('COUPON.INACTIVE', '该优惠券已下架', { templateId: template.id });
  const benefit: CouponBenefit =
    template.kind === 'amount_off'
      ? { kind: 'amount_off', amountFen: template.amountFen, minSpendFen: template.minSpendFen }
      : { kind: 'free_item', itemName: template.itemName };
  const expiresAt = couponExpiresAt(input.now, template.validDays);
  return {
    id: input.couponId,
    templateId: template.id,
    memberId: input.memberId,
    title: template.title,
    benefit,
    source: input.source,
    issuedAt: input.now,
    expiresAt,
    lastValidDay: dayKey(expiresAt - 1),
    usedAt: null,
    usedOnOrderId: null,
  };
}

export function couponStatus(coupon: CouponRecord, now: number): CouponStatus {
  if (coupon.usedAt !== null) return 'used';
  if (now >= coupon.expiresAt) return 'expired';
  return 'usable';
}

export interface UseInput {
  orderId: string;
  /** Order subtotal before the coupon, in fen. */
  subtotalFen: number;
  now: number;
}

/**
 * Uses a coupon on an order. Amount-off coupons need the threshold and never take the order below
 * zero; a free-item coupon gives the item (discountFen 0, the item is added to the order).
 */
export function useCoupon(coupon: CouponRecord, input: UseInput): { coupon: CouponRecord; discountFen: number } {
  requireId(input.orderId, '订单号');
  requireInstant(input.now, '时间');
  if (!Number.isSafeInteger(input.subtotalFen) || input.subtotalFen < 0) {
    throw new DomainError('COUPON.INVALID_AMOUNT', '订单金额无效', { subtotalFen: input.subtotalFen });
  }
  const status = couponStatus(coupon, input.now);
  if (status === 'used') throw new DomainError('COUPON.USED', '该优惠券已使用', { couponId: coupon.id });
  if (status === 'expired') throw new DomainError('COUPON.EXPIRED', '该优惠券已过期', { couponId: coupon.id });
  let discountFen = 0;
  if (coupon.benefit.kind === 'amount_off') {
    if (input.subtotalFen < coupon.benefit.minSpendFen) {
      throw new DomainError('COUPON.MIN_SPEND_NOT_MET', '未达到优惠券使用门槛', {
        minSpendFen: coupon.benefit.minSpendFen,
        subtotalFen: input.subtotalFen,
      });
    }
    discountFen = Math.min(coupon.benefit.amountFen, input.subtotalFen);
  }
  return { coupon: { ...coupon, usedAt: input.now, usedOnOrderId: input.orderId }, discountFen };
}
