import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { formatDate } from '@/format/date';
import PointsPage from '@/pages/points/index';
import { LATE_EVENING_UTC, movementFixture, movementPage, summaryFixture } from '../fixtures';
import { NETWORK_DOWN, fail, installFakeServer, ok } from '../fakeServer';
import { firePageHide, firePageShow } from '../pageHooks';

let navigateTo: jest.SpyInstance;
beforeEach(() => {
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
});
afterEach(() => navigateTo.mockRestore());

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

const page = (payload: unknown) => payload as { page: number; pageSize: number };

describe('points tab', () => {
  it('shows the balances, when pending points become usable, what expires and the rules', async () => {
    installFakeServer({
      'points.getSummary': () =>
        ok(
          summaryFixture({
            available: 12345,
            pending: 3000,
            nextUsable: { points: 1200, on: '2026-11-27' },
            expiringSoon: { points: 200, on: '2026-12-31', totalWithinWindow: 200 },
          }),
        ),
      'points.listMovements': ({ payload }) => ok(movementPage(page(payload).page, page(payload).pageSize, 3)),
    });
    const { container } = render(<PointsPage />);
    expect(screen.getByLabelText('正在加载积分…')).toBeTruthy();
    await settle();

    expect(screen.getByText('12,345')).toBeTruthy();
    // The total the rows add up to, with its parts.
    expect(container.querySelector('.points-parts')?.textContent).toBe('合计 15,345 = 可用 12,345 + 待入账 3,000 − 待扣回 0');
    expect(container.querySelector('.points-line')?.textContent).toBe(`其中 1,200 积分将于${formatDate('2026-11-27')}可用`);
    // A tab page: no back control.
    expect(screen.queryByRole('button', { name: /回到首页|返回/ })).toBeNull();
    expect(screen.getByText('积分规则：每消费 1 元得 1 积分，订单完成 7 天后到账；当年获得的积分于次年12月31日到期')).toBeTruthy();
    expect(screen.queryByText(/待扣回积分：/)).toBeNull();
    // Expiring points lead to 兑换, with the amount and the date.
    const expiring = screen.getByRole('link', { name: `200 积分将于${formatDate('2026-12-31')}过期，去兑换` });
    expect(expiring.textContent).toBe(`200 积分将于${formatDate('2026-12-31')}过期，去兑换 ›`);
    fireEvent.click(expiring);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/coupons/pages/redeem/index' });
    expect(screen.getByRole('link', { name: '兑换优惠券 ›' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '我的优惠券 ›' })).toBeTruthy();
  });

  it('explains owed points', async () => {
    installFakeServer({
      'points.getSummary': () => ok(summaryFixture({ available: 0, pending: 0, owed: 150, nextUsable: null })),
      'points.listMovements': () => ok({ items: [], page: 0, pageSize: 20, hasMore: false }),
    });
    render(<PointsPage />);
    await settle();
    expect(screen.getByText(/− 待扣回 150/)).toBeTruthy();
    expect(screen.getByText(/合计 -150/)).toBeTruthy();
    expect(screen.getByText('待扣回积分：退款时已使用的积分，将从之后到账的积分中扣除')).toBeTruthy();
    expect(screen.getByText('暂无积分记录')).toBeTruthy();
  });

  it('lists one row per movement with what it counts, its source, time and an order’s state', async () => {
    const items = [
      movementFixture(0, { key: 'redeem:r1', type: 'redeem', availableDelta: -500, pendingDelta: 0, source: { kind: 'redemption', id: 'r1' }, reason: '兑换优惠券「满100减10」' }),
      movementFixture(1, { key: 'earn:O1', reason: '订单完成获得1806积分，售后期结束后（2026-12-02）到账', pendingDelta: 1806, source: { kind: 'order', id: 'O20261125000477' }, state: { kind: 'pending', until: '2026-12-02' } }),
      movementFixture(2, {
        key: 'refund:O2:R9',
        type: 'refund_reversal',
        availableDelta: -80,
        pendingDelta: 0,
        owedDelta: 120,
        source: { kind: 'refund', id: 'R20261120001' },
        reason: '订单退款，扣回200积分，其中120分已使用，将从之后到账的积分中抵扣',
      }),
      movementFixture(3, { key: 'adjust:s:1', type: 'adjust', availableDelta: 300, pendingDelta: 0, source: { kind: 'staff', id: '李小鲜' }, reason: '配送延误补偿' }),
      movementFixture(4, { key: 'earn:O3', pendingDelta: 2590, source: { kind: 'order', id: 'O3' }, state: { kind: 'settled', on: '2026-11-20' } }),
    ];
    installFakeServer({
      'points.getSummary': () => ok(summaryFixture()),
      'points.listMovements': () => ok({ items, page: 0, pageSize: 20, hasMore: false }),
    });
    const { container } = render(<PointsPage />);
    await settle();

    const rows = Array.from(container.querySelectorAll('.movement')).map((r) => r.textContent ?? '');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain('兑换优惠券「满100减10」');
    expect(rows[0]).toContain(`积分兑换 · ${formatDate(LATE_EVENING_UTC)} 00:05`);
    expect(rows[0]).toContain('-500');
    expect(rows[1]).toContain('订单完成获得积分');
    expect(rows[1]).not.toContain('2026-12-02');
    expect(rows[1]).toContain('订单 O20261125000477 · ');
    expect(rows[1]).toContain('+1,806');
    expect(rows[1]).toContain(`待入账 ${formatDate('2026-12-02')}到账`);
    // A refund counts everything it took back, the owed part included.
    expect(rows[2]).toContain('退款 R20261120001');
    expect(rows[2]).toContain('-200');
    // Customers see that staff adjusted, not who.
    expect(rows[3]).toContain('店员调整 · ');
    expect(rows[3]).not.toContain('李小鲜');
    expect(rows[3]).toContain('+300');
    expect(rows[4]).toContain('+2,590');
    expect(rows[4]).toContain(`已到账 ${formatDate('2026-11-20')}`);
    expect(rows[4]).not.toContain('待入账');
    expect(screen.getByText('没有更多了')).toBeTruthy();
    expect(LATE_EVENING_UTC).toBe(Date.parse('2026-11-25T00:05:00+08:00'));
  });

  it('pages through the movements with 加载更多', async () => {
    const server = installFakeServer({
      'points.getSummary': () => ok(summaryFixture()),
      'points.listMovements': ({ payload }) => ok(movementPage(page(payload).page, page(payload).pageSize, 45)),
    });
    const { container } = render(<PointsPage />);
    await settle();
    expect(container.querySelectorAll('.movement')).toHaveLength(20);
    expect(server.payloads('points.listMovements')).toEqual([{ page: 0, pageSize: 20 }]);

    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(container.querySelectorAll('.movement')).toHaveLength(40);
    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(container.querySelectorAll('.movement')).toHaveLength(45);
    expect(screen.queryByText('加载更多')).toBeNull();
    expect(screen.getByText('没有更多了')).toBeTruthy();
    expect(server.payloads('points.listMovements')).toEqual([
      { page: 0, pageSize: 20 },
      { page: 1, pageSize: 20 },
      { page: 2, pageSize: 20 },
    ]);
    // In order, each movement once.
    expect(container.querySelectorAll('.movement')[44]?.textContent).toContain('订单 O000044 · ');
  });

  it('drops a movement repeated at a page boundary (a new one arrived meanwhile)', async () => {
    installFakeServer({
      'points.getSummary': () => ok(summaryFixture()),
      'points.listMovements': ({ payload }) => {
        const { page: p, pageSize } = page(payload);
        // After the first page a new movement is added on top, shifting everything down by one.
        const all = Array.from({ length: 25 }, (_, i) => movementFixture(i));
        if (p > 0) all.unshift(movementFixture(-1, { key: 'earn:NEW' }));
        return ok({ items: all.slice(p * pageSize, (p + 1) * pageSize), page: p, pageSize, hasMore: (p + 1) * pageSize < all.length });
      },
    });
    const { container } = render(<PointsPage />);
    await settle();
    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    const keys = Array.from(container.querySelectorAll('.movement')).map((r) => r.textContent);
    expect(keys).toHaveLength(25);
    expect(new Set(keys).size).toBe(25);
  });

  it('keeps the loaded movements when loading more fails, and tries again', async () => {
    const server = installFakeServer({
      'points.getSummary': () => ok(summaryFixture()),
      'points.listMovements': ({ payload }) => ok(movementPage(page(payload).page, page(payload).pageSize, 30)),
    });
    const { container } = render(<PointsPage />);
    await settle();
    server.on('points.listMovements', () => NETWORK_DOWN);
    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(container.querySelectorAll('.movement')).toHaveLength(20);
    expect(screen.getByText('网络异常，请检查网络后重试')).toBeTruthy();

    server.on('points.listMovements', ({ payload }) => ok(movementPage(page(payload).page, page(payload).pageSize, 30)));
    fireEvent.click(screen.getByText('重新加载'));
    await settle();
    expect(container.querySelectorAll('.movement')).toHaveLength(30);
    expect(server.payloads('points.listMovements').slice(-1)).toEqual([{ page: 1, pageSize: 20 }]);
  });

  it('shows an error when the summary cannot be loaded, and recovers on retry', async () => {
    const server = installFakeServer({
      'points.getSummary': () => fail('SYSTEM.INTERNAL', '系统繁忙，请稍后再试'),
      'points.listMovements': () => ok(movementPage(0, 20, 1)),
    });
    render(<PointsPage />);
    await settle();
    expect(screen.getByText('积分加载失败')).toBeTruthy();
    expect(screen.getByText('系统繁忙，请稍后再试')).toBeTruthy();
    server.on('points.getSummary', () => ok(summaryFixture({ available: 77 })));
    fireEvent.click(screen.getByText('重试'));
    await settle();
    expect(screen.getByText('77')).toBeTruthy();
  });

  it('reloads balances and movements when shown again (e.g. back from redeeming)', async () => {
    const server = installFakeServer({
      'points.getSummary': ({ call }) => ok(summaryFixture({ available: call * 1000 })),
      'points.listMovements': () => ok(movementPage(0, 20, 2)),
    });
    render(<PointsPage />);
    await settle();
    expect(screen.getByText('1,000')).toBeTruthy();
    act(() => firePageHide());
    act(() => firePageShow());
    await settle();
    expect(screen.getByText('2,000')).toBeTruthy();
    expect(server.count('points.listMovements')).toBe(2);
  });

  it('opens the coupon pages', async () => {
    installFakeServer({
      'points.getSummary': () => ok(summaryFixture()),
      'points.listMovements': () => ok(movementPage(0, 20, 0)),
    });
    render(<PointsPage />);
    await settle();
    fireEvent.click(screen.getByText('兑换优惠券 ›'));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/coupons/pages/redeem/index' });
    fireEvent.keyDown(screen.getByText('我的优惠券 ›'), { key: 'Enter' });
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/coupons/pages/mine/index' });
  });
});
