/**
 * The `crm` cloud function: staff search, the RFM segments as a filter and the customer relationship
 * card (客户关系卡). Every staff member may search, list a segment, read and edit cards (roles come
 * later); every read of a card is logged and the log is the manager's. Customers reach none of it.
 */
import { z } from 'zod';
import { CARD_LIMITS, CARD_PHONE_PATTERN, isMonthDay } from '../core/crm/card';
import { RFM_SEGMENTS } from '../core/crm/rfm';
import { action, defineFunction, type ActionContext, type StaffIdentity } from '../runtime/router';
import { emptyInput, memberNo, paging, requestId } from '../runtime/schemas';
import { loadConfig } from '../services/config';
import { addNote, crmCard, listNotes, updateCard, viewLog } from '../services/crmCards';
import { searchMembers } from '../services/crmSearch';
import { segmentCounts, segmentMembers } from '../services/crmSegments';

const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;

/** Trimmed text of at most `max` characters ('' allowed: a field can be cleared). */
const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字`);
const required = (max: number, what: string) => text(max).min(1, `请填写${what}`);
const phone = z
  .string()
  .trim()
  .max(CARD_LIMITS.phone)
  .refine((v) => v === '' || CARD_PHONE_PATTERN.test(v), '电话应为 11 位手机号或带区号的座机号');

const contact = z.object({ name: text(CARD_LIMITS.name), phone, employer: text(CARD_LIMITS.employer), position: text(CARD_LIMITS.position), address: text(CARD_LIMITS.address) }).strict();
const keyPerson = z.object({ name: required(CARD_LIMITS.name, '姓名'), role: text(CARD_LIMITS.position), phone, cares: text(CARD_LIMITS.cares) }).strict();
const organisation = z.object({ name: required(CARD_LIMITS.organisation, '单位名称'), keyPeople: z.array(keyPerson).max(CARD_LIMITS.keyPeople) }).strict().nullable();
const tag = required(CARD_LIMITS.tag, '标签');
const preferences = z
  .object({ text: text(CARD_LIMITS.preferences), tags: z.array(tag).max(CARD_LIMITS.tags) })
  .strict()
  .refine((p) => new Set(p.tags).size === p.tags.length, '标签不能重复');
const keyDate = z.object({ label: required(CARD_LIMITS.dateLabel, '日期名称'), monthDay: z.string().refine(isMonthDay, '日期应为有效的 MM-DD') }).strict();
const keyDates = z.array(keyDate).max(CARD_LIMITS.keyDates);

export const crmFunction = defineFunction({
  name: 'crm',
  actions: {
    /** 客户搜索: whole phone, last 4 digits, name or company prefix, member number. */
    search: action({
      access: 'staff',
      input: z.object({ query: z.string().max(CARD_LIMITS.query), ...paging, pageSize: z.number().int().min(1).max(20).default(20) }).strict(),
      run: async (input, ctx) => searchMembers(ctx.db, input.query, input.page, input.pageSize, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    /** The eight RFM segments with how many customers each holds (the filter's chips). */
    segments: action({
      access: 'staff',
      input: emptyInput,
      run: async (_input, ctx) => segmentCounts(ctx.db, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    /** One segment's customers, highest spend first, paged like search. */
    segment: action({
      access: 'staff',
      input: z.object({ segment: z.enum(RFM_SEGMENTS), ...paging, pageSize: z.number().int().min(1).max(20).default(20) }).strict(),
      run: async (input, ctx) => segmentMembers(ctx.db, input.segment, input.page, input.pageSize, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    card: action({
      access: 'staff',
      input: z.object({ memberNo }).strict(),
      run: async (input, ctx) => crmCard(ctx.db, staff(ctx), input.memberNo, await loadConfig(ctx.db, ctx.now), ctx.now),
    }),
    updateCard: action({
      access: 'staff',
      input: z
        .object({ memberNo, requestId, contact: contact.optional(), organisation: organisation.optional(), preferences: preferences.optional(), keyDates: keyDates.optional() })
        .strict()
        .refine((i) => i.contact !== undefined || i.organisation !== undefined || i.preferences !== undefined || i.keyDates !== undefined, '没有要保存的内容'),
      run: (input, ctx) => updateCard(ctx.db, staff(ctx), input, ctx.now),
    }),
    addNote: action({
      access: 'staff',
      input: z.object({ memberNo, text: required(CARD_LIMITS.note, '备注'), requestId }).strict(),
      run: (input, ctx) => addNote(ctx.db, staff(ctx), input, ctx.now),
    }),
    listNotes: action({
      access: 'staff',
      input: z.object({ memberNo, ...paging }).strict(),
      run: (input, ctx) => listNotes(ctx.db, input.memberNo, input.page, input.pageSize),
    }),
    /** Who opened whose card, newest first (one member's with a member number). */
    viewLog: action({
      access: 'manager',
      input: z.object({ memberNo: memberNo.optional(), ...paging }).strict(),
      run: (input, ctx) => viewLog(ctx.db, input),
    }),
  },
});
