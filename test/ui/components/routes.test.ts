import Taro from '@tarojs/taro';
import { backTarget, installNotFound, open, ROUTES, TAB_ROUTES, urlOf } from '@/lib/routes';

afterEach(() => jest.restoreAllMocks());

interface AppConfig {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] };
}

function appConfig(): AppConfig {
  (globalThis as unknown as { defineAppConfig: (c: AppConfig) => AppConfig }).defineAppConfig = (c) => c;
  return (require('@/app.config') as { default: AppConfig }).default;
}

describe('routes', () => {
  it('lists exactly the pages of app.config.ts, and the tab bar pages as tabs', () => {
    const config = appConfig();
    const declared = [...config.pages.map((p) => '/' + p), ...config.subPackages.flatMap((s) => s.pages.map((p) => `/${s.root}/${p}`))];
    expect(Object.values(ROUTES).sort()).toEqual(declared.sort());
    expect(config.tabBar.list.map((t) => '/' + t.pagePath)).toEqual([...TAB_ROUTES]);
  });

  it('gives every tab an icon and a selected icon that exist, 81×81 and at most 40 KB', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    for (const tab of appConfig().tabBar.list) {
      for (const icon of [tab.iconPath, tab.selectedIconPath]) {
        expect(icon).toBeTruthy();
        const bytes = fs.readFileSync(path.join(__dirname, '../../../src', icon!));
        expect(bytes.length).toBeLessThanOrEqual(40 * 1024);
        // PNG signature, then IHDR width and height.
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([81, 81]);
      }
    }
  });

  it('builds URLs with encoded params and skips undefined ones', () => {
    expect(urlOf(ROUTES.staffMember, { memberNo: 'FP 0000 0003', tab: undefined })).toBe('/staff/pages/member/index?memberNo=FP%200000%200003');
    expect(urlOf(ROUTES.points)).toBe('/pages/points/index');
  });

  it('opens stack pages with navigateTo', async () => {
    const navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    await open(ROUTES.couponMine, { from: 'points' });
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/coupons/pages/mine/index?from=points' });
  });

  it('knows when there is a page to go back to', () => {
    const spy = jest.spyOn(Taro, 'getCurrentPages');
    spy.mockReturnValue([{ route: 'pages/points/index' }, { route: 'packages/coupons/pages/redeem/index' }] as never);
    expect(backTarget()).toBe('back');
    spy.mockReturnValue([{ route: 'packages/coupons/pages/redeem/index' }] as never);
    expect(backTarget()).toBe('home');
    spy.mockReturnValue([{ route: 'pages/points/index' }] as never);
    expect(backTarget()).toBeNull();
  });

  it('sends an unknown path to the not-found page, naming what was asked for', () => {
    let handler: ((res: { path: string }) => void) | undefined;
    // The H5 shim's default export lacks onPageNotFound (the real build adds it); stand one in.
    const taro = Taro as unknown as { onPageNotFound?: unknown };
    const original = taro.onPageNotFound;
    taro.onPageNotFound = (cb: (res: { path: string }) => void) => {
      handler = cb;
    };
    const redirectTo = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
    installNotFound();
    handler!({ path: '/pages/nope/index' });
    taro.onPageNotFound = original;
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/not-found/index?from=%2Fpages%2Fnope%2Findex' });
  });
});
