/**
 * The care list (care function) and the nightly CRM job on a small hand-built world: profiles with
 * churn and RFM, each staff member's list (their accounts; managers also the unassigned ones and
 * today's new customers) in priority order, the one-tap answers (done, snooze, log a contact) once
 * per request id and audited, assignment by a manager, and the job killed part-way then resumed.
 */
import type { CareList, CareRow } from '../../cloudfunctions/services/care';
import { C } from '../../cloudfunctions/services/collections';
import type { ContactView } from '../../cloudfunctions/services/contacts';
import type { CrmProfileDoc, CrmProfileView } from '../../cloudfunctions/services/crmProfiles';
import { runJob } from '../../cloudfunctions/services/jobs';
import { newMemberDoc, type MemberDoc } from '../../cloudfunctions/services/members';
import type { TierId } from '../../cloudfunctions/core/tiers/rules';
import { writeSeed } from '../../local/app';
import { generateDemo } from '../../local/seed/demo';
import { seedCare } from '../../local/seed/care';
import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { deliveredOrder, addStaff } from './fixtures';
import { createHarness, type Harness } from './harness';

const DAY = 86_400_000;
// A Wednesday, 10:00 in Shanghai.
const NOW = Date.parse('2026-12-02T10:00:00+08:00');

const harnesses: Harness[] = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

function member(id: string, name: string, tier: TierId, joinedAt: number, kind: MemberDoc['kind'] = 'group_leader'): MemberDoc {
  const doc = newMemberDoc(id, `FP9${id.length}${String(harnesses.length)}${id.slice(-3)}`.slice(0, 10).padEnd(10, '0'), joinedAt, { displayName: name, kind });
  return { ...doc, memberNo: no(id), tierState: { ...doc.tierState, tier } };
}
const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
/** The member number staff name a member by on the wire (their OPENID never is). */
const no = (id: string): string => `FP${String(Math.abs(hash(id)) % 1e8).padStart(8, '0')}`;

let orderSeq = 0;
const orders = (memberId: string, daysAgo: number[]) =>
  daysAgo.map((d) => {
    orderSeq += 1;
    return { ...deliveredOrder(memberId, 50_000, `T${String(orderSeq).padStart(8, '0')}`, NOW - d * DAY), status: 'completed' as const };
  });

/** Days ago of 张姐's orders before her silence: every 2–6 days (median 3, p90 6), the last 40 days ago. */
const ZHANG_RHYTHM = Array.from({ length: 60 }, (_, i) => 40 + [0, 2, 5, 9, 15][i % 5]! + Math.floor(i / 5) * 18);

/** 张姐 (core, ordered every 3 days, then once after 40 days of silence), a strategic chain, a quiet household, a newcomer, another clerk's customer. */
async function world(): Promise<Harness> {
  const h = await createHarness(NOW);
  harnesses.push(h);
  const years = (n: number) => NOW - n * 365 * DAY;
  const members = [
    member('m-zhang', '张姐', 'core', years(3)),
    member('m-chain', '鲜丰超市', 'strategic', years(5), 'chain'),
    member('m-quiet', '陈阿姨', 'basic', years(2), 'household'),
    member('m-new', '湘味小馆', 'basic', NOW - 2 * 3_600_000, 'restaurant'),
    member('m-other', '王老板', 'core', years(2), 'canteen'),
  ];
  await h.db.importMany(C.members, members as unknown as Record<string, unknown>[]);
  const all = [
    ...orders('m-zhang', [...ZHANG_RHYTHM, 5]),
    ...orders('m-chain', Array.from({ length: 40 }, (_, i) => 1 + i * 2)),
    ...orders('m-quiet', [1, 30, 70]),
    ...orders('m-other', Array.from({ length: 30 }, (_, i) => 30 + i * 2)),
  ];
  await h.db.importMany(C.orders, all as unknown as Record<string, unknown>[]);
  await addStaff(h, 's-li', 'staff', '李小鲜');
  await addStaff(h, 's-zhao', 'staff', '赵小满');
  await addStaff(h, 'mgr', 'manager', '王经理');
  await runJob(h.db, 'crmDaily', { now: NOW });
  for (const [id, owner] of [['m-zhang', 's-li'], ['m-chain', 's-li'], ['m-other', 's-zhao']]) {
    await h.db.collection(C.crmProfiles).where({ _id: id }).update({ data: { accountManager: owner } });
  }
  return h;
}

