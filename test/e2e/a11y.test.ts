/**
 * axe-core on every page of the H5 build at 390×844, as each demo customer and as staff: no serious
 * or critical violation anywhere (minor and moderate ones are printed). Each page is opened in a
 * fresh browser context acting as the identity from its first request, once its data has arrived;
 * dialogs and the dev switch sheet are checked open.
 */
import type { Page } from 'playwright-core';
import type { DemoIdentityView, Envelope } from '../../cloudfunctions/contracts/api';
import { axeViolations, describeViolations, isBlocking, type AxeViolation } from './axe';
import { settled, useBrowserSession } from './localCloud';

jest.setTimeout(180_000);

const session = useBrowserSession();

const ROUTE = {
  card: '/pages/card/index',
  points: '/pages/points/index',
  redeem: '/packages/coupons/pages/redeem/index',
  mine: '/packages/coupons/pages/mine/index',
  unknown: '/pages/no-such-page/index',
  staffHome: '/staff/pages/home/index',
  serviceNew: '/packages/service/pages/new/index',
  serviceMine: '/packages/service/pages/mine/index',
  serviceCase: '/packages/service/pages/case/index',
  serviceSurvey: '/packages/service/pages/survey/index',
} as const;

const minor: string[] = [];
let blocking: string[] = [];

/** Runs axe on the page as shown; serious/critical ones fail the test at its end (all listed). */
async function check(page: Page, where: string): Promise<void> {
  const violations: AxeViolation[] = await axeViolations(page);
  const rest = violations.filter((v) => !isBlocking(v));
  if (rest.length > 0) minor.push(describeViolations(where, rest));
  const found = violations.filter(isBlocking);
  if (found.length > 0) blocking.push(describeViolations(where, found));
}

beforeEach(() => {
  blocking = [];
});

afterEach(() => {
  // Each test visits several pages; a failure names every serious or critical violation it met.
  expect(blocking.join('\n')).toBe('');
});

async function identities(): Promise<DemoIdentityView[]> {
  const body = (await (await fetch(`${session.url}/dev/identities`)).json()) as Envelope<DemoIdentityView[]>;
  if (!body.ok) throw new Error(body.error.code);
  return body.data;
}

async function openSettled(openid: string, route: string, ready: string): Promise<Page> {
  const page = await session.openAs(openid, route);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await settled(page);
  return page;
}

async function openDevSheet(page: Page): Promise<void> {
  await page.locator('.dev-switch-handle').click();
  await page.locator('.dev-switch-item').first().waitFor();
}

afterAll(() => {
  // Printed, not asserted: the ones worth knowing about without failing the build.
  console.log(minor.length > 0 ? `axe minor/moderate violations:\n${minor.join('\n')}` : 'axe: no minor or moderate violations');
});

it('every demo customer: 会员卡 and 积分 have no serious or critical violations', async () => {
  const customers = (await identities()).filter((i) => i.role === 'customer');
  expect(customers.length).toBeGreaterThanOrEqual(5);
  for (const c of customers) {
    const card = await openSettled(c.openid, ROUTE.card, '.card-name');
    await check(card, `${c.label} 会员卡`);
    await card.close();
    const points = await openSettled(c.openid, ROUTE.points, '.points-summary');
    await check(points, `${c.label} 积分`);
    await points.close();
  }
});

