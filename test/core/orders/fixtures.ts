/** Products and coupons for the order core tests. */
import { productSchema, type Product, type ProductInput } from '../../../cloudfunctions/core/catalog';
import { couponTemplateSchema } from '../../../cloudfunctions/core/coupons/catalog';
import { issueCoupon, type CouponRecord } from '../../../cloudfunctions/core/coupons/coupon';
import { sh } from '../helpers';

export const MEMBER = 'member-1';
export const NOW = sh('2026-06-15T10:00:00');

const pieceDefaults = {
  line: '乳品',
  unit: 'piece',
  weight: null,
  stock: 'unlimited',
  onShelf: true,
  seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  minPerOrder: 1,
  maxPerOrder: null,
  substitutes: [],
} as const;

/** A valid product: a piece by default; pass unit and weight for a by-weight one. */
export function product(id: string, fields: Partial<ProductInput> & { listPriceFen: number }): Product {
  return productSchema.parse({ ...pieceDefaults, id, name: fields.name ?? `商品${id}`, ...fields });
}

/** A by-weight product priced per 斤 with `grams` per ordered unit. */
export function byWeight(id: string, fields: Partial<ProductInput> & { listPriceFen: number; grams: number; toleranceBp?: number }): Product {
  const { grams, toleranceBp, ...rest } = fields;
  return product(id, { line: '肉禽蛋', unit: 'jin', weight: { estimatedGramsPerUnit: grams, toleranceBp: toleranceBp ?? 1_000 }, ...rest });
}

let serial = 0;

/** An issued coupon for MEMBER: 满minSpend减amount (minSpend 0 = 立减), or a free item. */
export function amountOff(amountFen: number, minSpendFen: number, options: { issuedAt?: number; validDays?: number; memberId?: string } = {}): CouponRecord {
  serial += 1;
  const template = couponTemplateSchema.parse({ id: `t-${serial}`, title: `满${minSpendFen}减${amountFen}`, kind: 'amount_off', amountFen, minSpendFen, validDays: options.validDays ?? 30 });
  return issueCoupon(template, { couponId: `c-${serial}`, memberId: options.memberId ?? MEMBER, now: options.issuedAt ?? sh('2026-06-01T09:00:00'), source: 'staff' });
}

export function freeItem(itemName: string): CouponRecord {
  serial += 1;
  const template = couponTemplateSchema.parse({ id: `t-${serial}`, title: '免费领取', kind: 'free_item', itemName, validDays: 30 });
  return issueCoupon(template, { couponId: `c-${serial}`, memberId: MEMBER, now: sh('2026-06-01T09:00:00'), source: 'staff' });
}
