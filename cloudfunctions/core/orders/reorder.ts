/**
 * 再来一单: a past order reconciled with today's catalogue line by line, never all-or-nothing. Each
 * line says today's price against what was paid last time, whether it can be ordered, the quantity
 * after today's limits, and for an unavailable line the in-season substitutes from the same line.
 * The customer confirms what goes in; `recheck` runs again at submit and reports what moved since.
 *
 * Prices compared are tier unit prices (what the member pays per piece / 斤 / kg), so a tier upgrade
 * since the last order shows as a price drop. A by-weight line keeps the quantity ordered last time
 * (the units, not the weighed grams), and a changed portion weight is pointed out.
 */
import { ADJUSTMENT_LABELS, capQuantity, UNAVAILABLE_LABELS, unavailability, type QuantityAdjustment, type Unavailability } from '../catalog/availability';
import { UNIT_LABELS, type Product, type SaleUnit } from '../catalog/product';
import { BP, formatYuan, roundHalfUp, tierUnitPriceFen } from './pricing';

/** A line of a past order, as stored with the order. */
export interface PastOrderLine {
  productId: string;
  name: string;
  line: string;
  unit: SaleUnit;
  quantity: number;
  /** Tier unit price paid then (per piece, 斤 or kg). */
  unitPriceFen: number;
  /** By-weight lines: estimated grams of the whole line then; null for pieces. */
  estimatedGrams: number | null;
}

export type LineAvailability = Unavailability | 'discontinued';

export interface PriceChange {
  direction: 'up' | 'down' | 'same';
  /** today − last, in fen per unit. */
  deltaFen: number;
  /** deltaFen relative to the last price, in basis points, rounded half up; null when last was 0. */
  deltaBp: number | null;
}

export interface Substitute {
  productId: string;
  name: string;
  unit: SaleUnit;
  unitPriceFen: number;
  /** A suggested quantity within its limits. */
  quantity: number;
}

export type ReconciledStatus = 'unchanged' | 'changed' | 'unavailable';

export interface ReconciledLine {
  productId: string;
  name: string;
  line: string;
  unit: SaleUnit;
  lastQuantity: number;
  /** Proposed quantity today; 0 when unavailable. */
  quantity: number;
  lastUnitPriceFen: number;
  /** Today's tier unit price; null when the product is gone. */
  unitPriceFen: number | null;
  listPriceFen: number | null;
  /** null when the product is gone or no longer sold in the same unit. */
  price: PriceChange | null;
  status: ReconciledStatus;
  unavailable: LineAvailability | null;
  adjustments: QuantityAdjustment[];
  unitChanged: { from: SaleUnit; to: SaleUnit } | null;
  portionChanged: { fromGrams: number; toGrams: number } | null;
  /** Ready-to-show notes in Chinese, in the order above. */
  notes: string[];
  substitutes: Substitute[];
  /** Whether the line goes into the proposed cart (the customer can change it). */
  selected: boolean;
}

/** A line the customer confirmed, with the prices they saw: what `recheck` compares against. */
export interface ConfirmedItem {
  productId: string;
  name: string;
  unit: SaleUnit;
  quantity: number;
  unitPriceFen: number;
}

export interface Reconciliation {
  lines: ReconciledLine[];
  counts: Record<ReconciledStatus, number>;
  /** The proposed cart: the selected lines. */
  items: ConfirmedItem[];
}

export interface ReconcileInput {
  lines: readonly PastOrderLine[];
  catalog: readonly Product[];
  discountBp: number;
  now: number;
}

export const MAX_SUBSTITUTES = 3;

export function reconcileOrder(input: ReconcileInput): Reconciliation {
  const byId = new Map(input.catalog.map((p) => [p.id, p]));
  const past = mergeRepeatedLines(input.lines);
  const inOrder = new Set(past.map((l) => l.productId));
  const lines = past.map((last) => reconcileLine(last, byId.get(last.productId), input, inOrder));
  const counts: Record<ReconciledStatus, number> = { unchanged: 0, changed: 0, unavailable: 0 };
  for (const l of lines) counts[l.status] += 1;
  return {
    lines,
    counts,
    items: lines
      .filter((l) => l.selected && l.unitPriceFen !== null)
      .map((l) => ({ productId: l.productId, name: l.name, unit: l.unit, quantity: l.quantity, unitPriceFen: l.unitPriceFen as number })),
  };
}

