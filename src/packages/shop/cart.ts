/**
 * The cart, kept in Taro storage so it survives closing the app. Like useCachedRemote it is stored
 * with the session identity it belongs to: a cart saved for another identity (the H5 dev switch) is
 * never shown or sent.
 */
import { getStorageSync, removeStorageSync, setStorageSync } from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { sessionIdentity } from '../../hooks/sessionIdentity';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import type { Product } from '../../services/orders';

export interface CartLine {
  productId: string;
  name: string;
  unit: Product['unit'];
  unitLabel: string;
  /** Tier unit price when added (the confirmation quotes today's). */
  unitPriceFen: number;
  /** By-weight products: grams and estimated price of one ordered portion. */
  portion: { grams: number; estimatedFen: number } | null;
  minPerOrder: number;
  maxPerOrder: number | null;
  quantity: number;
}

interface Stored {
  identity: string;
  lines: CartLine[];
}

const KEY = 'freshpal.cart';

export function loadCart(identity: string | null = sessionIdentity()): CartLine[] {
  if (identity === null) return [];
  try {
    const stored = getStorageSync(KEY) as Stored | '' | undefined;
    return stored && typeof stored === 'object' && stored.identity === identity && Array.isArray(stored.lines) ? stored.lines : [];
  } catch {
    return [];
  }
}

export function saveCart(lines: CartLine[], identity: string | null = sessionIdentity()): void {
  if (identity === null) return;
  try {
    if (lines.length === 0) removeStorageSync(KEY);
    else setStorageSync(KEY, { identity, lines } satisfies Stored);
  } catch {
    // Storage full or unavailable: the cart lives until the page closes.
  }
}

/** Most units the line may hold (the product's per-order limit or stock), or a sane ceiling. */
export const maxOf = (line: Pick<CartLine, 'maxPerOrder'>): number => line.maxPerOrder ?? 9999;

/** The quantity kept within the product's minimum and maximum. */
export const clampQuantity = (line: Pick<CartLine, 'minPerOrder' | 'maxPerOrder'>, quantity: number): number =>
  Math.max(line.minPerOrder, Math.min(maxOf(line), Math.trunc(quantity)));

export function lineFromProduct(p: Product, quantity: number): CartLine {
  return {
    productId: p.id,
    name: p.name,
    unit: p.unit,
    unitLabel: p.unitLabel,
    unitPriceFen: p.unitPriceFen,
    portion: p.portion ? { grams: p.portion.grams, estimatedFen: p.portion.estimatedFen } : null,
    minPerOrder: p.minPerOrder,
    maxPerOrder: p.maxPerOrder,
    quantity: clampQuantity(p, quantity),
  };
}

/** Estimated amount of a line: pieces × price, or portions × the estimated portion price. */
export const lineEstimateFen = (line: CartLine): number => (line.portion ? line.portion.estimatedFen : line.unitPriceFen) * line.quantity;

/** The cart as React state, written through to storage on every change. */
export function useCart() {
  const [lines, setLines] = useState<CartLine[]>(() => loadCart());
  // Back on a page from another that may have changed the cart (the catalogue adds, the cart edits).
  const { reshown } = usePageVisibility();
  useEffect(() => {
    if (reshown > 0) setLines(loadCart());
  }, [reshown]);
  const update = useCallback((next: (prev: CartLine[]) => CartLine[]) => {
    setLines((prev) => {
      const value = next(prev);
      saveCart(value);
      return value;
    });
  }, []);
  const api = useMemo(
    () => ({
      add: (line: CartLine) =>
        update((prev) => (prev.some((l) => l.productId === line.productId) ? prev.map((l) => (l.productId === line.productId ? { ...l, quantity: clampQuantity(l, l.quantity + line.quantity) } : l)) : [...prev, line])),
      setQuantity: (productId: string, quantity: number) => update((prev) => prev.map((l) => (l.productId === productId ? { ...l, quantity: clampQuantity(l, quantity) } : l))),
      remove: (productId: string) => update((prev) => prev.filter((l) => l.productId !== productId)),
      clear: () => update(() => []),
    }),
    [update],
  );
  return { lines, ...api };
}
