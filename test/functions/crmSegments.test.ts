/**
 * The RFM segment filter (crm.segments, crm.segment) on a hand-built world: members whose orders put
 * them in known segments under the default thresholds, profiled by the nightly crmDaily job; the
 * counts per segment (kept until the day or its run changes the profiles), one segment's customers
 * highest spend first and paged, live name, tier and last order from the member, no OPENID in the
 * answer, erased customers never listed, bad input refused.
 */
import { C } from '../../cloudfunctions/services/collections';
import type { SegmentPageView, SegmentsView } from '../../cloudfunctions/services/crmSegments';
import { runJob } from '../../cloudfunctions/services/jobs';
import { formatMemberNo, newMemberDoc, type MemberDoc } from '../../cloudfunctions/services/members';
import type { DeletionAnswer } from '../../cloudfunctions/services/privacy';
import { RFM_SEGMENTS, type RfmSegment } from '../../cloudfunctions/core/crm/rfm';
import type { TierId } from '../../cloudfunctions/core/tiers/rules';
import { addStaff, deliveredOrder } from './fixtures';
import { createHarness, type Harness } from './harness';

const DAY = 86_400_000;
// A Wednesday, 10:00 in Shanghai.
const NOW = Date.parse('2026-12-02T10:00:00+08:00');
const YUAN = 100;
const STAFF = 'o-seg-staff';

let h: Harness;
let orderSeq = 0;

/** Completed orders of `yuan` each, `daysAgo` before now. */
const orders = (memberId: string, yuan: number, daysAgo: number[]) =>
  daysAgo.map((d) => {
    orderSeq += 1;
    return { ...deliveredOrder(memberId, yuan * YUAN, `S${String(orderSeq).padStart(8, '0')}`, NOW - d * DAY), status: 'completed' as const };
  });
const days = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, i) => from + i * step);

/**
 * With the defaults (high = score ≥ 3: last order ≤ 30 days ago, ≥ 6 orders and ≥ ¥50,000 in 365 days):
 * three 重要价值 of different spend, an erasable one who spends most, a 重要保持, a 一般发展 and a
 * 一般挽留 who never ordered.
 */
const WORLD: { openid: string; n: number; name: string; tier: TierId; orders: ReturnType<typeof orders>; segment: RfmSegment }[] = [
  { openid: 'o-mid', n: 11, name: '鲜丰超市', tier: 'core', orders: orders('o-mid', 10_000, days(1, 8)), segment: '重要价值' },
  { openid: 'o-top', n: 12, name: '湘味酒楼', tier: 'strategic', orders: orders('o-top', 20_000, days(2, 10)), segment: '重要价值' },
  { openid: 'o-low', n: 13, name: '阳光食堂', tier: 'potential', orders: orders('o-low', 10_000, days(3, 6, 2)), segment: '重要价值' },
  { openid: 'o-gone', n: 14, name: '要注销的王老板', tier: 'core', orders: orders('o-gone', 50_000, days(1, 8)), segment: '重要价值' },
  { openid: 'o-lapsed', n: 15, name: '张姐', tier: 'core', orders: orders('o-lapsed', 10_000, days(40, 8, 5)), segment: '重要保持' },
  { openid: 'o-once', n: 16, name: '陈阿姨', tier: 'basic', orders: orders('o-once', 500, [5]), segment: '一般发展' },
  { openid: 'o-never', n: 17, name: '新客小李', tier: 'basic', orders: [], segment: '一般挽留' },
];

const counts = () => h.ok<SegmentsView>('crm', STAFF, 'segments', {});
const list = (segment: string, page = 0, pageSize = 20) => h.ok<SegmentPageView>('crm', STAFF, 'segment', { segment, page, pageSize });
const names = (p: SegmentPageView) => p.items.map((i) => i.displayName);

beforeEach(async () => {
  h = await createHarness(NOW);
  await addStaff(h, STAFF, 'staff', '李小鲜');
  const members: MemberDoc[] = WORLD.map((w) => {
    const doc = newMemberDoc(w.openid, formatMemberNo(w.n), NOW - 400 * DAY, { displayName: w.name, kind: 'restaurant', region: '静安区' });
    const last = w.orders.reduce<number | null>((m, o) => Math.max(m ?? 0, o.createdAt), null);
    return { ...doc, phone: `1380000${String(w.n).padStart(4, '0')}`, tierState: { ...doc.tierState, tier: w.tier }, stats: { ...doc.stats, lastOrderAt: last } };
  });
  await h.db.importMany(C.members, members as unknown as Record<string, unknown>[]);
  await h.db.importMany(C.orders, WORLD.flatMap((w) => w.orders) as unknown as Record<string, unknown>[]);
  await runJob(h.db, 'crmDaily', { now: NOW });
});
afterEach(() => h.close());

describe('segment counts', () => {
  it('counts each of the eight segments, in their fixed order, with what each means', async () => {
    const view = await counts();
    expect(view.items.map((i) => i.segment)).toEqual([...RFM_SEGMENTS]);
    const expected = Object.fromEntries(RFM_SEGMENTS.map((s) => [s, WORLD.filter((w) => w.segment === s).length]));
    expect(Object.fromEntries(view.items.map((i) => [i.segment, i.count]))).toEqual(expected);
    expect(view.items.find((i) => i.segment === '重要挽留')?.explanation).toContain('回访');
    expect(view.windowDays).toBe(365);
  });
});

