/**
 * The complaint desk through the local runtime: filing, the queue by deadline, replies and the pause,
 * resolution with compensation paid once, the manager's reversal, rating, reopening, breaches and the
 * delivery survey. The clock starts on Wednesday 2026-11-25 10:00 in Shanghai (business hours).
 */
import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { businessMsBetween } from '../../cloudfunctions/core/sla';
import { businessCalendar } from '../../cloudfunctions/services/businessCalendar';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installStorage } from '../../cloudfunctions/ports/storage';
import { uploadFolder } from '../../cloudfunctions/services/uploads';
import { localFileStorage } from '../../local/app';
import { C } from '../../cloudfunctions/services/collections';
import type { CaseDoc } from '../../cloudfunctions/services/caseModel';
import { NO_DEADLINE } from '../../cloudfunctions/services/caseModel';
import type { CaseCustomerView, CaseQueueRow, CaseStaffView } from '../../cloudfunctions/services/caseViews';
import { addStaff, completedOrder } from './fixtures';
import { deliveredAppOrder, fileComplaint, memberOfTier, rid } from './caseFixtures';
import { createHarness, type Harness } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-25T02:00:00Z');

let h: Harness;
beforeEach(async () => {
  h = await createHarness(START);
  await addStaff(h, 'o-clerk', 'staff', '小王');
  await addStaff(h, 'o-boss', 'manager', '李店长');
});
afterEach(() => h.close());

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message.split(':')[0] as string;
  }
  return 'no error';
};
const stored = async (id: string) => (await h.db.collection(C.complaints).doc(id).get()).data as unknown as CaseDoc;
const queue = (payload: Record<string, unknown> = {}) => h.ok<{ items: CaseQueueRow[] }>('desk', 'o-clerk', 'queue', payload);
const movements = async (memberId: string) => (await h.db.collection(C.pointsMovements).where({ memberId }).get()).data as { key: string; availableDelta: number }[];

describe('filing', () => {
  it('files a complaint about the caller’s own order and promises a response in business hours', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const orderId = await deliveredAppOrder(h, 'o-amy', 'AORDER00000000000001', START - DAY);
    const c = await fileComplaint(h, 'o-amy', { orderId, productIds: ['GRAIN-01'] });
    expect(c).toMatchObject({ status: 'open', statusLabel: '待响应', orderId, canAddMessage: true });
    // Basic tier: 24 business hours = 3+ working days of 7.5 h; Wed 10:00 + 24 h → Mon 11:30.
    expect(c.promise).toBe('我们将在 11月30日 11:30 前回复您（工作时间 24 小时内）');
  });

  it('a top-tier member gets 3 business hours, across the lunch break', async () => {
    await memberOfTier(h, 'o-top', 'strategic');
    h.clock.now = Date.parse('2026-11-25T03:00:00Z'); // 11:00
    const c = await fileComplaint(h, 'o-top');
    // 11:00–12:00 (1 h), 13:30–15:30 (2 h).
    expect(c.promise).toBe('我们将在 11月25日 15:30 前回复您（工作时间 3 小时内）');
  });

  it('refuses another member’s order, and a product not in the order', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    await memberOfTier(h, 'o-bob', 'basic');
    const bobs = await deliveredAppOrder(h, 'o-bob', 'AORDER00000000000002', START - DAY);
    expect(await errorOf(fileComplaint(h, 'o-amy', { orderId: bobs }))).toBe('CASE.ORDER_NOT_YOURS');
    const amys = await deliveredAppOrder(h, 'o-amy', 'AORDER00000000000003', START - DAY);
    expect(await errorOf(fileComplaint(h, 'o-amy', { orderId: amys, productIds: ['MEAT-01'] }))).toBe('REQUEST.INVALID');
    expect((await h.db.collection(C.complaints).count()).total).toBe(0);
  });

  it('a retried submit files one case; the same request id with other text is refused', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const payload = { requestId: 'same-request-1', type: 'enquiry', category: 'price', text: '请问下周五花肉的批发价是多少？' };
    const a = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'submit', payload);
    const b = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'submit', payload);
    expect(b.id).toBe(a.id);
    expect(await errorOf(h.ok('feedback', 'o-amy', 'submit', { ...payload, text: '另一段完全不同的文字内容' }))).toBe('REQUEST.ID_REUSED');
    expect((await h.db.collection(C.complaints).count()).total).toBe(1);
  });

  it('no customer reads or adds to another’s case', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    expect(await errorOf(h.ok('feedback', 'o-bob', 'get', { caseId: c.id }))).toBe('CASE.NOT_FOUND');
    expect(await errorOf(h.ok('feedback', 'o-bob', 'addMessage', { caseId: c.id, text: '我来插一句', requestId: rid() }))).toBe('CASE.NOT_FOUND');
    const mine = await h.ok<{ items: unknown[] }>('feedback', 'o-bob', 'mine', {});
    expect(mine.items).toEqual([]);
  });
});

