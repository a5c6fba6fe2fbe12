/**
 * Every page of app.config.ts as a typed constant, and the only navigation helpers pages should use
 * (test/ui/components/routes.test.ts checks this list against app.config.ts).
 */
import Taro from '@tarojs/taro';

export const ROUTES = {
  card: '/pages/card/index',
  points: '/pages/points/index',
  orders: '/pages/orders/index',
  notFound: '/pages/not-found/index',
  couponRedeem: '/packages/coupons/pages/redeem/index',
  couponMine: '/packages/coupons/pages/mine/index',
  shopCatalogue: '/packages/shop/pages/catalogue/index',
  shopCart: '/packages/shop/pages/cart/index',
  shopConfirm: '/packages/shop/pages/confirm/index',
  orderDetail: '/packages/shop/pages/detail/index',
  reorder: '/packages/shop/pages/reorder/index',
  notices: '/packages/notices/pages/list/index',
  serviceNew: '/packages/service/pages/new/index',
  serviceMine: '/packages/service/pages/mine/index',
  serviceCase: '/packages/service/pages/case/index',
  serviceSurvey: '/packages/service/pages/survey/index',
  privacyPolicy: '/packages/privacy/pages/policy/index',
  privacyProfile: '/packages/privacy/pages/profile/index',
  privacyConsent: '/packages/privacy/pages/consent/index',
  joinTeam: '/packages/join/pages/redeem/index',
  staffHome: '/staff/pages/home/index',
  staffMember: '/staff/pages/member/index',
  staffOrders: '/staff/pages/orders/index',
  staffOrder: '/staff/pages/order/index',
  staffCounter: '/staff/pages/counter/index',
  staffProducts: '/staff/pages/products/index',
  staffImport: '/staff/pages/import/index',
  staffCases: '/staff/pages/cases/index',
  staffCase: '/staff/pages/case/index',
  staffTeam: '/staff/pages/team/index',
  staffApprovals: '/staff/pages/approvals/index',
  staffSearch: '/staff/pages/search/index',
  staffCustomer: '/staff/pages/customer/index',
  staffKpi: '/staff/pages/kpi/index',
  staffCare: '/staff/pages/care/index',
} as const;

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

/** Pages in the tab bar: reached with switchTab only (navigateTo refuses them in weapp). */
export const TAB_ROUTES = [ROUTES.card, ROUTES.points, ROUTES.orders] as const;
export type TabRoute = (typeof TAB_ROUTES)[number];
export type StackRoute = Exclude<Route, TabRoute>;

/** The page every "way home" leads to. */
export const HOME: TabRoute = ROUTES.card;

export type Params = Record<string, string | number | undefined>;

/** '/staff/pages/member/index' + { memberNo: 'FP1' } → '/staff/pages/member/index?memberNo=FP1'. */
export function urlOf(route: Route, params: Params = {}): string {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `${route}?${query}` : route;
}

/** A page path without query or leading slash, as weapp (`route`) and H5 (`path`) report it. */
function pathOf(page: { route?: string; path?: string } | undefined): string {
  const raw = page?.route ?? page?.path ?? '';
  return '/' + raw.split('?')[0]!.replace(/^\/+/, '');
}

export function isTabRoute(path: string): path is TabRoute {
  return (TAB_ROUTES as readonly string[]).includes(path);
}

/** Open a page on top of the current one. */
export function open(route: StackRoute, params?: Params): Promise<void> {
  return Taro.navigateTo({ url: urlOf(route, params) }).then(
    () => undefined,
    () => undefined,
  );
}

/** Replace the current page (a placed order's detail replaces the cart it came from). */
export function replace(route: StackRoute, params?: Params): Promise<void> {
  return Taro.redirectTo({ url: urlOf(route, params) }).then(
    () => undefined,
    () => undefined,
  );
}

export function switchTab(route: TabRoute): Promise<void> {
  return Taro.switchTab({ url: route }).then(
    () => undefined,
    () => undefined,
  );
}

function stack(): { route?: string; path?: string }[] {
  try {
    return (Taro.getCurrentPages() as { route?: string; path?: string }[]) ?? [];
  } catch {
    return [];
  }
}

/**
 * What a page's back control should offer: 'back' when a page lies underneath, 'home' when the page
 * was opened directly (a shared link, a reload in H5), nothing on a tab page opened directly.
 */
export function backTarget(): 'back' | 'home' | null {
  const pages = stack();
  if (pages.length > 1) return 'back';
  const current = pathOf(pages[pages.length - 1]);
  return isTabRoute(current) ? null : 'home';
}

/** Go back one page, or home when there is nothing to go back to. */
export function back(): Promise<void> {
  if (stack().length > 1) {
    return Taro.navigateBack({ delta: 1 }).then(
      () => undefined,
      () => undefined,
    );
  }
  return switchTab(HOME);
}

let notFoundInstalled = false;
let unknownPathOpened = false;

/** True once an unknown path was opened: the not-found page then owns the screen (the staff entry leaves it). */
export function openedUnknownPath(): boolean {
  return unknownPathOpened;
}

/**
 * Show the not-found page for an unknown path: in weapp when the app is opened on a page that no
 * longer exists, in H5 for any unknown hash route (Taro's H5 router renders nothing then and keeps
 * the previous page on screen; it does emit onPageNotFound). Call once at start-up.
 */
export function installNotFound(): void {
  if (notFoundInstalled) return;
  notFoundInstalled = true;
  Taro.onPageNotFound((res) => {
    unknownPathOpened = true;
    const from = typeof res?.path === 'string' ? res.path : '';
    Taro.redirectTo({ url: urlOf(ROUTES.notFound, from ? { from } : {}) }).catch(() => undefined);
  });
}
