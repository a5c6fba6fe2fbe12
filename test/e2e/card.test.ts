/**
 * The whole product in a browser: `npm start` serves the H5 build and the functions; the dev switch
 * acts as a demo customer; the card shows the tier and the points the function computes.
 */
import type { MemberCardView } from '../../cloudfunctions/contracts/api';
import { digits, useBrowserSession } from './localCloud';

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
  await page.screenshot({ path: 'test-results/member-card.png', fullPage: true });
});

it('switches to another identity and shows that member instead', async () => {
  const { page } = session;
  await session.actAs('战略会员 · 鲜丰连锁超市');
  await page.locator('.tier-badge').filter({ hasText: '战略' }).waitFor({ timeout: 30_000 });
  const expected = await session.call<MemberCardView>('member', 'demo-strategic', 'getCard');
  expect(digits(await page.locator('.points-available').textContent())).toBe(String(expected.points.available));
  expect(await page.locator('.contact-phone').textContent()).toContain(expected.contact?.phone ?? '—');
});
