/**
 * The rest of the product in a browser: a customer's points page, and a sales clerk looking a
 * member up and adjusting their points with a reason.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Envelope, PointsSummaryView } from '../../cloudfunctions/contracts/api';
import { launchChromium, startServer, type Started } from './localCloud';

jest.setTimeout(180_000);

let server: Started;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  mkdirSync('test-results', { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function call<T>(fn: string, openid: string, action: string, payload: object = {}): Promise<T> {
  const res = await fetch(`${server.url}/cloud/${fn}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': openid }, body: JSON.stringify({ action, payload }) });
  const body = (await res.json()) as Envelope<T>;
  if (!body.ok) throw new Error(body.error.code);
  return body.data;
}

const digits = (text: string | null) => (text ?? '').replace(/[^\d]/g, '');

async function actAs(label: string): Promise<void> {
  await page.locator('.dev-switch-toggle').click();
  await page.getByText(label).click();
}

it('a customer sees balances and every movement on the points page', async () => {
  await page.goto(`${server.url}/#/pages/points/index`);
  await actAs('潜力会员 · 湘味小馆（餐厅）');
  const summary = await call<PointsSummaryView>('points', 'demo-potential', 'getSummary');
  await page.locator('.points-total').filter({ hasText: summary.available.toLocaleString('en') }).waitFor({ timeout: 30_000 });
  expect(digits(await page.locator('.points-total').textContent())).toBe(String(summary.available));
  await page.getByText('加载更多').first().waitFor({ timeout: 15_000 });
  await page.screenshot({ path: 'test-results/points.png', fullPage: true });
});

it('a sales clerk finds a member and adjusts their points with a reason', async () => {
  const before = await call<PointsSummaryView>('points', 'demo-basic', 'getSummary');
  await page.goto(`${server.url}/#/staff/pages/home/index`);
  await actAs('员工 · 李小鲜（销售）');
  await page.locator('.member-no-input input').fill('FP00000001');
  await page.getByText('查询', { exact: true }).click();
  await page.locator('.adjust-form').waitFor({ timeout: 30_000 });
  await page.locator('.adjust-amount input').fill('50');
  await page.locator('.adjust-reason textarea').fill('配送延误补偿');
  await page.locator('.adjust-form').getByText('提交调整', { exact: true }).click();
  await page.getByText('确认', { exact: true }).click();
  await page.locator('.adjust-form .form-ok').waitFor({ timeout: 15_000 });
  const after = await call<PointsSummaryView>('points', 'demo-basic', 'getSummary');
  expect(after.available).toBe(before.available + 50);
  await page.screenshot({ path: 'test-results/staff-member.png', fullPage: true });
});
