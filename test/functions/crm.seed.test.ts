/**
 * The demo seed's customer relationship cards: 张姐 and the 战略 chain open with key people, tags, a
 * birthday / founding day and two notes, and every demo member is found by name and last 4 digits.
 */
import { C } from '../../cloudfunctions/services/collections';
import type { CrmCardView } from '../../cloudfunctions/services/crmCards';
import type { SearchPageView } from '../../cloudfunctions/services/crmSearch';
import type { MemberDoc } from '../../cloudfunctions/services/members';
import { seedDemo } from '../../local/app';
import { createHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await createHarness(Date.parse('2026-11-25T02:00:00Z'), { retryFirstAttempt: false });
  await seedDemo(h.db, h.clock.now);
}, 120_000);
afterAll(() => h.close());

const member = async (id: string) => (await h.db.collection(C.members).doc(id).get()).data as unknown as MemberDoc;

it.each([
  ['demo-leader', '张姐', '生日'],
  ['demo-strategic', '鲜丰', '公司成立日'],
])('%s has a filled card and is found by name and by the last 4 digits of the phone', async (id, prefix, dateLabel) => {
  const m = await member(id);
  const byName = await h.ok<SearchPageView>('crm', 'demo-staff', 'search', { query: prefix });
  expect(byName.items.map((r) => r.memberNo)).toContain(m.memberNo);
  const byLast4 = await h.ok<SearchPageView>('crm', 'demo-staff', 'search', { query: (m.phone as string).slice(-4) });
  expect(byLast4.items.map((r) => r.memberNo)).toContain(m.memberNo);

  const card = await h.ok<CrmCardView>('crm', 'demo-manager', 'card', { memberNo: m.memberNo });
  expect(card.card.preferences.tags.length).toBeGreaterThan(0);
  expect(card.card.keyDates.map((d) => d.label)).toContain(dateLabel);
  expect(card.notes).toHaveLength(2);
  if (id === 'demo-strategic') expect(card.card.organisation?.keyPeople.length).toBeGreaterThanOrEqual(2);
});

it('writes a search projection for every demo member', async () => {
  const members = (await h.db.collection(C.members).count()).total;
  const names = (await h.db.collection(C.crmSearch).where({ kind: 'name' }).count()).total;
  expect(names).toBe(members);
});
