/** The `member` cloud function: what a customer sees of their own membership. */
import type { MemberCardView, MemberCodeView, WhoAmIView } from '../contracts/api';
import { issueMemberCode } from '../core/member/memberCode';
import { action, defineFunction, type ActionContext } from '../runtime/router';
import { emptyInput as empty } from '../runtime/schemas';
import { lookupStaff } from '../runtime/staff';
import { buildCard } from '../services/card';
import { loadConfig } from '../services/config';
import { findAccount, getOrEnroll } from '../services/members';

/** Customer actions always have an OPENID (the router rejects anonymous callers). */
const me = (ctx: ActionContext): string => ctx.caller.openid as string;

export const memberFunction = defineFunction({
  name: 'member',
  actions: {
    getCard: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx): Promise<MemberCardView> => {
        const [member, config] = await Promise.all([getOrEnroll(ctx.db, me(ctx), ctx.now), loadConfig(ctx.db, ctx.now)]);
        const account = await findAccount(ctx.db, member._id);
        return buildCard(member, account, config, ctx.now);
      },
    }),
    getCode: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx): Promise<MemberCodeView> => {
        const [member, config] = await Promise.all([getOrEnroll(ctx.db, me(ctx), ctx.now), loadConfig(ctx.db, ctx.now)]);
        const ttl = config.memberCode.ttlSeconds;
        return { ...issueMemberCode(member.memberNo, ctx.now, ttl, ctx.mac), ttlSeconds: ttl };
      },
    }),
    whoami: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx): Promise<WhoAmIView> => {
        const staff = await lookupStaff(ctx.db, me(ctx));
        if (staff) return { role: staff.role, displayName: staff.name, memberNo: null };
        const member = await getOrEnroll(ctx.db, me(ctx), ctx.now);
        return { role: 'customer', displayName: member.displayName, memberNo: member.memberNo };
      },
    }),
  },
});
