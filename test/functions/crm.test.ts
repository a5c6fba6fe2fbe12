/**
 * The `crm` function through the local runtime: search by whole phone, last 4, name/company prefix
 * and member number (the projection kept current by enrolment and card edits); the card view with
 * tier, points, recent orders, open cases and satisfaction; edits audited before → after, views
 * logged, invalid edits changing nothing, retries idempotent; customers reach none of it.
 */
import { searchKeys } from '../../cloudfunctions/core/crm/card';
import { C } from '../../cloudfunctions/services/collections';
import type { CrmCardView, NoteView, UpdateCardResult } from '../../cloudfunctions/services/crmCards';
import { searchDocs, type SearchPageView } from '../../cloudfunctions/services/crmSearch';
import { formatMemberNo, newMemberDoc, type MemberDoc } from '../../cloudfunctions/services/members';
import type { Page } from '../../cloudfunctions/contracts/api';
import { addStaff, completedOrder } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const STAFF = 'o-crm-staff';
const MANAGER = 'o-crm-manager';
const CUSTOMER = 'o-crm-customer';

let h: Harness;
let seq = 0;
const rid = () => `crm-req-${String((seq += 1)).padStart(6, '0')}`;

/** Members as the seed writes them: the member document and its search projection. */
async function members(list: { openid: string; n: number; name: string; phone: string | null }[]): Promise<void> {
  const docs: MemberDoc[] = list.map((m) => ({ ...newMemberDoc(m.openid, formatMemberNo(m.n), h.clock.now, { displayName: m.name, kind: 'restaurant', region: '静安区' }), phone: m.phone }));
  await h.db.importMany(C.members, docs as unknown as Record<string, unknown>[]);
  const search = docs.flatMap((d) => searchDocs(d._id, { displayName: d.displayName, phone: d.phone, contactName: null, contactPhone: null, organisation: null }));
  await h.db.importMany(C.crmSearch, search as unknown as Record<string, unknown>[]);
}

const search = (query: string, page = 0, pageSize = 20) => h.ok<SearchPageView>('crm', STAFF, 'search', { query, page, pageSize });
const names = (p: SearchPageView) => p.items.map((i) => i.displayName);

beforeEach(async () => {
  h = await createHarness(Date.parse('2026-11-25T02:00:00Z'));
  await addStaff(h, STAFF, 'staff', '李小鲜');
  await addStaff(h, MANAGER, 'manager', '王店长');
  await members([
    { openid: 'o-wang-1', n: 101, name: '王记餐饮', phone: '13812345678' },
    { openid: 'o-wang-2', n: 102, name: '王小明', phone: '13955555678' },
    { openid: 'o-zhang', n: 103, name: '张姐（阳光花园团长）', phone: '13700001111' },
    { openid: 'o-fp5678', n: 5678, name: '李四', phone: null },
  ]);
});
afterEach(() => h.close());

