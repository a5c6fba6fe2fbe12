import fs from 'fs';
import path from 'path';
import { DIST, requireDist } from './distPath';
import { bootApp, callsTo, onCloud, openPage, sleep, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });

describe('compiled weapp: other pages', () => {
  it('declares the tab bar and the staff subpackage', () => {
    requireDist();
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8'));
    // The not-found page is in the main package so an unknown path shows it at once; it is no tab.
    expect(app.pages).toEqual(['pages/card/index', 'pages/points/index', 'pages/orders/index', 'pages/not-found/index']);
    expect(app.tabBar.list.map((t: { text: string }) => t.text)).toEqual(['会员卡', '积分', '订单']);
    for (const tab of app.tabBar.list as { iconPath: string; selectedIconPath: string }[]) {
      expect(fs.existsSync(path.join(DIST, tab.iconPath))).toBe(true);
      expect(fs.existsSync(path.join(DIST, tab.selectedIconPath))).toBe(true);
    }
    expect(app.subPackages).toEqual([
      { root: 'packages/coupons', pages: ['pages/redeem/index', 'pages/mine/index'] },
      { root: 'packages/shop', pages: ['pages/catalogue/index', 'pages/cart/index', 'pages/confirm/index', 'pages/detail/index', 'pages/reorder/index'] },
      { root: 'packages/service', pages: ['pages/new/index', 'pages/mine/index', 'pages/case/index', 'pages/survey/index'] },
      { root: 'packages/notices', pages: ['pages/list/index'] },
      { root: 'packages/privacy', pages: ['pages/policy/index', 'pages/profile/index', 'pages/consent/index'] },
      { root: 'packages/join', pages: ['pages/redeem/index'] },
      {
        root: 'staff',
        pages: ['pages/home/index', 'pages/member/index', 'pages/orders/index', 'pages/order/index', 'pages/counter/index', 'pages/products/index', 'pages/import/index', 'pages/cases/index', 'pages/case/index', 'pages/search/index', 'pages/customer/index', 'pages/kpi/index', 'pages/care/index', 'pages/team/index', 'pages/approvals/index'],
      },
    ]);
    expect(app.preloadRule).toEqual({
      'pages/points/index': { network: 'all', packages: ['packages/coupons'] },
      'pages/orders/index': { network: 'all', packages: ['packages/shop'] },
    });
    for (const page of ['staff/pages/home/index', 'staff/pages/member/index', 'staff/pages/orders/index', 'staff/pages/order/index', 'staff/pages/counter/index', 'staff/pages/products/index', 'staff/pages/import/index', 'staff/pages/cases/index', 'staff/pages/case/index', 'staff/pages/kpi/index', 'staff/pages/care/index', 'packages/coupons/pages/redeem/index', 'packages/coupons/pages/mine/index', 'packages/shop/pages/reorder/index', 'packages/shop/pages/detail/index', 'packages/privacy/pages/policy/index', 'packages/privacy/pages/profile/index', 'staff/pages/team/index', 'staff/pages/approvals/index', 'packages/join/pages/redeem/index']) {
      expect(fs.existsSync(path.join(DIST, page + '.js'))).toBe(true);
    }
  });

  it('renders my coupons from the coupons subpackage', async () => {
    onCloud('points.listMyCoupons', () =>
      ok({
        items: [
          { id: 'c1', templateId: 't', title: '满100减10', description: '满100减10', source: 'redeem', issuedAt: Date.UTC(2026, 10, 24, 16, 5), lastValidDay: '2026-12-25', status: 'usable' },
          { id: 'c2', templateId: 't', title: '时令水果券', description: '免费领取', source: 'redeem', issuedAt: 0, lastValidDay: '2026-10-01', status: 'expired' },
        ],
        page: 0,
        pageSize: 20,
        hasMore: false,
      }),
    );
    const page = openPage('packages/coupons/pages/mine/index');
    const text = await waitForText(page, (t) => t.includes('可用（1）'));
    expect(text).toContain('已过期（1）');
    expect(text).toMatch(/有效期至(2026年)?12月25日/);
    expect(text).toMatch(/积分兑换 · (2026年)?11月25日 00:05/);
    expect(text).toContain('使用方法：到店结账时出示会员码，店员核销');
    expect(text).not.toContain('时令水果券');
    page.detach();
  });

  it('renders the staff home in its subpackage and opens a member from a scanned code', async () => {
    onCloud('member.whoami', () => ok({ role: 'staff', displayName: '小李', memberNo: null }));
    onCloud('staff.scanMemberCode', () => ok({ memberNo: 'FP00000005' }));
    bootApp(); // defines the global wx
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    const scanCode = jest.fn((options: { success?: (res: unknown) => void; complete?: (res: unknown) => void }) => {
      const res = { errMsg: 'scanCode:ok', result: 'FP1.FP00000005.1795579980.sig', scanType: 'QR_CODE' };
      options.success?.(res);
      options.complete?.(res);
    });
    const navigateTo = jest.fn((options: { success?: (res: unknown) => void; complete?: (res: unknown) => void }) => {
      const res = { errMsg: 'navigateTo:ok' };
      options.success?.(res);
      options.complete?.(res);
    });
    wx.scanCode = scanCode;
    wx.navigateTo = navigateTo;

    const page = openPage('staff/pages/home/index');
    const text = await waitForText(page, (t) => t.includes('小李'));
    expect(text).toContain('员工工作台');
    expect(text).toContain('小李（店员）');
    // The weapp scans with the camera; pasting a code is the H5 stand-in only.
    expect(text).toContain('扫描会员码');
    expect(text).not.toContain('粘贴会员码');

    const scan = page.querySelectorAll('.btn').find((b) => b.dom.textContent === '扫描会员码');
    scan!.dispatchEvent('tap');
    const deadline = Date.now() + 3000;
    while (navigateTo.mock.calls.length === 0 && Date.now() < deadline) await sleep(20);
    expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: true, scanType: ['qrCode'] }));
    expect(callsTo('staff.scanMemberCode').map((c) => c.payload)).toEqual([{ token: 'FP1.FP00000005.1795579980.sig' }]);
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/staff/pages/member/index?memberNo=FP00000005' }));
    page.detach();
  });
});
