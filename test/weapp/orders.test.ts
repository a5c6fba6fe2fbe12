/** The compiled weapp 订单 tab (dist/) in miniprogram-simulate: history, status tags, 再来一单, paging, 常购清单. */
import { bootApp, callsTo, onCloud, openPage, sleep, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });
const T0 = Date.UTC(2026, 10, 24, 16, 5); // 11月25日 00:05 in Shanghai

function order(n: number) {
  return {
    id: `O2026${String(n).padStart(4, '0')}`,
    createdAt: T0 - n * 86_400_000,
    status: n === 0 ? 'submitted' : 'completed',
    statusLabel: n === 0 ? '待确认' : '已完成',
    channel: 'app',
    names: ['上海青', '西红柿', '红富士苹果'],
    lineCount: 8,
    paidFen: 123_450,
    refundedFen: n === 1 ? 1200 : 0,
    hasWeightLines: true,
    weighed: n !== 0,
    slot: { kind: 'pickup', day: '2026-11-25', window: 'early', windowLabel: '06:00–08:00', pickupPoint: '阳光花园3号门', priority: false },
  };
}

function history(payload: unknown) {
  const { page, pageSize } = payload as { page: number; pageSize: number };
  const total = 12;
  const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - page * pageSize)) }, (_, i) => order(page * pageSize + i));
  return { items, page, pageSize, hasMore: (page + 1) * pageSize < total };
}

describe('compiled weapp 订单 tab (dist/)', () => {
  beforeAll(() => {
    onCloud('orders.history', (payload) => ok(history(payload)));
    onCloud('orders.lists', () => ok([{ id: 'SL1', name: '阳光花园周三团', pickupPoint: '阳光花园3号门', items: [{ productId: 'LEAF-01' }, { productId: 'DAIRY-01' }], updatedAt: T0 }]));
  });

  it('shows the orders with status tags and 再来一单, the standing lists, and loads more', async () => {
    bootApp();
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    const navigateTo = jest.fn((options: { success?: (res: unknown) => void; complete?: (res: unknown) => void }) => {
      const res = { errMsg: 'navigateTo:ok' };
      options.success?.(res);
      options.complete?.(res);
    });
    wx.navigateTo = navigateTo;

    const page = openPage('pages/orders/index');
    const text = await waitForText(page, (t) => t.includes('上海青、西红柿、红富士苹果等8种') && t.includes('阳光花园周三团'));
    expect(callsTo('orders.history')[0]).toEqual({ name: 'orders', action: 'history', payload: { page: 0, pageSize: 10 } });
    expect(text).toContain('常购清单');
    expect(text).toContain('2 种商品 · 自提点：阳光花园3号门');
    expect(text).toContain('一键下单');
    expect(text).toMatch(/(2026年)?11月25日 00:05待确认/);
    expect(text).toContain('实付 ¥1,234.50');
    expect(text).toContain('已退 ¥12.00');
    expect(text).toContain('（待称重结算）');
    expect(text).not.toContain('演示身份');
    const rows = page.querySelectorAll('.order-row');
    expect(rows).toHaveLength(10);
    expect(page.querySelectorAll('.tag-warning')).toHaveLength(1);
    expect(page.querySelectorAll('.tag-positive')).toHaveLength(9);

    const again = page.querySelectorAll('.order-again');
    expect(again).toHaveLength(10);
    again[0]!.dispatchEvent('tap');
    let deadline = Date.now() + 3000;
    while (navigateTo.mock.calls.length === 0 && Date.now() < deadline) await sleep(20);
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/^\/packages\/shop\/pages\/reorder\/index\?orderId=O20260000&kind=pickup&window=early&pickup=/) }));

    page.querySelector('.list-more')!.dispatchEvent('tap');
    deadline = Date.now() + 3000;
    while (page.querySelectorAll('.order-row').length < 12 && Date.now() < deadline) await sleep(20);
    expect(page.querySelectorAll('.order-row')).toHaveLength(12);
    expect(callsTo('orders.history').map((c) => c.payload)).toEqual([
      { page: 0, pageSize: 10 },
      { page: 1, pageSize: 10 },
    ]);
    expect(page.dom.textContent).toContain('没有更多了');
    page.detach();
  });
});