describe('photos', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'freshpal-case-photos-'));
    installStorage(localFileStorage(dir));
  });
  afterEach(() => {
    installStorage(null);
    rmSync(dir, { recursive: true, force: true });
  });
  const upload = (openid: string, name: string) => {
    const folder = uploadFolder(openid);
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, name), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    return `cloud://local/${folder}/${name}`;
  };

  it('takes only the caller’s own uploads; unchecked photos are flagged for staff, the author still sees theirs', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const mine = upload('o-amy', 'aaaaaaaaaaaaaaaaaaaaaa.jpg');
    const bobs = upload('o-bob', 'bbbbbbbbbbbbbbbbbbbbbb.jpg');
    expect(await errorOf(fileComplaint(h, 'o-amy', { photos: [bobs] }))).toBe('CASE.PHOTO_NOT_YOURS');
    expect(await errorOf(fileComplaint(h, 'o-amy', { photos: [mine.replace('aaaa', 'cccc')] }))).toBe('CASE.PHOTO_NOT_YOURS');
    const c = await fileComplaint(h, 'o-amy', { photos: [mine] });
    expect(c.thread[0]?.photos).toEqual([{ fileId: mine, url: expect.stringContaining('/files/'), status: 'unchecked', staffOnly: true }]);
    const staff = await h.ok<CaseStaffView>('desk', 'o-clerk', 'get', { caseId: c.id });
    expect(staff.photosToReview).toBe(1);
    await h.ok('desk', 'o-clerk', 'reviewPhoto', { caseId: c.id, fileId: mine, approve: true, requestId: rid() });
    const after = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'get', { caseId: c.id });
    expect(after.thread[0]?.photos[0]).toMatchObject({ status: 'approved', staffOnly: false });
    expect((await h.ok<CaseStaffView>('desk', 'o-clerk', 'get', { caseId: c.id })).photosToReview).toBe(0);
  });
});

describe('the queue', () => {
  it('orders open cases by the nearest deadline, whatever the filing order', async () => {
    await memberOfTier(h, 'o-basic', 'basic');
    await memberOfTier(h, 'o-core', 'core');
    const slow = await fileComplaint(h, 'o-basic');
    h.clock.now += HOUR;
    const fast = await fileComplaint(h, 'o-core');
    const q = await queue();
    expect(q.items.map((r) => r.id)).toEqual([fast.id, slow.id]);
    expect(q.items[0]).toMatchObject({ tier: 'core', dueKind: 'first_response', breached: false, paused: false });
    expect((await queue({ filter: 'unassigned' })).items).toHaveLength(2);
    expect((await queue({ filter: 'mine' })).items).toHaveLength(0);
  });
});

