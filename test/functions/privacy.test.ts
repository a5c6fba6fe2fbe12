/**
 * Privacy through the local runtime: the profile form's validation and consent, the export (the
 * caller's data, all of it, and nothing of anyone else's), and erasure (confirmation, no trace of the
 * member's name, phone or OPENID anywhere in the database, the books still adding up, idempotent, the
 * same WeChat user starting afresh).
 */
import type { MemberCardView } from '../../cloudfunctions/contracts/api';
import { ERASED_NAME, PRIVACY_POLICY_VERSION } from '../../cloudfunctions/contracts/privacy';
import { C } from '../../cloudfunctions/services/collections';
import type { JobRunResult } from '../../cloudfunctions/jobs/actions';
import type { MemberDoc } from '../../cloudfunctions/services/members';
import type { DeletionAnswer, MyDataExport, ProfileView } from '../../cloudfunctions/services/privacy';
import type { AcceptReferralResult, ReferralView } from '../../cloudfunctions/services/referrals';
import { refundOrder } from '../../cloudfunctions/services/orders';
import { fileComplaint, rid } from './caseFixtures';
import { addStaff, completedOrder, deliveredOrder, ensureCatalogue } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const DAY = 86_400_000;
const NAME = '欧阳娜娜';
const PHONE = '13912345678';
const CARD_CONTACT = { name: '欧阳大伟', phone: '13800009999', employer: '娜娜烘焙坊', position: '店主', address: '徐汇区漕溪北路 88 号' };
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
  await addStaff(h, 'o-staff', 'staff', '李小鲜');
  await addStaff(h, 'o-boss', 'manager', '王店长');
});
afterEach(() => h.close());

const profile = (openid: string, payload: Record<string, unknown>) => h.call<ProfileView>('member', openid, { action: 'updateProfile', payload });
const memberDoc = async (id: string) => (await h.db.collection(C.members).doc(id).get()).data as unknown as MemberDoc;

