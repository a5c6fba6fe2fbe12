/**
 * Members: enrollment on first contact and the member document. A member's `_id` is their OPENID,
 * so the first call of a new user and every later lookup is a single-document read, and concurrent
 * first calls collide inside one transaction and create exactly one member.
 */
import type { CustomerKind } from '../contracts/api';
import { emptyAccount, type PointsAccount } from '../core/points/account';
import { initialTierState, type TierState } from '../core/tiers/membership';
import { emptyStats, type PurchaseStats } from '../core/tiers/stats';
import type { Db } from '../ports/db';
import { asDoc, dbGet, txGet } from '../runtime/dbHelpers';
import { C } from './collections';
import { memberSources, writeSearchKeys } from './crmSearch';
import { accountData } from './ledger';

export interface MemberDoc {
  _id: string;
  memberNo: string;
  displayName: string;
  kind: CustomerKind;
  region: string;
  phone: string | null;
  joinedAt: number;
  stats: PurchaseStats;
  tierState: TierState;
  /** The dedicated contact (sales staff) shown to top-tier members. */
  contact: { name: string; phone: string } | null;
  /** The member who invited them (转介绍), bound once at enrolment (services/referrals.ts); absent on older documents. */
  referredBy?: string | null;
  referredAt?: number | null;
  /** The privacy policy version they agreed to when giving their name and phone (services/privacy.ts). */
  consent?: { version: string; at: number } | null;
  /** Set on the pseudonymous document an erasure leaves (services/privacy.ts). */
  erasedAt?: number | null;
}

export type AccountDoc = PointsAccount & { _id: string; updatedAt: number; nextDueAt: number | null };

export const formatMemberNo = (n: number): string => `FP${String(n).padStart(8, '0')}`;

export const findMember = (db: Db, openid: string) => dbGet<MemberDoc>(db, C.members, openid);

export interface NewMemberProfile { displayName?: string; kind?: CustomerKind; region?: string }

export function newMemberDoc(openid: string, memberNo: string, now: number, profile: NewMemberProfile = {}): MemberDoc {
  return {
    _id: openid,
    memberNo,
    displayName: profile.displayName ?? `鲜友${memberNo.slice(-4)}`,
    kind: profile.kind ?? 'household',
    region: profile.region ?? '未填写',
    phone: null,
    joinedAt: now,
    stats: emptyStats(),
    tierState: initialTierState(now),
    contact: null,
    // Set here so reports can tell members enrolled since referrals exist (null: not referred).
    referredBy: null,
    referredAt: null,
  };
}

/** Returns the member, creating it (with its points account) on the first call. */
export async function getOrEnroll(db: Db, openid: string, now: number, profile?: NewMemberProfile): Promise<MemberDoc> {
  const existing = await findMember(db, openid);
  if (existing) return existing;
  return db.runTransaction(async (tx) => {
    const raced = await txGet<MemberDoc>(tx, C.members, openid);
    if (raced) return raced;
    const counter = await txGet<{ value: number }>(tx, C.counters, 'memberNo');
    const next = (counter?.value ?? 0) + 1;
    await tx.collection(C.counters).doc('memberNo').set({ data: { value: next } });
    const member = newMemberDoc(openid, formatMemberNo(next), now, profile);
    const { _id, ...memberData } = member;
    await tx.collection(C.members).doc(_id).set({ data: memberData });
    await tx.collection(C.pointsAccounts).doc(openid).set({ data: asDoc(accountData(emptyAccount(), now)) });
    // Staff find members by name and phone through this projection (services/crmSearch.ts).
    await writeSearchKeys(tx, openid, null, memberSources(member, null));
    return member;
  });
}

export async function findMemberByNo(db: Db, memberNo: string): Promise<MemberDoc | null> {
  const { data } = await db.collection(C.members).where({ memberNo }).limit(1).get();
  return (data[0] as MemberDoc | undefined) ?? null;
}

/** Members with this phone (at most `limit`; a phone is not unique). */
export async function findMembersByPhone(db: Db, phone: string, limit: number): Promise<MemberDoc[]> {
  const { data } = await db.collection(C.members).where({ phone }).limit(limit).get();
  return data as unknown as MemberDoc[];
}

export const findAccount = (db: Db, openid: string) => dbGet<AccountDoc>(db, C.pointsAccounts, openid);
