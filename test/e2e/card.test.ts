/**
 * The whole product in a browser: `npm start` serves the H5 build and the functions; the dev switch
 * acts as a demo customer; the card shows the tier and the points the function computes.
 */
import type { MemberCardView } from '../../cloudfunctions/contracts/api';
import { digits, readmeScreenshot, settled, useBrowserSession } from './localCloud';

// A cold start builds the H5 app if it is stale, then seeds; browsers are slow on 2 cores.
jest.setTimeout(180_000);

const session = useBrowserSession();

it('shows a demo customer their tier, points and member code', async () => {
  const { page } = session;
  await page.goto(session.url);
  await session.actAs('核心会员 · 阳光食堂（食堂）');
  await page.locator('.tier-badge').filter({ hasText: '核心' }).waitFor({ timeout: 30_000 });

  const expected = await session.call<MemberCardView>('member', 'demo-core', 'getCard');
  expect(await page.locator('.card-name').textContent()).toContain(expected.displayName);
  expect(digits(await page.locator('.points-available').textContent())).toBe(String(expected.points.available));
  // The member code is a QR image (a data URL generated from the signed token).
  await page.locator('.code-image img').first().waitFor({ timeout: 15_000 });
  expect(await page.locator('.code-image img').first().getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
  await settled(page);
  // The README's 会员卡 screenshot: the phone screen as the customer sees it.
  await readmeScreenshot(page, 'member-card');
});

it('switches to another identity and shows that member instead', async () => {
  const { page } = session;
  await session.actAs('战略会员 · 鲜丰连锁超市');
  await page.locator('.tier-badge').filter({ hasText: '战略' }).waitFor({ timeout: 30_000 });
  const expected = await session.call<MemberCardView>('member', 'demo-strategic', 'getCard');
  expect(digits(await page.locator('.points-available').textContent())).toBe(String(expected.points.available));
  expect(await page.locator('.contact-phone').textContent()).toContain(expected.contact?.phone ?? '—');
});

it('on a slow link the cached card (name and tier) shows while the card call is held, then the fresh one replaces it', async () => {
  const openid = 'demo-potential';
  const page = await session.openAs(openid, '/pages/card/index');
  await page.locator('.card-name').waitFor({ timeout: 30_000 });
  await settled(page);
  const first = await session.call<MemberCardView>('member', openid, 'getCard');
  const pointsBefore = digits(await page.locator('.points-available').textContent());
  expect(pointsBefore).toBe(String(first.points.available));

  // Change the card on the server, so the fresh copy can be told from the cached one.
  await session.call('staff', 'demo-staff', 'adjustPoints', { memberNo: first.memberNo, delta: 7, reason: '慢网测试补偿', requestId: `slow-link-${Date.now()}` });

  let held = 0;
  let passed = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/cloud/member', async (route) => {
    held += 1;
    await Promise.race([released, new Promise((r) => setTimeout(r, 3_000))]);
    passed += 1;
    await route.continue();
  });
  await page.reload();
  await page.locator('.card-name').filter({ hasText: first.displayName }).waitFor({ timeout: 2_500 });
  await page.locator('.tier-badge').filter({ hasText: first.tier.name.replace(/会员$/, '') }).waitFor({ timeout: 500 });
  // Still inside the hold: what is on screen came from storage, not from the network.
  expect(held).toBeGreaterThan(0);
  expect(passed).toBe(0);
  expect(digits(await page.locator('.points-available').textContent())).toBe(pointsBefore);

  release();
  await page.waitForFunction((n) => document.querySelector('.points-available')?.textContent?.replace(/[^\d]/g, '') === String(n), first.points.available + 7, { timeout: 15_000 });
  await page.unroute('**/cloud/member');
  await page.close();
});
