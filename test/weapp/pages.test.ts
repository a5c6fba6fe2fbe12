import fs from 'fs';
import path from 'path';
import { DIST, requireDist } from './distPath';
import { onCloud, openPage, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });

describe('compiled weapp: other pages', () => {
  it('declares the tab bar and the staff subpackage', () => {
    requireDist();
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8'));
    expect(app.pages).toEqual(['pages/card/index', 'pages/points/index']);
    expect(app.tabBar.list.map((t: { text: string }) => t.text)).toEqual(['会员卡', '积分']);
    expect(app.subPackages).toEqual([{ root: 'staff', pages: ['pages/home/index'] }]);
    expect(fs.existsSync(path.join(DIST, 'staff/pages/home/index.js'))).toBe(true);
  });

  it('renders the points tab', async () => {
    onCloud('member.getCard', () =>
      ok({ points: { available: 4321, pending: 20, owed: 0, expiringSoon: null } }),
    );
    const page = openPage('pages/points/index');
    const text = await waitForText(page, (t) => t.includes('4,321'));
    expect(text).toContain('待入账 20 积分');
    page.detach();
  });

  it('renders the staff home in its subpackage', async () => {
    onCloud('member.whoami', () => ok({ role: 'staff', displayName: '小李', memberNo: null }));
    const page = openPage('staff/pages/home/index');
    const text = await waitForText(page, (t) => t.includes('小李'));
    expect(text).toContain('员工工作台');
    expect(text).toContain('小李（店员）');
    page.detach();
  });
});
