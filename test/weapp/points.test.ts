import type { MovementView, Page, PointsSummaryView } from '@contracts/api';
import { callsTo, onCloud, openPage, sleep, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });

const summary: PointsSummaryView = {
  available: 4321,
  pending: 1806,
  owed: 150,
  nextUsable: { points: 1806, on: '2026-12-02' },
  expiringSoon: { points: 200, on: '2026-12-31', totalWithinWindow: 200 },
  rules: { pointsPerYuan: 1, settleAfterDays: 7, expiry: '当年获得的积分于次年12月31日到期' },
};

function movement(n: number): MovementView {
  return {
    key: `earn:O${n}`,
    type: 'earn',
    at: Date.UTC(2026, 10, 24, 16, 5) - n * 60_000,
    availableDelta: 0,
    pendingDelta: 10 + n,
    owedDelta: 0,
    source: { kind: 'order', id: `O2026${String(n).padStart(4, '0')}` },
    reason: `订单完成获得${10 + n}积分`,
    amount: 10 + n,
    state: n % 2 === 0 ? { kind: 'pending', until: '2026-12-02' } : { kind: 'settled', on: '2026-11-20' },
  };
}

function movementPage(payload: unknown): Page<MovementView> {
  const { page, pageSize } = payload as { page: number; pageSize: number };
  const total = 25;
  const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - page * pageSize)) }, (_, i) => movement(page * pageSize + i));
  return { items, page, pageSize, hasMore: (page + 1) * pageSize < total };
}

describe('compiled weapp points page (dist/)', () => {
  beforeAll(() => {
    onCloud('points.getSummary', () => ok(summary));
    onCloud('points.listMovements', (payload) => ok(movementPage(payload)));
  });

  it('shows the available points, the explanations and the movements, and loads more', async () => {
    const page = openPage('pages/points/index');
    const text = await waitForText(page, (t) => t.includes('4,321') && t.includes('订单 O20260000'));

    expect(callsTo('points.getSummary')[0]).toEqual({ name: 'points', action: 'getSummary', payload: {} });
    expect(text).toContain('可用积分');
    // The total the rows add up to, with its parts.
    expect(text).toContain('合计 5,977 = 可用 4,321 + 待入账 1,806 − 待扣回 150');
    expect(text).toMatch(/将于(2026年)?12月2日可用/);
    expect(text).toContain('待扣回积分：退款时已使用的积分，将从之后到账的积分中扣除');
    expect(text).toMatch(/200 积分将于(2026年)?12月31日过期，去兑换 ›/);
    expect(text).toMatch(/订单 O20260000 · (2026年)?11月25日 00:05/);
    // One row per order, with its state.
    expect(text).toMatch(/\+10待入账 (2026年)?12月2日到账/);
    expect(text).toMatch(/\+11已到账 (2026年)?11月20日/);
    expect(text).toContain('兑换优惠券 ›');
    expect(text).not.toContain('演示身份');
    expect(page.querySelectorAll('.movement')).toHaveLength(20);

    const more = page.querySelector('.list-more');
    expect(more?.dom.textContent).toBe('加载更多');
    more!.dispatchEvent('tap');
    const deadline = Date.now() + 3000;
    while (page.querySelectorAll('.movement').length < 25 && Date.now() < deadline) await sleep(20);
    expect(page.querySelectorAll('.movement')).toHaveLength(25);
    expect(callsTo('points.listMovements').map((c) => c.payload)).toEqual([
      { page: 0, pageSize: 20 },
      { page: 1, pageSize: 20 },
    ]);
    expect(page.dom.textContent).toContain('没有更多了');
    page.detach();
  });
});
