/**
 * The customer's points: summary, movements (newest first), the coupon catalogue, redemption and
 * "my coupons". Redemption is one transaction over the account, the member's coupon wallet, the
 * movement and the coupon; the client's request id makes a retried redemption return the first
 * answer instead of redeeming twice, and the same id for another coupon is refused.
 */
import { createHash } from 'node:crypto';
import type { CouponTemplateView, CouponView, MovementView, Page, PointsSummaryView, RedeemResultView } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { describeTemplate, findTemplate, isRedeemable, redemptionCost, type CouponTemplate } from '../core/coupons/catalog';
import { couponStatus, issueCoupon, type CouponRecord } from '../core/coupons/coupon';
import { DomainError } from '../core/errors';
import { emptyAccount, redeem, summary, type PointsAccount } from '../core/points/account';
import type { PointsConfig } from '../core/points/config';
import type { Db } from '../ports/db';
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

export const toMovementView = (m: MovementDoc): MovementView => ({
  key: m.key,
  type: m.type,
  at: m.at,
  availableDelta: m.availableDelta,
  pendingDelta: m.pendingDelta,
  owedDelta: m.owedDelta,
  source: m.source,
  reason: m.reason,
});

export async function listMovements(db: Db, memberId: string, page: number, pageSize: number): Promise<Page<MovementView>> {
  const { data } = await db
    .collection(C.pointsMovements)
    .where({ memberId })
    .orderBy('at', 'desc')
    .orderBy('_id', 'desc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .get();
  const docs = data as unknown as MovementDoc[];
  return { items: docs.slice(0, pageSize).map(toMovementView), page, pageSize, hasMore: docs.length > pageSize };
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