const today = (h: Harness, who: string, page = 0, pageSize = 20) => h.ok<CareList>('care', who, 'today', { page, pageSize });
const profile = async (h: Harness, id: string) => (await h.db.collection(C.crmProfiles).doc(id).get()).data as unknown as CrmProfileDoc;
const brief = (rows: CareRow[]) => rows.map((r) => `${r.name}:${r.kind}`);

describe('the nightly CRM profiles', () => {
  it('hold the rhythm, the churn warning and RFM of every member', async () => {
    const h = await world();
    const zhang = await profile(h, 'm-zhang');
    expect(zhang.rhythm).toMatchObject({ orderDays: 61, medianDays: 3 });
    expect(zhang.churn).toMatchObject({ kind: 'slowdown', reason: '通常每 3 天下单，近 30 天只下了 1 单' });
    expect(zhang.rfm).toMatchObject({ r: 5, f: 5, frequency: 61 });
    expect((await profile(h, 'm-other')).churn).toMatchObject({ kind: 'gap', reason: '通常每 2 天下单，已 30 天未下单' });
    expect((await profile(h, 'm-chain')).churn).toBeNull();
    // the newcomer has no orders: no churn, the lowest RFM segment
    expect(await profile(h, 'm-new')).toMatchObject({ churn: null, lastOrderAt: null, rfm: { segment: '一般挽留' }, accountManager: null });
    // the card reads the same through `profile`
    const view = await h.ok<CrmProfileView>('care', 's-li', 'profile', { memberNo: no('m-zhang') });
    expect(view).toMatchObject({ memberNo: no('m-zhang'), name: '张姐', tier: 'core', churn: { reason: '通常每 3 天下单，近 30 天只下了 1 单' }, accountManager: { name: '李小鲜' } });
    // no OPENID on the wire: neither the member's nor the account manager's
    expect(JSON.stringify(view)).not.toMatch(/m-zhang|s-li/);
    const unknown = await h.call('care', 's-li', { action: 'profile', payload: { memberNo: 'FP99999999' } });
    expect(unknown.ok ? null : unknown.error.code).toBe('MEMBER.NOT_FOUND');
    const byOpenid = await h.call('care', 's-li', { action: 'profile', payload: { memberId: 'm-zhang' } });
    expect(byOpenid.ok ? null : byOpenid.error.code).toBe('REQUEST.INVALID');
    expect(view.rfm.explanation.length).toBeGreaterThan(5);
    expect(view.rfm.recencyDays).toBe(5);
  });

  it('a second run the same day writes nothing, and keeps what staff set', async () => {
    const h = await world();
    const again = await runJob(h.db, 'crmDaily', { now: NOW + 3_600_000, runKey: 'again' });
    expect(again.run).toMatchObject({ done: true, processed: 5, changed: 0 });
    expect((await profile(h, 'm-zhang')).accountManager).toBe('s-li');
  });

  it('a later night updates a profile in place: a churn warning appears, staff fields stay', async () => {
    const h = await world();
    expect((await profile(h, 'm-chain')).churn).toBeNull();
    const later = NOW + 20 * DAY;
    const run = await runJob(h.db, 'crmDaily', { now: later });
    expect(run.run.counts.failed ?? 0).toBe(0);
    const chain = await profile(h, 'm-chain');
    expect(chain).toMatchObject({ churn: { kind: 'gap', reason: '通常每 2 天下单，已 21 天未下单' }, accountManager: 's-li', careDay: '2026-12-22' });
    expect(Object.keys(chain.churn ?? {}).sort()).toEqual(['basis', 'daysSince', 'expectedEveryDays', 'kind', 'reason', 'thresholdDays']);
  });
});

