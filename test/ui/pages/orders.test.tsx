/**
 * The 订单 tab and the shop subpackage: history with 再来一单, the reconciled reorder confirmed in one
 * tap, one order under a double tap, a retry keeping its request id, ORDER.CART_CHANGED shown again,
 * and the order detail.
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import OrdersPage from '@/pages/orders/index';
import ReorderPage from '@/packages/shop/pages/reorder/index';
import DetailPage from '@/packages/shop/pages/detail/index';
import type { OrderDetail, OrderSummary, QuoteResult, Reconciled, ReconciledLine, StandingList } from '@/services/orders';
import { formatDate } from '@/format/date';
import { NETWORK_DOWN, fail, installFakeServer, ok, type FakeServer } from '../fakeServer';
import { setRouterParams } from '../pageHooks';

const LEADER = 'demo-leader';
const T0 = Date.parse('2026-11-20T09:30:00+08:00');

let navigateTo: jest.SpyInstance;
let redirectTo: jest.SpyInstance;
beforeEach(() => {
  window.localStorage.setItem('freshpal.dev.openid', LEADER);
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
  redirectTo = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
});
afterEach(() => {
  navigateTo.mockRestore();
  redirectTo.mockRestore();
  setRouterParams({});
});

async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

function summary(n: number, overrides: Partial<OrderSummary> = {}): OrderSummary {
  return {
    id: `O${String(n).padStart(4, '0')}`,
    createdAt: T0 - n * 86_400_000,
    status: 'completed',
    statusLabel: '已完成',
    channel: 'app',
    names: ['上海青', '西红柿', '红富士苹果'],
    lineCount: 8,
    paidFen: 123_450 + n,
    refundedFen: 0,
    hasWeightLines: true,
    weighed: true,
    slot: { kind: 'pickup', day: '2026-11-21', window: 'early', windowLabel: '06:00–08:00', pickupPoint: '阳光花园3号门', priority: false },
    ...overrides,
  };
}

function historyServer(total: number, extra: Record<string, Parameters<typeof installFakeServer>[0][string]> = {}): FakeServer {
  return installFakeServer({
    'orders.history': ({ payload }) => {
      const { page, pageSize } = payload as { page: number; pageSize: number };
      const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - page * pageSize)) }, (_, i) => summary(page * pageSize + i, i === 0 && page === 0 ? { status: 'submitted', statusLabel: '待确认', weighed: false } : {}));
      return ok({ items, page, pageSize, hasMore: (page + 1) * pageSize < total });
    },
    'orders.lists': () => ok([] as StandingList[]),
    ...extra,
  });
}

describe('订单 tab', () => {
  it('lists orders newest first with status tags, pages on, and offers 再来一单 on each', async () => {
    const server = historyServer(13);
    const { container } = render(<OrdersPage />);
    expect(screen.getByLabelText('正在加载订单…')).toBeTruthy();
    await settle();
    const rows = container.querySelectorAll('.order-row');
    expect(rows).toHaveLength(10);
    expect(rows[0]?.querySelector('.tag')?.textContent).toBe('待确认');
    expect(rows[0]?.querySelector('.tag')?.className).toContain('tag-warning');
    expect(rows[1]?.querySelector('.tag')?.className).toContain('tag-positive');
    expect(rows[0]?.textContent).toContain('上海青、西红柿、红富士苹果等8种');
    expect(rows[0]?.textContent).toContain('实付 ¥1,234.50');
    expect(rows[0]?.textContent).toContain('待称重结算');
    expect(rows[1]?.textContent).not.toContain('待称重结算');
    // A tab page: no back control.
    expect(screen.queryByRole('button', { name: /回到首页|返回/ })).toBeNull();

    fireEvent.click(within(rows[0] as HTMLElement).getByText('再来一单'));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/shop/pages/reorder/index?orderId=O0000&kind=pickup&window=early&pickup=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD3%E5%8F%B7%E9%97%A8' });
    fireEvent.click(screen.getByRole('link', { name: /^11月19日的订单/ }));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/shop/pages/detail/index?orderId=O0001' });

    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(container.querySelectorAll('.order-row')).toHaveLength(13);
    expect(screen.getByText('没有更多了')).toBeTruthy();
    expect(server.payloads('orders.history')).toEqual([
      { page: 0, pageSize: 10 },
      { page: 1, pageSize: 10 },
    ]);
  });

  it('shows a leader’s 常购清单 with one-tap ordering, and nothing for members without lists', async () => {
    historyServer(1, {
      'orders.lists': () =>
        ok([{ id: 'SL1', name: '阳光花园周三团', pickupPoint: '阳光花园3号门', items: [{ productId: 'LEAF-01', name: '上海青', line: '叶菜', unit: 'jin', quantity: 30, unitPriceFen: 361, estimatedGrams: 15000 }], updatedAt: T0 }] as StandingList[]),
    });
    render(<OrdersPage />);
    await settle();
    expect(screen.getByText('常购清单')).toBeTruthy();
    expect(screen.getByText('1 种商品 · 自提点：阳光花园3号门')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '按常购清单「阳光花园周三团」下单' }));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/shop/pages/reorder/index?listId=SL1&kind=pickup&pickup=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD3%E5%8F%B7%E9%97%A8' });
  });

  it('leads to the catalogue when there is no order yet', async () => {
    historyServer(0);
    render(<OrdersPage />);
    await settle();
    expect(screen.getByText('还没有订单')).toBeTruthy();
    expect(screen.queryByText('常购清单')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '去选购' }));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/shop/pages/catalogue/index' });
  });

  it('shows a load error with 重试', async () => {
    const server = historyServer(2);
    server.on('orders.history', () => fail('SYSTEM.INTERNAL', '系统繁忙，请稍后再试'));
    render(<OrdersPage />);
    await settle();
    expect(screen.getByText('订单加载失败')).toBeTruthy();
    server.on('orders.history', () => ok({ items: [summary(0)], page: 0, pageSize: 10, hasMore: false }));
    fireEvent.click(screen.getByText('重试'));
    await settle();
    expect(screen.getByText('上海青、西红柿、红富士苹果等8种')).toBeTruthy();
  });
});

// ---------------------------------------------------------------------------------------------
// 再来一单

function rline(overrides: Partial<ReconciledLine> & Pick<ReconciledLine, 'productId' | 'name'>): ReconciledLine {
  return {
    line: '叶菜',
    unit: 'piece',
    lastQuantity: 2,
    quantity: 2,
    lastUnitPriceFen: 1000,
    unitPriceFen: 1000,
    listPriceFen: 1053,
    price: { direction: 'same', deltaFen: 0, deltaBp: 0 },
    status: 'unchanged',
    unavailable: null,
    adjustments: [],
    unitChanged: null,
    portionChanged: null,
    notes: [],
    substitutes: [],
    selected: true,
    ...overrides,
  };
}

const product = (id: string, name: string, unit: 'piece' | 'jin', unitPriceFen: number, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  line: '叶菜',
  unit,
  unitLabel: unit === 'piece' ? '件' : '斤',
  listPriceFen: unitPriceFen,
  unitPriceFen,
  portion: unit === 'jin' ? { grams: 500, estimatedFen: unitPriceFen, toleranceBp: 1000 } : null,
  minPerOrder: 1,
  maxPerOrder: null,
  unavailable: null,
  unavailableLabel: null,
  ...extra,
});

function reconciled(): Reconciled {
  const lines = [
    rline({ productId: 'LEAF-01', name: '上海青', unit: 'jin', lastQuantity: 20, quantity: 20, lastUnitPriceFen: 331, unitPriceFen: 361, status: 'changed', price: { direction: 'up', deltaFen: 30, deltaBp: 906 }, notes: ['涨价0.3元/斤'] }),
    rline({ productId: 'FRUIT-06', name: '西红柿', lastQuantity: 6, quantity: 6, lastUnitPriceFen: 1290, unitPriceFen: 1220, status: 'changed', price: { direction: 'down', deltaFen: -70, deltaBp: -543 }, notes: ['降价0.7元/件'] }),
    rline({
      productId: 'FRUIT-12',
      name: '红富士苹果礼盒',
      lastQuantity: 3,
      quantity: 0,
      status: 'unavailable',
      unavailable: 'off_shelf',
      notes: ['已下架'],
      selected: false,
      substitutes: [{ productId: 'FRUIT-03', name: '烟台苹果', unit: 'piece', unitPriceFen: 4800, quantity: 3 }],
    }),
    rline({ productId: 'MEAT-09', name: '土鸡蛋', lastQuantity: 8, quantity: 5, status: 'changed', adjustments: ['capped_at_max'], notes: ['已按每单限购调整'] }),
  ];
  return {
    sourceId: 'O0000',
    lines,
    counts: { unchanged: 0, changed: 3, unavailable: 1 },
    items: [],
    products: [product('LEAF-01', '上海青', 'jin', 361), product('FRUIT-06', '西红柿', 'piece', 1220), product('FRUIT-03', '烟台苹果', 'piece', 4800), product('MEAT-09', '土鸡蛋', 'piece', 1000, { maxPerOrder: 5 })],
    pricing: { tier: 'core', tierName: '核心会员', discountBp: 500 },
  } as unknown as Reconciled;
}

const PRICES: Record<string, { unit: 'piece' | 'jin'; fen: number; name: string }> = {
  'LEAF-01': { unit: 'jin', fen: 361, name: '上海青' },
  'FRUIT-06': { unit: 'piece', fen: 1220, name: '西红柿' },
  'FRUIT-03': { unit: 'piece', fen: 4800, name: '烟台苹果' },
  'MEAT-09': { unit: 'piece', fen: 1000, name: '土鸡蛋' },
};

type QuotePayload = { items: { productId: string; quantity: number; unit?: string; unitPriceFen?: number }[]; couponId: string | null };
type SubmitPayload = { requestId: string; items: { productId: string; unit: string; quantity: number; unitPriceFen: number }[]; couponId: string | null; slot: Record<string, unknown> };

/** A quote as the server builds it: lines at `prices`, the 满100减10 coupon when asked for. */
function quoteOf(payload: unknown, prices = PRICES, recheckMessages: string[] | null = null): QuoteResult {
  const { items, couponId } = payload as QuotePayload;
  const lines = items.map((i) => {
    const p = prices[i.productId]!;
    const amountFen = p.fen * i.quantity;
    const listAmountFen = Math.round(amountFen * 1.05);
    return { productId: i.productId, name: p.name, line: '叶菜', unit: p.unit, quantity: i.quantity, estimatedGrams: p.unit === 'jin' ? 500 * i.quantity : null, listUnitPriceFen: p.fen, unitPriceFen: p.fen, discountBp: 500, toleranceBp: null, listAmountFen, tierDiscountFen: listAmountFen - amountFen, amountFen, couponShareFen: 0, paidFen: amountFen };
  });
  const listTotalFen = lines.reduce((s, l) => s + l.listAmountFen, 0);
  const subtotalFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const coupon = couponId === 'CP1' ? { couponId: 'CP1', title: '满100减10', deductionFen: 1000, giftItemName: null } : null;
  const couponFen = coupon?.deductionFen ?? 0;
  return {
    quote: { lines, listTotalFen, tierDiscountFen: listTotalFen - subtotalFen, subtotalFen, coupon, couponFen, paidFen: subtotalFen - couponFen, estimatedPoints: Math.floor(((subtotalFen - couponFen) / 100) * 1.5), hasWeightLines: lines.some((l) => l.estimatedGrams !== null) },
    unavailable: [],
    adjusted: [],
    coupons: [
      { id: 'CP1', title: '满100减10', lastValidDay: '2026-12-25', usable: true, deductionFen: 1000, giftItemName: null, refusal: null },
      { id: 'CP2', title: '满1000减150', lastValidDay: '2026-12-25', usable: false, deductionFen: 0, giftItemName: null, refusal: { code: 'COUPON.MIN_SPEND_NOT_MET', message: '还差¥800可用', shortByFen: 80000 } },
    ],
    suggestedCouponId: 'CP1',
    couponRefusal: null,
    recheck: recheckMessages ? { ok: false, changes: [], items: [], messages: recheckMessages } : null,
    pricing: { tier: 'core', tierName: '核心会员', discountBp: 500, priorityDelivery: true },
  } as unknown as QuoteResult;
}

