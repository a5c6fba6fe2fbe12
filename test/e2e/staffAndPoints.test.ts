/**
 * The rest of the product in a browser: a customer's points page, and a sales clerk looking a
 * member up and adjusting their points with a reason.
 */
import type { PointsSummaryView } from '../../cloudfunctions/contracts/api';
import { digits, useBrowserSession } from './localCloud';

jest.setTimeout(180_000);

const session = useBrowserSession();

it('a customer sees balances and every movement on the points page', async () => {
  const { page } = session;
  await page.goto(`${session.url}/#/pages/points/index`);
  await session.actAs('潜力会员 · 湘味小馆（餐厅）');
  const summary = await session.call<PointsSummaryView>('points', 'demo-potential', 'getSummary');
  await page.locator('.points-total').filter({ hasText: summary.available.toLocaleString('en') }).waitFor({ timeout: 30_000 });
  expect(digits(await page.locator('.points-total').textContent())).toBe(String(summary.available));
  await page.getByText('加载更多').first().waitFor({ timeout: 15_000 });
  await page.screenshot({ path: 'test-results/points.png', fullPage: true });
});

it('a sales clerk finds a member and adjusts their points with a reason', async () => {
  const { page } = session;
  const before = await session.call<PointsSummaryView>('points', 'demo-basic', 'getSummary');
  await page.goto(`${session.url}/#/staff/pages/home/index`);
  await session.actAs('员工 · 李小鲜（销售）');
  await page.locator('.member-no-input input').fill('FP00000001');
  await page.getByText('查询', { exact: true }).click();
  await page.locator('.adjust-form').waitFor({ timeout: 30_000 });
  await page.locator('.adjust-amount input').fill('50');
  await page.locator('.adjust-reason textarea').fill('配送延误补偿');
  await page.locator('.adjust-form').getByText('提交调整', { exact: true }).click();
  await page.getByText('确认', { exact: true }).click();
  await page.locator('.adjust-form .form-ok').waitFor({ timeout: 15_000 });
  const after = await session.call<PointsSummaryView>('points', 'demo-basic', 'getSummary');
  expect(after.available).toBe(before.available + 50);
  await page.screenshot({ path: 'test-results/staff-member.png', fullPage: true });
});
