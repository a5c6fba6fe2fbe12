/**
 * The demo clerk works 今日待办 in the browser: from the staff home to the care list, 张姐 (the seed
 * makes the clerk 李小鲜 her account manager) on it with the reason the server gives, in plain words;
 * a double tap on 电话 logs one contact and her item leaves the list; another customer's item is put
 * off to tomorrow; the contact is on 张姐's 客户关系卡. The server's own state is the truth afterwards.
 * No member is named by OPENID anywhere on the way: the rows and the calls carry member numbers.
 */
import { mkdirSync } from 'node:fs';
import type { CareList, CareRow } from '../../cloudfunctions/services/care';
import type { ContactView } from '../../cloudfunctions/services/contacts';
import { axeViolations, describeViolations, isBlocking } from './axe';
import { settled, useBrowserSession } from './localCloud';

jest.setTimeout(240_000);

const session = useBrowserSession();
const CLERK = 'demo-staff';
const ZHANG = 'demo-leader';

const today = () => session.call<CareList>('care', CLERK, 'today', { page: 0, pageSize: 50 });
const listed = (list: CareList, row: CareRow) => list.items.some((r) => r.memberNo === row.memberNo && r.itemId === row.itemId);

it('the clerk logs a call to 张姐 from 今日待办 in one tap, puts another item off, and the call is on her card', async () => {
  const before = await today();
  const zhang = before.items.find((r) => r.name.startsWith('张姐') && r.kind === 'churn');
  if (!zhang) throw new Error('the demo seed did not put 张姐 on the clerk’s care list');
  expect(zhang.reason).toMatch(/^通常每 \d+ 天下单，/);
  const other = before.items.find((r) => r.memberNo !== zhang.memberNo);
  if (!other) throw new Error('the clerk’s care list has no second customer');
  expect(await session.call<ContactView[]>('care', CLERK, 'contacts', { memberNo: zhang.memberNo })).toEqual([]);

  // Every care call the page makes and every answer it gets names members by number, never by OPENID.
  const page = await session.openAs(CLERK, '/staff/pages/home/index');
  const careCalls: string[] = [];
  const careAnswers: Promise<string>[] = [];
  page.on('request', (req) => {
    if (req.url().endsWith('/cloud/care')) careCalls.push(req.postData() ?? '');
  });
  page.on('response', (res) => {
    if (res.url().endsWith('/cloud/care')) careAnswers.push(res.text());
  });
  await page.getByRole('link', { name: '今日待办' }).click({ timeout: 60_000 });
  await page.locator('.care-list').waitFor({ timeout: 30_000 });
  await settled(page);

  // 张姐 first, with the server's reason in plain words.
  const item = page.locator('.care-item').filter({ hasText: zhang.reason });
  await item.waitFor({ timeout: 15_000 });
  expect(await page.locator('.care-item').first().locator('.care-reason').textContent()).toBe(zhang.reason);
  expect(await item.getAttribute('aria-label')).toMatch(new RegExp(`^${zhang.name.replace(/[()（）]/g, '.')}，.+，流失预警：`));
  mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: 'docs/screenshots/care.png', style: '.dev-switch-handle { visibility: hidden !important; }' });
  // The one-tap rows stay usable with a screen reader: no serious or critical axe finding.
  expect(describeViolations('今日待办', (await axeViolations(page)).filter(isBlocking))).toBe('');

  // One tap on 电话 logs the call; a double tap must not log it twice.
  await item.getByRole('button', { name: `电话：已联系${zhang.name}` }).dblclick();
  await page.getByRole('status').filter({ hasText: `已记录与${zhang.name}的联系` }).waitFor({ timeout: 15_000 });
  await item.waitFor({ state: 'detached', timeout: 15_000 });

  // Another customer's item: 稍后 puts it off to tomorrow.
  await page.getByRole('button', { name: `稍后（明天再提醒）：${other.name}` }).first().click();
  await page.getByRole('status').filter({ hasText: `明天再提醒：${other.name}` }).waitFor({ timeout: 15_000 });
  await settled(page);

  // The server agrees: one call logged, by the clerk, on the phone; both items off today's list.
  const contacts = await session.call<ContactView[]>('care', CLERK, 'contacts', { memberNo: zhang.memberNo });
  expect(contacts).toHaveLength(1);
  expect(contacts[0]).toMatchObject({ channel: 'phone', channelLabel: '电话', byName: '李小鲜', note: '' });
  const after = await today();
  expect(listed(after, zhang)).toBe(false);
  expect(listed(after, other)).toBe(false);
  expect(careCalls.some((body) => body.includes('"logContact"') && body.includes(zhang.memberNo))).toBe(true);
  expect(careCalls.filter((body) => body.includes('"logContact"'))).toHaveLength(1);
  const answers = (await Promise.all(careAnswers)).join('\n');
  expect(answers).toContain(zhang.memberNo);
  for (const openid of [ZHANG, CLERK]) expect(`${careCalls.join('\n')}\n${answers}`).not.toContain(openid);
  await page.close();

  // The call on 张姐's 客户关系卡 (opened by her member number, as the name on the list does), in its contact log.
  const card = await session.openAs(CLERK, `/staff/pages/customer/index?memberNo=${zhang.memberNo}`);
  const log = card.locator('.crm-contacts');
  await log.locator('.crm-contact').first().waitFor({ timeout: 60_000 });
  await settled(card);
  expect(await log.locator('.crm-contact').count()).toBe(1);
  expect(await log.locator('.crm-contact').first().textContent()).toContain('李小鲜 · 电话');
  await card.close();
});
