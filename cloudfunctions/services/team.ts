/**
 * The team (员工管理): one-time invites, redeeming one, the staff list, removal, and the audit by
 * staff member. An invite's code is derived from the deployment's secret and the manager's request
 * id (a retry shows the same code) and only its hash is stored: reading the database does not reveal
 * a usable code. A code binds the first OPENID that redeems it, once, within 24 hours.
 */
import { createHash } from 'node:crypto';
import type { AuditEntryView, Page } from '../contracts/api';
import { DomainError } from '../core/errors';
import { INVITE_TTL_MS, inviteCodeFrom, inviteState, normalizeInviteCode } from '../core/staff/invites';
import { canDeactivate, canInvite, STAFF_ROLE_NAMES, type StaffRole } from '../core/staff/roles';
import type { Db } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import type { Runtime, StaffIdentity } from '../runtime/router';
import type { StaffDoc } from '../runtime/staff';
import { C } from './collections';
import { requestFingerprint } from './requests';
import { audited, type AuditDoc } from './staffDesk';

export interface InviteDoc {
  _id: string;
  role: StaffRole;
  createdBy: string;
  createdByName: string;
  createdAt: number;
  expiresAt: number;
  redeemedBy: string | null;
  redeemedAt: number | null;
}

/** The stored key of a code: its hash, so a database reader cannot redeem. */
export const inviteIdFor = (code: string): string => createHash('sha256').update(`invite:${code}`).digest('hex');

/** A manager's request id gives one code, the same on every retry (keyed MAC: unguessable without the secret). */
function codeFor(mac: Runtime['mac'], inviter: string, requestId: string): string {
  return inviteCodeFrom(Buffer.from(mac(`invite:${inviter}:${requestId}`), 'base64url'));
}

export interface InviteView { code: string; role: StaffRole; roleName: string; expiresAt: number }

export async function createInvite(ctx: Pick<Runtime, 'db' | 'now' | 'mac'>, manager: StaffIdentity, input: { role: StaffRole; requestId: string }): Promise<InviteView> {
  if (!canInvite(manager.role, input.role)) throw new DomainError('TEAM.ROLE_NOT_ALLOWED', `${STAFF_ROLE_NAMES[manager.role]}不能邀请${STAFF_ROLE_NAMES[input.role]}`);
  const code = codeFor(ctx.mac, manager.openid, input.requestId);
  const id = inviteIdFor(code);
  // The audit record keeps the invite's hash, never the code.
  const stored = await audited(ctx.db, manager, { requestId: input.requestId, action: 'team.invite', target: `invite:${id.slice(0, 12)}`, reason: `邀请${STAFF_ROLE_NAMES[input.role]}`, details: { role: input.role }, now: ctx.now }, async (tx) => {
    const invite: Omit<InviteDoc, '_id'> = { role: input.role, createdBy: manager.openid, createdByName: manager.name, createdAt: ctx.now, expiresAt: ctx.now + INVITE_TTL_MS, redeemedBy: null, redeemedAt: null };
    await tx.collection(C.staffInvites).doc(id).set({ data: asDoc(invite) });
    return { role: input.role, expiresAt: invite.expiresAt };
  });
  return { code, role: stored.role, roleName: STAFF_ROLE_NAMES[stored.role], expiresAt: stored.expiresAt };
}

export interface JoinView { role: StaffRole; roleName: string; name: string }

/**
 * Redeems a code for the caller's OPENID. The same person retrying gets the first answer; anyone
 * else, and any code used, expired or unknown, is refused; a staff member cannot redeem to change role.
 */
