/**
 * The catalogue as a customer sees it: products on the shelf, by line or searched by name, priced at
 * the caller's tier (core pricing), each saying whether it can be ordered now and how many at most.
 */
import type { Page } from '../contracts/api';
import { maxOrderable, UNAVAILABLE_LABELS, unavailability, type Unavailability } from '../core/catalog/availability';
import { UNIT_LABELS, type Product, type ProductLine, type SaleUnit } from '../core/catalog/product';
import type { AppConfig } from '../core/config';
import { lineAmountFen, tierUnitPriceFen } from '../core/orders/pricing';
import { effectiveTier } from '../core/tiers/membership';
import { tierDefinition, type TierBenefits, type TierId } from '../core/tiers/rules';
import type { Db } from '../ports/db';
import { C } from './collections';
import type { MemberDoc } from './members';
import { productFromDoc, type ProductDoc } from './orderModel';

/** A seller's catalogue is hundreds of products: one indexed read of a line (or all) is cheaper than paging in the database. */
export const MAX_CATALOGUE = 1000;

export interface TierPricing { tier: TierId; tierName: string; benefits: TierBenefits }

export function tierPricing(member: MemberDoc, config: AppConfig, now: number): TierPricing {
  const tier = effectiveTier(member.tierState, now).tier;
  const def = tierDefinition(config.tiers, tier);
  return { tier, tierName: def.name, benefits: def.benefits };
}

export interface ProductView {
  id: string;
  name: string;
  line: ProductLine;
  unit: SaleUnit;
  unitLabel: string;
  listPriceFen: number;
  /** The caller's tier price per piece / 斤 / kg. */
  unitPriceFen: number;
  /** By weight: grams of one ordered portion, its estimated price at the tier, and the tolerance. */
  portion: { grams: number; estimatedFen: number; toleranceBp: number } | null;
  minPerOrder: number;
  /** Most units one order may take now (limit or stock); null = no limit. */
  maxPerOrder: number | null;
  unavailable: Unavailability | null;
  unavailableLabel: string | null;
}

export function toProductView(p: Product, discountBp: number, now: number): ProductView {
  const unitPriceFen = tierUnitPriceFen(p.listPriceFen, discountBp);
  const reason = unavailability(p, now);
  return {
    id: p.id,
    name: p.name,
    line: p.line,
    unit: p.unit,
    unitLabel: UNIT_LABELS[p.unit],
    listPriceFen: p.listPriceFen,
    unitPriceFen,
    portion: p.weight === null || p.unit === 'piece' ? null : { grams: p.weight.estimatedGramsPerUnit, estimatedFen: lineAmountFen(p.unit, unitPriceFen, { grams: p.weight.estimatedGramsPerUnit }), toleranceBp: p.weight.toleranceBp },
    minPerOrder: p.minPerOrder,
    maxPerOrder: maxOrderable(p),
    unavailable: reason,
    unavailableLabel: reason ? UNAVAILABLE_LABELS[reason] : null,
  };
}

/** Products by id, in one read (`_id in ids`). Missing ids are simply absent. */
export async function productsById(db: Db, ids: readonly string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const { data } = await db.collection(C.products).where({ _id: db.command.in([...ids]) }).limit(ids.length).get();
  return (data as unknown as ProductDoc[]).map(productFromDoc);
}

/**
 * Every product of some lines, in one read on the `line` index: reconciliation needs the order's
 * products and their same-line substitutes together.
 */
export async function productsOfLines(db: Db, lines: readonly string[], ids: readonly string[] = []): Promise<Product[]> {
  if (lines.length === 0 && ids.length === 0) return [];
  const _ = db.command;
  // The ids too, in the same read: a product moved to another line since is still found.
  const where = ids.length === 0 ? { line: _.in([...lines]) } : _.or([{ line: _.in([...lines]) }, { _id: _.in([...ids]) }]);
  const { data } = await db.collection(C.products).where(where as unknown as Record<string, unknown>).limit(MAX_CATALOGUE).get();
  return (data as unknown as ProductDoc[]).map(productFromDoc);
}

export interface CatalogueQuery { line?: ProductLine | undefined; q?: string | undefined; page: number; pageSize: number }

export interface CataloguePage extends Page<ProductView> { pricing: { tier: TierId; tierName: string; discountBp: number } }

/** On-shelf products (orderable ones first, then by id), the search matched on the name. */
export async function listCatalogue(db: Db, pricing: TierPricing, query: CatalogueQuery, now: number): Promise<CataloguePage> {
  const where: Record<string, unknown> = { onShelf: true };
  if (query.line) where.line = query.line;
  const { data } = await db.collection(C.products).where(where).limit(MAX_CATALOGUE).get();
  const needle = query.q?.trim().toLowerCase() ?? '';
  const products = (data as unknown as ProductDoc[])
    .map(productFromDoc)
    .filter((p) => needle === '' || p.name.toLowerCase().includes(needle))
    .map((p) => toProductView(p, pricing.benefits.discountBp, now))
    .sort((a, b) => Number(a.unavailable !== null) - Number(b.unavailable !== null) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = query.page * query.pageSize;
  return {
    items: products.slice(start, start + query.pageSize),
    page: query.page,
    pageSize: query.pageSize,
    hasMore: products.length > start + query.pageSize,
    pricing: { tier: pricing.tier, tierName: pricing.tierName, discountBp: pricing.benefits.discountBp },
  };
}