/** Imported orders can list a product twice: one line each, quantities added, the first price kept. */
function mergeRepeatedLines(lines: readonly PastOrderLine[]): PastOrderLine[] {
  const merged = new Map<string, PastOrderLine>();
  for (const l of lines) {
    const seen = merged.get(l.productId);
    if (!seen) merged.set(l.productId, { ...l });
    else {
      seen.quantity += l.quantity;
      seen.estimatedGrams = seen.estimatedGrams === null || l.estimatedGrams === null ? seen.estimatedGrams : seen.estimatedGrams + l.estimatedGrams;
    }
  }
  return [...merged.values()];
}

function reconcileLine(last: PastOrderLine, product: Product | undefined, input: ReconcileInput, inOrder: ReadonlySet<string>): ReconciledLine {
  const base = {
    productId: last.productId,
    line: last.line,
    lastQuantity: last.quantity,
    lastUnitPriceFen: last.unitPriceFen,
    adjustments: [] as QuantityAdjustment[],
    unitChanged: null,
    portionChanged: null,
  };
  if (!product) {
    return {
      ...base,
      name: last.name,
      unit: last.unit,
      quantity: 0,
      unitPriceFen: null,
      listPriceFen: null,
      price: null,
      status: 'unavailable',
      unavailable: 'discontinued',
      notes: ['该商品已停售'],
      substitutes: substitutesFor(last, undefined, input, inOrder),
      selected: false,
    };
  }
  const unitPriceFen = tierUnitPriceFen(product.listPriceFen, input.discountBp);
  const unitChanged = product.unit === last.unit ? null : { from: last.unit, to: product.unit };
  const price = unitChanged ? null : priceChange(last.unitPriceFen, unitPriceFen);
  const reason = unavailability(product, input.now);
  const notes: string[] = [];
  if (reason) notes.push(UNAVAILABLE_LABELS[reason]);
  if (price && price.direction !== 'same') notes.push(`${price.direction === 'up' ? '涨价' : '降价'}${formatYuan(Math.abs(price.deltaFen))}元/${UNIT_LABELS[product.unit]}`);
  if (unitChanged) notes.push(`计价单位由“${UNIT_LABELS[unitChanged.from]}”改为“${UNIT_LABELS[unitChanged.to]}”，请确认数量`);
  if (reason) {
    return {
      ...base,
      name: product.name,
      unit: product.unit,
      quantity: 0,
      unitPriceFen,
      listPriceFen: product.listPriceFen,
      price,
      status: 'unavailable',
      unavailable: reason,
      unitChanged,
      notes,
      substitutes: substitutesFor(last, product, input, inOrder),
      selected: false,
    };
  }
  const capped = capQuantity(product, last.quantity);
  notes.push(...capped.adjustments.map((a) => ADJUSTMENT_LABELS[a]));
  const portionChanged = portionChange(last, product);
  if (portionChanged) notes.push(`每份预估重量由${portionChanged.fromGrams}克改为${portionChanged.toGrams}克`);
  const changed = unitChanged !== null || portionChanged !== null || capped.adjustments.length > 0 || (price !== null && price.direction !== 'same');
  return {
    ...base,
    name: product.name,
    unit: product.unit,
    quantity: capped.quantity,
    unitPriceFen,
    listPriceFen: product.listPriceFen,
    price,
    status: changed ? 'changed' : 'unchanged',
    unavailable: null,
    adjustments: capped.adjustments,
    unitChanged,
    portionChanged,
    notes,
    substitutes: [],
    // A changed unit makes the old quantity meaningless: the customer opts in explicitly.
    selected: unitChanged === null,
  };
}

export function priceChange(lastFen: number, todayFen: number): PriceChange {
  const deltaFen = todayFen - lastFen;
  const magnitudeBp = lastFen === 0 ? null : roundHalfUp(BigInt(Math.abs(deltaFen)) * BigInt(BP), BigInt(lastFen));
  return {
    direction: deltaFen > 0 ? 'up' : deltaFen < 0 ? 'down' : 'same',
    deltaFen,
    deltaBp: magnitudeBp === null ? null : Math.sign(deltaFen) * magnitudeBp,
  };
}

function portionChange(last: PastOrderLine, product: Product): { fromGrams: number; toGrams: number } | null {
  if (product.weight === null || last.estimatedGrams === null || last.quantity <= 0 || last.unit !== product.unit) return null;
  const fromGrams = Math.round(last.estimatedGrams / last.quantity);
  return fromGrams === product.weight.estimatedGramsPerUnit ? null : { fromGrams, toGrams: product.weight.estimatedGramsPerUnit };
}

/**
 * Orderable products of the same line, not already in the order: the product's declared substitutes
 * first (in their order), then the rest of the line by closeness to the last price, then id.
 */
