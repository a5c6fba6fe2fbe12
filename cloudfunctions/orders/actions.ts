/**
 * The `orders` cloud function, customer side: the catalogue at the caller's tier, quote and submit
 * (on account or WeChat Pay), 去支付 for an unpaid order, history and detail, 再来一单, the customer's cancel, and group leaders' standing lists. The caller
 * is always the OPENID; an order or list of another member is answered as not found.
 */
import { z } from 'zod';
import { PRODUCT_LINES, SALE_UNITS, MAX_PER_ORDER, MAX_PRICE_FEN } from '../core/catalog/product';
import { ORDER_STATUSES } from '../core/orders/stateMachine';
import { action, defineFunction, type ActionContext } from '../runtime/router';
import { calendarDay, emptyInput, paging, requestId } from '../runtime/schemas';
import { CUSTOMER_PAYMENT_METHODS, MAX_CART_LINES, quote, submitOrder } from '../services/cart';
import { listCatalogue, tierPricing } from '../services/catalogue';
import { loadConfig } from '../services/config';
import { getOrEnroll } from '../services/members';
import { DELIVERY_WINDOWS, customerActor } from '../services/orderModel';
import { cancelOrder, payOrder } from '../services/orders';
import { CUSTOMER_CANCELLABLE, orderDetailView, orderHistory, ownOrder, pastLines, reconcileLines } from '../services/orderViews';
import { deleteList, MAX_LIST_ITEMS, myLists, reorderList, saveList } from '../services/standingLists';

const me = (ctx: ActionContext): string => ctx.caller.openid as string;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');
const quantity = z.number().int().min(1).max(MAX_PER_ORDER);
const priceFen = z.number().int().min(0).max(MAX_PRICE_FEN);
const name = (max: number) => z.string().trim().min(1).max(max);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM');
const uniqueProducts = <T extends { productId: string }>(items: T[]) => new Set(items.map((i) => i.productId)).size === items.length;

const cartLine = z.object({ productId: id, quantity, unit: z.enum(SALE_UNITS).optional(), unitPriceFen: priceFen.optional() }).strict();
const confirmedLine = z.object({ productId: id, quantity, unit: z.enum(SALE_UNITS), unitPriceFen: priceFen }).strict();
const windowIds = DELIVERY_WINDOWS.map((w) => w.id) as [(typeof DELIVERY_WINDOWS)[number]['id'], ...(typeof DELIVERY_WINDOWS)[number]['id'][]];

async function pricingOf(ctx: ActionContext) {
  const [member, config] = await Promise.all([getOrEnroll(ctx.db, me(ctx), ctx.now), loadConfig(ctx.db, ctx.now)]);
  return { member, config, pricing: tierPricing(member, config, ctx.now) };
}

export const ordersFunction = defineFunction({
  name: 'orders',
  actions: {
    catalogue: action({
      access: 'customer',
      input: z.object({ line: z.enum(PRODUCT_LINES).optional(), q: z.string().trim().max(20).optional(), ...paging }).strict(),
      run: async (input, ctx) => {
        const { pricing } = await pricingOf(ctx);
        return listCatalogue(ctx.db, pricing, input, ctx.now);
      },
    }),
    quote: action({
      access: 'customer',
      input: z
        .object({ items: z.array(cartLine).min(1).max(MAX_CART_LINES).refine(uniqueProducts, '同一商品只能出现一次'), couponId: id.nullable().default(null) })
        .strict(),
      run: async (input, ctx) => {
        const { config, pricing } = await pricingOf(ctx);
        return quote(ctx.db, me(ctx), pricing, config, input, ctx.now);
      },
    }),
    submit: action({
      access: 'customer',
      input: z
        .object({
          requestId,
          items: z.array(confirmedLine).min(1).max(MAX_CART_LINES).refine(uniqueProducts, '同一商品只能出现一次'),
          couponId: id.nullable().default(null),
          slot: z.object({ kind: z.enum(['delivery', 'pickup']), day: calendarDay, window: z.enum(windowIds), pickupPoint: name(30).nullable().default(null) }).strict(),
          note: z.string().trim().max(100).nullable().default(null),
          paymentMethod: z.enum(CUSTOMER_PAYMENT_METHODS).default('on_account'),
        })
        .strict(),
      run: async (input, ctx) => {
        const { config, pricing } = await pricingOf(ctx);
        return submitOrder(ctx.db, me(ctx), pricing, config, input, ctx.now);
      },
    }),
    pay: action({
      access: 'customer',
      input: z.object({ orderId: id }).strict(),
      // 去支付 again on an unpaid WeChat Pay order: the same trade number and amount.
      run: (input, ctx) => payOrder(ctx.db, me(ctx), input.orderId, ctx.now),
    }),
    history: action({
      access: 'customer',
      input: z.object({ ...paging, status: z.enum(ORDER_STATUSES).optional(), month: month.optional() }).strict(),
      run: (input, ctx) => orderHistory(ctx.db, me(ctx), input),
    }),
    detail: action({
      access: 'customer',
      input: z.object({ orderId: id }).strict(),
      run: async (input, ctx) => orderDetailView(await ownOrder(ctx.db, me(ctx), input.orderId), ctx.now),
    }),
    reorder: action({
      access: 'customer',
      input: z.object({ orderId: id }).strict(),
      run: async (input, ctx) => {
        const [order, { pricing }] = await Promise.all([ownOrder(ctx.db, me(ctx), input.orderId), pricingOf(ctx)]);
        return reconcileLines(ctx.db, order._id, pastLines(order), pricing, ctx.now);
      },
    }),
    cancel: action({
      access: 'customer',
      input: z.object({ orderId: id, reason: z.string().trim().max(100).nullable().default(null) }).strict(),
      run: async (input, ctx) => {
        // After the seller confirms, the goods may already be picked: the customer asks staff instead.
        await cancelOrder(ctx.db, { orderId: input.orderId, memberId: me(ctx), by: customerActor(me(ctx)), reason: input.reason, onlyFrom: CUSTOMER_CANCELLABLE }, ctx.now);
        return orderDetailView(await ownOrder(ctx.db, me(ctx), input.orderId), ctx.now);
      },
    }),
    lists: action({
      access: 'customer',
      input: emptyInput,
      run: (_input, ctx) => myLists(ctx.db, me(ctx)),
    }),
    saveList: action({
      access: 'customer',
      input: z
        .object({
          listId: id,
          name: name(20),
          pickupPoint: name(30).nullable().default(null),
          items: z.array(z.object({ productId: id, quantity }).strict()).min(1).max(MAX_LIST_ITEMS).refine(uniqueProducts, '同一商品只能出现一次'),
        })
        .strict(),
      run: async (input, ctx) => {
        const { pricing } = await pricingOf(ctx);
        return saveList(ctx.db, me(ctx), pricing, input, ctx.now);
      },
    }),
    reorderList: action({
      access: 'customer',
      input: z.object({ listId: id }).strict(),
      run: async (input, ctx) => {
        const { pricing } = await pricingOf(ctx);
        return reorderList(ctx.db, me(ctx), pricing, input.listId, ctx.now);
      },
    }),
    deleteList: action({
      access: 'customer',
      input: z.object({ listId: id }).strict(),
      run: (input, ctx) => deleteList(ctx.db, me(ctx), input.listId),
    }),
  },
});