describe('segment counts, kept', () => {
  /** A profile that appears between runs (as the care list writes one for a customer the job has not seen). */
  const strayProfile = (id: string) => h.db.collection(C.crmProfiles).doc(id).set({ data: { rfm: { frequency: 0, monetaryFen: 0, r: 1, f: 1, m: 1, segment: '重要挽留' } } });
  const lapsing = async () => (await counts()).items.find((i) => i.segment === '重要挽留')?.count;

  it('are counted again only when the day starts and when its nightly run has finished', async () => {
    expect(await lapsing()).toBe(0);
    await strayProfile('o-stray-1');
    expect(await lapsing()).toBe(0);

    h.clock.now = NOW + DAY;
    expect(await lapsing()).toBe(1);
    await strayProfile('o-stray-2');
    expect(await lapsing()).toBe(1);
    await runJob(h.db, 'crmDaily', { now: NOW + DAY });
    expect(await lapsing()).toBe(2);
  });
});

describe('one segment', () => {
  it('lists exactly its customers, highest spend first, each like a search row', async () => {
    const page = await list('重要价值');
    expect(names(page)).toEqual(['要注销的王老板', '湘味酒楼', '鲜丰超市', '阳光食堂']);
    expect(page.items.map((i) => i.monetaryFen)).toEqual([400_000, 200_000, 80_000, 60_000].map((y) => y * YUAN));
    expect(page.items[1]).toEqual({
      memberNo: formatMemberNo(12),
      displayName: '湘味酒楼',
      kind: 'restaurant',
      tier: { id: 'strategic', name: expect.any(String) },
      region: '静安区',
      lastOrderAt: NOW - 2 * DAY,
      phone: '138****0012',
      frequency: 10,
      monetaryFen: 200_000 * YUAN,
    });
    expect(page).toMatchObject({ segment: '重要价值', explanation: expect.stringContaining('重点维护'), page: 0, pageSize: 20, hasMore: false });
    expect(names(await list('重要保持'))).toEqual(['张姐']);
    expect(names(await list('一般发展'))).toEqual(['陈阿姨']);
    expect(names(await list('一般挽留'))).toEqual(['新客小李']);
    expect((await list('重要挽留')).items).toEqual([]);
  });

  it('pages without overlap or gaps', async () => {
    const first = await list('重要价值', 0, 3);
    const second = await list('重要价值', 1, 3);
    expect([names(first), first.hasMore]).toEqual([['要注销的王老板', '湘味酒楼', '鲜丰超市'], true]);
    expect([names(second), second.hasMore]).toEqual([['阳光食堂'], false]);
    expect((await list('重要价值', 2, 3)).items).toEqual([]);
  });

  it('shows the tier and name the member has now, and never an OPENID', async () => {
    await h.db.collection(C.members).doc('o-mid').update({ data: { displayName: '鲜丰超市（新店名）' } });
    const page = await list('重要价值');
    expect(names(page)).toContain('鲜丰超市（新店名）');
    const text = JSON.stringify([page, await counts()]);
    for (const w of WORLD) expect(text).not.toContain(w.openid);
  });

  it('never lists an erased customer: not after the erasure, not after the next night profiles the pseudonym', async () => {
    const ask = (payload: Record<string, unknown> = {}) => h.ok<DeletionAnswer>('member', 'o-gone', 'requestDeletion', payload);
    const confirm = await ask();
    if (confirm.state !== 'confirm') throw new Error('expected a confirmation');
    expect(await ask({ confirmToken: confirm.confirmToken })).toMatchObject({ state: 'erased' });
    expect(names(await list('重要价值'))).toEqual(['湘味酒楼', '鲜丰超市', '阳光食堂']);

    // A profile of the pseudonym left by an earlier version of the job is removed by the next run.
    const { data: erased } = await h.db.collection(C.members).where({ erasedAt: h.db.command.neq(null) }).get();
    expect(erased.length).toBe(1);
    const pseudoId = String(erased[0]?._id);
    await h.db.collection(C.crmProfiles).doc(pseudoId).set({ data: { rfm: { segment: '重要价值', monetaryFen: 1 } } });
    h.clock.now = NOW + DAY;
    await runJob(h.db, 'crmDaily', { now: NOW + DAY });
    expect((await h.db.collection(C.crmProfiles).where({ _id: pseudoId }).count()).total).toBe(0);
    // The pseudonym's member document keeps the orders but gets no profile: nothing to care for or segment.
    const { data } = await h.db.collection(C.crmProfiles).where({ 'rfm.segment': '重要价值' }).get();
    expect(data.length).toBe(3);
    const page = await list('重要价值');
    expect(names(page)).toEqual(['湘味酒楼', '鲜丰超市', '阳光食堂']);
    expect(JSON.stringify(page)).not.toContain('已注销');
  });

  it('drops a profile whose member document is gone', async () => {
    await h.db.collection(C.members).doc('o-top').remove();
    expect(names(await list('重要价值'))).toEqual(['要注销的王老板', '鲜丰超市', '阳光食堂']);
  });
});

describe('input and access', () => {
  it('refuses a segment outside the eight, a page size over 20 and unknown fields', async () => {
    for (const payload of [{ segment: '重要客户' }, { segment: '重要价值', pageSize: 21 }, { segment: '重要价值', memberId: 'o-top' }, {}]) {
      expect(await h.call('crm', STAFF, { action: 'segment', payload })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    }
    expect(await h.call('crm', STAFF, { action: 'segments', payload: { segment: '重要价值' } })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });

  it('is staff only', async () => {
    for (const action of ['segments', 'segment']) {
      expect(await h.call('crm', 'o-top', { action, payload: { segment: '重要价值' } })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
  });
});