describe('today (今日待办)', () => {
  it('a clerk sees her accounts, churn first, with the reason in plain words', async () => {
    const h = await world();
    const list = await today(h, 's-li');
    expect(brief(list.items)).toEqual(['张姐:churn', '鲜丰超市:cadence', '张姐:cadence']);
    expect(list.items[0]).toMatchObject({ memberNo: no('m-zhang'), reason: '通常每 3 天下单，近 30 天只下了 1 单', priority: 1, tier: 'core', assigned: true });
    expect(list.items[1]?.reason).toBe('战略客户每周三固定沟通：库存与下周需求');
    // another clerk's customer and the unassigned ones are not hers
    expect(list.items.some((r) => ['m-other', 'm-quiet', 'm-new'].map(no).includes(r.memberNo))).toBe(false);
    // members by number only: no member's or colleague's OPENID in the rows
    expect(JSON.stringify(list)).not.toMatch(/m-zhang|m-chain|s-li/);
    expect(brief((await today(h, 's-zhao')).items)).toEqual(['王老板:churn', '王老板:cadence']);
  });

  it('a manager sees the unassigned accounts and today’s new customer, paged', async () => {
    const h = await world();
    const list = await today(h, 'mgr');
    expect(brief(list.items)).toEqual(['湘味小馆:newReply', '湘味小馆:newSample', '湘味小馆:newVisit', '陈阿姨:noContact']);
    const first = await today(h, 'mgr', 0, 3);
    const second = await today(h, 'mgr', 1, 3);
    expect(first).toMatchObject({ total: 4, hasMore: true });
    expect([...first.items, ...second.items].map((r) => r.itemId + r.memberNo)).toEqual(list.items.map((r) => r.itemId + r.memberNo));
    expect(list.items.every((r) => !r.assigned)).toBe(true);
    expect(second.hasMore).toBe(false);
  });

  it('done hides the item once per request id, audited; a reused id with other parameters is refused', async () => {
    const h = await world();
    const [churn] = (await today(h, 's-li')).items;
    const payload = { memberNo: no('m-zhang'), itemId: churn!.itemId, requestId: 'req-done-0001' };
    const first = await h.ok('care', 's-li', 'done', payload);
    expect(first).toEqual({ memberNo: no('m-zhang'), itemId: churn!.itemId, state: 'done', until: null });
    expect(await h.ok('care', 's-li', 'done', payload)).toEqual(first);
    expect(brief((await today(h, 's-li')).items)).toEqual(['鲜丰超市:cadence', '张姐:cadence']);
    const audits = (await h.db.collection(C.audit).where({ target: 'care:m-zhang' }).get()).data;
    expect(audits).toHaveLength(1);
    // the audit names the member by id, server-side
    expect(audits[0]).toMatchObject({ action: 'care.done', actor: 's-li', details: { memberId: 'm-zhang', itemId: churn!.itemId } });
    const reused = await h.call('care', 's-li', { action: 'done', payload: { ...payload, itemId: 'cadence@2026-12-02' } });
    expect(reused.ok ? null : reused.error.code).toBe('REQUEST.ID_REUSED');
    // a malformed item id is refused before anything is written
    const bad = await h.call('care', 's-li', { action: 'done', payload: { ...payload, itemId: 'bogus@x', requestId: 'req-done-0002' } });
    expect(bad.ok ? null : bad.error.code).toBe('CARE.BAD_ITEM');
    const nobody = await h.call('care', 's-li', { action: 'done', payload: { ...payload, memberNo: 'FP99999999', requestId: 'req-done-0003' } });
    expect(nobody.ok ? null : nobody.error.code).toBe('MEMBER.NOT_FOUND');
  });

  it('snooze hides the item until its day', async () => {
    const h = await world();
    const row = (await today(h, 'mgr')).items.find((r) => r.kind === 'noContact') as CareRow;
    expect(await h.ok('care', 'mgr', 'snooze', { memberNo: row.memberNo, itemId: row.itemId, until: '2026-12-04', requestId: 'req-snooze-001' })).toEqual({ memberNo: no('m-quiet'), itemId: row.itemId, state: 'snoozed', until: '2026-12-04' });
    expect((await today(h, 'mgr')).items.some((r) => r.itemId === row.itemId)).toBe(false);
    h.clock.now = NOW + DAY;
    expect((await today(h, 'mgr')).items.some((r) => r.itemId === row.itemId)).toBe(false);
    h.clock.now = Date.parse('2026-12-04T08:00:00+08:00');
    expect((await today(h, 'mgr')).items.some((r) => r.itemId === row.itemId)).toBe(true);
    for (const until of ['2026-12-04', '2027-06-01']) {
      const res = await h.call('care', 'mgr', { action: 'snooze', payload: { memberNo: row.memberNo, itemId: row.itemId, until, requestId: `req-snooze-${until}` } });
      expect(res.ok ? null : res.error.code).toBe('CARE.BAD_SNOOZE');
    }
  });

  it('logging a contact records it once, moves the last contact and marks its item done', async () => {
    const h = await world();
    const row = (await today(h, 'mgr')).items.find((r) => r.kind === 'noContact') as CareRow;
    const payload = { memberNo: no('m-quiet'), channel: 'phone', note: '问候，下周想订鸡蛋', itemId: row.itemId, requestId: 'req-contact-01' };
    const first = await h.ok<ContactView>('care', 'mgr', 'logContact', payload);
    expect(await h.ok('care', 'mgr', 'logContact', payload)).toEqual(first);
    expect(first).toMatchObject({ channel: 'phone', channelLabel: '电话', byName: '王经理', note: '问候，下周想订鸡蛋' });
    expect(Object.keys(first).sort()).toEqual(['at', 'byName', 'channel', 'channelLabel', 'id', 'note']);
    const log = await h.ok<ContactView[]>('care', 's-li', 'contacts', { memberNo: no('m-quiet') });
    expect(log).toEqual([first]);
    // stored against the member's id, server-side
    expect((await h.db.collection(C.crmContacts).where({ memberId: 'm-quiet' }).get()).data).toHaveLength(1);
    expect(await profile(h, 'm-quiet')).toMatchObject({ lastContactAt: NOW, lastContactBy: { phone: NOW } });
    expect((await today(h, 'mgr')).items.some((r) => r.memberNo === no('m-quiet'))).toBe(false);
    // a sample sent answers the new customer's sample item, not the others
    await h.ok('care', 'mgr', 'logContact', { memberNo: no('m-new'), channel: 'sample', note: '', requestId: 'req-contact-02' });
    expect(brief((await today(h, 'mgr')).items)).toEqual(['湘味小馆:newVisit']);
    // the night after, the job keeps the contact
    await runJob(h.db, 'crmDaily', { now: NOW + DAY });
    expect(await profile(h, 'm-new')).toMatchObject({ lastContactBy: { sample: NOW }, lastContactAt: NOW });
    const unknown = await h.call('care', 'mgr', { action: 'logContact', payload: { memberNo: 'FP99999999', channel: 'phone', requestId: 'req-contact-03' } });
    expect(unknown.ok ? null : unknown.error.code).toBe('MEMBER.NOT_FOUND');
  });

  it('a manager assigns an account manager; a clerk cannot', async () => {
    const h = await world();
    const denied = await h.call('care', 's-li', { action: 'assign', payload: { memberNo: no('m-quiet'), staffId: 's-li', requestId: 'req-assign-01' } });
    expect(denied.ok ? null : denied.error.code).toBe('AUTH.FORBIDDEN');
    expect(await h.ok('care', 'mgr', 'assign', { memberNo: no('m-quiet'), staffId: 's-li', requestId: 'req-assign-02' })).toEqual({ memberNo: no('m-quiet'), accountManager: 's-li' });
    expect(brief((await today(h, 's-li')).items)).toContain('陈阿姨:noContact');
    expect(brief((await today(h, 'mgr')).items)).not.toContain('陈阿姨:noContact');
    const ghost = await h.call('care', 'mgr', { action: 'assign', payload: { memberNo: no('m-quiet'), staffId: 'ghost', requestId: 'req-assign-03' } });
    expect(ghost.ok ? null : ghost.error.code).toBe('CARE.STAFF_NOT_FOUND');
    // the new customer has no profile yet: assigning creates it
    await h.ok('care', 'mgr', 'assign', { memberNo: no('m-new'), staffId: 's-zhao', requestId: 'req-assign-04' });
    expect(brief((await today(h, 's-zhao')).items)).toEqual(expect.arrayContaining(['湘味小馆:newReply']));
  });

  it('key dates come from the relationship card (crm_cards) at the nightly run', async () => {
    const h = await world();
    await h.db.collection('crm_cards').doc('m-quiet').set({ data: { keyDates: [{ label: '生日', monthDay: '12-04' }, { label: '坏日期', monthDay: '02-30' }] } });
    await runJob(h.db, 'crmDaily', { now: NOW, runKey: 'cards' });
    expect((await profile(h, 'm-quiet')).keyDates).toEqual([{ label: '生日', monthDay: '12-04' }]);
    const item = (await today(h, 'mgr')).items.find((r) => r.kind === 'keyDate');
    expect(item).toMatchObject({ memberNo: no('m-quiet'), reason: '生日还有 2 天（12-04），准备祝福', itemId: 'keyDate:生日@2026-12-04' });
  });

  it('customers cannot reach it', async () => {
    const h = await world();
    const res = await h.call('care', 'm-zhang', { action: 'today', payload: {} });
    expect(res.ok ? null : res.error.code).toBe('AUTH.FORBIDDEN');
  });
});

