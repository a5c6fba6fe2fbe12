/**
 * The cart survives closing the app (Taro storage, per session identity), by-weight lines say how
 * much they weigh and that the price follows the weighing, and the confirmation submits it once.
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import CataloguePage from '@/packages/shop/pages/catalogue/index';
import CartPage from '@/packages/shop/pages/cart/index';
import ConfirmPage from '@/packages/shop/pages/confirm/index';
import type { Product } from '@/services/orders';
import { saveCart } from '@/packages/shop/cart';
import { installFakeServer, ok } from '../fakeServer';

async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

const actAs = (openid: string) => window.localStorage.setItem('freshpal.dev.openid', openid);

const products: Product[] = [
  { id: 'MEAT-01', name: '五花肉', line: '肉禽蛋', unit: 'jin', unitLabel: '斤', listPriceFen: 1680, unitPriceFen: 1596, portion: { grams: 500, estimatedFen: 1596, toleranceBp: 1000 }, minPerOrder: 2, maxPerOrder: 6, unavailable: null, unavailableLabel: null },
  { id: 'GRAIN-01', name: '东北大米', line: '粮油', unit: 'piece', unitLabel: '件', listPriceFen: 6800, unitPriceFen: 6800, portion: null, minPerOrder: 1, maxPerOrder: null, unavailable: null, unavailableLabel: null },
  { id: 'FRUIT-12', name: '红富士苹果礼盒', line: '瓜果', unit: 'piece', unitLabel: '件', listPriceFen: 9800, unitPriceFen: 9310, portion: null, minPerOrder: 1, maxPerOrder: null, unavailable: 'sold_out', unavailableLabel: '已售罄' },
] as Product[];

function server() {
  return installFakeServer({
    'orders.catalogue': ({ payload }) => {
      const { line, q } = payload as { line?: string; q?: string };
      const items = products.filter((p) => (!line || p.line === line) && (!q || p.name.includes(q)));
      return ok({ items, page: 0, pageSize: 20, hasMore: false, pricing: { tier: 'potential', tierName: '潜力会员', discountBp: 500 } });
    },
  });
}

let navigateTo: jest.SpyInstance;
beforeEach(() => {
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
});
afterEach(() => navigateTo.mockRestore());

describe('选购 and 购物车', () => {
  it('adds from the catalogue, keeps the cart after the app is closed, only for the same identity', async () => {
    actAs('demo-leader');
    const fake = server();
    const catalogue = render(<CataloguePage />);
    await settle();
    expect(screen.getByText('每份约 1 斤，约 ¥15.96，按实际称重计价')).toBeTruthy();
    expect(screen.getByText('2 份起订')).toBeTruthy();
    // Sold out: flagged, nothing to add.
    expect(screen.getByText('已售罄')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '把红富士苹果礼盒加入购物车' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '把五花肉加入购物车' }));
    fireEvent.click(screen.getByRole('button', { name: '把东北大米加入购物车' }));
    fireEvent.click(screen.getByRole('button', { name: '增加五花肉' }));
    expect(screen.getByLabelText('五花肉数量 3')).toBeTruthy();
    // By line: the query goes to the server.
    fireEvent.click(screen.getByRole('tab', { name: '粮油' }));
    await settle();
    expect(fake.payloads('orders.catalogue').slice(-1)).toEqual([{ line: '粮油', page: 0, pageSize: 20 }]);
    catalogue.unmount();

    // "Closing the app": nothing but storage is left.
    const cart = render(<CartPage />);
    await settle();
    expect(screen.getByText('共 2 种商品')).toBeTruthy();
    expect(screen.getByText('约 3 斤，约 ¥47.88，按实际称重计价，多退少补')).toBeTruthy();
    expect(screen.getByLabelText('东北大米数量 1')).toBeTruthy();
    // The per-order limit of 6 portions.
    for (let i = 0; i < 5; i++) fireEvent.click(screen.getByRole('button', { name: '增加五花肉' }));
    expect(screen.getByLabelText('五花肉数量 6')).toBeTruthy();
    expect(screen.getByRole('button', { name: '增加五花肉' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '删除东北大米' }));
    expect(screen.getByText('共 1 种商品')).toBeTruthy();
    cart.unmount();

    // Another identity never sees it; the first one still does.
    actAs('demo-basic');
    const other = render(<CartPage />);
    await settle();
    expect(screen.getByText('购物车是空的')).toBeTruthy();
    other.unmount();
    actAs('demo-leader');
    render(<CartPage />);
    await settle();
    expect(screen.getByLabelText('五花肉数量 6')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '去结算' }));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/shop/pages/confirm/index' });
  });

  it('confirms the cart: quoted by the server, submitted once, then emptied', async () => {
    actAs('demo-basic');
    saveCart([{ productId: 'GRAIN-01', name: '东北大米', unit: 'piece', unitLabel: '件', unitPriceFen: 6800, portion: null, minPerOrder: 1, maxPerOrder: null, quantity: 2 }], 'demo-basic');
    const redirectTo = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
    const lines = [{ productId: 'GRAIN-01', name: '东北大米', line: '粮油', unit: 'piece', quantity: 2, estimatedGrams: null, listUnitPriceFen: 6800, unitPriceFen: 6800, discountBp: 0, toleranceBp: null, listAmountFen: 13600, tierDiscountFen: 0, amountFen: 13600, couponShareFen: 0, paidFen: 13600 }];
    const fake = installFakeServer({
      'orders.quote': () =>
        ok({
          quote: { lines, listTotalFen: 13600, tierDiscountFen: 0, subtotalFen: 13600, coupon: null, couponFen: 0, paidFen: 13600, estimatedPoints: 136, hasWeightLines: false },
          unavailable: [],
          adjusted: [],
          coupons: [],
          suggestedCouponId: null,
          couponRefusal: null,
          recheck: null,
          pricing: { tier: 'basic', tierName: '基础会员', discountBp: 0, priorityDelivery: false },
        }),
      'orders.submit': () => ok({ id: 'O-NEW' }),
    });
    const { container } = render(<ConfirmPage />);
    await settle();
    expect(fake.payloads('orders.quote')).toEqual([{ items: [{ productId: 'GRAIN-01', quantity: 2 }], couponId: null }]);
    expect(container.textContent).toContain('暂无可用优惠券');
    expect(container.textContent).toContain('¥68.00/件 × 2');
    expect(container.textContent).not.toContain('优先配送');
    // Delivery by default: no pickup point asked for.
    expect(screen.getByRole('button', { name: '送货上门' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByLabelText('自提点')).toBeNull();
    // A pickup needs a named point before it can be submitted.
    fireEvent.click(screen.getByRole('button', { name: '到自提点' }));
    expect(screen.getByText('请填写自提点')).toBeTruthy();
    expect(screen.getByRole('button', { name: '确认下单' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '送货上门' }));
    fireEvent.click(screen.getByRole('button', { name: '14:00–18:00' }));
    fireEvent.click(screen.getByRole('button', { name: '确认下单' }));
    fireEvent.click(screen.getByRole('button', { name: '正在下单' }));
    await settle();
    expect(fake.count('orders.submit')).toBe(1);
    expect(fake.payloads('orders.submit')[0]).toMatchObject({ items: [{ productId: 'GRAIN-01', unit: 'piece', quantity: 2, unitPriceFen: 6800 }], couponId: null, slot: { kind: 'delivery', window: 'afternoon', pickupPoint: null } });
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/shop/pages/detail/index?orderId=O-NEW&placed=1' });
    expect(window.localStorage.getItem('freshpal.cart')).toBeNull();
    redirectTo.mockRestore();
  });
});

describe('page params', () => {
  it('reads a pickup point that arrives URL-encoded (weapp and the H5 router pass queries encoded)', () => {
    const { initialSlot } = jest.requireActual('@/packages/shop/slot') as typeof import('@/packages/shop/slot');
    expect(initialSlot({ kind: 'pickup', pickup: encodeURIComponent('阳光花园3号门') }).pickupPoint).toBe('阳光花园3号门');
    expect(initialSlot({ kind: 'pickup', pickup: '100%新鲜' }).pickupPoint).toBe('100%新鲜');
  });
});
