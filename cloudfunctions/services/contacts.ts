/**
 * The contact log (`crm_contacts`): who reached which customer, when, how (电话/上门/微信/寄样) and
 * a note. Logging is one audited transaction, idempotent by the client's request id: it writes the
 * entry, moves the profile's last contact (the care list's cadence and silence rules read it) and,
 * when logged from a care item, marks that item done.
 */
import { createHash } from 'node:crypto';
import { CONTACT_CHANNEL_LABELS, type ContactChannel } from '../core/crm/contact';
import type { Db } from '../ports/db';
import { asDoc, withoutId } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { careHolidays, markInTx, parseItemId } from './care';
import { C } from './collections';
import { loadConfig } from './config';
import { memberIdByNo, profileInTx, writeKeptInTx } from './crmProfiles';
import { auditedStep } from './orderDesk';

export const CONTACT_NOTE_MAX = 200;

export interface ContactDoc {
  _id: string;
  memberId: string;
  at: number;
  by: { openid: string; name: string };
  channel: ContactChannel;
  note: string;
}

/** An entry as staff see it: no member or staff OPENID (the member is the one they asked about). */
export interface ContactView { id: string; at: number; byName: string; channel: ContactChannel; channelLabel: string; note: string }

const toView = (d: ContactDoc): ContactView => ({ id: d._id, at: d.at, byName: d.by.name, channel: d.channel, channelLabel: CONTACT_CHANNEL_LABELS[d.channel], note: d.note });

/** One entry per (staff, request id); hashed so the id does not reveal an OPENID. */
export const contactIdFor = (staffOpenid: string, requestId: string): string => `T${createHash('sha256').update(`contact:${staffOpenid}:${requestId}`).digest('hex').slice(0, 24)}`;

export interface LogContactInput { memberNo: string; channel: ContactChannel; note: string; requestId: string; itemId?: string }

export async function logContact(db: Db, staff: StaffIdentity, input: LogContactInput, now: number): Promise<ContactView> {
  const item = input.itemId === undefined ? null : parseItemId(input.itemId);
  const config = await loadConfig(db, now);
  const holidays = careHolidays(config);
  const memberId = await memberIdByNo(db, input.memberNo);
  const details = { memberId, channel: input.channel, note: input.note, itemId: input.itemId ?? null };
  return auditedStep(db, staff, { requestId: input.requestId, action: 'care.contact', target: `care:${memberId}`, reason: input.note, details, now }, async (tx) => {
    const r = await profileInTx(tx, memberId, now, config, holidays);
    const profile = r.profile;
    const doc: ContactDoc = { _id: contactIdFor(staff.openid, input.requestId), memberId, at: now, by: { openid: staff.openid, name: staff.name }, channel: input.channel, note: input.note };
    await tx.collection(C.crmContacts).doc(doc._id).set({ data: asDoc(withoutId(doc)) });
    await writeKeptInTx(tx, r, { lastContactAt: Math.max(profile.lastContactAt ?? now, now), lastContactBy: { ...profile.lastContactBy, [input.channel]: now } });
    if (item) await markInTx(tx, memberId, item, 'done', null, now);
    return { result: toView(doc), before: { lastContactAt: profile.lastContactAt }, after: { lastContactAt: now, channel: input.channel } };
  });
}

/** A member's latest contacts, newest first (the relationship card shows them). */
export async function recentContacts(db: Db, memberNo: string, n: number): Promise<ContactView[]> {
  const memberId = await memberIdByNo(db, memberNo);
  const { data } = await db.collection(C.crmContacts).where({ memberId }).orderBy('at', 'desc').limit(Math.max(1, Math.min(100, n))).get();
  return (data as unknown as ContactDoc[]).map(toView);
}
