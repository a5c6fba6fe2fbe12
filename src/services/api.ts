/** Calls of the customer's cloud functions; payload and result types come from the API map. */
import type { DemoIdentityView } from '@contracts/api';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import { callCloud, listLocalIdentities } from './cloud';

export const getCard = () => callCloud('member', 'getCard');

export const getMemberCode = () => callCloud('member', 'getCode');

export const whoAmI = () => callCloud('member', 'whoami');

export const getPointsSummary = () => callCloud('points', 'getSummary');

/** The caller's points movements, newest first; `page` counts from 0. */
export const listMovements = (page: number, pageSize: number) => callCloud('points', 'listMovements', { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) });

/** The coupons the caller can buy with points. */
export const listCouponTemplates = () => callCloud('points', 'listCouponTemplates');

/** The caller's coupons, newest first; `page` counts from 0. */
export const listMyCoupons = (page: number, pageSize: number) => callCloud('points', 'listMyCoupons', { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) });

/** Redeem points for a coupon. `requestId` belongs to one tap: send the same one when retrying it. */
export const redeemCoupon = (templateId: string, requestId: string) => callCloud('points', 'redeemCoupon', { templateId, requestId });

/** Local mode only (H5 build): the demo identities the dev switch offers. Empty elsewhere. */
export function listDemoIdentities(): Promise<DemoIdentityView[]> {
  if (process.env.TARO_ENV === 'h5') return listLocalIdentities();
  return Promise.resolve([]);
}
