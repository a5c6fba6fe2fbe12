/**
 * Referral rules, pure: the share token, who may be bound to whom, and the referrer's reward as a
 * ledger movement keyed `referral:<invitee's member number>` (its document id makes the credit happen once).
 *
 * The token is `R1.<memberNo>.<mac>`: the member number (never the OPENID) with a keyed MAC, so a
 * forged or edited token is refused. It does not expire: a shared card keeps working.
 */
import { DomainError } from '../errors';
import { adjust, type CommandResult, type PointsAccount } from '../points/account';
import type { PointsConfig } from '../points/config';
import type { ReferralConfig } from './config';

const PREFIX = 'R1';
const MINUTE_MS = 60_000;

export const REFERRAL_REWARD_REASON = '邀请好友首单奖励';

export type Mac = (message: string) => string;

export function issueReferralToken(memberNo: string, mac: Mac): string {
  const body = `${PREFIX}.${memberNo}`;
  return `${body}.${mac(`referral:${body}`)}`;
}

/** The referrer's member number; REFERRAL.INVALID_TOKEN for anything forged or malformed. */
export function verifyReferralToken(token: string, mac: Mac, equal: (a: string, b: string) => boolean): string {
  const parts = token.split('.');
  const [prefix, memberNo, signature] = parts;
  if (parts.length !== 3 || prefix !== PREFIX || !memberNo || !signature) throw new DomainError('REFERRAL.INVALID_TOKEN');
  if (!equal(mac(`referral:${PREFIX}.${memberNo}`), signature)) throw new DomainError('REFERRAL.INVALID_TOKEN');
  return memberNo;
}

export interface InviteeFacts {
  id: string;
  joinedAt: number;
  referredBy: string | null;
  /** Orders of any status the invitee has placed, counted by the caller (0 or more). */
  orders: number;
  erased: boolean;
}

export type BindRefusal = 'disabled' | 'self' | 'already_referred' | 'existing_member' | 'referrer_gone';

/**
 * Whether an invitee may be bound to this referrer now: never to themselves, never twice, never a
 * member who already ordered or enrolled before the window (they were a member already).
 */
export function bindRefusal(invitee: InviteeFacts, referrer: { id: string; erased: boolean }, now: number, config: ReferralConfig): BindRefusal | null {
  if (!config.enabled) return 'disabled';
  if (referrer.id === invitee.id) return 'self';
  if (referrer.erased) return 'referrer_gone';
  if (invitee.referredBy !== null) return 'already_referred';
  if (invitee.orders > 0 || now - invitee.joinedAt > config.bindWindowMinutes * MINUTE_MS) return 'existing_member';
  return null;
}

export const referralMovementKey = (inviteeNo: string): string => `referral:${inviteeNo}`;

/**
 * The referrer's reward for an invitee's first completed order: a credit through the ledger's
 * adjustment (expiry, owed points paid first), stored under the key `referral:<inviteeNo>`.
 * Null when the reward is off.
 */
export function referralReward(account: PointsAccount, input: { inviteeNo: string; now: number }, config: ReferralConfig, points: PointsConfig): CommandResult | null {
  if (!config.enabled || config.rewardPoints === 0) return null;
  const key = referralMovementKey(input.inviteeNo);
  const r = adjust(account, { adjustmentId: key, delta: config.rewardPoints, now: input.now, reason: REFERRAL_REWARD_REASON, source: { kind: 'system', id: key } }, points);
  const last = r.movements.length - 1;
  return { account: r.account, movements: r.movements.map((m, i) => (i === last ? { ...m, key } : m)) };
}
