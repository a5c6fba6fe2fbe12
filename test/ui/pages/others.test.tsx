import { act, render, screen } from '@testing-library/react';
import PointsPage from '@/pages/points/index';
import StaffHomePage from '@/staff/pages/home/index';
import { cardFixture } from '../fixtures';
import { fail, installFakeServer, ok } from '../fakeServer';

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('points tab (placeholder)', () => {
  it('shows available and pending points', async () => {
    installFakeServer({ 'member.getCard': () => ok(cardFixture()) });
    render(<PointsPage />);
    expect(screen.getByText('正在加载积分…')).toBeTruthy();
    await settle();
    expect(screen.getByText('12,345')).toBeTruthy();
    expect(screen.getByText('待入账 300 积分')).toBeTruthy();
    expect(screen.getByText('积分明细与兑换暂未开放')).toBeTruthy();
  });

  it('shows an error', async () => {
    installFakeServer({ 'member.getCard': () => fail('INTERNAL', '服务繁忙') });
    render(<PointsPage />);
    await settle();
    expect(screen.getByText('积分加载失败')).toBeTruthy();
  });
});

describe('staff home (placeholder)', () => {
  it('greets the staff member by name', async () => {
    installFakeServer({ 'member.whoami': () => ok({ role: 'manager', displayName: '王店长', memberNo: null }) });
    render(<StaffHomePage />);
    await settle();
    expect(screen.getByText('员工工作台')).toBeTruthy();
    expect(screen.getByText('王店长（店长）')).toBeTruthy();
  });

  it('tells a customer this is not for them', async () => {
    installFakeServer({ 'member.whoami': () => ok({ role: 'customer', displayName: '陈阿姨', memberNo: 'FP1' }) });
    render(<StaffHomePage />);
    await settle();
    expect(screen.getByText('当前账号没有员工权限')).toBeTruthy();
  });
});
