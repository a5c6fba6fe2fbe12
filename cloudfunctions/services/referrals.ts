/**
 * Referrals (转介绍): the share token of a member's card, binding an invitee once (at enrolment, in
 * `member.acceptReferral`), and the referrer's reward on the invitee's first completed order, credited
 * inside the completion's transaction under the movement key `referral:<invitee's member number>`.
 */
import type { AppConfig } from '../core/config';
import { bindRefusal, issueReferralToken, referralMovementKey, referralReward, verifyReferralToken, type BindRefusal } from '../core/referral/rules';
import type { Db, Transaction } from '../ports/db';
import { txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { movementId, writeAccount, writeMovements } from './ledger';
import { findMember, findMemberByNo, type AccountDoc, type MemberDoc } from './members';
import { accountState } from './points';

export interface ReferralView {
  enabled: boolean;
  /** Points the member earns when a friend's first order completes. */
  rewardPoints: number;
  /** The page a shared card opens, with this member's signed token. */
  sharePath: string;
  shareTitle: string;
  /** Who invited this member (「由 XX 邀请」), or null. */
  invitedBy: { name: string; at: number } | null;
}

export const SHARE_PAGE = '/pages/card/index';

export async function referralView(db: Db, member: MemberDoc, config: AppConfig, sign: (m: string) => string): Promise<ReferralView> {
  const token = issueReferralToken(member.memberNo, sign);
  const referrer = member.referredBy ? await findMember(db, member.referredBy) : null;
  return {
    enabled: config.referral.enabled,
    rewardPoints: config.referral.rewardPoints,
    sharePath: `${SHARE_PAGE}?ref=${encodeURIComponent(token)}`,
    shareTitle: `${member.displayName} 邀请你加入鲜友会`,
    invitedBy: referrer && member.referredAt ? { name: referrer.displayName, at: member.referredAt } : null,
  };
}

export type AcceptReferralResult = { bound: true; referrerName: string } | { bound: false; reason: BindRefusal };

/**
 * Binds the caller to the member whose token they opened, if they may be (see `bindRefusal`): the
 * check and the write are one transaction over the invitee, so two taps bind once. Opening your own
 * card's link, or a link after you have ordered, changes nothing and says why.
 */
export async function acceptReferral(
  db: Db,
  invitee: MemberDoc,
  token: string,
  now: number,
  config: AppConfig,
  signer: { mac: (m: string) => string; macEqual: (a: string, b: string) => boolean },
): Promise<AcceptReferralResult> {
  const memberNo = verifyReferralToken(token, signer.mac, signer.macEqual);
  const referrer = await findMemberByNo(db, memberNo);
  if (!referrer) return { bound: false, reason: 'referrer_gone' };
  // Orders not yet completed are not in the stats: any order at all makes them an existing customer.
  const { total: orders } = await db.collection(C.orders).where({ memberId: invitee._id }).count();
  return db.runTransaction(async (tx): Promise<AcceptReferralResult> => {
    const current = await txGet<MemberDoc>(tx, C.members, invitee._id);
    if (!current) return { bound: false, reason: 'existing_member' };
    const refusal = bindRefusal(
      { id: current._id, joinedAt: current.joinedAt, referredBy: current.referredBy ?? null, orders, erased: false },
      { id: referrer._id, erased: Boolean(referrer.erasedAt) },
      now,
      config.referral,
    );
    if (refusal) return { bound: false, reason: refusal };
    await tx.collection(C.members).doc(current._id).set({ data: withoutId({ ...current, referredBy: referrer._id, referredAt: now }) });
    return { bound: true, referrerName: referrer.displayName };
  });
}

/**
 * Inside an order completion: credits the invitee's referrer once. The movement's document id
 * (`<referrer>:referral:<invitee's member number>`) is read first, so a later completion (or a retry) finds it and
 * credits nothing. Erased referrers get nothing.
 */
export async function creditReferrer(tx: Transaction, invitee: Pick<MemberDoc, '_id' | 'memberNo' | 'referredBy'>, now: number, config: AppConfig): Promise<number> {
  const referrerId = invitee.referredBy;
  if (!referrerId || referrerId === invitee._id) return 0;
  // By member number, not OPENID: the key sits in the referrer's ledger (and their export).
  const key = referralMovementKey(invitee.memberNo);
  if (await txGet(tx, C.pointsMovements, movementId(referrerId, key))) return 0;
  const referrer = await txGet<MemberDoc>(tx, C.members, referrerId);
  if (!referrer || referrer.erasedAt) return 0;
  const account = accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, referrerId));
  const r = referralReward(account, { inviteeNo: invitee.memberNo, now }, config.referral, config.points);
  if (!r) return 0;
  await writeAccount(tx, referrerId, r.account, now);
  await writeMovements(tx, referrerId, r.movements);
  return config.referral.rewardPoints;
}
