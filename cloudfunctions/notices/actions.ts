/** The `notices` cloud function: a customer's own 消息 list and subscribe-message opt-ins. */
import { z } from 'zod';
import { action, defineFunction } from '../runtime/router';
import { emptyInput as empty, paging, requestId } from '../runtime/schemas';
import { loadConfig } from '../services/config';
import { listNotices, markRead, recordOptIns, subscribeTemplates, unreadCount } from '../services/notices';

const me = (openid: string | null) => openid as string;

const noticeIdSchema = z.string().regex(/^n[0-9a-f]{31}$/, '消息编号格式不正确');
const templateIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
const answer = z.enum(['accept', 'reject', 'ban', 'filter']);

export const noticesFunction = defineFunction({
  name: 'notices',
  actions: {
    list: action({
      access: 'customer',
      input: z.object(paging).strict(),
      run: async (input, ctx) => listNotices(ctx.db, me(ctx.caller.openid), input.page, input.pageSize),
    }),
    unreadCount: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => unreadCount(ctx.db, me(ctx.caller.openid)),
    }),
    markRead: action({
      access: 'customer',
      // One object (not a union) so the client's payload type stays precise: ids, or all.
      input: z
        .object({ ids: z.array(noticeIdSchema).min(1).max(50).optional(), all: z.literal(true).optional() })
        .strict()
        .refine((i) => (i.ids === undefined) !== (i.all === undefined), '请指定 ids 或 all 之一'),
      run: async (input, ctx) => markRead(ctx.db, me(ctx.caller.openid), input, ctx.now),
    }),
    templates: action({
      access: 'customer',
      input: empty,
      run: async (_input, ctx) => subscribeTemplates(await loadConfig(ctx.db, ctx.now)),
    }),
    recordOptIns: action({
      access: 'customer',
      input: z
        .object({
          requestId,
          // WeChat asks for at most 3 templates at a time and answers per template id.
          answers: z.record(templateIdSchema, answer).refine((a) => Object.keys(a).length >= 1 && Object.keys(a).length <= 3, '一次 1–3 个模板'),
        })
        .strict(),
      run: async (input, ctx) => recordOptIns(ctx.db, me(ctx.caller.openid), input, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
  },
});
