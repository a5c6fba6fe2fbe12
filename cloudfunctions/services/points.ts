/**
 * The customer's points: summary, movements (newest first), the coupon catalogue, redemption and
 * "my coupons". Redemption is one transaction over the account, the member's coupon wallet, the
 * movement and the coupon; the client's request id makes a retried redemption return the first
 * answer instead of redeeming twice, and the same id for another coupon is refused.
 */
import { createHash } from 'node:crypto';
import type { CouponTemplateView, CouponView, EarnStateView, MovementView, Page, PointsSummaryView, RedeemResultView } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { describeTemplate, findTemplate, isRedeemable, redemptionCost, type CouponTemplate } from '../core/coupons/catalog';
import { couponStatus, issueCoupon, type CouponRecord } from '../core/coupons/coupon';
import { DomainError } from '../core/errors';
import { bringCurrent, emptyAccount, redeem, summary, type Movement, type PointsAccount } from '../core/points/account';
import { dayKey } from '../core/time';
import type { PointsConfig } from '../core/points/config';
import type { Db, Query } from '../ports/db';
import { asDoc, dbGet, txGet } from '../runtime/dbHelpers';
import { C } from './collections';
import { movementId, writeAccount, writeMovements, type MovementDoc } from './ledger';
import type { AccountDoc } from './members';
import { assertSameRequest, requestFingerprint } from './requests';

export type CouponDoc = Omit<CouponRecord, 'id'> & { _id: string };
interface WalletDoc { _id: string; redeemed: Record<string, number> }

export const accountState = (doc: AccountDoc | null): PointsAccount => {
  if (!doc) return emptyAccount();
  const { _id: _i, updatedAt: _u, nextDueAt: _n, ...account } = doc;
  return account;
};

function expiryText(points: PointsConfig): string {
  const e = points.expiry;
  if (e.policy === 'never') return '积分永久有效';
  if (e.policy === 'days') return `积分自获得之日起${e.days}天内有效`;
  return '当年获得的积分于次年12月31日到期';
}

export async function pointsSummary(db: Db, memberId: string, config: AppConfig, now: number): Promise<PointsSummaryView> {
  const account = accountState(await dbGet<AccountDoc>(db, C.pointsAccounts, memberId));
  return {
    ...summary(account, now, config.points),
    rules: { pointsPerYuan: config.points.pointsPerYuan, settleAfterDays: config.points.settleAfterDays, expiry: expiryText(config.points) },
  };
}

/** What a customer counts for a movement; a settlement nets 0 (it moves pending to available/owed). */
export const customerAmount = (m: Pick<Movement, 'availableDelta' | 'pendingDelta' | 'owedDelta'>): number =>
  m.availableDelta + m.pendingDelta - m.owedDelta;

export const toMovementView = (m: Movement, state: EarnStateView | null = null): MovementView => ({
  key: m.key,
  type: m.type,
  at: m.at,
  amount: customerAmount(m),
  availableDelta: m.availableDelta,
  pendingDelta: m.pendingDelta,
  owedDelta: m.owedDelta,
  source: m.source,
  reason: m.reason,
  state,
});

/** Newest first, ties by key descending: the order of the stored query (`_id` = memberId:key). */
const newestFirst = (a: Movement, b: Movement): number => b.at - a.at || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

export interface MovementListOptions {
  /**
   * Customers' view: settlements (always 0) are left out, and movements the nightly job has not
   * written yet but the summary already counts (a lot that expired at midnight) are listed as of
   * `now`, so the rows add up to the balances at the top. Without it: every stored movement (staff ledger).
   */
  customerAt?: number;
}

/**
 * The state of each earn row's points: pending while the order's lot is in the account, else settled
 * (or expired / refunded in full) according to the order's settle or expire movement.
 */
async function earnStates(db: Db, memberId: string, rows: readonly Movement[], account: PointsAccount, unwritten: readonly Movement[]): Promise<Map<string, EarnStateView>> {
  const states = new Map<string, EarnStateView>();
  const open: string[] = [];
  for (const m of rows) {
    if (m.type !== 'earn') continue;
    const lot = account.pendingLots.find((p) => p.orderId === m.source.id);
    if (lot) states.set(m.key, { kind: 'pending', until: dayKey(lot.usableAt) });
    else open.push(m.source.id);
  }
  if (open.length === 0) return states;
  const keys = open.flatMap((orderId) => [`settle:${orderId}`, `expire:order:${orderId}`]);
  const ids = keys.map((k) => movementId(memberId, k));
  const { data } = await db.collection(C.pointsMovements).where({ _id: db.command.in(ids) }).limit(ids.length).get();
  const byKey = new Map<string, Movement>();
  for (const m of [...(data as unknown as MovementDoc[]), ...unwritten]) byKey.set(m.key, m);
  for (const orderId of open) {
    const settled = byKey.get(`settle:${orderId}`);
    const expired = byKey.get(`expire:order:${orderId}`);
    const state: EarnStateView = settled
      ? { kind: 'settled', on: dayKey(settled.at) }
      : expired
        ? { kind: 'expired', on: dayKey(expired.at) }
        : { kind: 'reversed' };
    states.set(`earn:${orderId}`, state);
  }
  return states;
}

/**
 * The stored movements of a member, newest first (index memberId + at). Customers (`customer` set):
 * without settlements, and only up to the account's `asOf`: what the job writes after the account was
 * read is listed from the account instead, never twice.
 */
export function movementsQuery(db: Db, memberId: string, customer: { upTo: number | null } | null): Query {
  const _ = db.command;
  const where: Record<string, unknown> = { memberId };
  if (customer) where.type = _.neq('settle');
  if (customer && customer.upTo !== null) where.at = _.lte(customer.upTo);
  return db.collection(C.pointsMovements).where(where).orderBy('at', 'desc').orderBy('_id', 'desc');
}

