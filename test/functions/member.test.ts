import type { MemberCardView, MemberCodeView, WhoAmIView } from '../../cloudfunctions/contracts/api';
import { verifyMemberCode } from '../../cloudfunctions/core/member/memberCode';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { C } from '../../cloudfunctions/services/collections';
import { DEV_CODE_SECRET } from '../../local/app';
import { addStaff, completedOrder } from './fixtures';
import { createHarness, type Harness } from './harness';

const DAY = 86_400_000;
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('enrollment', () => {
  it('the first call of a new OPENID creates a basic member with an empty account', async () => {
    const card = await h.ok<MemberCardView>('member', 'o-new', 'getCard');
    expect(card.memberNo).toBe('FP00000001');
    expect(card.tier).toMatchObject({ id: 'basic', name: '基础', source: 'rules' });
    expect(card.points).toEqual({ available: 0, pending: 0, owed: 0, expiringSoon: null });
    expect((await h.db.collection(C.members).count()).total).toBe(1);
    expect((await h.db.collection(C.pointsAccounts).count()).total).toBe(1);
  });

  it('twenty concurrent first calls create exactly one member', async () => {
    const cards = await Promise.all(Array.from({ length: 20 }, () => h.ok<MemberCardView>('member', 'o-race', 'getCard')));
    expect(new Set(cards.map((c) => c.memberNo)).size).toBe(1);
    expect((await h.db.collection(C.members).where({ _id: 'o-race' }).count()).total).toBe(1);
    expect((await h.db.collection(C.members).count()).total).toBe(1);
  });

  it('different people get different member numbers', async () => {
    const [a, b] = await Promise.all([h.ok<MemberCardView>('member', 'o-a', 'getCard'), h.ok<MemberCardView>('member', 'o-b', 'getCard')]);
    expect(a.memberNo).not.toBe(b.memberNo);
  });
});

describe('the card reflects real orders', () => {
  it('shows the tier earned by spend and what is missing for the next one', async () => {
    await h.ok('member', 'o-shop', 'getCard');
    h.clock.now -= 400 * DAY;
    await completedOrder(h, 'o-shop', 1_000_00);
    h.clock.now += 400 * DAY;
    for (let i = 0; i < 10; i += 1) {
      h.clock.now += DAY;
      await completedOrder(h, 'o-shop', 9_000_00);
    }
    const card = await h.ok<MemberCardView>('member', 'o-shop', 'getCard');
    // ¥91,000 in the last 12 months with 400+ days together: 潜力 by spend, ¥9,000 short of 核心.
    expect(card.metrics.annualSpendFen).toBe(90_000_00);
    expect(card.tier.id).toBe('potential');
    expect(card.progress).toEqual({ next: { id: 'core', name: '核心' }, gaps: { spendFen: 10_000_00 } });
    // 1× multiplier while basic, then 1.2× once potential: points are pending inside the 7-day window.
    expect(card.points.pending + card.points.available).toBeGreaterThan(90_000);
    expect(card.tier.benefits.pointsMultiplierPct).toBe(120);
  });

  it('a top-tier member sees the dedicated contact; others do not', async () => {
    await h.ok('member', 'o-basic', 'getCard');
    const card = await h.ok<MemberCardView>('member', 'o-basic', 'getCard');
    expect(card.contact).toBeNull();
    expect(card.progress?.next.id).toBe('potential');
  });
});

describe('member code', () => {
  it('is signed, names the member and expires within about a minute', async () => {
    const card = await h.ok<MemberCardView>('member', 'o-code', 'getCard');
    const code = await h.ok<MemberCodeView>('member', 'o-code', 'getCode');
    const { mac, macEqual } = hmacSigner(DEV_CODE_SECRET);
    expect(code.ttlSeconds).toBe(60);
    expect(code.expiresAt - h.clock.now).toBeLessThanOrEqual(60_000);
    expect(verifyMemberCode(code.token, h.clock.now + 59_000, mac, macEqual)).toBe(card.memberNo);
    expect(() => verifyMemberCode(code.token, h.clock.now + 61_000, mac, macEqual)).toThrow(expect.objectContaining({ code: 'MEMBER_CODE.EXPIRED' }));
    const forged = code.token.replace(card.memberNo, 'FP00000002');
    expect(() => verifyMemberCode(forged, h.clock.now, mac, macEqual)).toThrow(expect.objectContaining({ code: 'MEMBER_CODE.INVALID' }));
  });
});

describe('whoami', () => {
  it('tells staff from customers by the staff registry, not by anything the caller says', async () => {
    await addStaff(h, 'o-staff', 'staff', '李小鲜');
    expect(await h.ok<WhoAmIView>('member', 'o-staff', 'whoami')).toEqual({ role: 'staff', displayName: '李小鲜', memberNo: null });
    expect((await h.ok<WhoAmIView>('member', 'o-cust', 'whoami')).role).toBe('customer');
    const forged = await h.call('member', 'o-cust', { action: 'whoami', payload: { role: 'manager' } });
    expect(forged).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });
});