describe('replies and the pause', () => {
  it('a reply meets the first response; 待客户补充 pauses the clock; the customer’s answer resumes it', async () => {
    await memberOfTier(h, 'o-amy', 'core');
    const c = await fileComplaint(h, 'o-amy');
    h.clock.now += HOUR; // 11:00
    await h.ok<CaseStaffView>('desk', 'o-clerk', 'reply', { caseId: c.id, text: '非常抱歉，我们马上核实', requestId: rid() });
    let doc = await stored(c.id);
    expect(doc).toMatchObject({ status: 'answered', firstResponseAt: h.clock.now, assigneeId: 'o-clerk', customerUnread: true });
    const dueBefore = doc.sla.resolutionDueAt as number;

    h.clock.now += 3 * HOUR; // 14:00
    const ask = { caseId: c.id, text: '请拍一张外包装的照片', askCustomer: true, requestId: rid() };
    await h.ok('desk', 'o-clerk', 'reply', ask);
    await h.ok('desk', 'o-clerk', 'reply', ask);
    // Each staff reply is one notice in the customer's 消息 (a retried reply adds none).
    const notices = await h.ok<{ items: { title: string; body: string; page: string | null }[] }>('notices', 'o-amy', 'list', {});
    expect(notices.items.map((n) => n.title)).toEqual(['客服请您补充信息', '客服回复了您的反馈']);
    expect(notices.items[0]).toMatchObject({ body: '请拍一张外包装的照片', page: `packages/service/pages/case/index?id=${c.id}` });
    doc = await stored(c.id);
    expect(doc.status).toBe('waiting_customer');
    expect(doc.dueAt).toBe(NO_DEADLINE);

    // Two business hours later (16:00) the customer answers: the deadline moves by exactly two business hours.
    h.clock.now += 2 * HOUR;
    const seen = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'get', { caseId: c.id });
    expect(seen.thread.map((m) => m.by)).toEqual(['customer', 'staff', 'staff']);
    await h.ok('feedback', 'o-amy', 'addMessage', { caseId: c.id, text: '照片在这里，盒子压坏了', requestId: rid() });
    doc = await stored(c.id);
    expect(doc.status).toBe('answered');
    expect(businessMsBetween(businessCalendar(defaultAppConfig), dueBefore, doc.sla.resolutionDueAt as number)).toBe(2 * HOUR);
  });

  it('an internal note is not shown to the customer and does not count as a response', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    await h.ok('desk', 'o-clerk', 'reply', { caseId: c.id, text: '供应商那边先问一下', internal: true, requestId: rid() });
    expect((await stored(c.id)).firstResponseAt).toBeNull();
    const seen = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'get', { caseId: c.id });
    expect(seen.thread).toHaveLength(1);
  });
});

