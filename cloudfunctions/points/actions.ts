/** The `points` cloud function: a customer's own points, movements and coupons. */
import { z } from 'zod';
import { action, type ActionContext, type CloudFunction } from '../runtime/router';
import { loadConfig } from '../services/config';
import { getOrEnroll } from '../services/members';
import { couponCatalog, listMovements, myCoupons, pointsSummary, redeemCoupon } from '../services/points';

const empty = z.object({}).strict();
/** Client-made id of one tap on "redeem"; a retry sends the same id. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');

async function member(ctx: ActionContext) {
  return getOrEnroll(ctx.db, ctx.caller.openid as string, ctx.now);
}

export const pointsFunction: CloudFunction = {
  name: 'points',
  actions: {
    getSummary: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => pointsSummary(ctx.db, (await member(ctx))._id, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    listMovements: action({
      access: 'customer',
      input: z.object({ page: z.number().int().min(0).max(10_000).default(0), pageSize: z.number().int().min(1).max(50).default(20) }).strict(),
      run: async (input, ctx) => listMovements(ctx.db, (await member(ctx))._id, input.page, input.pageSize),
    }),
    listCouponTemplates: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => couponCatalog(ctx.db, (await member(ctx))._id, await loadConfig(ctx.db, ctx.now)),
    }),
    listMyCoupons: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => myCoupons(ctx.db, (await member(ctx))._id, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    redeemCoupon: action({
      access: 'customer',
      input: z.object({ templateId: z.string().min(1).max(64), requestId }).strict(),
      run: async (input, ctx) => redeemCoupon(ctx.db, (await member(ctx))._id, input, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
  },
};
