/** Typed calls to the cloud functions (wire types: cloudfunctions/contracts/api.ts). */
import type {
  CouponTemplateView,
  CouponView,
  DemoIdentityView,
  MemberCardView,
  MemberCodeView,
  MovementView,
  Page,
  PointsSummaryView,
  RedeemResultView,
  WhoAmIView,
} from '@contracts/api';
import { callCloud, listLocalIdentities } from './cloud';

/** The server accepts at most this many rows per page. */
export const MAX_PAGE_SIZE = 50;

export function getCard(): Promise<MemberCardView> {
  return callCloud<MemberCardView>('member', 'getCard', {});
}

export function getMemberCode(): Promise<MemberCodeView> {
  return callCloud<MemberCodeView>('member', 'getCode', {});
}

export function whoAmI(): Promise<WhoAmIView> {
  return callCloud<WhoAmIView>('member', 'whoami', {});
}

export function getPointsSummary(): Promise<PointsSummaryView> {
  return callCloud<PointsSummaryView>('points', 'getSummary', {});
}

/** The caller's points movements, newest first; `page` counts from 0. */
export function listMovements(page: number, pageSize: number): Promise<Page<MovementView>> {
  return callCloud<Page<MovementView>>('points', 'listMovements', { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) });
}

/** The coupons the caller can buy with points. */
export function listCouponTemplates(): Promise<CouponTemplateView[]> {
  return callCloud<CouponTemplateView[]>('points', 'listCouponTemplates', {});
}

export function listMyCoupons(): Promise<CouponView[]> {
  return callCloud<CouponView[]>('points', 'listMyCoupons', {});
}

/** Redeem points for a coupon. `requestId` belongs to one tap: send the same one when retrying it. */
export function redeemCoupon(templateId: string, requestId: string): Promise<RedeemResultView> {
  return callCloud<RedeemResultView>('points', 'redeemCoupon', { templateId, requestId });
}

/** Local mode only (H5 build): the demo identities the dev switch offers. Empty elsewhere. */
export function listDemoIdentities(): Promise<DemoIdentityView[]> {
  if (process.env.TARO_ENV === 'h5') return listLocalIdentities();
  return Promise.resolve([]);
}
