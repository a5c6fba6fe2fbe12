/**
 * A demo customer (陈阿姨) complains about one of her orders in the browser: from the order's
 * 投诉/反馈 link, type and category, one line of the order, a description and a photo (a PNG set on
 * the file input Taro's H5 chooseMedia opens), then the new case; it is listed in 我的反馈. A staff
 * member answers and resolves it with compensation through the desk function directly, and she rates
 * it in the app (a reason is required at 3 stars or below).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Page as PageOf } from '../../cloudfunctions/contracts/api';
import type { CaseCustomerView, CaseStaffView } from '../../cloudfunctions/services/caseViews';
import type { OrderSummaryView } from '../../cloudfunctions/services/orderViews';
import { readmeScreenshot, settled, useBrowserSession } from './localCloud';

jest.setTimeout(240_000);

const session = useBrowserSession();
const CUSTOMER = 'demo-basic';
const STAFF = 'demo-staff';

interface PngImage { data: Buffer }
// pngjs ships no types; only this much of it is used.
const { PNG } = require('pngjs') as { PNG: { new (o: { width: number; height: number }): PngImage; sync: { write(img: PngImage): Buffer } } };

/** A small real PNG (a green square): the local server accepts images by their bytes. */
function png(): Buffer {
  const img = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < img.data.length; i += 4) img.data.set([47, 125, 79, 255], i);
  return PNG.sync.write(img);
}

let rid = 0;
const requestId = () => `e2e-complaint-${Date.now().toString(36)}-${(rid += 1)}`;

async function docScreenshot(page: Page, name: string): Promise<void> {
  await readmeScreenshot(page, name);
  mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: `docs/screenshots/${name}.png`, style: '.dev-switch-handle { visibility: hidden !important; }' });
}

it('a customer files a complaint with a photo about her order, sees it in 我的反馈, and rates the resolution', async () => {
  const history = await session.call<PageOf<OrderSummaryView>>('orders', CUSTOMER, 'history', { page: 0, pageSize: 10 });
  const order = history.items.find((o) => o.lineCount > 0 && o.status !== 'cancelled');
  if (!order) throw new Error('the demo customer has no order to complain about');

  // The way in: the order's detail page → 投诉/反馈 (the order comes preselected).
  const page = await session.openAs(CUSTOMER, `/packages/shop/pages/detail/index?orderId=${order.id}`);
  await page.getByRole('link', { name: `投诉/反馈：订单 ${order.id}` }).click({ timeout: 60_000 });
  const form = page.locator('.svc-page').filter({ has: page.getByRole('group', { name: '反馈类型' }) });
  await form.waitFor({ timeout: 30_000 });
  await settled(page);
  // The order comes chosen (one option pressed, and not 不涉及具体订单).
  const chosen = page.getByRole('group', { name: '相关订单' }).locator('[aria-pressed="true"]');
  expect(await chosen.count()).toBe(1);
  expect(await chosen.textContent()).not.toContain('不涉及具体订单');

  await page.getByRole('button', { name: '投诉', exact: true }).click();
  await page.getByRole('button', { name: '不新鲜/质量' }).click();
  // The first line of the order.
  const lines = page.getByRole('group', { name: '涉及的商品' }).getByRole('button');
  await lines.first().waitFor({ timeout: 15_000 });
  const lineName = (await lines.first().getAttribute('aria-label')) ?? '';
  await lines.first().click();
  const text = `收到的${lineName}包装破损、有异味，附照片。`;
  await page.getByLabel('问题描述').locator('textarea').fill(text);
  await page.getByText(`${text.length}/500`).waitFor();

  // Taro's H5 chooseMedia clicks a hidden <input type=file>: answer its file chooser with the PNG.
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await page.getByRole('button', { name: '添加照片' }).click();
  await (await chooser).setFiles({ name: 'leaves.png', mimeType: 'image/png', buffer: png() });
  await page.getByText('1/6').waitFor({ timeout: 30_000 });
  await page.locator('.svc-submit:not(.btn-disabled)').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: '上午' }).click();
  await docScreenshot(page, 'complaint-form');

  await page.getByRole('button', { name: '提交反馈' }).click();
  await page.getByText('提交成功').waitFor({ timeout: 30_000 });
  await settled(page);
  // The promise in plain words, and her photo shown as under review (the local checker does not check).
  expect(await page.locator('.svc-promise').textContent()).toMatch(/^我们将在 .+ 前回复您（工作时间 \d+ 小时内）$/);
  await page.getByText('审核中').first().waitFor();

  const mine = await session.call<{ items: CaseCustomerView[] }>('feedback', CUSTOMER, 'mine', { page: 0, pageSize: 5 });
  const filed = mine.items[0]!;
  expect(filed).toMatchObject({ type: 'complaint', category: 'quality', orderId: order.id, status: 'open', excerpt: text.slice(0, 60) });
  const desk = await session.call<CaseStaffView>('desk', STAFF, 'get', { caseId: filed.id });
  expect(desk.thread[0]!.photos).toHaveLength(1);
  expect(desk.preferredContact).toBe('上午');
  expect(desk.productIds).toHaveLength(1);

  await page.close();

  // 我的反馈 lists it first, waiting for an answer.
  const list = await session.openAs(CUSTOMER, '/packages/service/pages/mine/index');
  const row = list.locator('.svc-row').first();
  await row.waitFor({ timeout: 30_000 });
  await settled(list);
  expect(await row.textContent()).toContain('投诉 · 不新鲜/质量');
  expect(await row.textContent()).toContain('待响应');

  // The desk answers and resolves it with 50 points, as a clerk would.
  await session.call('desk', STAFF, 'reply', { caseId: filed.id, text: '非常抱歉，已核实是仓库分拣的问题。', requestId: requestId() });
  await session.call('desk', STAFF, 'resolve', { caseId: filed.id, outcome: 'points', points: 50, note: '已补偿 50 积分，下次配送前会再检查。', requestId: requestId() });

  // Back on 我的反馈: resolved, with the unread mark.
  await list.reload();
  await row.filter({ hasText: '已解决' }).waitFor({ timeout: 30_000 });
  await settled(list);
  expect(await row.locator('.svc-unread-dot').count()).toBe(1);
  await docScreenshot(list, 'complaint-mine');

  // She opens it: the reply, the resolution, and the rating form.
  await row.click();
  const one = list;
  await one.locator('.svc-resolution').waitFor({ timeout: 30_000 });
  await settled(one);
  expect(await one.locator('.svc-resolution').textContent()).toContain('补偿 50 积分');
  await one.getByText('非常抱歉，已核实是仓库分拣的问题。').waitFor();
  await one.getByRole('button', { name: '2 星，不满意' }).click();
  await one.getByRole('button', { name: '提交评价' }).click();
  await one.getByRole('alert').filter({ hasText: '3 分及以下请说明原因' }).first().waitFor();
  await one.getByLabel('请告诉我们哪里不满意（必填）').locator('textarea').fill('希望能补发一份');
  await one.getByRole('button', { name: '提交评价' }).click();
  await one.getByText('您的评价：2 分（不满意）').waitFor({ timeout: 30_000 });
  await docScreenshot(one, 'complaint-rated');

  const after = await session.call<CaseCustomerView>('feedback', CUSTOMER, 'get', { caseId: filed.id });
  expect(after.rating).toEqual({ score: 2, reason: '希望能补发一份' });
  expect(after.canRate).toBe(false);
  expect(after.unread).toBe(false);
  await one.close();
});
