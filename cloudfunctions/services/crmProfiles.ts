/**
 * Per-member CRM profile `crm_profiles/<memberId>`: what the care list and the relationship card
 * read about a customer's relationship without touching their orders. Two owners, two sets of fields:
 *
 * - the nightly `crmDaily` job (computed): last order, the ordering rhythm, the churn warning, RFM,
 *   the key dates copied from the card, and the care-list candidate fields (`careCount`,
 *   `carePriority` for the day the job ran);
 * - staff actions (kept): `lastContactAt`/`lastContactBy` (the contact log), `accountManager`.
 *
 * The job updates only its own fields (a field-level update, no read-modify-write), so a contact
 * logged while it runs is never lost.
 */
import type { AppConfig } from '../core/config';
import { careItems, type CareSubject, type Holiday } from '../core/crm/care';
import type { ContactChannel, KeyDate } from '../core/crm/contact';
import { isMonthDay } from '../core/crm/contact';
import { calendarDaysBetween } from '../core/crm/days';
import { churnWarning, rhythmOf, type ChurnWarning } from '../core/crm/rhythm';
import { rfmOf, SEGMENT_EXPLANATIONS, type RfmSegment } from '../core/crm/rfm';
import { dayKey } from '../core/time';
import { effectiveTier, type TierState } from '../core/tiers/membership';
import type { TierId } from '../core/tiers/rules';
import { DomainError } from '../core/errors';
import type { Db, Transaction } from '../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { findMemberByNo } from './members';

/** The order fields the profile reads (a projection keeps the job's reads small). */
export interface ProfileOrder { memberId: string; createdAt: number; status: string; paidFen: number; refundedFen: number }
export const PROFILE_ORDER_FIELDS = { memberId: true, createdAt: true, status: true, paidFen: true, refundedFen: true } as const;

/** The member fields the profile reads. */
export interface ProfileMember { _id: string; memberNo: string; displayName: string; kind: string; joinedAt: number; tierState: TierState; erasedAt?: number | null }
export const PROFILE_MEMBER_FIELDS = { memberNo: true, displayName: true, kind: true, joinedAt: true, tierState: true, erasedAt: true } as const;

/** Orders that never went ahead say nothing about a rhythm. */
const COUNTS = (o: ProfileOrder): boolean => o.status !== 'cancelled' && o.status !== 'pending_payment';

export interface ComputedProfile {
  memberNo: string;
  displayName: string;
  kind: string;
  tier: TierId;
  joinedAt: number;
  lastOrderAt: number | null;
  rhythm: { orderDays: number; medianDays: number | null; p90Days: number | null };
  churn: ChurnWarning | null;
  /** Recency in days is not stored (it would change every night for everyone): views derive it from lastOrderAt. */
  rfm: { frequency: number; monetaryFen: number; r: number; f: number; m: number; segment: RfmSegment };
  keyDates: KeyDate[];
  /** Care items due on `careDay` before any mark (the care list's candidates); the day the figures last changed. */
  careDay: string;
  careCount: number;
  /** The most urgent item's priority (10 when none). */
  carePriority: number;
  /** Higher tiers first among equal priorities. */
  tierRank: number;
  computedAt: number;
}

export interface KeptProfile {
  lastContactAt: number | null;
  lastContactBy: Partial<Record<ContactChannel, number>>;
  /** The account manager's OPENID; null until a manager assigns one. */
  accountManager: string | null;
}

export type CrmProfileDoc = ComputedProfile & KeptProfile & { _id: string };

export const NO_CARE_PRIORITY = 10;
export const emptyKept = (): KeptProfile => ({ lastContactAt: null, lastContactBy: {}, accountManager: null });

const TIER_RANK: Record<TierId, number> = { basic: 0, potential: 1, core: 2, strategic: 3 };

/** Key dates from a relationship card, whatever shape it is in: only well-formed ones count. */
export function keyDatesOf(card: unknown): KeyDate[] {
  const raw = (card as { keyDates?: unknown } | null)?.keyDates;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((k): k is KeyDate => typeof k === 'object' && k !== null && typeof (k as KeyDate).label === 'string' && typeof (k as KeyDate).monthDay === 'string' && isMonthDay((k as KeyDate).monthDay))
    .slice(0, 20)
    .map((k) => ({ label: k.label.slice(0, 20), monthDay: k.monthDay }));
}

export const subjectOf = (p: ComputedProfile & KeptProfile): CareSubject => ({
  tier: p.tier,
  kind: p.kind,
  joinedAt: p.joinedAt,
  lastContactAt: p.lastContactAt,
  lastContactBy: p.lastContactBy,
  lastOrderAt: p.lastOrderAt,
  churn: p.churn,
  keyDates: p.keyDates,
});

