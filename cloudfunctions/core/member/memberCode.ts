/**
 * The rotating member code staff scan at the counter: `FP1.<memberNo>.<expiresAtSeconds>.<mac>`.
 * The MAC (keyed by a server secret) comes in as a function so the core stays free of crypto and
 * key handling; a screenshot stops working once the code expires (about a minute).
 */
import { DomainError } from '../errors';

const PREFIX = 'FP1';

export type Mac = (message: string) => string;

export interface IssuedCode { token: string; expiresAt: number }

export function issueMemberCode(memberNo: string, now: number, ttlSeconds: number, mac: Mac): IssuedCode {
  const expiresAtSec = Math.floor(now / 1000) + ttlSeconds;
  const body = `${PREFIX}.${memberNo}.${expiresAtSec}`;
  return { token: `${body}.${mac(body)}`, expiresAt: expiresAtSec * 1000 };
}

/**
 * Returns the member number of a valid, unexpired code. `equal` compares MACs in constant time.
 * Throws MEMBER_CODE.INVALID for anything forged or malformed, MEMBER_CODE.EXPIRED when late.
 */
export function verifyMemberCode(token: string, now: number, mac: Mac, equal: (a: string, b: string) => boolean): string {
  const parts = token.split('.');
  const [prefix, memberNo, expires, signature] = parts;
  if (parts.length !== 4 || prefix !== PREFIX || !memberNo || !expires || !signature || !/^\d+$/.test(expires)) {
    throw new DomainError('MEMBER_CODE.INVALID', '会员码无效');
  }
  if (!equal(mac(`${prefix}.${memberNo}.${expires}`), signature)) throw new DomainError('MEMBER_CODE.INVALID', '会员码无效');
  if (Number(expires) * 1000 <= now) throw new DomainError('MEMBER_CODE.EXPIRED', '会员码已过期，请让顾客刷新');
  return memberNo;
}