describe('compensation', () => {
  it('points are paid once whether the resolve is replayed 5× or double tapped 5× at once', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    const resolve = { caseId: c.id, outcome: 'points', points: 200, note: '青菜不新鲜，补偿积分' };
    const requestId = rid();
    for (let i = 0; i < 5; i += 1) await h.ok('desk', 'o-clerk', 'resolve', { ...resolve, requestId });
    const taps = await Promise.all(Array.from({ length: 5 }, () => h.call('desk', 'o-clerk', { action: 'resolve', payload: { ...resolve, requestId: rid() } })));
    for (const t of taps) expect(t).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    const paid = (await movements('o-amy')).filter((m) => m.key.startsWith(`adjust:case:${c.id}`));
    expect(paid).toEqual([expect.objectContaining({ availableDelta: 200 })]);
    const seen = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'get', { caseId: c.id });
    expect(seen.resolution).toMatchObject({ outcomeLabel: '补偿积分', compensation: '补偿 200 积分', reversed: false });
  });

  it('parallel resolves with different request ids pay once', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.call('desk', 'o-clerk', { action: 'resolve', payload: { caseId: c.id, outcome: 'points', points: 50, note: '补偿', requestId: rid() } })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await movements('o-amy')).filter((m) => m.key.startsWith(`adjust:case:${c.id}`))).toHaveLength(1);
  });

  it('staff are capped; a manager may reverse with a reason, once; staff may not reverse', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    await completedOrder(h, 'o-amy', 50_00);
    const c = await fileComplaint(h, 'o-amy');
    expect(await errorOf(h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'points', points: 5_000, note: '大额补偿', requestId: rid() }))).toBe('CASE.COMPENSATION_OVER_LIMIT');
    await h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'points', points: 100, note: '补偿', requestId: rid() });
    expect(await errorOf(h.ok('desk', 'o-clerk', 'reverse', { caseId: c.id, reason: '误操作撤回', requestId: rid() }))).toBe('AUTH.FORBIDDEN');
    const requestId = rid();
    await h.ok('desk', 'o-boss', 'reverse', { caseId: c.id, reason: '误操作撤回', requestId });
    await h.ok('desk', 'o-boss', 'reverse', { caseId: c.id, reason: '误操作撤回', requestId });
    await h.ok('desk', 'o-boss', 'reverse', { caseId: c.id, reason: '误操作撤回', requestId: rid() });
    const keyed = (await movements('o-amy')).filter((m) => m.key.startsWith(`adjust:case:${c.id}`));
    expect(keyed.map((m) => m.availableDelta).sort((a, b) => a - b)).toEqual([-100, 100]);
    const view = await h.ok<CaseStaffView>('desk', 'o-boss', 'get', { caseId: c.id });
    expect(view.resolution?.reversed).toMatchObject({ by: '李店长', reason: '误操作撤回' });
  });

  it('a coupon is issued once, keyed to the case, and a reversed unused coupon can no longer be used', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    const requestId = rid();
    const resolve = { caseId: c.id, outcome: 'coupon', couponTemplateId: 'pts-100-10', note: '送您一张券', requestId };
    await h.ok('desk', 'o-clerk', 'resolve', resolve);
    await h.ok('desk', 'o-clerk', 'resolve', resolve);
    const coupons = (await h.db.collection(C.coupons).where({ memberId: 'o-amy' }).get()).data as { _id: string; expiresAt: number }[];
    expect(coupons).toHaveLength(1);
    await h.ok('desk', 'o-boss', 'reverse', { caseId: c.id, reason: '客户已另行补偿', requestId: rid() });
    const after = (await h.db.collection(C.coupons).doc(coupons[0]!._id).get()).data as { expiresAt: number };
    expect(after.expiresAt).toBeLessThanOrEqual(h.clock.now);
  });

  it('a refund goes through the order once and is shown on the case', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const orderId = await completedOrder(h, 'o-amy', 80_00);
    const c = await fileComplaint(h, 'o-amy', { orderId });
    const payload = { caseId: c.id, outcome: 'refund', refund: { amountFen: 20_00 }, note: '缺斤少两，退 20 元', requestId: rid() };
    await h.ok('desk', 'o-clerk', 'resolve', payload);
    await h.ok('desk', 'o-clerk', 'resolve', payload);
    const order = (await h.db.collection(C.orders).doc(orderId).get()).data as { refundedFen: number; refunds: unknown[] };
    expect(order.refundedFen).toBe(20_00);
    expect(order.refunds).toHaveLength(1);
    expect((await h.ok<CaseStaffView>('desk', 'o-clerk', 'get', { caseId: c.id })).resolution?.compensation).toBe('退款 ¥20.00');
  });
});

describe('after resolution', () => {
  it('rating asks a reason at 3 or below, is given once; reopening restarts the clock within 7 days only', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    await h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'explanation', note: '已说明原因', requestId: rid() });
    expect((await stored(c.id)).callback).toMatchObject({ assigneeId: 'o-clerk', doneAt: null });
    expect(await errorOf(h.ok('feedback', 'o-amy', 'rate', { caseId: c.id, score: 2, requestId: rid() }))).toBe('CASE.RATING_REASON_REQUIRED');
    await h.ok('feedback', 'o-amy', 'rate', { caseId: c.id, score: 2, reason: '解释不能接受', requestId: rid() });
    expect(await errorOf(h.ok('feedback', 'o-amy', 'rate', { caseId: c.id, score: 5, requestId: rid() }))).toBe('CASE.ALREADY_RATED');

    h.clock.now += 2 * DAY;
    const reopened = await h.ok<CaseCustomerView>('feedback', 'o-amy', 'reopen', { caseId: c.id, reason: '问题没有解决', requestId: rid() });
    expect(reopened.status).toBe('answered');
    const doc = await stored(c.id);
    expect(doc.active).toBe(1);
    expect(doc.dueAt).toBeGreaterThan(h.clock.now);

    await h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'resend', note: '已补发', requestId: rid() });
    h.clock.now += 8 * DAY;
    expect(await errorOf(h.ok('feedback', 'o-amy', 'reopen', { caseId: c.id, reason: '还是不行', requestId: rid() }))).toBe('CASE.REOPEN_WINDOW_PASSED');
  });

  it('the call-back goes to the member’s account manager when one is assigned, else to whoever handled the case', async () => {
    await memberOfTier(h, 'o-amy', 'core');
    await memberOfTier(h, 'o-bob', 'core');
    await addStaff(h, 'o-am', 'staff', '客户经理老周');
    await h.db.collection(C.crmProfiles).doc('o-amy').set({ data: { accountManager: 'o-am' } });
    const amy = await fileComplaint(h, 'o-amy');
    const bob = await fileComplaint(h, 'o-bob');
    for (const c of [amy, bob]) await h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'explanation', note: '已说明', requestId: rid() });
    expect((await stored(amy.id)).callback).toMatchObject({ assigneeId: 'o-am', assigneeName: '客户经理老周' });
    expect((await stored(bob.id)).callback).toMatchObject({ assigneeId: 'o-clerk' });
  });

  it('closing needs a resolved case and records the root cause', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const c = await fileComplaint(h, 'o-amy');
    expect(await errorOf(h.ok('desk', 'o-clerk', 'close', { caseId: c.id, rootCause: 'storage', requestId: rid() }))).toBe('CASE.ILLEGAL_TRANSITION');
    await h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'explanation', note: '已说明', requestId: rid() });
    await h.ok('desk', 'o-clerk', 'callback', { caseId: c.id, note: '客户表示满意', requestId: rid() });
    const closed = await h.ok<CaseStaffView>('desk', 'o-clerk', 'close', { caseId: c.id, rootCause: 'storage', requestId: rid() });
    expect(closed).toMatchObject({ status: 'closed', rootCauseLabel: '仓储保鲜', callback: { note: '客户表示满意' } });
  });
});