describe('profile', () => {
  it('saves a typed name and phone with the consent version and time', async () => {
    await h.ok('member', 'o-p', 'getCard');
    h.clock.now += 1000;
    const view = await h.ok<ProfileView>('member', 'o-p', 'updateProfile', { name: ` ${NAME} `, phone: PHONE, consentVersion: PRIVACY_POLICY_VERSION });
    expect(view).toEqual({ displayName: NAME, phone: PHONE, consent: { version: PRIVACY_POLICY_VERSION, at: h.clock.now }, currentVersion: PRIVACY_POLICY_VERSION });
    expect(await memberDoc('o-p')).toMatchObject({ displayName: NAME, phone: PHONE, consent: { version: PRIVACY_POLICY_VERSION, at: h.clock.now } });
    // A later edit keeps the first consent time for the same version.
    const at = h.clock.now;
    h.clock.now += 1000;
    await h.ok('member', 'o-p', 'updateProfile', { name: '欧阳', phone: PHONE, consentVersion: PRIVACY_POLICY_VERSION });
    expect((await memberDoc('o-p')).consent).toEqual({ version: PRIVACY_POLICY_VERSION, at });
    // Staff find the member by the new phone's last four digits.
    expect(JSON.stringify(await h.ok('crm', 'o-staff', 'search', { query: '5678' }))).toContain('欧阳');
  });

  it.each([
    ['an empty name', { name: '  ', phone: PHONE }],
    ['a name over 20 characters', { name: '一'.repeat(21), phone: PHONE }],
    ['a phone of 10 digits', { name: NAME, phone: '1391234567' }],
    ['a phone not starting with 1', { name: NAME, phone: '23912345678' }],
    ['a phone with a separator', { name: NAME, phone: '139-1234-5678' }],
  ])('refuses %s and changes nothing', async (_label, fields) => {
    await h.ok('member', 'o-p', 'getCard');
    const before = await snapshot(h.db);
    expect(await profile('o-p', { ...fields, consentVersion: PRIVACY_POLICY_VERSION })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('accepts 20 characters, and refuses without consent to the current policy', async () => {
    await h.ok('member', 'o-p', 'getCard');
    expect(await profile('o-p', { name: '一'.repeat(20), phone: PHONE, consentVersion: PRIVACY_POLICY_VERSION })).toMatchObject({ ok: true });
    expect(await profile('o-p', { name: NAME, phone: PHONE, consentVersion: '2020-01-01' })).toMatchObject({ ok: false, error: { code: 'PROFILE.CONSENT_REQUIRED' } });
    expect(await profile('o-p', { name: NAME, phone: PHONE })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });
});

/**
 * A member with something in every collection that can hold their data: a profile, orders (one
 * refunded in part), points spent on a coupon, a staff adjustment quoting their name, a complaint with a
 * photo and a staff reply, a survey, a relationship card with key people, a note and a view, notices,
 * a referral in both directions. Bob is a bystander whose data must stay as it was.
 */
async function richMember(openid: string): Promise<{ memberNo: string }> {
  const ref = await h.ok<ReferralView>('member', 'o-friend', 'getReferral');
  await h.ok('member', openid, 'getCard');
  const token = decodeURIComponent(ref.sharePath.split('ref=')[1] as string);
  expect(await h.ok<AcceptReferralResult>('member', openid, 'acceptReferral', { token })).toMatchObject({ bound: true });
  await h.ok('member', openid, 'updateProfile', { name: NAME, phone: PHONE, consentVersion: PRIVACY_POLICY_VERSION });
  const { memberNo } = await memberDoc(openid);
  // Someone they invited.
  const mine = await h.ok<ReferralView>('member', openid, 'getReferral');
  await h.ok('member', 'o-invitee', 'getCard');
  await h.ok('member', 'o-invitee', 'acceptReferral', { token: decodeURIComponent(mine.sharePath.split('ref=')[1] as string) });
  const first = await completedOrder(h, openid, 320_00);
  await completedOrder(h, 'o-invitee', 50_00);
  h.clock.now += 8 * DAY;
  await completedOrder(h, openid, 880_00);
  await refundOrder(h.db, { orderId: first, refundId: 'R-nana-1', refundFen: 20_00, reason: `${NAME}反映少了一把青菜` }, h.clock.now);
  await h.ok('staff', 'o-staff', 'adjustPoints', { memberNo, delta: 100, reason: `${NAME}生日关怀 ${PHONE}`, requestId: rid('adj') });
  await h.ok('staff', 'o-boss', 'overrideTier', { memberNo, tier: 'core', until: '2027-06-30', reason: `${NAME}年度合作`, requestId: rid('ovr') });
  await h.ok('points', openid, 'redeemCoupon', { templateId: 'pts-100-10', requestId: rid('redeem') });
  await fileComplaint(h, openid, { text: `我是${NAME}，电话${PHONE}，青菜叶子发黄`, preferredContact: `晚上打${PHONE}` });
  await h.ok('crm', 'o-staff', 'updateCard', { memberNo, requestId: rid('card'), contact: CARD_CONTACT, organisation: { name: '娜娜烘焙有限公司', keyPeople: [{ name: '陈师傅', role: '面点师', phone: '13700001111', cares: '面粉要新鲜' }] }, preferences: { text: '每周三上午来', tags: ['爱吃香菜'] } });
  await h.ok('crm', 'o-staff', 'addNote', { memberNo, text: `${NAME}说下个月开分店，电话 ${PHONE}`, requestId: rid('note') });
  await h.ok('crm', 'o-staff', 'card', { memberNo });
  await ensureCatalogue(h);
  return { memberNo };
}

async function bystander(): Promise<void> {
  await h.ok('member', 'o-bob', 'getCard');
  await h.ok('member', 'o-bob', 'updateProfile', { name: '鲍勃生鲜', phone: '13500000000', consentVersion: PRIVACY_POLICY_VERSION });
  await completedOrder(h, 'o-bob', 100_00);
  await fileComplaint(h, 'o-bob', { text: '鲍勃的投诉：鸡蛋碎了两个' });
}

describe('export', () => {
  it("holds the caller's profile, orders, points, coupons, complaints and what staff noted — and nothing of anyone else's", async () => {
    await bystander();
    const { memberNo } = await richMember('o-nana');
    const data = await h.ok<MyDataExport>('member', 'o-nana', 'exportMyData');
    expect(data.profile).toMatchObject({ memberNo, displayName: NAME, phone: PHONE, consent: { version: PRIVACY_POLICY_VERSION } });
    expect(data.orders).toHaveLength(2);
    expect(data.points.movements.length).toBeGreaterThanOrEqual(5);
    expect(data.points.movements.map((m) => m.reason)).toContain(`${NAME}生日关怀 ${PHONE}`);
    expect(data.coupons.map((c) => c.source)).toContain('redeem');
    expect(data.complaints).toHaveLength(1);
    expect(JSON.stringify(data.complaints)).toContain('青菜叶子发黄');
    expect(data.staffRecords.card).toMatchObject({ contact: CARD_CONTACT });
    expect(data.staffRecords.notes).toEqual([expect.objectContaining({ text: expect.stringContaining('开分店'), byName: '李小鲜' })]);
    expect(data.tierHistory).toEqual([expect.objectContaining({ to: 'core' })]);
    expect(data.truncated).toEqual({});
    const text = JSON.stringify(data);
    for (const other of ['o-bob', '鲍勃', '13500000000', 'o-friend', 'o-invitee', '鸡蛋碎了']) expect(text).not.toContain(other);
    // The member's id (the OPENID) is not repeated back either: the export is about the person.
    expect(text).not.toContain('o-nana');
  });

  it('leaves out internal staff notes of a complaint thread', async () => {
    await h.ok('member', 'o-c', 'getCard');
    const filed = await fileComplaint(h, 'o-c');
    const doc = (await h.db.collection(C.complaints).doc(filed.id).get()).data as { thread: unknown[] };
    const internal = { id: 'm-int', by: { kind: 'staff', id: 'o-staff', name: '李小鲜' }, text: '内部：这位客户上次也投诉过', photos: [], at: h.clock.now, internal: true, check: 'pass' };
    await h.db.collection(C.complaints).doc(filed.id).update({ data: { thread: [...doc.thread, internal] } });
    const data = await h.ok<MyDataExport>('member', 'o-c', 'exportMyData');
    expect(JSON.stringify(data.complaints)).not.toContain('内部');
    expect(data.complaints[0]?.thread).toHaveLength(doc.thread.length);
  });

  it('never enrols: a caller with no membership gets MEMBER.NOT_FOUND', async () => {
    expect(await h.call('member', 'o-nobody', { action: 'exportMyData' })).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_FOUND' } });
    expect((await h.db.collection(C.members).count()).total).toBe(0);
  });
});

describe('erasure', () => {
  const ask = (openid: string, payload: Record<string, unknown> = {}) => h.ok<DeletionAnswer>('member', openid, 'requestDeletion', payload);

  async function erase(openid: string): Promise<void> {
    const confirm = await ask(openid);
    if (confirm.state !== 'confirm') throw new Error('expected a confirmation');
    expect(await ask(openid, { confirmToken: confirm.confirmToken })).toEqual({ state: 'erased', erasedAt: h.clock.now });
  }

  it('asks for confirmation first: without the token, or with a wrong or expired one, nothing changes', async () => {
    await richMember('o-nana');
    await h.ok('member', 'o-bob', 'getCard');
    const before = await snapshot(h.db);
    const confirm = await ask('o-nana');
    expect(confirm).toMatchObject({ state: 'confirm', openOrders: 0, expiresAt: expect.any(Number) });
    if (confirm.state !== 'confirm') return;
    const forged = `${confirm.confirmToken.slice(0, -1)}${confirm.confirmToken.endsWith('A') ? 'B' : 'A'}`;
    expect(await h.call('member', 'o-nana', { action: 'requestDeletion', payload: { confirmToken: forged } })).toMatchObject({ ok: false, error: { code: 'PRIVACY.CONFIRM_INVALID' } });
    // Another member's token does not erase them either.
    expect(await h.call('member', 'o-bob', { action: 'requestDeletion', payload: { confirmToken: confirm.confirmToken } })).toMatchObject({ ok: false, error: { code: 'PRIVACY.CONFIRM_INVALID' } });
    h.clock.now += 11 * 60_000;
    expect(await h.call('member', 'o-nana', { action: 'requestDeletion', payload: { confirmToken: confirm.confirmToken } })).toMatchObject({ ok: false, error: { code: 'PRIVACY.CONFIRM_INVALID' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('waits for open orders', async () => {
    await h.ok('member', 'o-open', 'getCard');
    await ensureCatalogue(h);
    const { _id, ...order } = deliveredOrder('o-open', 10_00, 'TOPEN0001', h.clock.now);
    await h.db.collection(C.orders).add({ data: { _id, ...order } });
    const confirm = await ask('o-open');
    expect(confirm).toMatchObject({ state: 'confirm', openOrders: 1 });
    if (confirm.state !== 'confirm') return;
    expect(await h.call('member', 'o-open', { action: 'requestDeletion', payload: { confirmToken: confirm.confirmToken } })).toMatchObject({ ok: false, error: { code: 'PRIVACY.OPEN_ORDERS' } });
    expect(await memberDoc('o-open')).toMatchObject({ memberNo: expect.any(String) });
  });

  it('leaves no name, phone or OPENID of the member anywhere, keeps the books adding up, and is idempotent', async () => {
    await bystander();
    const { memberNo } = await richMember('o-nana');
    const bobBefore = JSON.stringify((await snapshot(h.db)).members?.find((m) => (m as { _id: string })._id === 'o-bob'));
    const totals = async () => {
      const orders = (await h.db.collection(C.orders).limit(1000).get()).data as { paidFen: number; refundedFen: number }[];
      const accounts = (await h.db.collection(C.pointsAccounts).limit(1000).get()).data as { available: number; pending: number; owed: number }[];
      return {
        orders: orders.length,
        paidFen: orders.reduce((s, o) => s + o.paidFen - o.refundedFen, 0),
        points: accounts.reduce((s, a) => s + a.available + a.pending - a.owed, 0),
        movements: (await h.db.collection(C.pointsMovements).count()).total,
        complaints: (await h.db.collection(C.complaints).count()).total,
      };
    };
    const before = await totals();
    await erase('o-nana');

    const all = await snapshot(h.db);
    const dump = JSON.stringify(all);
    if (process.env.DEBUG_ERASE) for (const [k, v] of Object.entries(all)) for (const d of v) if (/o-nana|欧阳娜娜|13912345678/.test(JSON.stringify(d))) console.log(k, JSON.stringify(d).slice(0, 400));
    for (const personal of [NAME, PHONE, 'o-nana', CARD_CONTACT.name, CARD_CONTACT.phone, CARD_CONTACT.address, '陈师傅', '13700001111', '开分店', '青菜叶子发黄', '爱吃香菜']) {
      expect({ personal, found: dump.includes(personal) }).toEqual({ personal, found: false });
    }
    // The books: same orders, amounts, points and movements, now under a pseudonym.
    expect(await totals()).toEqual(before);
    const reconcile = await h.ok<JobRunResult>('jobs', null, 'run', { job: 'reconcileBalances', runKey: 'after-erasure' });
    expect(reconcile.run).toMatchObject({ done: true });
    expect(reconcile.run.counts).not.toHaveProperty('mismatches');
    expect(reconcile.run.counts).not.toHaveProperty('orphans');
    const erased = ((await h.db.collection(C.members).where({ memberNo }).get()).data[0] ?? null) as MemberDoc | null;
    expect(erased).toMatchObject({ displayName: ERASED_NAME, phone: null, contact: null, consent: null, erasedAt: h.clock.now, referredBy: 'o-friend' });
    expect(erased?._id).toMatch(/^x[A-Za-z0-9_-]{22}$/);
    // The one they invited still counts as referred (by the pseudonym).
    expect((await memberDoc('o-invitee')).referredBy).toBe(erased?._id);
    // The audit names only the pseudonym.
    const audit = (await h.db.collection(C.audit).where({ action: 'member.erase' }).get()).data;
    expect(audit).toEqual([expect.objectContaining({ actor: erased?._id, target: erased?._id })]);
    // The bystander is untouched.
    expect(JSON.stringify((await snapshot(h.db)).members?.find((m) => (m as { _id: string })._id === 'o-bob'))).toBe(bobBefore);
    expect(dump).toContain('鸡蛋碎了两个');

    // Again: nothing changes (and nobody is enrolled by asking).
    const settled = await snapshot(h.db);
    expect(await ask('o-nana')).toEqual({ state: 'erased', erasedAt: h.clock.now });
    expect(await snapshot(h.db)).toEqual(settled);

    // The same WeChat user opening the app again starts afresh.
    const card = await h.ok<MemberCardView>('member', 'o-nana', 'getCard');
    expect(card.memberNo).not.toBe(memberNo);
    expect(card.points).toMatchObject({ available: 0, pending: 0, owed: 0 });
    expect(await h.ok('orders', 'o-nana', 'history', { page: 0, pageSize: 20 })).toMatchObject({ items: [] });
  });

  it('a run cut short resumes: the second request finishes the job', async () => {
    const { memberNo } = await richMember('o-nana');
    const confirm = await ask('o-nana');
    if (confirm.state !== 'confirm') throw new Error('expected a confirmation');
    // Fail the run part-way: the orders collection refuses writes once.
    const real = h.db.runTransaction.bind(h.db);
    let calls = 0;
    const spy = jest.spyOn(h.db, 'runTransaction').mockImplementation(async (cb, retries) => {
      calls += 1;
      if (calls === 8) throw new Error('connection lost');
      return real(cb, retries);
    });
    expect(await h.call('member', 'o-nana', { action: 'requestDeletion', payload: { confirmToken: confirm.confirmToken } })).toMatchObject({ ok: false });
    spy.mockRestore();
    // Marked, part done; the retry (a fresh confirmation is not needed) completes it.
    expect(await memberDoc('o-nana')).toHaveProperty('erasure');
    expect(await ask('o-nana')).toMatchObject({ state: 'erased' });
    const dump = JSON.stringify(await snapshot(h.db));
    for (const personal of [NAME, PHONE, 'o-nana', CARD_CONTACT.name]) expect({ personal, found: dump.includes(personal) }).toEqual({ personal, found: false });
    const reconcile = await h.ok<JobRunResult>('jobs', null, 'run', { job: 'reconcileBalances', runKey: 'resumed' });
    expect(reconcile.run.counts).not.toHaveProperty('mismatches');
    expect((await h.db.collection(C.members).where({ memberNo }).get()).data).toHaveLength(1);
  });
});
