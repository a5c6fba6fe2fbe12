/**
 * The app entry: an OPENID registered as staff opens on 员工工作台 and is not enrolled as a customer
 * (the enrolling customer calls never go out) unless they ask for their card.
 */
import Taro from '@tarojs/taro';
import { getCard, getPointsSummary, whoAmI } from '@/services/api';
import { askForCard, customerCallsAllowed, resetEntryForTests, startEntryCheck } from '@/services/entry';
import { installNotFound } from '@/lib/routes';
import { cardFixture, customerMe, staffMe } from '../fixtures';
import { fail, installFakeServer, ok } from '../fakeServer';

const flush = () => new Promise((r) => setTimeout(r, 0));

let reLaunch: jest.SpyInstance;
let pages: { route: string }[];

beforeEach(() => {
  resetEntryForTests();
  window.localStorage.setItem('freshpal.dev.openid', 'demo-x');
  pages = [{ route: 'pages/card/index' }];
  jest.spyOn(Taro, 'getCurrentPages').mockImplementation(() => pages as unknown as ReturnType<typeof Taro.getCurrentPages>);
  reLaunch = jest.spyOn(Taro, 'reLaunch').mockImplementation(() => Promise.resolve({ errMsg: 'reLaunch:ok' }));
});
afterEach(() => jest.restoreAllMocks());

describe('app entry', () => {
  it('sends staff on the card page to 员工工作台 with one whoami, and the card page enrols nothing', async () => {
    const server = installFakeServer({ 'member.whoami': () => ok(staffMe), 'member.getCard': () => ok(cardFixture()), 'points.getSummary': () => ok({}) });
    const entry = startEntryCheck(whoAmI);
    // The card page asks who this is and loads the card at the same time as the entry check.
    const pageWho = whoAmI();
    let cardSettled = false;
    getCard().then(
      () => (cardSettled = true),
      () => (cardSettled = true),
    );
    void getPointsSummary();
    expect(await entry).toBe('staff-redirected');
    await pageWho;
    await flush();
    expect(reLaunch).toHaveBeenCalledWith({ url: '/staff/pages/home/index' });
    expect(server.count('member.whoami')).toBe(1);
    expect(server.count('member.getCard')).toBe(0);
    expect(server.count('points.getSummary')).toBe(0);
    expect(cardSettled).toBe(false);
  });

  it('lets a staff member who asks for their card have it (that call enrols them)', async () => {
    const server = installFakeServer({ 'member.whoami': () => ok(staffMe), 'member.getCard': () => ok(cardFixture()) });
    await startEntryCheck(whoAmI);
    askForCard();
    pages = [{ route: 'pages/card/index' }];
    await expect(getCard()).resolves.toMatchObject({ memberNo: cardFixture().memberNo });
    expect(server.count('member.getCard')).toBe(1);
    expect(reLaunch).toHaveBeenCalledTimes(1);
  });

  it('leaves staff where they are on a staff page, and says so on a customer call if the redirect failed', async () => {
    installFakeServer({ 'member.whoami': () => ok(staffMe) });
    pages = [{ route: 'staff/pages/member/index' }];
    expect(await startEntryCheck(whoAmI)).toBe('staff-stays');
    expect(reLaunch).not.toHaveBeenCalled();

    pages = [{ route: 'pages/points/index' }];
    reLaunch.mockImplementation(() => Promise.reject(new Error('reLaunch:fail')));
    expect(await startEntryCheck(whoAmI)).toBe('staff-stays');
    await expect(customerCallsAllowed()).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('lets a customer through after whoami (which enrolled them), without redirecting', async () => {
    const server = installFakeServer({ 'member.whoami': () => ok(customerMe), 'member.getCard': () => ok(cardFixture()) });
    void startEntryCheck(whoAmI);
    await getCard();
    expect(reLaunch).not.toHaveBeenCalled();
    expect(server.calls.map((c) => c.route)).toEqual(['member.whoami', 'member.getCard']);
  });

  it('a failed whoami blocks nothing: the page shows its own state', async () => {
    const server = installFakeServer({ 'member.whoami': () => fail('SYSTEM.BUSY', '忙'), 'member.getCard': () => ok(cardFixture()) });
    expect(await startEntryCheck(whoAmI)).toBe('unknown');
    await getCard();
    expect(server.count('member.getCard')).toBe(1);
    expect(reLaunch).not.toHaveBeenCalled();
  });

  it('without the app entry (a page on its own) customer calls go out at once', async () => {
    const server = installFakeServer({ 'member.getCard': () => ok(cardFixture()) });
    await getCard();
    expect(server.calls.map((c) => c.route)).toEqual(['member.getCard']);
  });
  it('leaves a staff member on the not-found page when the app was opened on an unknown path', async () => {
    installFakeServer({ 'member.whoami': () => ok(staffMe) });
    let notFound: ((res: { path: string }) => void) | undefined;
    // The H5 shim's default export lacks onPageNotFound (the real build adds it); stand one in.
    const taro = Taro as unknown as { onPageNotFound?: unknown };
    const original = taro.onPageNotFound;
    taro.onPageNotFound = (cb: (res: { path: string }) => void) => {
      notFound = cb;
    };
    const redirectTo = jest.spyOn(Taro, 'redirectTo').mockImplementation(() => Promise.resolve({ errMsg: 'redirectTo:ok' }));
    installNotFound();
    taro.onPageNotFound = original;
    // The router reports the unknown path before whoami answers and before the redirect lands.
    pages = [];
    notFound?.({ path: 'pages/gone/index' });
    expect(await startEntryCheck(whoAmI)).toBe('staff-stays');
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/not-found/index?from=pages%2Fgone%2Findex' });
    expect(reLaunch).not.toHaveBeenCalled();
  });
  it('waits for the first page before deciding, so a staff deep link stays where it was opened', async () => {
    installFakeServer({ 'member.whoami': () => ok(staffMe) });
    pages = [];
    const entry = startEntryCheck(whoAmI);
    await flush();
    await new Promise((r) => setTimeout(r, 120));
    // The router mounts the deep-linked staff page only now, after whoami answered.
    pages = [{ route: 'staff/pages/counter/index' }];
    expect(await entry).toBe('staff-stays');
    expect(reLaunch).not.toHaveBeenCalled();
  });
});