export async function redeemInvite(db: Db, openid: string, input: { code: string; name: string }, now: number): Promise<JoinView> {
  const id = inviteIdFor(normalizeInviteCode(input.code));
  return db.runTransaction(async (tx) => {
    const invite = await txGet<InviteDoc>(tx, C.staffInvites, id);
    if (!invite) throw new DomainError('TEAM.INVITE_INVALID');
    const existing = await txGet<StaffDoc>(tx, C.staff, openid);
    if (invite.redeemedBy === openid && existing?.active) return { role: existing.role, roleName: STAFF_ROLE_NAMES[existing.role], name: existing.name };
    if (existing?.active) throw new DomainError('TEAM.ALREADY_STAFF');
    const state = inviteState(invite, now);
    if (state === 'redeemed') throw new DomainError('TEAM.INVITE_USED');
    if (state !== 'open') throw new DomainError('TEAM.INVITE_EXPIRED');
    const staff: Omit<StaffDoc, '_id'> = { role: invite.role, name: input.name, active: true, inviteId: id, joinedAt: now };
    await tx.collection(C.staff).doc(openid).set({ data: asDoc(staff) });
    await tx.collection(C.staffInvites).doc(id).set({ data: asDoc(withoutId({ ...invite, redeemedBy: openid, redeemedAt: now })) });
    const audit: Omit<AuditDoc, '_id'> = {
      actor: openid,
      actorName: input.name,
      role: invite.role,
      action: 'team.join',
      target: `staff:${openid}`,
      reason: `受 ${invite.createdByName} 邀请加入`,
      at: now,
      details: { role: invite.role, invitedBy: invite.createdByName },
      result: null,
      fingerprint: requestFingerprint({ invite: id }),
    };
    await tx.collection(C.audit).doc(`${openid}:join-${id.slice(0, 16)}`).set({ data: asDoc(audit) });
    return { role: invite.role, roleName: STAFF_ROLE_NAMES[invite.role], name: input.name };
  });
}

export interface TeamMemberView { staffId: string; name: string; role: StaffRole; roleName: string; active: boolean; joinedAt: number | null; isMe: boolean }

/** Everyone in `staff`, active first, then by name. The team is small: one page of up to 50 per call. */
export async function listTeam(db: Db, me: StaffIdentity, page: number, pageSize: number): Promise<Page<TeamMemberView>> {
  const { data } = await db
    .collection(C.staff)
    .orderBy('active', 'desc')
    .orderBy('name', 'asc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .get();
  const docs = data as unknown as StaffDoc[];
  return {
    items: docs.slice(0, pageSize).map((d) => ({ staffId: d._id, name: d.name, role: d.role, roleName: STAFF_ROLE_NAMES[d.role] ?? d.role, active: d.active === true, joinedAt: d.joinedAt ?? null, isMe: d._id === me.openid })),
    page,
    pageSize,
    hasMore: docs.length > pageSize,
  };
}

/** Removes a staff member (kept, inactive, for the audit); effective on their next call (lookup per call). */
export async function deactivateStaff(db: Db, manager: StaffIdentity, input: { staffId: string; reason: string; requestId: string }, now: number): Promise<TeamMemberView> {
  return audited(db, manager, { requestId: input.requestId, action: 'team.deactivate', target: `staff:${input.staffId}`, reason: input.reason, details: { staffId: input.staffId }, now }, async (tx) => {
    const doc = await txGet<StaffDoc>(tx, C.staff, input.staffId);
    if (!doc) throw new DomainError('TEAM.STAFF_NOT_FOUND');
    if (!canDeactivate(manager, { openid: input.staffId, role: doc.role })) throw new DomainError('TEAM.ROLE_NOT_ALLOWED', `${STAFF_ROLE_NAMES[manager.role]}不能移除${STAFF_ROLE_NAMES[doc.role] ?? '该员工'}`);
    const next: Omit<StaffDoc, '_id'> = { ...withoutId(doc), active: false, deactivatedAt: now, deactivatedBy: manager.openid };
    await tx.collection(C.staff).doc(input.staffId).set({ data: asDoc(next) });
    return { staffId: input.staffId, name: doc.name, role: doc.role, roleName: STAFF_ROLE_NAMES[doc.role], active: false, joinedAt: doc.joinedAt ?? null, isMe: false };
  });
}

/** What one staff member did, newest first (index actor + at). */
export async function auditByStaff(db: Db, staffId: string, page: number, pageSize: number): Promise<Page<AuditEntryView>> {
  const { data } = await db.collection(C.audit).where({ actor: staffId }).orderBy('at', 'desc').orderBy('_id', 'desc').skip(page * pageSize).limit(pageSize + 1).get();
  const docs = data as unknown as AuditDoc[];
  return {
    items: docs.slice(0, pageSize).map((d) => ({ id: d._id.split(':').pop() as string, actorName: d.actorName, role: d.role, action: d.action, target: d.target, reason: d.reason, at: d.at, details: d.details })),
    page,
    pageSize,
    hasMore: docs.length > pageSize,
  };
}
