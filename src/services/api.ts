/** Calls of the customer's cloud functions; payload and result types come from the API map. */
import type { DemoIdentityView } from '@contracts/api';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import type { WhoAmIView } from '@contracts/api';
import { callCloud, listLocalIdentities } from './cloud';
import { customerCallsAllowed } from './entry';

/**
 * Calls that enrol the caller as a customer on first contact: they wait for the app's entry check, so
 * staff are not enrolled by opening the app (see entry.ts).
 */
const asCustomer = <T>(call: () => Promise<T>): Promise<T> => customerCallsAllowed().then(call);

export const getCard = () => asCustomer(() => callCloud('member', 'getCard'));

export const getMemberCode = () => asCustomer(() => callCloud('member', 'getCode'));

let whoInFlight: Promise<WhoAmIView> | null = null;

/** Who the caller is; concurrent callers (the app entry, the card page) share one request. */
export function whoAmI(): Promise<WhoAmIView> {
  if (!whoInFlight) {
    whoInFlight = callCloud('member', 'whoami').finally(() => {
      whoInFlight = null;
    });
  }
  return whoInFlight;
}

export const getPointsSummary = () => asCustomer(() => callCloud('points', 'getSummary'));

/** The caller's points movements, newest first; `page` counts from 0. */
export const listMovements = (page: number, pageSize: number) => asCustomer(() => callCloud('points', 'listMovements', { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) }));

/** The coupons the caller can buy with points. */
export const listCouponTemplates = () => asCustomer(() => callCloud('points', 'listCouponTemplates'));

/** The caller's coupons, newest first; `page` counts from 0. */
export const listMyCoupons = (page: number, pageSize: number) => asCustomer(() => callCloud('points', 'listMyCoupons', { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) }));

/** Redeem points for a coupon. `requestId` belongs to one tap: send the same one when retrying it. */
export const redeemCoupon = (templateId: string, requestId: string) => asCustomer(() => callCloud('points', 'redeemCoupon', { templateId, requestId }));

/** Local mode only (H5 build): the demo identities the dev switch offers. Empty elsewhere. */
export function listDemoIdentities(): Promise<DemoIdentityView[]> {
  if (process.env.TARO_ENV === 'h5') return listLocalIdentities();
  return Promise.resolve([]);
}
