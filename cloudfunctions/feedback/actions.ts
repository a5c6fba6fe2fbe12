/**
 * The `feedback` cloud function, customer side of the complaint desk: file a complaint, enquiry or
 * suggestion; 我的反馈 and one case with its thread; add to it; rate; reopen; the delivery survey.
 * The caller is always the OPENID: another member's case is answered as not found.
 */
import { z } from 'zod';
import { CASE_CATEGORIES, CASE_TYPES } from '../core/cases/stateMachine';
import { FILE_ID_PATTERN } from '../ports/storage';
import { action, defineFunction, type ActionContext } from '../runtime/router';
import { emptyInput, paging, requestId } from '../runtime/schemas';
import { MAX_CASE_PHOTOS, MAX_CASE_TEXT, MAX_REPLY_TEXT } from '../services/caseModel';
import { addCustomerMessage, fileCase, myCase, myCases, rateCase, reopenCase } from '../services/cases';
import { uploadFolder } from '../services/uploads';
import { answerSurvey, surveyOffers } from '../services/surveys';

const me = (ctx: ActionContext): string => ctx.caller.openid as string;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');
const photos = z.array(z.string().regex(FILE_ID_PATTERN, '照片无效')).max(MAX_CASE_PHOTOS, `最多 ${MAX_CASE_PHOTOS} 张照片`).refine((a) => new Set(a).size === a.length, '照片重复');
const score = z.number().int().min(1).max(5);

export const feedbackFunction = defineFunction({
  name: 'feedback',
  actions: {
    submit: action({
      access: 'customer',
      input: z
        .object({
          requestId,
          type: z.enum(CASE_TYPES),
          category: z.enum(CASE_CATEGORIES),
          orderId: id.nullable().default(null),
          productIds: z.array(id).max(50).default([]),
          text: z.string().trim().min(5, '请至少写 5 个字').max(MAX_CASE_TEXT, `最多 ${MAX_CASE_TEXT} 字`),
          photos: photos.default([]),
          preferredContact: z.string().trim().max(30).nullable().default(null),
          fromSurvey: z.boolean().default(false),
        })
        .strict(),
      run: (input, ctx) => fileCase(ctx.db, me(ctx), input, ctx.now),
    }),
    mine: action({
      access: 'customer',
      input: z.object({ ...paging }).strict(),
      run: (input, ctx) => myCases(ctx.db, me(ctx), input.page, input.pageSize),
    }),
    get: action({
      access: 'customer',
      input: z.object({ caseId: id }).strict(),
      run: (input, ctx) => myCase(ctx.db, me(ctx), input.caseId, ctx.now),
    }),
    addMessage: action({
      access: 'customer',
      input: z.object({ requestId, caseId: id, text: z.string().trim().min(1, '请填写内容').max(MAX_REPLY_TEXT), photos: photos.default([]) }).strict(),
      run: (input, ctx) => addCustomerMessage(ctx.db, me(ctx), input, ctx.now),
    }),
    rate: action({
      access: 'customer',
      input: z.object({ requestId, caseId: id, score, reason: z.string().trim().max(200).nullable().default(null) }).strict(),
      run: (input, ctx) => rateCase(ctx.db, me(ctx), input, ctx.now),
    }),
    reopen: action({
      access: 'customer',
      input: z.object({ requestId, caseId: id, reason: z.string().trim().min(2, '请说明原因').max(200) }).strict(),
      run: (input, ctx) => reopenCase(ctx.db, me(ctx), input, ctx.now),
    }),
    // The caller's photo folder, the cloudPath prefix the weapp uploads under (services/uploads.ts).
    uploadFolder: action({
      access: 'customer',
      input: emptyInput,
      run: async (_input, ctx) => ({ folder: uploadFolder(me(ctx)) }),
    }),
    surveys: action({
      access: 'customer',
      input: emptyInput,
      run: (_input, ctx) => surveyOffers(ctx.db, me(ctx), ctx.now),
    }),
    answerSurvey: action({
      access: 'customer',
      input: z.object({ orderId: id, scores: z.object({ freshness: score, onTime: score, service: score }).strict(), comment: z.string().trim().max(200).nullable().default(null) }).strict(),
      run: (input, ctx) => answerSurvey(ctx.db, me(ctx), input, ctx.now),
    }),
  },
});
