/**
 * Calls of the customer's `orders` cloud function; payloads and results come from the API map. The
 * view types are named here once so pages do not spell ApiResult<…> each time.
 */
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import { callCloud } from './cloud';
import { customerCallsAllowed } from './entry';

export type OrderSummary = ApiResult<'orders', 'history'>['items'][number];
export type OrderStatus = OrderSummary['status'];
export type OrderDetail = ApiResult<'orders', 'detail'>;
export type StandingList = ApiResult<'orders', 'lists'>[number];
export type CataloguePage = ApiResult<'orders', 'catalogue'>;
export type ProductLine = NonNullable<ApiInput<'orders', 'catalogue'>['line']>;
export type Product = CataloguePage['items'][number];
export type QuoteResult = ApiResult<'orders', 'quote'>;
export type QuoteItem = ApiInput<'orders', 'quote'>['items'][number];
export type SubmitInput = ApiInput<'orders', 'submit'>;
export type OrderSlot = SubmitInput['slot'];
export type Reconciled = ApiResult<'orders', 'reorder'>;
export type ReconciledLine = Reconciled['lines'][number];

/** Customer calls wait for the app's entry check (staff are not enrolled by opening a page). */
const asCustomer = <T>(call: () => Promise<T>): Promise<T> => customerCallsAllowed().then(call);
const size = (pageSize: number) => Math.min(pageSize, MAX_PAGE_SIZE);

/** The caller's orders, newest first; `page` counts from 0. */
export const orderHistory = (page: number, pageSize: number, status?: OrderStatus) =>
  asCustomer(() => callCloud('orders', 'history', status ? { page, pageSize: size(pageSize), status } : { page, pageSize: size(pageSize) }));

export const standingLists = () => asCustomer(() => callCloud('orders', 'lists'));

export const orderDetail = (orderId: string) => asCustomer(() => callCloud('orders', 'detail', { orderId }));

export const cancelOrder = (orderId: string) => asCustomer(() => callCloud('orders', 'cancel', { orderId }));

export const catalogue = (query: { line?: ProductLine; q?: string; page: number; pageSize: number }) =>
  asCustomer(() => callCloud('orders', 'catalogue', { ...query, pageSize: size(query.pageSize) }));

/** Prices a cart; items carrying `unit` and `unitPriceFen` are also rechecked against today's catalogue. */
export const quote = (items: QuoteItem[], couponId: string | null) => asCustomer(() => callCloud('orders', 'quote', { items, couponId }));

/** `requestId` belongs to one confirmed cart: a retry of it sends the same id and finds the first order. */
export const submitOrder = (input: SubmitInput) => asCustomer(() => callCloud('orders', 'submit', input));

/** 再来一单: a past order reconciled line by line with today's catalogue. */
export const reorderOrder = (orderId: string) => asCustomer(() => callCloud('orders', 'reorder', { orderId }));

/** A standing list (常购清单) reconciled the same way. */
export const reorderList = (listId: string) => asCustomer(() => callCloud('orders', 'reorderList', { listId }));
