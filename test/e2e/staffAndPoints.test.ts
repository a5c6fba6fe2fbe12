/**
 * The rest of the product in a browser: a customer's points page, and a sales clerk looking a
 * member up and adjusting their points with a reason.
 */
import { join } from 'node:path';
import Database from 'libsql';
import type { PointsSummaryView, WhoAmIView } from '../../cloudfunctions/contracts/api';
import type { MemberLookupView } from '../../cloudfunctions/services/staffDesk';
import { digits, readmeScreenshot, settled, useBrowserSession } from './localCloud';

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
  await settled(page);
  // The README's 积分 screenshot: the phone screen as a customer first sees it.
  await readmeScreenshot(page, 'points');
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
  await session.actAs('店员 · 李小鲜');
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
});

const STAFF_HOME = '/staff/pages/home/index';
const CLERK = 'demo-staff';

/** Whether the server's database holds a member document for `openid` (read beside the server). */
function memberStored(dataDir: string, openid: string): boolean {
  const db = new Database(join(dataDir, 'freshpal.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT 1 FROM "c_members" WHERE _id = ?').get(openid) !== undefined;
  } finally {
    db.close();
  }
}

it('a clerk opens the app on 员工工作台 with no QR card, and is not enrolled as a customer', async () => {
  const page = await session.openAs(CLERK, '/pages/card/index');
  await page.locator('.staff-me').waitFor({ timeout: 30_000 });
  await settled(page);
  expect(await page.locator('.staff-me').textContent()).toContain('李小鲜');
  expect(await page.locator('.code-image').count()).toBe(0);
  expect(await page.locator('.card-name:visible').count()).toBe(0);
  const who = await session.call<WhoAmIView>('member', CLERK, 'whoami');
  expect(who).toEqual({ role: 'staff', displayName: '李小鲜', memberNo: null });
  expect(memberStored(session.dataDir, CLERK)).toBe(false);
  expect(memberStored(session.dataDir, 'demo-core')).toBe(true); // the check can see a member
  await readmeScreenshot(page, 'staff-home');
  await page.close();
});

it('the lookup reads fp3, "FP 0000 0003" and an 11-digit phone, and says what it searched for', async () => {
  const { member: found } = await session.call<MemberLookupView>('staff', CLERK, 'findMember', { query: 'FP00000003' });
  const phone = found.phone?.replace(/\D/g, '') ?? '';
  expect(phone).toMatch(/^1\d{10}$/);
  const cases: [string, string][] = [
    ['fp3', '按会员号 FP00000003 查找'],
    ['FP 0000 0003', '按会员号 FP00000003 查找'],
    [phone, `按手机号 ${phone.slice(0, 3)}****${phone.slice(7)} 查找`],
  ];
  for (const [typed, said] of cases) {
    const page = await session.openAs(CLERK, STAFF_HOME);
    await page.locator('.member-no-input input').waitFor({ timeout: 30_000 });
    await settled(page);
    await page.locator('.member-no-input input').fill(typed);
    await page.locator('.btn').filter({ hasText: '查询' }).click();
    // The outcome line stays on 员工工作台 (hidden under the member page once it opens).
    await page.waitForFunction((text) => document.querySelector('.lookup-searched')?.textContent?.includes(text) === true, said, { timeout: 15_000 });
    await page.locator('.member-available').waitFor({ timeout: 30_000 });
    expect(await page.locator('.page').filter({ hasText: '会员号 FP00000003' }).count()).toBeGreaterThan(0);
    await page.close();
  }
});

it('a clerk deducts 50 points with a reason: after the ConfirmDialog the available balance shown is 50 lower', async () => {
  const page = await session.openAs(CLERK, STAFF_HOME);
  await page.locator('.member-no-input input').waitFor({ timeout: 30_000 });
  await page.locator('.member-no-input input').fill('FP00000003');
  await page.locator('.btn').filter({ hasText: '查询' }).click();
  await page.locator('.adjust-form').waitFor({ timeout: 30_000 });
  await settled(page);
  const shown = async () => Number(digits(await page.locator('.member-available').textContent()));
  const before = await shown();
  expect(before).toBeGreaterThanOrEqual(50);
  const form = page.locator('.adjust-form');
  await form.getByRole('button', { name: '减' }).click();
  await form.locator('.adjust-amount input').fill('50');
  await form.locator('.adjust-reason textarea').fill('包装破损扣回');
  await form.getByRole('button', { name: '提交积分调整' }).click();
  const dialog = page.locator('.dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: /^确认/ }).click();
  await form.locator('.form-ok').waitFor({ timeout: 15_000 });
  await page.waitForFunction((n) => document.querySelector('.member-available')?.textContent?.replace(/[^\d]/g, '') === String(n), before - 50, { timeout: 15_000 });
  expect(await shown()).toBe(before - 50);
  expect(await dialog.count()).toBe(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await readmeScreenshot(page, 'staff-member');
  await page.close();
});