function detailOf(id: string, overrides: Partial<OrderDetail> = {}): OrderDetail {
  return {
    ...summary(0, { id, status: 'submitted', statusLabel: '待确认' }),
    tier: 'core',
    discountBp: 500,
    lines: [],
    listTotalFen: 0,
    tierDiscountFen: 0,
    subtotalFen: 0,
    coupon: null,
    couponFen: 0,
    estimatedPaidFen: 0,
    weightSettlement: null,
    refunds: [],
    points: { estimated: 100, earned: null, state: 'on_completion', usableOn: null },
    payment: { method: 'on_account', outTradeNo: null, paidAt: null },
    note: null,
    timeline: [{ status: 'submitted', statusLabel: '待确认', at: T0, by: 'customer', staffName: null, note: null }],
    completedAt: null,
    cancelledAt: null,
    cancellable: true,
    ...overrides,
  } as OrderDetail;
}

function reorderServer(): FakeServer {
  return installFakeServer({
    'orders.reorder': () => ok(reconciled()),
    'orders.quote': ({ payload }) => ok(quoteOf(payload)),
    'orders.submit': ({ payload }) => ok(detailOf(`ORD-${(payload as SubmitPayload).requestId}`)),
  });
}

const confirmButton = () => screen.getByRole('button', { name: /确认下单|重试下单/ });