it('a customer: 兑换优惠券 (and its confirm dialog), 我的优惠券, the not-found page and the dev switch sheet', async () => {
  const openid = 'demo-strategic'; // enough points to redeem, so the dialog can open
  const redeem = await openSettled(openid, ROUTE.redeem, '.coupon-template');
  await check(redeem, '顾客 兑换优惠券');
  await redeem.locator('.coupon-template .btn:not(.btn-disabled)').first().click();
  await redeem.locator('.dialog').waitFor();
  await check(redeem, '顾客 兑换优惠券 确认对话框');
  await redeem.close();

  const mine = await openSettled(openid, ROUTE.mine, '.tabs');
  await check(mine, '顾客 我的优惠券');
  await mine.close();

  const missing = await openSettled(openid, ROUTE.unknown, 'text=页面不存在或已下线');
  await check(missing, '顾客 页面不存在');
  await missing.close();

  const card = await openSettled(openid, ROUTE.card, '.card-name');
  // Keyboard: Tab reaches the card's named controls (刷新会员码 among them) and Enter works the dev handle.
  const focused: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    await card.keyboard.press('Tab');
    focused.push(await card.evaluate(() => `${document.activeElement?.getAttribute('role') ?? ''}:${document.activeElement?.getAttribute('aria-label') ?? ''}`));
  }
  expect(focused).toContain('button:刷新会员码');
  await card.locator('.dev-switch-handle').focus();
  await card.keyboard.press('Enter');
  await card.locator('.dev-switch-sheet').waitFor();
  await card.keyboard.press('Escape');
  await card.locator('.dev-switch-sheet').waitFor({ state: 'detached' });
  await openDevSheet(card);
  await check(card, '顾客 演示身份面板');
  await card.close();
});

it('a customer: 提交反馈 (with its validation messages), 我的反馈, a case and 满意度评价', async () => {
  const openid = 'demo-basic';
  const filed = await session.call<{ id: string }>('feedback', openid, 'submit', { requestId: 'a11y-service-case-1', type: 'complaint', category: 'quality', text: '上海青有一半是黄叶' });
  const form = await openSettled(openid, ROUTE.serviceNew, '.svc-submit');
  await check(form, '顾客 提交反馈');
  await form.locator('.svc-submit').click();
  await form.getByText('请选择反馈类型').waitFor();
  await check(form, '顾客 提交反馈 校验提示');
  await form.close();
  const mine = await openSettled(openid, ROUTE.serviceMine, '.svc-row');
  await check(mine, '顾客 我的反馈');
  await mine.close();
  const one = await openSettled(openid, `${ROUTE.serviceCase}?id=${filed.id}`, '.svc-thread');
  await check(one, '顾客 反馈详情');
  await one.close();
  const survey = await openSettled(openid, ROUTE.serviceSurvey, '.svc-survey, .list-row, .state');
  await check(survey, '顾客 满意度评价');
  await survey.close();
});

it.each([
  ['demo-staff', '员工'],
  ['demo-manager', '管理员'],
])('%s: 员工工作台, member detail with the adjust form and its ConfirmDialog, not-found and the dev switch sheet', async (openid, who) => {
  const home = await openSettled(openid, ROUTE.staffHome, '.member-no-input');
  await check(home, `${who} 员工工作台`);
  // The lookup's outcome line ("按会员号 … 查找") and a not-found error.
  await home.locator('.member-no-input input').fill('99999999');
  await home.locator('.btn').filter({ hasText: '查询' }).click();
  await home.locator('.form-error').waitFor();
  await check(home, `${who} 员工工作台 查询无结果`);
  await openDevSheet(home);
  await check(home, `${who} 演示身份面板`);
  await home.locator('.dev-switch-close').click();

  // Member detail is reached the way staff reach it: a lookup from 员工工作台.
  await home.locator('.member-no-input input').fill('FP00000003');
  await home.locator('.btn').filter({ hasText: '查询' }).click();
  const member = home;
  await member.locator('.adjust-form').waitFor({ timeout: 30_000 });
  await settled(member);
  await check(member, `${who} 会员详情`);
  const form = member.locator('.adjust-form');
  await form.getByRole('button', { name: '减' }).click();
  await form.locator('.adjust-amount input').fill('50');
  await form.locator('.adjust-reason textarea').fill('包装破损扣回');
  await form.getByRole('button', { name: '提交积分调整' }).click();
  await member.locator('.dialog').waitFor();
  await check(member, `${who} 会员详情 调整积分确认`);
  await member.locator('.dialog').getByRole('button', { name: '取消' }).click();
  await member.close();

  const missing = await openSettled(openid, ROUTE.unknown, 'text=页面不存在或已下线');
  await check(missing, `${who} 页面不存在`);
  await missing.close();
});