describe('killed part-way and run again with the same run key', () => {
  it('ends with the same profiles as one uninterrupted run', async () => {
    const profiles = async (h: Harness) => (await h.db.collection(C.crmProfiles).orderBy('_id', 'asc').get()).data;
    const whole = await world();
    const crashed = await createHarness(NOW);
    harnesses.push(crashed);
    await crashed.db.importMany(C.members, (await whole.db.collection(C.members).get()).data as Record<string, unknown>[]);
    await crashed.db.importMany(C.orders, (await whole.db.collection(C.orders).limit(1000).get()).data as Record<string, unknown>[]);
    await whole.db.collection(C.crmProfiles).where({ accountManager: 's-li' }).update({ data: { accountManager: null } });
    await whole.db.collection(C.crmProfiles).where({ accountManager: 's-zhao' }).update({ data: { accountManager: null } });
    const kill = { afterPageWork: ({ pages }: { pages: number }) => { if (pages === 2) throw new Error('killed'); } };
    await expect(runJob(crashed.db, 'crmDaily', { now: NOW, runKey: 'k', pageSize: 2, hooks: kill })).rejects.toThrow('killed');
    expect((await crashed.db.collection(C.jobRuns).doc('crmDaily:k').get()).data).toMatchObject({ done: false, pages: 1 });
    const resumed = await runJob(crashed.db, 'crmDaily', { now: NOW + 3_600_000, runKey: 'k', pageSize: 2 });
    expect(resumed.run).toMatchObject({ done: true, processed: 5 });
    expect(await profiles(crashed)).toEqual(await profiles(whole));
  });
});

describe('the demo', () => {
  it('张姐 is on the clerk’s care list with her churn reason', async () => {
    const h = await createHarness(NOW);
    harnesses.push(h);
    await writeSeed(h.db, generateDemo(defaultAppConfig, NOW));
    await seedCare(h.db, NOW);
    const list = await today(h, 'demo-staff');
    const leaderNo = ((await h.db.collection(C.members).doc('demo-leader').get()).data as unknown as MemberDoc).memberNo;
    const zhang = list.items.find((r) => r.memberNo === leaderNo && r.kind === 'churn');
    expect(zhang?.reason).toMatch(/^通常每 \d+ 天下单，(近 30 天只下了 [12] 单|已 \d+ 天未下单)$/);
    expect(list.items[0]?.memberNo).toBe(leaderNo);
  }, 240_000);
});