function substitutesFor(last: PastOrderLine, product: Product | undefined, input: ReconcileInput, inOrder: ReadonlySet<string>): Substitute[] {
  const line = product?.line ?? last.line;
  const usable = (p: Product) => p.line === line && !inOrder.has(p.id) && unavailability(p, input.now) === null;
  const byId = new Map(input.catalog.map((p) => [p.id, p]));
  const declared = (product?.substitutes ?? []).map((id) => byId.get(id)).filter((p): p is Product => p !== undefined && usable(p));
  const declaredIds = new Set(declared.map((p) => p.id));
  const others = input.catalog
    .filter((p) => usable(p) && !declaredIds.has(p.id))
    .map((p) => ({ p, distance: Math.abs(tierUnitPriceFen(p.listPriceFen, input.discountBp) - last.unitPriceFen) }))
    .sort((a, b) => a.distance - b.distance || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0))
    .map((x) => x.p);
  return [...declared, ...others].slice(0, MAX_SUBSTITUTES).map((p) => ({
    productId: p.id,
    name: p.name,
    unit: p.unit,
    unitPriceFen: tierUnitPriceFen(p.listPriceFen, input.discountBp),
    quantity: capQuantity(p, p.unit === last.unit ? last.quantity : p.minPerOrder).quantity,
  }));
}

// ---------------------------------------------------------------------------------------------
// At submit

export type RecheckChange =
  | { kind: 'price'; productId: string; name: string; fromFen: number; toFen: number; blocking: boolean }
  | { kind: 'unavailable'; productId: string; name: string; reason: LineAvailability; blocking: true }
  | { kind: 'unit'; productId: string; name: string; from: SaleUnit; to: SaleUnit; blocking: true }
  | { kind: 'quantity'; productId: string; name: string; from: number; to: number; adjustments: QuantityAdjustment[]; blocking: true };

export interface Recheck {
  /** Nothing the customer must see again: submit may go ahead with `items`. */
  ok: boolean;
  changes: RecheckChange[];
  /** The cart at today's prices and limits, unavailable lines dropped: what to show for reconfirmation. */
  items: ConfirmedItem[];
  /** One line per change, in Chinese, for the dialog. */
  messages: string[];
}

/**
 * Compares a confirmed cart with the catalogue as it is now. A price rise, a line no longer orderable,
 * a changed unit or a quantity the limits or stock no longer allow must be confirmed again; a price
 * drop is reported but does not stop the submit (the customer pays less than agreed).
 */
export function recheck(input: { items: readonly ConfirmedItem[]; catalog: readonly Product[]; discountBp: number; now: number }): Recheck {
  const byId = new Map(input.catalog.map((p) => [p.id, p]));
  const changes: RecheckChange[] = [];
  const messages: string[] = [];
  const items: ConfirmedItem[] = [];
  for (const item of input.items) {
    const product = byId.get(item.productId);
    const who = { productId: item.productId, name: product?.name ?? item.name };
    const reason: LineAvailability | null = product ? unavailability(product, input.now) : 'discontinued';
    if (!product || reason) {
      const r = reason ?? 'discontinued';
      changes.push({ kind: 'unavailable', ...who, reason: r, blocking: true });
      messages.push(`${who.name}：${r === 'discontinued' ? '已停售' : UNAVAILABLE_LABELS[r]}`);
      continue;
    }
    if (product.unit !== item.unit) {
      changes.push({ kind: 'unit', ...who, from: item.unit, to: product.unit, blocking: true });
      messages.push(`${who.name}：计价单位已改为“${UNIT_LABELS[product.unit]}”`);
    }
    const toFen = tierUnitPriceFen(product.listPriceFen, input.discountBp);
    if (toFen !== item.unitPriceFen) {
      const up = toFen > item.unitPriceFen;
      changes.push({ kind: 'price', ...who, fromFen: item.unitPriceFen, toFen, blocking: up });
      messages.push(`${who.name}：${up ? '涨价' : '降价'}，${formatYuan(item.unitPriceFen)}元→${formatYuan(toFen)}元/${UNIT_LABELS[product.unit]}`);
    }
    const capped = capQuantity(product, item.quantity);
    if (capped.quantity !== item.quantity) {
      changes.push({ kind: 'quantity', ...who, from: item.quantity, to: capped.quantity, adjustments: capped.adjustments, blocking: true });
      messages.push(`${who.name}：数量${item.quantity}→${capped.quantity}（${capped.adjustments.map((a) => ADJUSTMENT_LABELS[a]).join('，')}）`);
    }
    items.push({ productId: product.id, name: product.name, unit: product.unit, quantity: capped.quantity, unitPriceFen: toFen });
  }
  return { ok: !changes.some((c) => c.blocking), changes, items, messages };
}