describe('search', () => {
  it('finds by the last 4 digits (and the member number those digits spell), phones masked', async () => {
    const page = await search('5678');
    expect(page.items.map((i) => [i.displayName, i.matched.kind, i.phone])).toEqual([
      ['李四', 'memberNo', null],
      ['王记餐饮', 'phone', '138****5678'],
      ['王小明', 'phone', '139****5678'],
    ]);
    expect(JSON.stringify(page)).not.toContain('13812345678');
    expect((await search('1111')).items.map((i) => i.memberNo)).toEqual([formatMemberNo(103)]);
    expect((await search('9999')).items).toEqual([]);
  });

  it('finds by the whole phone, in any usual spelling', async () => {
    expect(names(await search('13812345678'))).toEqual(['王记餐饮']);
    expect(names(await search('+86 139 5555 5678'))).toEqual(['王小明']);
    expect((await search('13812340000')).items).toEqual([]);
  });

  it('finds by a name prefix, ordered by name, with tier, region and last order', async () => {
    const page = await search('王');
    expect(names(page)).toEqual(['王小明', '王记餐饮'].sort());
    expect(page.items[0]).toMatchObject({ tier: { id: 'basic', name: expect.any(String) }, region: '静安区', lastOrderAt: null, matched: { kind: 'name' } });
    expect(names(await search('王记'))).toEqual(['王记餐饮']);
    expect(names(await search(' 张姐 '))).toEqual(['张姐（阳光花园团长）']);
    // Prefix only: a word in the middle is not found.
    expect((await search('阳光')).items).toEqual([]);
  });

  it('finds by member number in any usual spelling', async () => {
    expect(names(await search('fp102'))).toEqual(['王小明']);
    expect(names(await search('FP00000101'))).toEqual(['王记餐饮']);
    expect((await search('FP00009999')).items).toEqual([]);
  });

  it('pages at most 20 rows with hasMore', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ openid: `o-many-${i}`, n: 200 + i, name: `鲜果铺${String(i).padStart(2, '0')}`, phone: null }));
    await members(many);
    const first = await search('鲜果', 0, 20);
    const second = await search('鲜果', 1, 20);
    expect(first.items).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    expect(second.items).toHaveLength(5);
    expect(second.hasMore).toBe(false);
    expect(new Set([...names(first), ...names(second)]).size).toBe(25);
    expect(await h.call('crm', STAFF, { action: 'search', payload: { query: '鲜果', pageSize: 21 } })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
  });

  it('refuses empty text', async () => {
    expect(await h.call('crm', STAFF, { action: 'search', payload: { query: ' ，' } })).toMatchObject({ ok: false, error: { code: 'CRM.QUERY_INVALID' } });
  });

  it('finds a member enrolled through the app by their default name', async () => {
    await h.ok('member', CUSTOMER, 'getCard');
    const me = (await h.db.collection(C.members).doc(CUSTOMER).get()).data as unknown as MemberDoc;
    expect((await search(me.displayName)).items.map((i) => i.memberNo)).toEqual([me.memberNo]);
  });

  it("follows the card: the organisation and the contact's phone are found, and no longer after a change", async () => {
    const memberNo = formatMemberNo(102);
    const contact = { name: '王建国', phone: '13600002222', employer: '', position: '', address: '' };
    await h.ok('crm', STAFF, 'updateCard', { memberNo, requestId: rid(), contact, organisation: { name: '鲜丰连锁超市', keyPeople: [] } });
    expect((await search('鲜丰')).items.map((i) => [i.displayName, i.matched])).toEqual([['王小明', { kind: 'organisation', label: '鲜丰连锁超市' }]]);
    expect(names(await search('2222'))).toEqual(['王小明']);
    expect(names(await search('13600002222'))).toEqual(['王小明']);
    expect(names(await search('王建'))).toEqual(['王小明']);
    await h.ok('crm', STAFF, 'updateCard', { memberNo, requestId: rid(), organisation: { name: '百果园', keyPeople: [] } });
    expect((await search('鲜丰')).items).toEqual([]);
    expect(names(await search('百果'))).toEqual(['王小明']);
    await h.ok('crm', STAFF, 'updateCard', { memberNo, requestId: rid(), organisation: null });
    expect((await search('百果')).items).toEqual([]);
  });
});

