/**
 * 商品管理 (managers): the catalogue comes from the staff function, off-shelf products and stock
 * included, so a manager can put a product back on the shelf and is never enrolled as a customer.
 */
import { act, render, screen } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffProductsPage from '@/staff/pages/products/index';
import { installFakeServer, ok } from '../fakeServer';

type Listed = ApiResult<'orderDesk', 'listProducts'>;
type Item = Listed['items'][number];

const item = (over: Partial<Item>): Item => ({
  productId: 'VEG-001',
  id: 'VEG-001',
  name: '上海青',
  line: '叶菜',
  unitLabel: '斤',
  listPriceFen: 350,
  stock: 'unlimited',
  onShelf: true,
  seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  minPerOrder: 1,
  maxPerOrder: null,
  ...over,
});

it('lists the line from orderDesk.listProducts with shelf state and stock, and never calls the customer catalogue', async () => {
  const server = installFakeServer({
    'orderDesk.listProducts': () => ok<Listed>({ items: [item({}), item({ productId: 'VEG-002', id: 'VEG-002', name: '菠菜', onShelf: false, stock: 0 })], page: 0, pageSize: 20, hasMore: false }),
  });
  await act(async () => {
    render(<StaffProductsPage />);
  });
  expect(await screen.findByText('菠菜')).toBeTruthy();
  expect(screen.getByText(/VEG-002 · 已下架 · 库存 0/)).toBeTruthy();
  expect(screen.getByText(/VEG-001 · 在架 · 库存 不限/)).toBeTruthy();
  expect(server.count('orderDesk.listProducts')).toBe(1);
  expect(server.count('orders.catalogue')).toBe(0);
});
