/**
 * 常购清单: a group leader's named lists (e.g. one per pickup point). Saving stores the lines with
 * the tier prices of the moment; reordering a list reconciles it with today's catalogue exactly like
 * 再来一单, so the leader confirms one cart in one tap.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors';
import { tierUnitPriceFen } from '../core/orders/pricing';
import type { Db } from '../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import { productsById, type TierPricing } from './catalogue';
import { C } from './collections';
import type { StandingListDoc, StandingListItem } from './orderModel';
import { reconcileLines, type ReorderView } from './orderViews';

export const MAX_LISTS = 20;
export const MAX_LIST_ITEMS = 50;

/** Ids do not reveal the OPENID; the client's id for a new list makes a retried save write one list. */
export const standingListId = (memberId: string, clientId: string): string => `SL${createHash('sha256').update(`list:${memberId}:${clientId}`).digest('hex').slice(0, 18).toUpperCase()}`;

export interface StandingListView { id: string; name: string; pickupPoint: string | null; items: StandingListItem[]; updatedAt: number }

const view = (d: StandingListDoc): StandingListView => ({ id: d._id, name: d.name, pickupPoint: d.pickupPoint, items: d.items, updatedAt: d.updatedAt });

/** The caller's lists, most recently changed first (index memberId + updatedAt; at most MAX_LISTS). */
export async function myLists(db: Db, memberId: string): Promise<StandingListView[]> {
  const { data } = await db.collection(C.standingLists).where({ memberId }).orderBy('updatedAt', 'desc').orderBy('_id', 'desc').limit(MAX_LISTS).get();
  return (data as unknown as StandingListDoc[]).map(view);
}

async function ownList(db: Db, memberId: string, id: string): Promise<StandingListDoc> {
  const doc = await dbGet<StandingListDoc>(db, C.standingLists, id);
  if (!doc || doc.memberId !== memberId) throw new DomainError('ORDER.LIST_NOT_FOUND');
  return doc;
}

export interface SaveListInput {
  /** An existing list of the caller (replace) or the client's new id (create). */
  listId: string;
  name: string;
  pickupPoint: string | null;
  items: { productId: string; quantity: number }[];
}

/** Creates or replaces a list. Unknown products are refused; prices are recorded at the caller's tier. */
export async function saveList(db: Db, memberId: string, pricing: TierPricing, input: SaveListInput, now: number): Promise<StandingListView> {
  const products = await productsById(db, input.items.map((i) => i.productId));
  const byId = new Map(products.map((p) => [p.id, p]));
  const missing = input.items.filter((i) => !byId.has(i.productId)).map((i) => i.productId);
  if (missing.length > 0) throw new DomainError('CATALOG.PRODUCT_NOT_FOUND', '清单中有不存在的商品', { missing });
  const items: StandingListItem[] = input.items.map((i) => {
    const p = byId.get(i.productId)!;
    return { productId: p.id, name: p.name, line: p.line, unit: p.unit, quantity: i.quantity, unitPriceFen: tierUnitPriceFen(p.listPriceFen, pricing.benefits.discountBp), estimatedGrams: p.weight === null ? null : p.weight.estimatedGramsPerUnit * i.quantity };
  });
  const existingCount = (await db.collection(C.standingLists).where({ memberId }).count()).total;
  return db.runTransaction(async (tx) => {
    // An existing id of the caller is replaced; any other id names a new list (derived, so a retried create writes one).
    const asIs = await txGet<StandingListDoc>(tx, C.standingLists, input.listId);
    const id = asIs?.memberId === memberId ? input.listId : standingListId(memberId, input.listId);
    const existing = id === input.listId ? asIs : await txGet<StandingListDoc>(tx, C.standingLists, id);
    if (!existing && existingCount >= MAX_LISTS) throw new DomainError('ORDER.LIST_LIMIT_REACHED', `常购清单最多${MAX_LISTS}个`);
    const doc: StandingListDoc = { _id: id, memberId, name: input.name, pickupPoint: input.pickupPoint, items, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await tx.collection(C.standingLists).doc(id).set({ data: asDoc(withoutId(doc)) });
    return view(doc);
  });
}

export async function deleteList(db: Db, memberId: string, id: string): Promise<{ id: string; deleted: boolean }> {
  return db.runTransaction(async (tx) => {
    const doc = await txGet<StandingListDoc>(tx, C.standingLists, id);
    // Deleting twice answers the same; another member's list looks like a missing one.
    if (!doc) return { id, deleted: true };
    if (doc.memberId !== memberId) throw new DomainError('ORDER.LIST_NOT_FOUND');
    await tx.collection(C.standingLists).doc(id).remove();
    return { id, deleted: true };
  });
}

/** 一键下单: the list reconciled with today's catalogue (two reads: the list, the products of its lines). */
export async function reorderList(db: Db, memberId: string, pricing: TierPricing, id: string, now: number): Promise<ReorderView & { list: StandingListView }> {
  const list = await ownList(db, memberId, id);
  const r = await reconcileLines(db, list._id, list.items, pricing, now);
  return { ...r, list: view(list) };
}
