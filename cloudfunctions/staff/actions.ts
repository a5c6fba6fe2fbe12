/** The `staff` cloud function: member service desk for sales staff (staff role required). */
import { z } from 'zod';
import { TIER_IDS } from '../core/tiers/rules';
import { action, defineFunction, type ActionContext, type StaffIdentity } from '../runtime/router';
import { adjustDelta, calendarDay, memberNo, paging, reason, requestId } from '../runtime/schemas';
import { loadConfig } from '../services/config';
import { MEMBER_QUERY_MAX_LENGTH } from '../contracts/memberQuery';
import { adjustPoints, auditTrail, findMember, lookupMember, memberLedger, overrideTier, resolveMemberCode, tierHistory } from '../services/staffDesk';

/** Staff actions always have a staff identity (the router checks the role first). */
const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;

export const staffFunction = defineFunction({
  name: 'staff',
  actions: {
    getMember: action({
      access: 'staff',
      input: z.object({ memberNo }).strict(),
      run: async (input, ctx) => lookupMember(ctx.db, input.memberNo, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    /** 查找会员: a member number in any usual spelling, or an 11-digit phone (contracts/memberQuery). */
    findMember: action({
      access: 'staff',
      input: z.object({ query: z.string().max(MEMBER_QUERY_MAX_LENGTH) }).strict(),
      run: async (input, ctx) => findMember(ctx.db, input.query, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    scanMemberCode: action({
      access: 'staff',
      input: z.object({ token: z.string().min(10).max(200) }).strict(),
      run: async (input, ctx) => resolveMemberCode(ctx, input.token, await loadConfig(ctx.db, ctx.now)),
    }),
    getLedger: action({
      access: 'staff',
      input: z.object({ memberNo, ...paging }).strict(),
      run: async (input, ctx) => memberLedger(ctx.db, input.memberNo, input.page, input.pageSize),
    }),
    getTierHistory: action({
      access: 'staff',
      input: z.object({ memberNo, ...paging }).strict(),
      run: async (input, ctx) => tierHistory(ctx.db, input.memberNo, input.page, input.pageSize),
    }),
    getAuditTrail: action({
      access: 'staff',
      input: z.object({ memberNo, ...paging }).strict(),
      run: async (input, ctx) => auditTrail(ctx.db, input.memberNo, input.page, input.pageSize),
    }),
    adjustPoints: action({
      access: 'staff',
      input: z.object({ memberNo, delta: adjustDelta, reason, requestId }).strict(),
      run: async (input, ctx) => adjustPoints(ctx.db, staff(ctx), input, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    overrideTier: action({
      access: 'staff',
      input: z.object({ memberNo, tier: z.enum(TIER_IDS), until: calendarDay, reason, requestId }).strict(),
      run: async (input, ctx) => overrideTier(ctx.db, staff(ctx), input, ctx.now),
    }),
  },
});