describe('the timer', () => {
  it('flags a breach once, keeps the flag after resolution, and auto-closes unconfirmed cases', async () => {
    await memberOfTier(h, 'o-top', 'strategic');
    const c = await fileComplaint(h, 'o-top');
    h.clock.now += 6 * HOUR; // 16:00: 3 business hours ended at 14:30
    const tick = await h.ok<{ breaches: number }>('desk', 'o-boss', 'tick', {});
    expect(tick.breaches).toBe(1);
    expect((await h.ok<{ breaches: number }>('desk', 'o-boss', 'tick', {})).breaches).toBe(0);
    expect((await queue({ filter: 'overdue' })).items.map((r) => r.id)).toEqual([c.id]);
    await h.ok('desk', 'o-clerk', 'resolve', { caseId: c.id, outcome: 'explanation', note: '已说明', requestId: rid() });
    expect((await stored(c.id)).sla.breachedFirstResponse).toBe(true);

    h.clock.now += 8 * DAY;
    expect((await h.ok<{ autoClosed: number }>('desk', 'o-boss', 'tick', {})).autoClosed).toBe(1);
    const seen = await h.ok<CaseCustomerView>('feedback', 'o-top', 'get', { caseId: c.id });
    expect(seen).toMatchObject({ status: 'closed', canRate: false });
  });
});

describe('the delivery survey', () => {
  it('is offered from 48 h to 7 days after delivery, once, and not for till orders', async () => {
    await memberOfTier(h, 'o-amy', 'basic');
    const orderId = await deliveredAppOrder(h, 'o-amy', 'AORDER00000000000009', START);
    expect(await h.ok('feedback', 'o-amy', 'surveys', {})).toEqual([]);
    h.clock.now += 3 * DAY;
    expect(await h.ok('feedback', 'o-amy', 'surveys', {})).toEqual([expect.objectContaining({ orderId })]);
    const answer = { orderId, scores: { freshness: 1, onTime: 4, service: 5 }, comment: '菜不新鲜' };
    expect(await h.ok('feedback', 'o-amy', 'answerSurvey', answer)).toMatchObject({ low: true });
    expect(await h.ok('feedback', 'o-amy', 'answerSurvey', answer)).toMatchObject({ low: true });
    expect(await errorOf(h.ok('feedback', 'o-amy', 'answerSurvey', { ...answer, scores: { freshness: 5, onTime: 5, service: 5 } }))).toBe('SURVEY.NOT_OFFERED');
    expect(await h.ok('feedback', 'o-amy', 'surveys', {})).toEqual([]);
    // A low score becomes a complaint in one tap (the client sends fromSurvey).
    const c = await fileComplaint(h, 'o-amy', { orderId, fromSurvey: true });
    expect((await stored(c.id)).source).toBe('survey');
  });
});
