/**
 * Where the app opens for whom. A staff member (an OPENID registered in `staff`) who opens the app on
 * a customer page is taken to 员工工作台 and is not enrolled as a customer: the enrolling customer
 * calls (card, code, points) wait for the entry check, and for staff they never go out unless the
 * staff member asked for their card (我的会员卡 on the staff home).
 *
 * The app entry (src/app.ts) arms this at launch and again when the H5 dev identity changes; without
 * it (component tests of single pages) customer calls go out at once, as before.
 */
import Taro from '@tarojs/taro';
import type { WhoAmIView } from '@contracts/api';
import { openedUnknownPath, ROUTES } from '../lib/routes';
import { CloudError } from './errors';

export type EntryOutcome = 'customer' | 'staff-redirected' | 'staff-stays' | 'unknown';

let check: Promise<EntryOutcome> | null = null;
let cardAsked = false;

/** The page on top, '/pages/card/index' style; '' before the first page exists. */
function currentPath(): string {
  try {
    const pages = Taro.getCurrentPages() as { route?: string; path?: string }[];
    const top = pages[pages.length - 1];
    const raw = top?.route ?? top?.path ?? '';
    return raw ? '/' + raw.split('?')[0]!.replace(/^\/+/, '') : '';
  } catch {
    return '';
  }
}

/**
 * Customer pages: everything outside the staff package except the not-found page. An unknown path
 * counts as not-found even before its redirect lands (whoami may answer first).
 */
function onCustomerPage(): boolean {
  if (openedUnknownPath()) return false;
  const path = currentPath();
  return !path.startsWith('/staff/') && path !== ROUTES.notFound;
}

const FIRST_PAGE_POLL_MS = 50;
const FIRST_PAGE_WAIT_MS = 3000;

/**
 * whoami can answer before the first page exists (H5 mounts it after the router resolves); deciding
 * then would send a staff deep link (a staff page opened by URL) home. Wait for the page, briefly.
 */
function firstPage(): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = () => {
      if (currentPath() !== '' || openedUnknownPath() || Date.now() - started >= FIRST_PAGE_WAIT_MS) resolve();
      else setTimeout(poll, FIRST_PAGE_POLL_MS);
    };
    poll();
  });
}

/**
 * Ask who the caller is (once) and send staff on a customer page to 员工工作台 with reLaunch, so no
 * customer page stays underneath. A failed whoami changes nothing: the customer pages show their own
 * errors.
 */
export function startEntryCheck(whoAmI: () => Promise<WhoAmIView>): Promise<EntryOutcome> {
  cardAsked = false;
  const run: Promise<EntryOutcome> = whoAmI().then(
    async (me): Promise<EntryOutcome> => {
      if (me.role === 'customer') return 'customer';
      await firstPage();
      if (cardAsked || !onCustomerPage()) return 'staff-stays';
      return Taro.reLaunch({ url: ROUTES.staffHome }).then(
        (): EntryOutcome => 'staff-redirected',
        (): EntryOutcome => 'staff-stays',
      );
    },
    (): EntryOutcome => 'unknown',
  );
  check = run;
  return run;
}

/** 我的会员卡 on the staff home: from now on this staff member's card calls go out (and enrol them). */
export function askForCard(): void {
  cardAsked = true;
}

/**
 * Resolves when a customer call (one that enrols the caller) may go out. For staff who did not ask
 * for a card: never while the staff home replaces the page; an error if it could not.
 */
export function customerCallsAllowed(): Promise<void> {
  if (!check || cardAsked) return Promise.resolve();
  return check.then((outcome) => {
    if (cardAsked || outcome === 'customer' || outcome === 'unknown') return undefined;
    if (outcome === 'staff-redirected') return new Promise<void>(() => undefined); // the page is going away
    throw new CloudError('AUTH.FORBIDDEN', '员工账号请在员工工作台点“我的会员卡”查看会员卡');
  });
}

/** Tests only: forget the armed check. */
export function resetEntryForTests(): void {
  check = null;
  cardAsked = false;
}
