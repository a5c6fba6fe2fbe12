/** The `points` cloud function: a customer's own points, movements and coupons. */
import { z } from 'zod';
import { action, defineFunction, type ActionContext } from '../runtime/router';
import { emptyInput as empty, paging, requestId } from '../runtime/schemas';
import { loadConfig } from '../services/config';
import { getOrEnroll } from '../services/members';
import { couponCatalog, listMovements, myCoupons, pointsSummary, redeemCoupon } from '../services/points';

async function member(ctx: ActionContext) {
  return getOrEnroll(ctx.db, ctx.caller.openid as string, ctx.now);
}

export const pointsFunction = defineFunction({
  name: 'points',
  actions: {
    getSummary: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => pointsSummary(ctx.db, (await member(ctx))._id, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    listMovements: action({
      access: 'customer',
      input: z.object(paging).strict(),
      run: async (input, ctx) => listMovements(ctx.db, (await member(ctx))._id, input.page, input.pageSize, { customerAt: ctx.now }),
    }),
    listCouponTemplates: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => couponCatalog(ctx.db, (await member(ctx))._id, await loadConfig(ctx.db, ctx.now)),
    }),
    listMyCoupons: action({
      access: 'customer',
      input: z.object(paging).strict(),
      run: async (input, ctx) => myCoupons(ctx.db, (await member(ctx))._id, input.page, input.pageSize, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    redeemCoupon: action({
      access: 'customer',
      input: z.object({ templateId: z.string().min(1).max(64), requestId }).strict(),
      run: async (input, ctx) => redeemCoupon(ctx.db, (await member(ctx))._id, input, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
  },
});
