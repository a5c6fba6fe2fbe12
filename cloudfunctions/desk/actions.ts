/**
 * The `desk` cloud function: the staff side of the complaint desk (the queue, a case, every step of
 * it) and its own timer (every 5 minutes in business hours: deadlines, warnings, breaches, the
 * outbox). Its own function because WeChat allows one timer trigger per function and the nightly
 * jobs run on another rhythm.
 */
import { z } from 'zod';
import { OUTCOME_KINDS, ROOT_CAUSES } from '../core/cases/rules';
import { CASE_CATEGORIES } from '../core/cases/stateMachine';
import { TIER_IDS } from '../core/tiers/rules';
import { FILE_ID_PATTERN } from '../ports/storage';
import { action, defineFunction, type ActionContext, type StaffIdentity } from '../runtime/router';
import { paging, reason, requestId } from '../runtime/schemas';
import { assignCase, claimCase, closeCase, caseQueue, deskCase, recordCallback, replyToCase, resolveCase, reverseCompensation, reviewPhoto } from '../services/caseDesk';
import { MAX_REPLY_TEXT } from '../services/caseModel';
import { deskTick, DESK_TICK_TRIGGER } from '../services/caseTick';

const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;

const caseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');
const step = { caseId, requestId };
const text = z.string().trim().min(1, '请填写内容').max(MAX_REPLY_TEXT);

export const deskFunction = defineFunction({
  name: 'desk',
  actions: {
    queue: action({
      access: 'staff',
      input: z
        .object({
          filter: z.enum(['all', 'mine', 'unassigned', 'overdue']).default('all'),
          tier: z.enum(TIER_IDS).optional(),
          category: z.enum(CASE_CATEGORIES).optional(),
          ...paging,
        })
        .strict(),
      run: (input, ctx) => caseQueue(ctx.db, staff(ctx), input, ctx.now),
    }),
    get: action({
      access: 'staff',
      input: z.object({ caseId }).strict(),
      run: (input, ctx) => deskCase(ctx.db, input.caseId),
    }),
    claim: action({
      access: 'staff',
      input: z.object(step).strict(),
      run: (input, ctx) => claimCase(ctx.db, staff(ctx), input, ctx.now),
    }),
    assign: action({
      access: 'manager',
      input: z.object({ ...step, staffId: z.string().min(1).max(64).nullable() }).strict(),
      run: (input, ctx) => assignCase(ctx.db, staff(ctx), input, ctx.now),
    }),
    reply: action({
      access: 'staff',
      input: z.object({ ...step, text, internal: z.boolean().default(false), askCustomer: z.boolean().default(false) }).strict().refine((i) => !(i.internal && i.askCustomer), '内部备注不会发给客户'),
      run: (input, ctx) => replyToCase(ctx.db, staff(ctx), input, ctx.now),
    }),
    resolve: action({
      access: 'staff',
      input: z
        .object({
          ...step,
          outcome: z.enum(OUTCOME_KINDS),
          note: text,
          points: z.number().int().min(1).max(100_000).optional(),
          couponTemplateId: z.string().min(1).max(64).optional(),
          refund: z.object({ amountFen: z.number().int().min(1).max(100_000_000).optional(), whole: z.boolean().optional() }).strict().optional(),
        })
        .strict()
        .refine((i) => i.outcome !== 'points' || i.points !== undefined, { message: '请填写补偿积分', path: ['points'] })
        .refine((i) => i.outcome !== 'coupon' || i.couponTemplateId !== undefined, { message: '请选择优惠券', path: ['couponTemplateId'] })
        .refine((i) => i.outcome !== 'refund' || (i.refund !== undefined && (i.refund.amountFen !== undefined) !== (i.refund.whole === true)), { message: '请填写退款金额或选择全额退款', path: ['refund'] }),
      run: (input, ctx) => resolveCase(ctx.db, staff(ctx), input, ctx.now),
    }),
    reverse: action({
      access: 'manager',
      input: z.object({ ...step, reason }).strict(),
      run: (input, ctx) => reverseCompensation(ctx.db, staff(ctx), input, ctx.now),
    }),
    callback: action({
      access: 'staff',
      input: z.object({ ...step, note: text }).strict(),
      run: (input, ctx) => recordCallback(ctx.db, staff(ctx), input, ctx.now),
    }),
    close: action({
      access: 'staff',
      input: z.object({ ...step, rootCause: z.enum(ROOT_CAUSES), note: z.string().trim().max(MAX_REPLY_TEXT).default('') }).strict(),
      run: (input, ctx) => closeCase(ctx.db, staff(ctx), input, ctx.now),
    }),
    reviewPhoto: action({
      access: 'staff',
      input: z.object({ ...step, fileId: z.string().regex(FILE_ID_PATTERN), approve: z.boolean() }).strict(),
      run: (input, ctx) => reviewPhoto(ctx.db, staff(ctx), input, ctx.now),
    }),
    tick: action({
      access: 'manager',
      input: z.object({}).strict(),
      run: (_input, ctx) => deskTick(ctx.db, ctx.now, ctx.log),
    }),
  },
  timers: {
    [DESK_TICK_TRIGGER]: (ctx) => deskTick(ctx.db, ctx.now, ctx.log),
  },
});
