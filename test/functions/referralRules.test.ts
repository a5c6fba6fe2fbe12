/**
 * The pure referral rules (core/referral): the token (signed, tamper-evident, never naming the OPENID),
 * who may be bound, and the reward movement's key and amount through the ledger.
 */
import { emptyAccount, reconcile } from '../../cloudfunctions/core/points/account';
import { defaultPointsConfig } from '../../cloudfunctions/core/points/config';
import { defaultReferralConfig } from '../../cloudfunctions/core/referral/config';
import { bindRefusal, issueReferralToken, referralReward, REFERRAL_REWARD_REASON, verifyReferralToken } from '../../cloudfunctions/core/referral/rules';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';

const { mac, macEqual } = hmacSigner('test-secret-0123456789');
const other = hmacSigner('another-secret-0123456789');
const NOW = Date.parse('2026-12-02T02:00:00Z');
const invitee = { id: 'o-new', joinedAt: NOW - 60_000, referredBy: null, orders: 0, erased: false };
const referrer = { id: 'o-ref', erased: false };

describe('token', () => {
  it('round-trips the member number and refuses another key or any edit', () => {
    const token = issueReferralToken('FP00000042', mac);
    expect(token.startsWith('R1.FP00000042.')).toBe(true);
    expect(verifyReferralToken(token, mac, macEqual)).toBe('FP00000042');
    expect(() => verifyReferralToken(issueReferralToken('FP00000042', other.mac), mac, macEqual)).toThrow(expect.objectContaining({ code: 'REFERRAL.INVALID_TOKEN' }));
    expect(() => verifyReferralToken(token.replace('FP00000042', 'FP00000043'), mac, macEqual)).toThrow(expect.objectContaining({ code: 'REFERRAL.INVALID_TOKEN' }));
    for (const bad of ['', 'R1', 'R1.FP1', `${token}.x`, token.replace('R1', 'R2')]) {
      expect(() => verifyReferralToken(bad, mac, macEqual)).toThrow(expect.objectContaining({ code: 'REFERRAL.INVALID_TOKEN' }));
    }
  });

  it('differs from the member code’s signature for the same number (no cross-use)', () => {
    expect(issueReferralToken('FP00000042', mac).split('.')[2]).not.toBe(mac('R1.FP00000042'));
  });
});

describe('binding', () => {
  it('binds a new member with no orders inside the window', () => {
    expect(bindRefusal(invitee, referrer, NOW, defaultReferralConfig)).toBeNull();
  });
  it.each([
    ['self', { ...invitee, id: 'o-ref' }, referrer, NOW],
    ['already_referred', { ...invitee, referredBy: 'o-x' }, referrer, NOW],
    ['existing_member', { ...invitee, orders: 1 }, referrer, NOW],
    ['existing_member', invitee, referrer, invitee.joinedAt + 30 * 60_000 + 1],
    ['referrer_gone', invitee, { ...referrer, erased: true }, NOW],
  ] as const)('refuses: %s', (reason, who, by, at) => {
    expect(bindRefusal(who, by, at, defaultReferralConfig)).toBe(reason);
  });
  it('binds nobody when referrals are off', () => {
    expect(bindRefusal(invitee, referrer, NOW, { ...defaultReferralConfig, enabled: false })).toBe('disabled');
  });
});

describe('reward', () => {
  it('credits the configured points under referral:<member number>, adding up in the ledger', () => {
    const r = referralReward(emptyAccount(), { inviteeNo: 'FP00000007', now: NOW }, defaultReferralConfig, defaultPointsConfig);
    expect(r?.movements).toEqual([expect.objectContaining({ key: 'referral:FP00000007', availableDelta: 200, reason: REFERRAL_REWARD_REASON, source: { kind: 'system', id: 'referral:FP00000007' } })]);
    expect(r?.account.available).toBe(200);
    expect(reconcile(r!.account, r!.movements).ok).toBe(true);
  });
  it('pays owed points first, and gives nothing when the reward is 0', () => {
    const owing = { ...emptyAccount(), asOf: NOW, owed: 50 };
    const r = referralReward(owing, { inviteeNo: 'FP1', now: NOW }, defaultReferralConfig, defaultPointsConfig);
    expect(r?.account).toMatchObject({ owed: 0, available: 150 });
    expect(referralReward(emptyAccount(), { inviteeNo: 'FP1', now: NOW }, { ...defaultReferralConfig, rewardPoints: 0 }, defaultPointsConfig)).toBeNull();
  });
});
