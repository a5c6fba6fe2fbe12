/**
 * Paying online from the shop pages (H5, as in local development): the confirmation offers 货到付款/月结
 * (the default) and 微信支付 when the server does, sends the choice with the order, and the order page
 * of an unpaid order shows the clearly labelled 模拟支付（本地）, which asks orders.pay for the trade,
 * sends the local stand-in for WeChat Pay's notice and shows the order paid.
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import ConfirmPage from '@/packages/shop/pages/confirm/index';
import DetailPage from '@/packages/shop/pages/detail/index';
import { saveCart } from '@/packages/shop/cart';
import type { OrderDetail, QuoteResult } from '@/services/orders';
import type { PlacedOrder } from '@/packages/shop/payment';
import { fail, installFakeServer, ok, type FakeServer } from '../fakeServer';
import { setRouterParams } from '../pageHooks';

const ME = 'demo-basic';
const T0 = Date.parse('2026-11-25T09:30:00+08:00');

async function settle(times = 4): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

let redirectTo: jest.SpyInstance;
beforeEach(() => {
  window.localStorage.setItem('freshpal.dev.openid', ME);
  redirectTo = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
});
afterEach(() => {
  redirectTo.mockRestore();
  setRouterParams({});
});

const line = { productId: 'GRAIN-01', name: '东北大米', line: '粮油', unit: 'piece', quantity: 2, estimatedGrams: null, listUnitPriceFen: 6800, unitPriceFen: 6800, discountBp: 0, toleranceBp: null, listAmountFen: 13600, tierDiscountFen: 0, amountFen: 13600, couponShareFen: 0, paidFen: 13600 };

function quote(methods: QuoteResult['paymentMethods']): QuoteResult {
  return {
    quote: { lines: [line], listTotalFen: 13600, tierDiscountFen: 0, subtotalFen: 13600, coupon: null, couponFen: 0, paidFen: 13600, estimatedPoints: 136, hasWeightLines: false },
    unavailable: [],
    adjusted: [],
    coupons: [],
    suggestedCouponId: null,
    couponRefusal: null,
    recheck: null,
    pricing: { tier: 'basic', tierName: '基础会员', discountBp: 0, priorityDelivery: false },
    paymentMethods: methods,
  } as QuoteResult;
}

function detail(overrides: Partial<OrderDetail> = {}): OrderDetail {
  return {
    id: 'A-PAY-1',
    createdAt: T0,
    status: 'pending_payment',
    statusLabel: '待支付',
    channel: 'app',
    names: ['东北大米'],
    lineCount: 1,
    paidFen: 13600,
    refundedFen: 0,
    hasWeightLines: false,
    weighed: false,
    slot: { kind: 'delivery', day: '2026-11-26', window: 'morning', windowLabel: '08:00–11:00', pickupPoint: null, priority: false },
    tier: 'basic',
    discountBp: 0,
    lines: [{ ...line, unitLabel: '件', weight: null }],
    listTotalFen: 13600,
    tierDiscountFen: 0,
    subtotalFen: 13600,
    coupon: null,
    couponFen: 0,
    estimatedPaidFen: 13600,
    weightSettlement: null,
    refunds: [],
    points: { estimated: 136, earned: null, state: 'on_completion', usableOn: null },
    payment: { method: 'wechat_pay', outTradeNo: 'FPA-PAY-1', paidAt: null },
    payable: true,
    note: null,
    timeline: [{ status: 'pending_payment', statusLabel: '待支付', at: T0, by: 'customer', staffName: null, note: null }],
    completedAt: null,
    cancelledAt: null,
    cancellable: true,
    ...overrides,
  } as OrderDetail;
}

const PAID = detail({
  status: 'submitted',
  statusLabel: '待确认',
  payable: false,
  payment: { method: 'wechat_pay', outTradeNo: 'FPA-PAY-1', paidAt: T0 + 60_000 },
  timeline: [
    { status: 'pending_payment', statusLabel: '待支付', at: T0, by: 'customer', staffName: null, note: null },
    { status: 'submitted', statusLabel: '待确认', at: T0 + 60_000, by: 'system', staffName: null, note: '模拟支付（本地）' },
  ],
});

describe('确认订单: the payment choice', () => {
  const confirm = async (methods: QuoteResult['paymentMethods']): Promise<FakeServer> => {
    saveCart([{ productId: 'GRAIN-01', name: '东北大米', unit: 'piece', unitLabel: '件', unitPriceFen: 6800, portion: null, minPerOrder: 1, maxPerOrder: null, quantity: 2 }], ME);
    const fake = installFakeServer({
      'orders.quote': () => ok(quote(methods)),
      'orders.submit': () => ok({ ...detail(), pay: { kind: 'simulated', outTradeNo: 'FPA-PAY-1', totalFen: 13600, label: '模拟支付（本地）' }, payError: null } as PlacedOrder),
    });
    render(<ConfirmPage />);
    await settle();
    return fake;
  };
  const submitted = (fake: FakeServer) => fake.payloads('orders.submit') as { paymentMethod: string }[];

  it('defaults to 货到付款/月结 and sends it with the order', async () => {
    const fake = await confirm(['on_account', 'wechat_pay']);
    const group = screen.getByRole('group', { name: '支付方式' });
    expect(screen.getByRole('button', { name: '货到付款 / 月结' }).getAttribute('aria-pressed')).toBe('true');
    expect(group.textContent).toContain('微信支付');
    fireEvent.click(screen.getByRole('button', { name: '确认下单' }));
    await settle();
    expect(submitted(fake).map((p) => p.paymentMethod)).toEqual(['on_account']);
  });

  it('sends 微信支付 when chosen, then opens the order page (where the unpaid order is paid)', async () => {
    const fake = await confirm(['on_account', 'wechat_pay']);
    fireEvent.click(screen.getByRole('button', { name: '微信支付' }));
    expect(screen.getByRole('button', { name: '微信支付' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText(/未支付的订单可在订单详情中继续支付或取消/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '确认下单' }));
    await settle();
    expect(submitted(fake).map((p) => p.paymentMethod)).toEqual(['wechat_pay']);
    // Locally nothing is paid behind the customer's back: the labelled simulation is on the order page.
    expect(fake.count('orders.pay')).toBe(0);
    expect(redirectTo).toHaveBeenCalledWith({ url: expect.stringContaining('orderId=A-PAY-1') as string });
  });

  it('offers no choice when the server has no online payment', async () => {
    const fake = await confirm(['on_account']);
    expect(screen.queryByRole('group', { name: '支付方式' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '确认下单' }));
    await settle();
    expect(submitted(fake).map((p) => p.paymentMethod)).toEqual(['on_account']);
  });
});

describe('订单详情 of an unpaid order', () => {
  /** The fake local server also answers POST /dev/simulatePayment, recording the order id. */
  function withSimulateRoute(fake: FakeServer, answer: () => unknown): { orderIds: string[] } {
    const inner = globalThis.fetch;
    const seen = { orderIds: [] as string[] };
    const wrapped = jest.fn((input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) !== '/dev/simulatePayment') return inner(input, init);
      seen.orderIds.push((JSON.parse(String(init?.body)) as { orderId: string }).orderId);
      expect((init?.headers as Record<string, string>)['X-Dev-Openid']).toBe(ME);
      return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(answer()) } as unknown as Response);
    });
    (globalThis as { fetch: unknown }).fetch = wrapped;
    window.fetch = wrapped as typeof window.fetch;
    void fake;
    return seen;
  }

  it('模拟支付（本地） asks for the trade, sends the local notice and shows the order paid', async () => {
    setRouterParams({ orderId: 'A-PAY-1', placed: '1' });
    let paid = false;
    const fake = installFakeServer({
      'orders.detail': () => ok(paid ? PAID : detail()),
      'orders.pay': () => ok({ ...detail(), pay: { kind: 'simulated', outTradeNo: 'FPA-PAY-1', totalFen: 13600, label: '模拟支付（本地）' }, payError: null } as PlacedOrder),
    });
    const sim = withSimulateRoute(fake, () => {
      paid = true;
      return ok({ errcode: 0, errmsg: '', outcome: 'paid' });
    });
    const { container } = render(<DetailPage />);
    await settle();
    expect(screen.getByText('订单已提交，待支付')).toBeTruthy();
    expect(container.textContent).toContain('微信支付 · 未支付');
    expect(container.textContent).toContain('不会真实扣款');
    fireEvent.click(screen.getByRole('button', { name: '模拟支付（本地） ¥136.00' }));
    await settle(8);
    expect(fake.payloads('orders.pay')).toEqual([{ orderId: 'A-PAY-1' }]);
    expect(sim.orderIds).toEqual(['A-PAY-1']);
    expect(screen.queryByRole('button', { name: /模拟支付/ })).toBeNull();
    expect(container.textContent).toContain('微信支付 · 已支付');
    expect(container.textContent).toContain('待确认');
  });

  it('a refusal (already paid) is said in words and the order is loaded again', async () => {
    setRouterParams({ orderId: 'A-PAY-1' });
    let calls = 0;
    installFakeServer({
      'orders.detail': () => ok((calls += 1) === 1 ? detail() : PAID),
      'orders.pay': () => fail('PAYMENT.ALREADY_PAID', '该订单已支付'),
    });
    const { container } = render(<DetailPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '模拟支付（本地） ¥136.00' }));
    await settle(8);
    expect(screen.getByRole('alert').textContent).toBe('支付失败：该订单已支付');
    expect(container.textContent).toContain('微信支付 · 已支付');
  });

  it('an on-account order shows its payment method and no pay button', async () => {
    setRouterParams({ orderId: 'A-PAY-2' });
    installFakeServer({ 'orders.detail': () => ok(detail({ id: 'A-PAY-2', status: 'submitted', statusLabel: '待确认', payable: false, payment: { method: 'on_account', outTradeNo: null, paidAt: null } })) });
    const { container } = render(<DetailPage />);
    await settle();
    expect(container.textContent).toContain('货到付款 / 月结');
    expect(screen.queryByRole('button', { name: /模拟支付|微信支付/ })).toBeNull();
  });
});
