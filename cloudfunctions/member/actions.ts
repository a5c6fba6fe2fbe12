/** The `member` cloud function: what a customer sees of their own membership. */
import { z } from 'zod';
import type { MemberCardView, MemberCodeView, WhoAmIView } from '../contracts/api';
import { PHONE_PATTERN, PROFILE_LIMITS } from '../contracts/privacy';
import { DomainError } from '../core/errors';
import { issueMemberCode } from '../core/member/memberCode';
import { action, defineFunction, type ActionContext } from '../runtime/router';
import { emptyInput as empty } from '../runtime/schemas';
import { lookupStaff } from '../runtime/staff';
import { buildCard } from '../services/card';
import { loadConfig } from '../services/config';
import { findAccount, findMember, getOrEnroll } from '../services/members';
import { exportMyData, profileView, requestDeletion, updateProfile } from '../services/privacy';
import { acceptReferral, referralView } from '../services/referrals';

/** Customer actions always have an OPENID (the router rejects anonymous callers). */
const me = (ctx: ActionContext): string => ctx.caller.openid as string;

const profileInput = z
  .object({
    name: z.string().trim().min(PROFILE_LIMITS.nameMin, '请填写姓名').max(PROFILE_LIMITS.nameMax, `姓名最多 ${PROFILE_LIMITS.nameMax} 个字`),
    phone: z.string().regex(PHONE_PATTERN, '请填写 11 位手机号'),
    consentVersion: z.string().min(1).max(20),
  })
  .strict();

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
    /** The share token of the caller's card and who invited them (「由 XX 邀请」). */
    getReferral: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => {
        const [member, config] = await Promise.all([getOrEnroll(ctx.db, me(ctx), ctx.now), loadConfig(ctx.db, ctx.now)]);
        return referralView(ctx.db, member, config, ctx.mac);
      },
    }),
    /** Opening a shared card: binds a new member to whoever shared it, once (services/referrals.ts). */
    acceptReferral: action({
      access: 'customer',
      input: z.object({ token: z.string().min(1).max(120) }).strict(),
      run: async (input, ctx) => {
        const [member, config] = await Promise.all([getOrEnroll(ctx.db, me(ctx), ctx.now), loadConfig(ctx.db, ctx.now)]);
        return acceptReferral(ctx.db, member, input.token, ctx.now, config, ctx);
      },
    }),
    getProfile: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => profileView(await getOrEnroll(ctx.db, me(ctx), ctx.now)),
    }),
    /** Name and phone, typed by the customer with consent to the current 隐私政策 (recorded with the time). */
    updateProfile: action({
      access: 'customer',
      input: profileInput,
      run: async (input, ctx) => updateProfile(ctx.db, await getOrEnroll(ctx.db, me(ctx), ctx.now), input, ctx.now),
    }),
    /** Everything held about the caller, as JSON (services/privacy.ts); never enrols anyone. */
    exportMyData: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => {
        const member = await findMember(ctx.db, me(ctx));
        if (!member) throw new DomainError('MEMBER.NOT_FOUND');
        return exportMyData(ctx.db, member, ctx.now);
      },
    }),
    /** 注销: without a token answers what happens and a confirmation token; with it, erases. */
    requestDeletion: action({
      access: 'customer',
      input: z.object({ confirmToken: z.string().min(1).max(100).optional() }).strict(),
      run: async (input, ctx) => requestDeletion(ctx.db, me(ctx), input.confirmToken, ctx.now, ctx),
    }),
  },
});