describe('bad input', () => {
  it.each([
    ['unknown action', { action: 'dropAll' }, 'REQUEST.UNKNOWN_ACTION'],
    ['missing action', { payload: {} }, 'REQUEST.INVALID'],
    ['wrong type', { action: 42 }, 'REQUEST.INVALID'],
    ['extra top-level key', { action: 'getCard', openid: 'o-other' }, 'REQUEST.INVALID'],
    ['extra payload key', { action: 'getCard', payload: { x: 1 } }, 'REQUEST.INVALID'],
    ['prototype key', { action: 'toString' }, 'REQUEST.UNKNOWN_ACTION'],
  ])('%s → %s and nothing written', async (_label, event, code) => {
    const res = await h.call('member', 'o-bad', event);
    expect(res).toMatchObject({ ok: false, error: { code } });
    expect((await h.db.collection(C.members).count()).total).toBe(0);
  });

  it('anonymous callers are refused', async () => {
    expect(await h.call('member', null, { action: 'getCard' })).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('ignores the userInfo the WeChat client SDK adds to every event', async () => {
    const res = await h.call<MemberCardView>('member', 'o-wx', { action: 'getCard', userInfo: { appId: 'wx1', openId: 'o-someone-else' } });
    expect(res.ok).toBe(true);
    expect((await h.db.collection(C.members).doc('o-wx').get()).data).toMatchObject({ memberNo: 'FP00000001' });
    expect((await h.db.collection(C.members).count()).total).toBe(1);
  });
});

describe('staff are not enrolled as customers unless they ask for a card', () => {
  it('whoami of a registered staff member answers their role and creates no member or account', async () => {
    await addStaff(h, 'o-clerk', 'staff', '李小鲜');
    await addStaff(h, 'o-boss', 'manager', '王店长');
    expect(await h.ok<WhoAmIView>('member', 'o-clerk', 'whoami')).toEqual({ role: 'staff', displayName: '李小鲜', memberNo: null });
    expect(await h.ok<WhoAmIView>('member', 'o-boss', 'whoami')).toEqual({ role: 'manager', displayName: '王店长', memberNo: null });
    expect((await h.db.collection(C.members).count()).total).toBe(0);
    expect((await h.db.collection(C.pointsAccounts).count()).total).toBe(0);
    expect((await h.db.collection(C.counters).count()).total).toBe(0);
  });

  it('a staff member who opens their card (我的会员卡) is enrolled then, and whoami still says staff', async () => {
    await addStaff(h, 'o-clerk', 'staff', '李小鲜');
    const card = await h.ok<MemberCardView>('member', 'o-clerk', 'getCard');
    expect(card.memberNo).toBe('FP00000001');
    expect((await h.db.collection(C.members).count()).total).toBe(1);
    expect(await h.ok<WhoAmIView>('member', 'o-clerk', 'whoami')).toMatchObject({ role: 'staff' });
  });

  it('whoami of a customer still enrols them (their first contact)', async () => {
    expect(await h.ok<WhoAmIView>('member', 'o-first', 'whoami')).toMatchObject({ role: 'customer', memberNo: 'FP00000001' });
    expect((await h.db.collection(C.members).count()).total).toBe(1);
  });
});

describe('staff.findMember', () => {
  type Lookup = { query: { kind: string; memberNo?: string; phone?: string }; member: { memberNo: string; displayName: string } };

  beforeEach(async () => {
    await addStaff(h, 'o-clerk', 'staff', '李小鲜');
    for (const id of ['o-1', 'o-2', 'o-3']) await h.ok('member', id, 'getCard');
    await h.db.collection(C.members).doc('o-3').update({ data: { displayName: '张姐', phone: '13812340000' } });
  });

  it.each(['FP00000003', 'fp3', '3', 'FP 0000 0003', 'ＦＰ００００００３', '３'])('reads %j as member FP00000003', async (query) => {
    const found = await h.ok<Lookup>('staff', 'o-clerk', 'findMember', { query });
    expect(found.query).toEqual({ kind: 'memberNo', memberNo: 'FP00000003' });
    expect(found.member).toMatchObject({ memberNo: 'FP00000003', displayName: '张姐' });
  });

  it('finds a member by the whole 11-digit phone', async () => {
    const found = await h.ok<Lookup>('staff', 'o-clerk', 'findMember', { query: '138 1234 0000' });
    expect(found.query).toEqual({ kind: 'phone', phone: '13812340000' });
    expect(found.member.memberNo).toBe('FP00000003');
  });

  it('says what it could not find or read, and never cuts the phone', async () => {
    expect(await h.call('staff', 'o-clerk', { action: 'findMember', payload: { query: '13812340001' } })).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.NOT_FOUND', message: '没有手机号为 138****0001 的会员' },
    });
    expect(await h.call('staff', 'o-clerk', { action: 'findMember', payload: { query: '1381234000' } })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST.INVALID', message: '手机号应为 11 位，这里有 10 位' },
    });
    expect(await h.call('staff', 'o-clerk', { action: 'findMember', payload: { query: 'fp99' } })).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_FOUND' } });
  });

  it('refuses a phone shared by two members instead of picking one', async () => {
    await h.db.collection(C.members).doc('o-2').update({ data: { phone: '13812340000' } });
    expect(await h.call('staff', 'o-clerk', { action: 'findMember', payload: { query: '13812340000' } })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST.INVALID', message: '手机号 138****0000 对应多位会员，请用会员号查找' },
    });
  });
});
