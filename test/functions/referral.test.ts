/**
 * Referrals through the local runtime: a member's share token binds a new member once (never to
 * themselves, never an existing customer, never with a forged token), and the referrer is credited
 * once on the invitee's first completed order, whatever the retries, visible on both sides.
 */
import type { Page } from '../../cloudfunctions/contracts/api';
import { REFERRAL_REWARD_REASON } from '../../cloudfunctions/core/referral/rules';
import { C } from '../../cloudfunctions/services/collections';
import type { MemberDoc } from '../../cloudfunctions/services/members';
import { completeOrder } from '../../cloudfunctions/services/orders';
import type { AcceptReferralResult, ReferralView } from '../../cloudfunctions/services/referrals';
import { completedOrder, deliveredOrder, ensureCatalogue } from './fixtures';
import { createHarness, type Harness } from './harness';

const MINUTE = 60_000;
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const tokenOf = async (openid: string): Promise<string> => {
  const view = await h.ok<ReferralView>('member', openid, 'getReferral');
  const m = /[?&]ref=([^&]+)/.exec(view.sharePath);
  if (!m?.[1]) throw new Error(`no token in ${view.sharePath}`);
  return decodeURIComponent(m[1]);
};
const accept = (openid: string, token: string) => h.ok<AcceptReferralResult>('member', openid, 'acceptReferral', { token });
const memberDoc = async (openid: string) => (await h.db.collection(C.members).doc(openid).get()).data as unknown as MemberDoc;
interface MovementRow { reason: string; amount: number }
const movements = async (openid: string) => (await h.ok<Page<MovementRow>>('points', openid, 'listMovements', { page: 0, pageSize: 50 })).items;

describe('binding', () => {
  it('a new member opening a shared card is bound once, with referredBy and referredAt, and sees who invited them', async () => {
    await h.ok('member', 'o-ref', 'getCard');
    const token = await tokenOf('o-ref');
    h.clock.now += MINUTE;
    await h.ok('member', 'o-new', 'getCard');
    expect(await accept('o-new', token)).toEqual({ bound: true, referrerName: expect.any(String) });
    expect(await memberDoc('o-new')).toMatchObject({ referredBy: 'o-ref', referredAt: h.clock.now });
    // A second tap, or another member's link, binds nothing more.
    await h.ok('member', 'o-other', 'getCard');
    expect(await accept('o-new', token)).toEqual({ bound: false, reason: 'already_referred' });
    expect(await accept('o-new', await tokenOf('o-other'))).toEqual({ bound: false, reason: 'already_referred' });
    expect(await memberDoc('o-new')).toMatchObject({ referredBy: 'o-ref' });
    const view = await h.ok<ReferralView>('member', 'o-new', 'getReferral');
    const referrer = await memberDoc('o-ref');
    expect(view.invitedBy).toEqual({ name: referrer.displayName, at: h.clock.now });
  });

  it('never to themselves', async () => {
    const token = await tokenOf('o-self');
    expect(await accept('o-self', token)).toEqual({ bound: false, reason: 'self' });
    expect((await memberDoc('o-self')).referredBy ?? null).toBeNull();
  });

  it('never a member who already ordered, nor one who enrolled before the binding window', async () => {
    const token = await tokenOf('o-ref');
    await h.ok('member', 'o-buyer', 'getCard');
    await ensureCatalogue(h);
    // An order not yet completed counts: they are a customer already.
    const { _id, ...order } = deliveredOrder('o-buyer', 50_00, 'TBUYER001', h.clock.now);
    await h.db.collection(C.orders).add({ data: { _id, ...order } });
    expect(await accept('o-buyer', token)).toEqual({ bound: false, reason: 'existing_member' });
    await h.ok('member', 'o-old', 'getCard');
    h.clock.now += 31 * MINUTE;
    expect(await accept('o-old', token)).toEqual({ bound: false, reason: 'existing_member' });
    expect((await memberDoc('o-old')).referredBy ?? null).toBeNull();
  });

  it('refuses a forged or edited token', async () => {
    await h.ok('member', 'o-ref', 'getCard');
    const token = await tokenOf('o-ref');
    const [prefix, memberNo, sig] = token.split('.') as [string, string, string];
    await h.ok('member', 'o-new', 'getCard');
    for (const bad of [`${prefix}.${memberNo}.${sig.slice(0, -1)}x`, `${prefix}.FP00000099.${sig}`, 'R1.FP00000001', 'garbage']) {
      const res = await h.call('member', 'o-new', { action: 'acceptReferral', payload: { token: bad } });
      expect(res).toMatchObject({ ok: false, error: { code: 'REFERRAL.INVALID_TOKEN' } });
    }
    expect((await memberDoc('o-new')).referredBy ?? null).toBeNull();
  });
});

