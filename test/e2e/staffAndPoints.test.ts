/**
 * The rest of the product in a browser: a customer's points page, and a sales clerk looking a
 * member up and adjusting their points with a reason.
 */
import type { PointsSummaryView } from '../../cloudfunctions/contracts/api';
import { digits, useBrowserSession } from './localCloud';

jest.setTimeout(180_000);

const session = useBrowserSession();

it('a customer\'s whole points history, loaded through the page, adds up to the 合计 shown at the top', async () => {
  // A demo customer with pending points, and owed points if the seed has any.
  const customers = ['demo-basic', 'demo-potential', 'demo-core', 'demo-strategic', 'demo-leader'];
  const summaries = await Promise.all(customers.map(async (id) => ({ id, s: await session.call<PointsSummaryView>('points', id, 'getSummary') })));
  const pick = summaries.find((x) => x.s.pending > 0 && x.s.owed > 0) ?? summaries.find((x) => x.s.pending > 0);
  if (!pick) throw new Error('no demo customer has pending points');
  const page = await session.openAs(pick.id, '/pages/points/index');
  await page.locator('.points-parts').waitFor({ timeout: 30_000 });
  const total = Number(digits(await page.locator('.points-part').first().textContent()));
  expect(total).toBe(pick.s.available + pick.s.pending - pick.s.owed);

  // 加载更多 until the list says it has no more.
  const footer = page.locator('.list-footer').last();
  for (;;) {
    await footer.filter({ hasText: /加载更多|没有更多了/ }).waitFor({ timeout: 30_000 });
    if ((await footer.textContent())?.includes('没有更多了')) break;
    await footer.getByRole('button', { name: '加载更多' }).click();
  }
  const amounts = await page.locator('.movement .signed-amount').allTextContents();
  expect(amounts.length).toBeGreaterThan(20); // more than one page was loaded
  const sum = amounts.reduce((acc, t) => acc + Number(t.replace(/[,\s]/g, '')), 0);
  expect(sum).toBe(total);
  await page.close();
});

it('a sales clerk finds a member and adjusts their points with a reason', async () => {
  const { page } = session;
  const before = await session.call<PointsSummaryView>('points', 'demo-basic', 'getSummary');
  await page.goto(`${session.url}/#/staff/pages/home/index`);
  await session.actAs('员工 · 李小鲜（销售）');
  await page.locator('.member-no-input input').fill('FP00000001');
  await page.getByText('查询', { exact: true }).click();
  await page.locator('.adjust-form').waitFor({ timeout: 30_000 });
  await page.locator('.adjust-form').getByRole('button', { name: '加' }).click();
  await page.locator('.adjust-amount input').fill('50');
  await page.locator('.adjust-reason textarea').fill('配送延误补偿');
  await page.locator('.adjust-form').getByRole('button', { name: '提交积分调整' }).click();
  await page.locator('.dialog').getByRole('button', { name: '确认增加' }).click();
  await page.locator('.adjust-form .form-ok').waitFor({ timeout: 15_000 });
  const after = await session.call<PointsSummaryView>('points', 'demo-basic', 'getSummary');
  expect(after.available).toBe(before.available + 50);
  await page.screenshot({ path: 'test-results/staff-member.png', fullPage: true });
});