/** The computed part of a member's profile from their orders, as of `now`. */
export function computeProfile(member: ProfileMember, orders: readonly ProfileOrder[], kept: KeptProfile, keyDates: KeyDate[], now: number, config: AppConfig, holidays: readonly Holiday[]): ComputedProfile {
  const times: number[] = [];
  const rfmOrders: { at: number; netFen: number }[] = [];
  for (const o of orders) {
    if (!COUNTS(o)) continue;
    times.push(o.createdAt);
    rfmOrders.push({ at: o.createdAt, netFen: Math.max(0, o.paidFen - o.refundedFen) });
  }
  const tier = effectiveTier(member.tierState, now).tier;
  const rhythm = rhythmOf(times);
  const churn = churnWarning(times, now, tier, config.crm.churn, rhythm);
  const rfm = rfmOf(rfmOrders, now, config.crm.rfm);
  const computed: Omit<ComputedProfile, 'careCount' | 'carePriority'> = {
    memberNo: member.memberNo,
    displayName: member.displayName,
    kind: member.kind,
    tier,
    joinedAt: member.joinedAt,
    lastOrderAt: rhythm.lastOrderAt,
    rhythm: { orderDays: rhythm.orderDays, medianDays: rhythm.median, p90Days: rhythm.p90 },
    churn,
    rfm: { frequency: rfm.frequency, monetaryFen: rfm.monetaryFen, r: rfm.scores.r, f: rfm.scores.f, m: rfm.scores.m, segment: rfm.segment },
    keyDates,
    careDay: dayKey(now),
    tierRank: TIER_RANK[tier],
    computedAt: now,
  };
  const items = careItems(subjectOf({ ...computed, careCount: 0, carePriority: 0, ...kept }), {}, now, config.crm.care, holidays);
  return { ...computed, careCount: items.length, carePriority: items.reduce((p, i) => Math.min(p, i.priority), NO_CARE_PRIORITY) };
}

export const findProfile = (db: Db, memberId: string) => dbGet<CrmProfileDoc>(db, C.crmProfiles, memberId);

/**
 * The member (their OPENID, the member document's id) behind a member number: staff name members by
 * number on the wire and the OPENID stays on the server. A number never changes, so resolving it
 * before a transaction is safe.
 */
export async function memberIdByNo(db: Db, memberNo: string): Promise<string> {
  const member = await findMemberByNo(db, memberNo);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND', `没有会员号为 ${memberNo} 的会员`);
  return member._id;
}

/** What the card and the care list show about a member's relationship. */
export interface CrmProfileView {
  memberNo: string;
  name: string;
  tier: TierId;
  lastOrderAt: number | null;
  rhythm: { orderDays: number; medianDays: number | null; p90Days: number | null };
  churn: { reason: string; expectedEveryDays: number; daysSince: number } | null;
  rfm: { recencyDays: number | null; frequency: number; monetaryFen: number; r: number; f: number; m: number; segment: RfmSegment; explanation: string };
  lastContactAt: number | null;
  /** By name only: a colleague's OPENID is not shown to staff. */
  accountManager: { name: string } | null;
  computedAt: number;
}

/** Null when the member exists but the nightly job has not profiled them yet. */
export async function profileView(db: Db, memberNo: string, now: number): Promise<CrmProfileView | null> {
  const p = await findProfile(db, await memberIdByNo(db, memberNo));
  if (!p) return null;
  const manager = p.accountManager ? await dbGet<{ name: string }>(db, C.staff, p.accountManager) : null;
  return {
    memberNo: p.memberNo,
    name: p.displayName,
    tier: p.tier,
    lastOrderAt: p.lastOrderAt,
    rhythm: p.rhythm,
    churn: p.churn ? { reason: p.churn.reason, expectedEveryDays: p.churn.expectedEveryDays, daysSince: p.churn.daysSince } : null,
    rfm: { ...p.rfm, recencyDays: p.lastOrderAt === null ? null : calendarDaysBetween(p.lastOrderAt, now), explanation: SEGMENT_EXPLANATIONS[p.rfm.segment] },
    lastContactAt: p.lastContactAt,
    accountManager: p.accountManager ? { name: manager?.name ?? '（已停用）' } : null,
    computedAt: p.computedAt,
  };
}

/**
 * The member's profile inside a transaction, made from the member alone when the nightly job has
 * not seen them yet (a customer who joined today): the next run fills in their orders.
 */
export async function profileInTx(tx: Transaction, memberId: string, now: number, config: AppConfig, holidays: readonly Holiday[]): Promise<{ profile: CrmProfileDoc; existed: boolean }> {
  const existing = await txGet<CrmProfileDoc>(tx, C.crmProfiles, memberId);
  if (existing) return { profile: existing, existed: true };
  const member = await txGet<ProfileMember>(tx, C.members, memberId);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND');
  const kept = emptyKept();
  return { profile: { _id: memberId, ...computeProfile({ ...member, _id: memberId }, [], kept, [], now, config, holidays), ...kept }, existed: false };
}

/**
 * Writes staff-owned fields: a field-level update of an existing profile (the job's fields stay as
 * they are), or the whole new profile.
 */
export async function writeKeptInTx(tx: Transaction, r: { profile: CrmProfileDoc; existed: boolean }, fields: Partial<KeptProfile>): Promise<void> {
  const ref = tx.collection(C.crmProfiles).doc(r.profile._id);
  if (r.existed) await ref.update({ data: asDoc(fields) });
  else await ref.set({ data: asDoc(withoutId({ ...r.profile, ...fields })) });
}
