/**
 * The `care` cloud function: the staff care list (今日待办) and the contact log. `today` lists the
 * caller's items (their accounts; managers also the unassigned ones); `done`, `snooze` and
 * `logContact` answer an item in one tap (audited, idempotent by request id); `contacts` and
 * `profile` feed the relationship card; `assign` (manager) names an account manager. Members are named
 * by their member number on the wire, never by their OPENID.
 */
import { z } from 'zod';
import { CONTACT_CHANNELS } from '../core/crm/contact';
import { action, defineFunction, type ActionContext, type StaffIdentity } from '../runtime/router';
import { calendarDay, memberNo, paging, requestId } from '../runtime/schemas';
import { assignAccount, careList, markDone, snooze } from '../services/care';
import { CONTACT_NOTE_MAX, logContact, recentContacts } from '../services/contacts';
import { profileView } from '../services/crmProfiles';

const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;

const itemId = z.string().min(3).max(64);

export const careFunction = defineFunction({
  name: 'care',
  actions: {
    today: action({
      access: 'staff',
      input: z.object({ ...paging }).strict(),
      run: (input, ctx) => careList(ctx.db, staff(ctx), input, ctx.now),
    }),
    done: action({
      access: 'staff',
      input: z.object({ memberNo, itemId, requestId }).strict(),
      run: (input, ctx) => markDone(ctx.db, staff(ctx), input, ctx.now),
    }),
    snooze: action({
      access: 'staff',
      input: z.object({ memberNo, itemId, until: calendarDay, requestId }).strict(),
      run: (input, ctx) => snooze(ctx.db, staff(ctx), input, ctx.now),
    }),
    logContact: action({
      access: 'staff',
      input: z.object({ memberNo, channel: z.enum(CONTACT_CHANNELS), note: z.string().trim().max(CONTACT_NOTE_MAX).default(''), itemId: itemId.optional(), requestId }).strict(),
      run: (input, ctx) => logContact(ctx.db, staff(ctx), input, ctx.now),
    }),
    contacts: action({
      access: 'staff',
      input: z.object({ memberNo, limit: z.number().int().min(1).max(100).default(20) }).strict(),
      run: (input, ctx) => recentContacts(ctx.db, input.memberNo, input.limit),
    }),
    profile: action({
      access: 'staff',
      input: z.object({ memberNo }).strict(),
      run: (input, ctx) => profileView(ctx.db, input.memberNo, ctx.now),
    }),
    assign: action({
      access: 'manager',
      input: z.object({ memberNo, staffId: z.string().min(1).max(64).nullable(), requestId }).strict(),
      run: (input, ctx) => assignAccount(ctx.db, staff(ctx), input, ctx.now),
    }),
  },
});
