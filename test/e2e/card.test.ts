/**
 * The whole product in a browser: `npm start` serves the H5 build and the functions; the dev switch
 * acts as a demo customer; the card shows the tier and the points the function computes.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Envelope, MemberCardView } from '../../cloudfunctions/contracts/api';
import { launchChromium, startServer, type Started } from './localCloud';

// A cold start builds the H5 app if it is stale, then seeds; browsers are slow on 2 cores.
jest.setTimeout(180_000);

let server: Started;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function cardFromApi(openid: string): Promise<MemberCardView> {
  const res = await fetch(`${server.url}/cloud/member`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': openid }, body: JSON.stringify({ action: 'getCard' }) });
  const body = (await res.json()) as Envelope<MemberCardView>;
  if (!body.ok) throw new Error(body.error.code);
  return body.data;
}

const digits = (text: string) => text.replace(/[^\d]/g, '');

it('shows a demo customer their tier, points and member code', async () => {
  await page.goto(server.url);
  await page.locator('.dev-switch-toggle').click();
  await page.getByText('核心会员 · 阳光食堂（食堂）').click();
  await page.locator('.tier-badge').filter({ hasText: '核心' }).waitFor({ timeout: 30_000 });

  const expected = await cardFromApi('demo-core');
  expect(await page.locator('.card-name').textContent()).toContain(expected.displayName);
  expect(digits((await page.locator('.points-available').textContent()) ?? '')).toBe(String(expected.points.available));
  // The member code is a QR image (a data URL generated from the signed token).
  await page.locator('.code-image img').first().waitFor({ timeout: 15_000 });
  expect(await page.locator('.code-image img').first().getAttribute('src')).toMatch(/^data:image\/gif;base64,/);

  // Written outside the tracked tree; docs/screenshots/ holds a copy for the README.
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/member-card.png', fullPage: true });
});

it('switches to another identity and shows that member instead', async () => {
  await page.locator('.dev-switch-toggle').click();
  await page.getByText('战略会员 · 鲜丰连锁超市').click();
  await page.locator('.tier-badge').filter({ hasText: '战略' }).waitFor({ timeout: 30_000 });
  const expected = await cardFromApi('demo-strategic');
  expect(digits((await page.locator('.points-available').textContent()) ?? '')).toBe(String(expected.points.available));
  expect(await page.locator('.contact-phone').textContent()).toContain(expected.contact?.phone ?? '—');
});
