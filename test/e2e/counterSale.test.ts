/**
 * A clerk's counter sale by member code in the browser: the customer's fresh code (fetched as that
 * customer), pasted in H5, 88.50 entered, the points credited shown; the same code again is refused.
 */
import type { MemberCodeView, PointsSummaryView } from '../../cloudfunctions/contracts/api';
import { readmeScreenshot, settled, useBrowserSession } from './localCloud';

jest.setTimeout(180_000);

const session = useBrowserSession();

it('a clerk records a counter sale by a customer\'s member code; the same code again is refused', async () => {
  const customer = 'demo-potential';
  const code = await session.call<MemberCodeView>('member', customer, 'getCode');
  const before = await session.call<PointsSummaryView>('points', customer, 'getSummary');
  // The way a clerk gets there: the staff home (where the app sends staff) → 门店收银.
  const page = await session.openAs('demo-staff', '/staff/pages/home/index');
  await page.getByRole('link', { name: '门店收银' }).click({ timeout: 60_000 });
  await page.locator('.counter-token input').waitFor({ timeout: 30_000 });
  await settled(page);

  await page.locator('.counter-token input').fill(code.token);
  await page.locator('.counter-yuan input').fill('88.50');
  await page.getByRole('button', { name: '确认收款' }).click();
  const done = page.locator('.counter-done');
  await done.waitFor({ timeout: 15_000 });
  const text = (await done.textContent()) ?? '';
  expect(text).toContain('¥88.50');
  const earned = Number(/获得 ([\d,]+) 积分/.exec(text)?.[1]?.replace(/,/g, ''));
  expect(earned).toBeGreaterThan(0);
  // The points went to that customer (pending until the after-sales window closes).
  const after = await session.call<PointsSummaryView>('points', customer, 'getSummary');
  expect(after.available + after.pending - after.owed).toBe(before.available + before.pending - before.owed + earned);
  await readmeScreenshot(page, 'counter-sale');

  // One code, one sale: the same code is refused and nothing more is credited.
  await page.locator('.counter-token input').fill(code.token);
  await page.locator('.counter-yuan input').fill('20');
  await page.getByRole('button', { name: '确认收款' }).click();
  await page.getByRole('alert').filter({ hasText: '一码一单' }).waitFor({ timeout: 15_000 });
  expect(await page.getByRole('alert').filter({ hasText: '一码一单' }).textContent()).toBe('收银失败：该会员码已用于一笔消费（一码一单），请让顾客刷新会员码');
  const again = await session.call<PointsSummaryView>('points', customer, 'getSummary');
  expect(again).toEqual(after);
  await page.close();
});
