/**
 * Whether a product can be ordered at an instant, and how many of it one order may hold. Shared by
 * reorder reconciliation, the submit-time recheck and (later) the cart, so they never disagree.
 */
import { monthKey } from '../time';
import type { Product } from './product';

export type Unavailability = 'off_shelf' | 'out_of_season' | 'sold_out';

export const UNAVAILABLE_LABELS: Record<Unavailability, string> = {
  off_shelf: '已下架',
  out_of_season: '不在当季',
  sold_out: '已售罄',
};

/** Calendar month 1–12 of an instant in Asia/Shanghai. */
export const shanghaiMonth = (now: number): number => Number(monthKey(now).slice(5, 7));

export const inSeason = (p: Pick<Product, 'seasonMonths'>, now: number): boolean => p.seasonMonths.includes(shanghaiMonth(now));

/** Units one order may take at most: the per-order maximum and the stock, whichever is lower; null = no limit. */
export function maxOrderable(p: Pick<Product, 'maxPerOrder' | 'stock'>): number | null {
  const stock = p.stock === 'unlimited' ? null : p.stock;
  if (stock === null) return p.maxPerOrder;
  return p.maxPerOrder === null ? stock : Math.min(stock, p.maxPerOrder);
}

/**
 * Why the product cannot be ordered now, or null. Shelf first, then season, then stock: the reason a
 * customer can act on least comes first. Stock below the minimum per order counts as sold out.
 */
export function unavailability(p: Product, now: number): Unavailability | null {
  if (!p.onShelf) return 'off_shelf';
  if (!inSeason(p, now)) return 'out_of_season';
  if (p.stock !== 'unlimited' && p.stock < p.minPerOrder) return 'sold_out';
  return null;
}

export type QuantityAdjustment = 'raised_to_min' | 'capped_at_max' | 'capped_by_stock';

export const ADJUSTMENT_LABELS: Record<QuantityAdjustment, string> = {
  raised_to_min: '已按起订量调整',
  capped_at_max: '已按每单限购调整',
  capped_by_stock: '库存不足，已按库存调整',
};

/**
 * The quantity an order may hold given what was wanted: raised to the minimum, then capped by the
 * per-order maximum, then by stock. Call only for an available product (stock ≥ minimum).
 */
export function capQuantity(p: Product, wanted: number): { quantity: number; adjustments: QuantityAdjustment[] } {
  const adjustments: QuantityAdjustment[] = [];
  let quantity = wanted;
  if (quantity < p.minPerOrder) {
    quantity = p.minPerOrder;
    adjustments.push('raised_to_min');
  }
  if (p.maxPerOrder !== null && quantity > p.maxPerOrder) {
    quantity = p.maxPerOrder;
    adjustments.push('capped_at_max');
  }
  if (p.stock !== 'unlimited' && quantity > p.stock) {
    quantity = p.stock;
    adjustments.push('capped_by_stock');
  }
  return { quantity, adjustments };
}