describe('the reward', () => {
  async function boundPair(): Promise<void> {
    const token = await tokenOf('o-ref');
    await h.ok('member', 'o-new', 'getCard');
    expect(await accept('o-new', token)).toMatchObject({ bound: true });
  }

  it('credits the referrer 200 points once, on the first completed order only, under retries', async () => {
    await boundPair();
    const first = await completedOrder(h, 'o-new', 88_00);
    // The same completion again (a retried request) and later orders add nothing.
    await completeOrder(h.db, first, h.clock.now);
    h.clock.now += MINUTE;
    await completedOrder(h, 'o-new', 66_00);
    const rows = (await h.db.collection(C.pointsMovements).where({ memberId: 'o-ref' }).get()).data as { key: string; availableDelta: number; reason: string }[];
    const { memberNo } = await memberDoc('o-new');
    expect(rows).toEqual([expect.objectContaining({ key: `referral:${memberNo}`, availableDelta: 200, reason: REFERRAL_REWARD_REASON })]);
    const ref = await movements('o-ref');
    expect(ref).toEqual([expect.objectContaining({ reason: REFERRAL_REWARD_REASON, amount: 200 })]);
    // The invitee's own points are their orders' only.
    expect((await movements('o-new')).map((m) => m.reason)).not.toContain(REFERRAL_REWARD_REASON);
    expect(await h.ok('points', 'o-ref', 'getSummary')).toMatchObject({ available: 200 });
  });

  it('parallel completions of two orders credit once', async () => {
    await boundPair();
    await ensureCatalogue(h);
    for (const id of ['TPAR0001', 'TPAR0002', 'TPAR0003']) {
      const { _id, ...order } = deliveredOrder('o-new', 30_00, id, h.clock.now);
      await h.db.collection(C.orders).add({ data: { _id, ...order } });
    }
    await Promise.all(['TPAR0001', 'TPAR0002', 'TPAR0003', 'TPAR0001'].map((id) => completeOrder(h.db, id, h.clock.now)));
    const { total } = await h.db.collection(C.pointsMovements).where({ memberId: 'o-ref' }).count();
    expect(total).toBe(1);
  });

  it('follows the configuration: another amount, or none when off', async () => {
    await h.db.collection(C.config).doc('app').set({ data: { referral: { enabled: true, rewardPoints: 500, bindWindowMinutes: 30 } } });
    const { forgetConfig } = await import('../../cloudfunctions/services/config');
    forgetConfig();
    await boundPair();
    await completedOrder(h, 'o-new', 10_00);
    expect(await movements('o-ref')).toEqual([expect.objectContaining({ amount: 500 })]);
  });

  it('an unreferred member completing an order credits nobody', async () => {
    await h.ok('member', 'o-ref', 'getCard');
    await h.ok('member', 'o-solo', 'getCard');
    await completedOrder(h, 'o-solo', 10_00);
    expect((await h.db.collection(C.pointsMovements).where({ memberId: 'o-ref' }).count()).total).toBe(0);
  });
});
