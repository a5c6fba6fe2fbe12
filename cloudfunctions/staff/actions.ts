/** The `staff` cloud function: member service desk for sales staff (staff role required). */
import { z } from 'zod';
import { TIER_IDS } from '../core/tiers/rules';
import { action, type ActionContext, type CloudFunction, type StaffIdentity } from '../runtime/router';
import { loadConfig } from '../services/config';
import { adjustPoints, auditTrail, lookupMember, memberLedger, overrideTier, resolveMemberCode, tierHistory } from '../services/staffDesk';

const memberNo = z.string().regex(/^FP\d{8}$/, '会员号格式不正确');
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');
const reason = z.string().trim().min(2, '请填写原因').max(200);
const paging = { page: z.number().int().min(0).max(10_000).default(0), pageSize: z.number().int().min(1).max(50).default(20) };

/** Staff actions always have a staff identity (the router checks the role first). */
const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;

export const staffFunction: CloudFunction = {
  name: 'staff',
  actions: {
    getMember: action({
      access: 'staff',
      input: z.object({ memberNo }).strict(),
      run: async (input, ctx) => lookupMember(ctx.db, input.memberNo, await loadConfig(ctx.db, ctx.now), ctx.now),
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
      input: z.object({ memberNo }).strict(),
      run: async (input, ctx) => (await auditTrail(ctx.db, input.memberNo)).map(({ _id, actor: _actor, ...rest }) => ({ id: _id.split(':').pop(), ...rest })),
    }),
    adjustPoints: action({
      access: 'staff',
      input: z
        .object({ memberNo, delta: z.number().int().min(-1_000_000).max(1_000_000).refine((d) => d !== 0, '调整积分不能为 0'), reason, requestId })
        .strict(),
      run: async (input, ctx) => adjustPoints(ctx.db, staff(ctx), input, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    overrideTier: action({
      access: 'staff',
      input: z.object({ memberNo, tier: z.enum(TIER_IDS), until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'), reason, requestId }).strict(),
      run: async (input, ctx) => overrideTier(ctx.db, staff(ctx), input, ctx.now),
    }),
  },
};
