/**
 * The `team` cloud function: staff roles and invites (员工管理) and approval requests (审批). A manager
 * invites, lists, removes and reads the audit by staff member; anyone holding a code redeems it.
 */
import { z } from 'zod';
import { STAFF_ROLES } from '../core/staff/roles';
import { action, defineFunction, type ActionContext, type StaffIdentity } from '../runtime/router';
import { paging, reason, requestId } from '../runtime/schemas';
import { decideApproval, listApprovals } from '../services/approvals';
import { loadConfig } from '../services/config';
import { auditByStaff, createInvite, deactivateStaff, listTeam, redeemInvite } from '../services/team';

const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;
const me = (ctx: ActionContext): string => ctx.caller.openid as string;

/** An OPENID as WeChat issues it (and the local demo ids). */
const staffId = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, '员工编号格式不正确');

export const teamFunction = defineFunction({
  name: 'team',
  actions: {
    /** A code for one person to join with `role`; a manager invites clerks and agents, an admin also managers. */
    createInvite: action({
      access: 'manager',
      input: z.object({ role: z.enum(STAFF_ROLES), requestId }).strict(),
      run: (input, ctx) => createInvite(ctx, staff(ctx), input),
    }),
    /** From the mini-program: the caller's OPENID becomes a staff member with the invite's role. */
    redeemInvite: action({
      access: 'customer',
      input: z.object({ code: z.string().trim().min(4).max(32), name: z.string().trim().min(1, '请填写姓名').max(20) }).strict(),
      run: (input, ctx) => redeemInvite(ctx.db, me(ctx), input, ctx.now),
    }),
    list: action({
      access: 'manager',
      input: z.object({ ...paging }).strict(),
      run: (input, ctx) => listTeam(ctx.db, staff(ctx), input.page, input.pageSize),
    }),
    deactivate: action({
      access: 'manager',
      input: z.object({ staffId, reason, requestId }).strict(),
      run: (input, ctx) => deactivateStaff(ctx.db, staff(ctx), input, ctx.now),
    }),
    auditByStaff: action({
      access: 'manager',
      input: z.object({ staffId, ...paging }).strict(),
      run: (input, ctx) => auditByStaff(ctx.db, input.staffId, input.page, input.pageSize),
    }),
    approvals: action({
      access: 'manager',
      input: z.object({ status: z.enum(['pending', 'approved', 'rejected']).default('pending'), ...paging }).strict(),
      run: (input, ctx) => listApprovals(ctx.db, input.status, input.page, input.pageSize),
    }),
    /** Approve (applies the change once) or reject (with why) one request. */
    decide: action({
      access: 'manager',
      input: z.object({ approvalId: z.string().regex(/^[0-9a-f]{24}$/), decision: z.enum(['approve', 'reject']), note: z.string().trim().min(2).max(200).optional() }).strict(),
      run: async (input, ctx) => decideApproval(ctx.db, staff(ctx), input, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
  },
});