describe('the card', () => {
  const memberNo = formatMemberNo(101);
  const card = (openid = STAFF) => h.ok<CrmCardView>('crm', openid, 'card', { memberNo });
  const full = {
    contact: { name: '王老板', phone: '13812345678', employer: '王记餐饮', position: '老板', address: '静安区南京西路 1 号' },
    organisation: { name: '王记餐饮有限公司', keyPeople: [{ name: '刘厨师长', role: '厨师长', phone: '021-62345678', cares: '叶菜要当天到' }] },
    preferences: { text: '周三上午收货，发票按月开', tags: ['每周三上午来', '月结'] },
    keyDates: [{ label: '生日', monthDay: '02-29' }, { label: '公司成立日', monthDay: '09-18' }],
  };

  it('shows tier, points, the 3 latest orders, open cases and satisfaction, and logs the view', async () => {
    for (let i = 0; i < 4; i += 1) {
      h.clock.now += 3_600_000;
      await completedOrder(h, 'o-wang-1', (100 + i) * 100);
    }
    const base = { memberId: 'o-wang-1', memberNo, type: 'complaint', category: 'quality', thread: [{ text: '青菜发黄' }], rating: null };
    await h.db.collection(C.complaints).doc('K-open').set({ data: { ...base, status: 'open', active: 1, createdAt: h.clock.now - 1000 } });
    await h.db.collection(C.complaints).doc('K-done').set({ data: { ...base, status: 'closed', active: 0, createdAt: h.clock.now - 5000, rating: { score: 4, reason: null, at: h.clock.now - 2000 } } });
    await h.db.collection(C.surveys).doc('S-1').set({ data: { memberId: 'o-wang-1', orderId: 'T1', scores: { freshness: 5, onTime: 4, service: 5 }, comment: null, at: h.clock.now - 3000 } });
    const view = await card();
    expect(view.member).toMatchObject({ memberNo, displayName: '王记餐饮', phone: '13812345678', orderCount: 4, tier: { id: expect.any(String) } });
    expect(view.member.points.pending + view.member.points.available).toBeGreaterThan(0);
    expect(view.recentOrders.map((o) => o.paidFen)).toEqual([103_00, 102_00, 101_00]);
    expect(view.openCases.map((c) => c.id)).toEqual(['K-open']);
    expect(view.satisfaction.map((s) => s.kind)).toEqual(['case', 'survey']);
    expect(view.card.keyDates).toEqual([]);
    // Staff address the customer by member number: their OPENID never reaches the phone.
    expect(JSON.stringify(view)).not.toContain('o-wang-1');
    const { data: views } = await h.db.collection(C.crmViews).where({ memberId: 'o-wang-1' }).get();
    expect(views).toEqual([expect.objectContaining({ viewer: STAFF, viewerName: '李小鲜', memberNo, at: h.clock.now })]);
  });

  it('is refused to customers in every action, and the view log to staff', async () => {
    await h.ok('member', CUSTOMER, 'getCard');
    const before = await snapshot(h.db);
    for (const [action, payload] of [
      ['search', { query: '王' }],
      ['card', { memberNo }],
      ['updateCard', { memberNo, requestId: rid(), keyDates: [] }],
      ['addNote', { memberNo, text: '看看', requestId: rid() }],
      ['listNotes', { memberNo }],
      ['viewLog', {}],
    ] as const) {
      expect(await h.call('crm', CUSTOMER, { action, payload })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await h.call('crm', STAFF, { action: 'viewLog', payload: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('lets the manager read who viewed which card, newest first', async () => {
    await card(STAFF);
    h.clock.now += 60_000;
    await card(MANAGER);
    const all = await h.ok<Page<{ viewerName: string; memberNo: string; at: number }>>('crm', MANAGER, 'viewLog', {});
    expect(all.items.map((v) => v.viewerName)).toEqual(['王店长', '李小鲜']);
    const one = await h.ok<Page<{ memberNo: string }>>('crm', MANAGER, 'viewLog', { memberNo: formatMemberNo(102) });
    expect(one.items).toEqual([]);
  });

  it('saves every section and audits the change before → after', async () => {
    const result = await h.ok<UpdateCardResult>('crm', STAFF, 'updateCard', { memberNo, requestId: rid(), ...full });
    expect(result.changed).toEqual(['contact', 'organisation', 'preferences', 'keyDates']);
    const view = await card();
    expect(view.card).toMatchObject({ ...full, updatedByName: '李小鲜' });

    const tags = { text: full.preferences.text, tags: ['每周五下午来'] };
    const second = await h.ok<UpdateCardResult>('crm', STAFF, 'updateCard', { memberNo, requestId: rid(), preferences: tags, keyDates: full.keyDates });
    expect(second.changed).toEqual(['preferences']);
    const { data } = await h.db.collection(C.audit).where({ target: `crm:${memberNo}` }).orderBy('at', 'asc').get();
    const last = data[data.length - 1] as { action: string; actorName: string; before: unknown; after: unknown };
    expect(last).toMatchObject({ action: 'crm.card', actorName: '李小鲜', before: { preferences: full.preferences }, after: { preferences: tags } });
    expect(data).toHaveLength(2);
  });

  it.each([
    ['a bad phone', { contact: { ...full.contact, phone: '1381234' } }],
    ['a day that does not exist', { keyDates: [{ label: '生日', monthDay: '02-30' }] }],
    ['a tag too long', { preferences: { text: '', tags: ['一二三四五六七八九十一二三四五六七'] } }],
    ['duplicate tags', { preferences: { text: '', tags: ['月结', '月结'] } }],
    ['a key person without a name', { organisation: { name: '王记', keyPeople: [{ name: ' ', role: '', phone: '', cares: '' }] } }],
    ['no section', {}],
    ['an unknown field', { keyDates: [], note: 'x' }],
  ])('refuses %s and changes nothing', async (_label, patch) => {
    const before = await snapshot(h.db);
    expect(await h.call('crm', STAFF, { action: 'updateCard', payload: { memberNo, requestId: rid(), ...patch } })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('adds notes once per request id, newest first, audited; a reused id with other text is refused', async () => {
    const requestId = rid();
    const first = await h.ok<NoteView>('crm', STAFF, 'addNote', { memberNo, text: '电话回访：想要更多菌菇', requestId });
    const again = await h.ok<NoteView>('crm', STAFF, 'addNote', { memberNo, text: '电话回访：想要更多菌菇', requestId });
    expect(again).toEqual(first);
    expect(await h.call('crm', STAFF, { action: 'addNote', payload: { memberNo, text: '另一条', requestId } })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    h.clock.now += 60_000;
    await h.ok('crm', MANAGER, 'addNote', { memberNo, text: '店长：春节礼盒可以推荐', requestId: rid() });
    const view = await card();
    expect(view.notes.map((n) => [n.byName, n.text])).toEqual([
      ['王店长', '店长：春节礼盒可以推荐'],
      ['李小鲜', '电话回访：想要更多菌菇'],
    ]);
    expect((await h.db.collection(C.crmNotes).count()).total).toBe(2);
    const { data } = await h.db.collection(C.audit).where({ target: `crm:${memberNo}`, action: 'crm.note' }).get();
    expect(data).toHaveLength(2);
  });

  it('answers a retried card edit with the first answer and writes once', async () => {
    const requestId = rid();
    const payload = { memberNo, requestId, keyDates: full.keyDates };
    const first = await h.ok<UpdateCardResult>('crm', STAFF, 'updateCard', payload);
    const afterFirst = await snapshot(h.db);
    h.clock.now += 1000;
    expect(await h.ok<UpdateCardResult>('crm', STAFF, 'updateCard', payload)).toEqual(first);
    expect(await snapshot(h.db)).toEqual(afterFirst);
    expect(await h.call('crm', STAFF, { action: 'updateCard', payload: { ...payload, keyDates: [] } })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
  });

  it('refuses an unknown member', async () => {
    expect(await h.call('crm', STAFF, { action: 'card', payload: { memberNo: 'FP09999999' } })).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_FOUND' } });
  });
});

describe('search keys', () => {
  it('leave out a contact equal to the member and normalise full-width text', () => {
    const keys = searchKeys({ displayName: 'ＡＢＣ 生鲜', phone: '13812345678', contactName: 'abc生鲜', contactPhone: '138-1234-5678', organisation: null });
    expect(keys).toEqual({ name: { key: 't:abc生鲜', full: null }, phone: { key: 'p:5678', full: '13812345678' }, contact: null, contactPhone: null, organisation: null });
  });
});