/**
 * A member's movements, newest first, paged (`page` counts from 0). Served by the index on
 * memberId + at: the type and time filters are in the query, so pages stay full and stable.
 */
export async function listMovements(db: Db, memberId: string, page: number, pageSize: number, opts: MovementListOptions = {}): Promise<Page<MovementView>> {
  const customer = opts.customerAt !== undefined;
  const stored = accountState(await dbGet<AccountDoc>(db, C.pointsAccounts, memberId));
  const current = customer && stored.asOf !== null ? bringCurrent(stored, opts.customerAt as number) : { account: stored, movements: [] };
  const unwritten = current.movements.filter((m) => m.type !== 'settle').sort(newestFirst);

  const start = page * pageSize;
  const rows: Movement[] = unwritten.slice(start, start + pageSize + 1);
  const need = pageSize + 1 - rows.length;
  if (need > 0) {
    const { data } = await movementsQuery(db, memberId, customer ? { upTo: stored.asOf } : null)
      .skip(Math.max(0, start - unwritten.length))
      .limit(need)
      .get();
    rows.push(...(data as unknown as MovementDoc[]));
  }
  const items = rows.slice(0, pageSize);
  const states = await earnStates(db, memberId, items, current.account, current.movements);
  return { items: items.map((m) => toMovementView(m, states.get(m.key) ?? null)), page, pageSize, hasMore: rows.length > pageSize };
}

export function toCouponView(doc: CouponDoc, catalog: readonly CouponTemplate[], now: number): CouponView {
  const { _id, ...rest } = doc;
  const template = findTemplate(catalog, doc.templateId);
  return {
    id: _id,
    templateId: doc.templateId,
    title: doc.title,
    description: template ? describeTemplate(template) : doc.title,
    source: doc.source,
    issuedAt: doc.issuedAt,
    lastValidDay: doc.lastValidDay,
    status: couponStatus({ id: _id, ...rest }, now),
  };
}

export async function couponCatalog(db: Db, memberId: string, config: AppConfig): Promise<CouponTemplateView[]> {
  const wallet = await dbGet<WalletDoc>(db, C.couponWallets, memberId);
  return config.coupons.catalog.filter(isRedeemable).map((t) => ({
    id: t.id,
    title: t.title,
    description: describeTemplate(t),
    costPoints: t.costPoints,
    validDays: t.validDays,
    perMemberLimit: t.perMemberLimit ?? null,
    redeemedByMe: wallet?.redeemed[t.id] ?? 0,
  }));
}

/** The member's coupons, newest first; `page` counts from 0. */
export async function myCoupons(db: Db, memberId: string, page: number, pageSize: number, config: AppConfig, now: number): Promise<Page<CouponView>> {
  const { data } = await db
    .collection(C.coupons)
    .where({ memberId })
    .orderBy('issuedAt', 'desc')
    .orderBy('_id', 'desc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .get();
  const docs = data as unknown as CouponDoc[];
  return { items: docs.slice(0, pageSize).map((d) => toCouponView(d, config.coupons.catalog, now)), page, pageSize, hasMore: docs.length > pageSize };
}

/** Coupon ids must not reveal the member's OPENID; derived from it so they stay deterministic. */
export const couponIdFor = (memberId: string, key: string): string => `CP${createHash('sha256').update(`${memberId}:${key}`).digest('hex').slice(0, 18).toUpperCase()}`;

export function couponDoc(coupon: CouponRecord): CouponDoc {
  const { id, ...rest } = coupon;
  return { _id: id, ...rest };
}

export async function redeemCoupon(db: Db, memberId: string, input: { templateId: string; requestId: string }, config: AppConfig, now: number): Promise<RedeemResultView> {
  const template = findTemplate(config.coupons.catalog, input.templateId);
  if (!template) throw new DomainError('COUPON.NOT_FOUND', '没有这种优惠券');
  const key = `redeem:${input.requestId}`;
  const fingerprint = requestFingerprint({ templateId: input.templateId });
  return db.runTransaction(async (tx) => {
    const done = await txGet<MovementDoc & { response?: RedeemResultView; fingerprint?: string }>(tx, C.pointsMovements, movementId(memberId, key));
    if (done?.response) {
      assertSameRequest(done.fingerprint, fingerprint);
      return done.response;
    }
    const wallet = (await txGet<WalletDoc>(tx, C.couponWallets, memberId)) ?? { _id: memberId, redeemed: {} };
    const cost = redemptionCost(template, wallet.redeemed[template.id] ?? 0);
    const account = accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, memberId));
    const result = redeem(account, { redemptionId: input.requestId, cost, now, reason: `兑换优惠券「${template.title}」` });
    const coupon = issueCoupon(template, { couponId: couponIdFor(memberId, key), memberId, now, source: 'redeem' });
    const doc = couponDoc(coupon);
    const response: RedeemResultView = { coupon: toCouponView(doc, config.coupons.catalog, now), cost, availableAfter: result.account.available };
    const { _id: couponId, ...couponData } = doc;
    await tx.collection(C.coupons).doc(couponId).set({ data: asDoc(couponData) });
    await tx.collection(C.couponWallets).doc(memberId).set({ data: { redeemed: { ...wallet.redeemed, [template.id]: (wallet.redeemed[template.id] ?? 0) + 1 } } });
    await writeAccount(tx, memberId, result.account, now);
    // The redemption movement carries the answer and the request's fingerprint, so a retry gets the same answer.
    const movements = result.movements.map((m) => (m.key === key ? { ...m, response, fingerprint } : m));
    await writeMovements(tx, memberId, movements);
    return response;
  });
}