describe('再来一单', () => {
  beforeEach(() => setRouterParams({ orderId: 'O0000', kind: 'pickup', window: 'early', pickup: '阳光花园3号门' }));

  it('shows each line against last time, flags what cannot be bought with substitutes, and preselects the rest', async () => {
    const server = reorderServer();
    const { container } = render(<ReorderPage />);
    expect(screen.getByLabelText('正在核对商品…')).toBeTruthy();
    await settle();
    expect(server.payloads('orders.reorder')).toEqual([{ orderId: 'O0000' }]);
    const lines = Array.from(container.querySelectorAll('.reorder-line')).map((l) => l.textContent ?? '');
    expect(lines[0]).toContain('今天 ¥3.61/斤 比上次涨 ¥0.30');
    expect(lines[0]).toContain('约 20 斤，按实际称重计价，多退少补');
    expect(lines[1]).toContain('比上次降 ¥0.70');
    expect(lines[2]).toContain('已下架');
    expect(lines[2]).toContain('可换成（同类当季）');
    expect(lines[3]).toContain('已按每单限购调整');
    expect(screen.getByText('0 种同上次')).toBeTruthy();
    expect(screen.getByText('1 种暂不能买')).toBeTruthy();
    // Everything orderable goes in, the limit applied, the off-shelf line out.
    expect(screen.getByRole('button', { name: '不要上海青' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByLabelText('土鸡蛋数量 5')).toBeTruthy();
    const quotes = server.payloads('orders.quote') as QuotePayload[];
    expect(quotes[0]).toEqual({ items: [{ productId: 'LEAF-01', quantity: 20 }, { productId: 'FRUIT-06', quantity: 6 }, { productId: 'MEAT-09', quantity: 5 }], couponId: null });
    // The best coupon is applied at once, and the hand-over of last time is chosen.
    expect(quotes[1]?.couponId).toBe('CP1');
    expect(container.querySelector('.coupon-chosen')?.textContent).toContain('满100减10已选最优');
    expect(screen.getByRole('button', { name: '到自提点' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: '06:00–08:00' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('自提点') as HTMLInputElement).value).toBe('阳光花园3号门');
    // List price, tier discount, coupon, total and points.
    const total = container.querySelector('.checkout-total')?.textContent ?? '';
    expect(total).toContain('会员折扣（核心会员 5%）');
    expect(total).toContain('-¥10.00');
    expect(total).toContain('实付（预估）¥185.40'); // 20×3.61 + 6×12.20 + 5×10.00 − 10
    expect(total).toContain('预计获得积分278');
    expect(container.textContent).toContain('核心会员享优先配送');
  });

  it('confirms the proposed cart in one tap: the quoted lines, coupon and pickup point are submitted', async () => {
    const server = reorderServer();
    render(<ReorderPage />);
    await settle();
    fireEvent.click(confirmButton());
    await settle();
    const sent = server.payloads('orders.submit') as SubmitPayload[];
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      items: [
        { productId: 'LEAF-01', unit: 'jin', quantity: 20, unitPriceFen: 361 },
        { productId: 'FRUIT-06', unit: 'piece', quantity: 6, unitPriceFen: 1220 },
        { productId: 'MEAT-09', unit: 'piece', quantity: 5, unitPriceFen: 1000 },
      ],
      couponId: 'CP1',
      slot: { kind: 'pickup', window: 'early', pickupPoint: '阳光花园3号门' },
      note: null,
    });
    expect(sent[0]!.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(redirectTo).toHaveBeenCalledWith({ url: `/packages/shop/pages/detail/index?orderId=ORD-${sent[0]!.requestId}&placed=1` });
    // Settled: no id is kept for a retry.
    expect(window.localStorage.getItem('freshpal.unsettled.order')).toBeNull();
  });

  it('lets the customer take a line out and pick a substitute for an off-shelf one', async () => {
    const server = reorderServer();
    render(<ReorderPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '不要西红柿' }));
    fireEvent.click(screen.getByRole('button', { name: /^换成烟台苹果/ }));
    fireEvent.click(screen.getByRole('button', { name: '增加上海青' }));
    await settle();
    const last = server.payloads('orders.quote').slice(-1)[0] as QuotePayload;
    expect(last.items).toEqual([
      { productId: 'LEAF-01', quantity: 21 },
      { productId: 'FRUIT-03', quantity: 3 },
      { productId: 'MEAT-09', quantity: 5 },
    ]);
    // The limit: no more than 5 eggs.
    expect(screen.getByRole('button', { name: '增加土鸡蛋' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('creates one order under a double tap: one submit, the button disabled while it is in flight', async () => {
    const server = reorderServer();
    render(<ReorderPage />);
    await settle();
    const button = confirmButton();
    fireEvent.click(button);
    fireEvent.click(button);
    expect(screen.getByText('正在下单…')).toBeTruthy();
    expect(screen.getByRole('button', { name: '正在下单' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '正在下单' }));
    await settle();
    expect(server.count('orders.submit')).toBe(1);
    expect(redirectTo).toHaveBeenCalledTimes(1);
  });

  it('keeps the request id of an unanswered submit, also after leaving the page, and sends it again', async () => {
    const server = reorderServer();
    server.on('orders.submit', () => NETWORK_DOWN);
    const first = render(<ReorderPage />);
    await settle();
    fireEvent.click(confirmButton());
    await settle();
    expect(screen.getByText('网络异常，下单结果未确认。请点击“重试下单”，不会重复下单')).toBeTruthy();
    expect(confirmButton().textContent).toBe('重试下单');
    const lost = (server.payloads('orders.submit')[0] as SubmitPayload).requestId;
    first.unmount();

    // Back on the page later (the answer never came): the same cart goes with the same id.
    server.on('orders.submit', ({ payload }) => ok(detailOf(`ORD-${(payload as SubmitPayload).requestId}`)));
    render(<ReorderPage />);
    await settle();
    expect(confirmButton().textContent).toBe('重试下单');
    fireEvent.click(confirmButton());
    await settle();
    const ids = (server.payloads('orders.submit') as SubmitPayload[]).map((p) => p.requestId);
    expect(ids).toEqual([lost, lost]);
    expect(redirectTo).toHaveBeenCalledWith({ url: `/packages/shop/pages/detail/index?orderId=ORD-${lost}&placed=1` });
    expect(window.localStorage.getItem('freshpal.unsettled.order')).toBeNull();
  });

  it('on ORDER.CART_CHANGED quotes the confirmed lines again, shows what moved, and submits the new prices', async () => {
    const server = reorderServer();
    server.on('orders.submit', ({ call, payload }) =>
      call === 1 ? fail('ORDER.CART_CHANGED', '商品有变化，请确认后重新提交：上海青：涨价，3.61元→3.9元/斤') : ok(detailOf(`ORD-${(payload as SubmitPayload).requestId}`)),
    );
    const { container } = render(<ReorderPage />);
    await settle();
    const risen = { ...PRICES, 'LEAF-01': { unit: 'jin' as const, fen: 390, name: '上海青' } };
    server.on('orders.quote', ({ payload }) => ok(quoteOf(payload, risen, (payload as QuotePayload).items[0]?.unitPriceFen !== undefined ? ['上海青：涨价，3.61元→3.9元/斤'] : null)));
    const before = server.count('orders.quote');
    fireEvent.click(confirmButton());
    await settle();
    // The confirmed lines went back with the prices the customer saw.
    const again = server.payloads('orders.quote').slice(before) as QuotePayload[];
    expect(again).toHaveLength(1);
    expect(again[0]!.items[0]).toEqual({ productId: 'LEAF-01', unit: 'jin', quantity: 20, unitPriceFen: 361 });
    const alert = container.querySelector('.checkout-changes');
    expect(alert?.textContent).toContain('商品有变化，已按最新价格和库存重新计算，请确认后再下单');
    expect(alert?.textContent).toContain('上海青：涨价，3.61元→3.9元/斤');
    expect(redirectTo).not.toHaveBeenCalled();
    expect(container.querySelector('.checkout-bar .sum-paid')?.textContent).toBe('¥191.20'); // 20×3.90 + 6×12.20 + 5×10.00 − 10

    fireEvent.click(confirmButton());
    await settle();
    const sent = server.payloads('orders.submit') as SubmitPayload[];
    expect(sent).toHaveLength(2);
    expect(sent[1]!.items[0]).toEqual({ productId: 'LEAF-01', unit: 'jin', quantity: 20, unitPriceFen: 390 });
    expect(sent[1]!.requestId).not.toBe(sent[0]!.requestId);
    expect(redirectTo).toHaveBeenCalledTimes(1);
  });

  it('lets the customer change or drop the suggested coupon', async () => {
    const server = reorderServer();
    const { container } = render(<ReorderPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '更换优惠券' }));
    expect(screen.getByRole('button', { name: '「满1000减150」不可用：还差¥800可用' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByText('不使用优惠券'));
    await settle();
    expect((server.payloads('orders.quote').slice(-1)[0] as QuotePayload).couponId).toBeNull();
    expect(container.querySelector('.coupon-chosen')?.textContent).toContain('不使用优惠券');
    fireEvent.click(confirmButton());
    await settle();
    expect((server.payloads('orders.submit')[0] as SubmitPayload).couponId).toBeNull();
  });

  it('reorders a standing list the same way', async () => {
    setRouterParams({ listId: 'SL1', kind: 'pickup', pickup: '曹杨新村菜场口' });
    const server = reorderServer();
    server.on('orders.reorderList', () => ok(reconciled()));
    render(<ReorderPage />);
    await settle();
    expect(server.payloads('orders.reorderList')).toEqual([{ listId: 'SL1' }]);
    expect(server.count('orders.reorder')).toBe(0);
    expect((screen.getByLabelText('自提点') as HTMLInputElement).value).toBe('曹杨新村菜场口');
  });
});

describe('订单详情', () => {
  it('shows lines with weights, prices, the coupon, refunds, points state and the timeline', async () => {
    setRouterParams({ orderId: 'O9', placed: '1' });
    const order = detailOf('O9', {
      status: 'partially_refunded',
      statusLabel: '部分退款',
      lines: [
        { productId: 'MEAT-01', name: '五花肉', unit: 'jin', unitLabel: '斤', quantity: 10, listUnitPriceFen: 1680, unitPriceFen: 1596, listAmountFen: 16800, tierDiscountFen: 840, amountFen: 15960, couponShareFen: 1000, paidFen: 14960, weight: { estimatedGrams: 5000, toleranceBp: 1000, finalGrams: 4800, chargedGrams: 4800, waivedGrams: 0, outcome: 'lighter', differenceFen: -638 } },
        { productId: 'GRAIN-01', name: '东北大米', unit: 'piece', unitLabel: '件', quantity: 2, listUnitPriceFen: 6800, unitPriceFen: 6800, listAmountFen: 13600, tierDiscountFen: 0, amountFen: 13600, couponShareFen: 0, paidFen: 13600, weight: null },
      ],
      listTotalFen: 30400,
      tierDiscountFen: 840,
      coupon: { couponId: 'CP1', title: '满100减10', deductionFen: 1000, giftItemName: null },
      couponFen: 1000,
      paidFen: 27922,
      weighed: true,
      weightSettlement: { refundFen: 638, chargeFen: 0, at: T0 + 3_600_000 },
      refunds: [{ refundId: 'R1', fen: 1200, at: T0 + 2 * 86_400_000, points: 18, reason: '菜叶发黄' }],
      points: { estimated: 419, earned: 419, state: 'pending', usableOn: T0 + 9 * 86_400_000 },
      timeline: [
        { status: 'submitted', statusLabel: '待确认', at: T0, by: 'customer', staffName: null, note: null },
        { status: 'confirmed', statusLabel: '已确认', at: T0 + 600_000, by: 'staff', staffName: '李小鲜', note: null },
        { status: 'partially_refunded', statusLabel: '部分退款', at: T0 + 2 * 86_400_000, by: 'staff', staffName: '李小鲜', note: '菜叶发黄' },
      ],
      cancellable: false,
    });
    const server = installFakeServer({ 'orders.detail': () => ok(order) });
    const { container } = render(<DetailPage />);
    await settle();
    expect(server.payloads('orders.detail')).toEqual([{ orderId: 'O9' }]);
    expect(screen.getByText('下单成功')).toBeTruthy();
    const text = container.textContent ?? '';
    expect(text).toContain('预估约 10 斤，实称 9.6 斤，退差价 ¥6.38');
    expect(text).toContain('¥15.96/斤 × 10（原价 ¥16.80）');
    expect(text).toContain('优惠券「满100减10」-¥10.00');
    expect(text).toContain(`退款 ${formatDate(T0 + 2 * 86_400_000)}（菜叶发黄），扣回 18 积分-¥12.00`);
    expect(text).toContain(`已获得 419 积分 待入账，${formatDate(T0 + 9 * 86_400_000)}可用`);
    const steps = Array.from(container.querySelectorAll('.timeline-item')).map((s) => s.textContent);
    expect(steps).toHaveLength(3);
    expect(steps[1]).toContain('已确认 · 店员 李小鲜');
    expect(steps[0]).toContain(formatDate(T0));
    expect(screen.queryByText('取消订单')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '再来一单：订单 O9' }));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: expect.stringContaining('/packages/shop/pages/reorder/index?orderId=O9') });
  });

  it('cancels an unconfirmed order after confirmation', async () => {
    setRouterParams({ orderId: 'O8' });
    const server = installFakeServer({
      'orders.detail': ({ call }) => ok(call === 1 ? detailOf('O8') : detailOf('O8', { status: 'cancelled', statusLabel: '已取消', cancellable: false })),
      'orders.cancel': () => ok(detailOf('O8', { status: 'cancelled', statusLabel: '已取消', cancellable: false })),
    });
    render(<DetailPage />);
    await settle();
    fireEvent.click(screen.getByText('取消订单'));
    const dialog = screen.getByRole('dialog', { name: '取消订单' });
    fireEvent.click(within(dialog).getByRole('button', { name: '取消订单' }));
    await settle();
    expect(server.payloads('orders.cancel')).toEqual([{ orderId: 'O8' }]);
    expect(screen.getAllByText('已取消').length).toBeGreaterThan(0);
  });
});
