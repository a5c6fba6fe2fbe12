/**
 * 张姐 (a group leader) reorders last week's order from a cold open of the app in at most three taps:
 * the 订单 tab, 再来一单 on the newest order, 确认下单 on the reconciled cart (everything orderable
 * preselected, the best coupon applied, her pickup point kept). Every tap is counted.
 */
import { mkdirSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import type { Page as PageOf } from '../../cloudfunctions/contracts/api';
import type { OrderSummaryView } from '../../cloudfunctions/services/orderViews';
import { settled, useBrowserSession } from './localCloud';

jest.setTimeout(240_000);

const session = useBrowserSession();
const LEADER = 'demo-leader';
const PHONE = { width: 390, height: 844 };

it('张姐 goes from a cold open to a confirmed reorder in at most 3 taps', async () => {
  const before = await session.call<PageOf<OrderSummaryView>>('orders', LEADER, 'history', { page: 0, pageSize: 50 });
  const lastWeek = before.items[0]!;
  expect(lastWeek.slot?.kind).toBe('pickup');

  // A cold open: a new browser context (nothing cached) already acting as 张姐, on the app's entry.
  const browser = session.page.context().browser()!;
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
  try {
    await context.addInitScript((openid) => window.localStorage.setItem('freshpal.dev.openid', openid), LEADER);
    const page = await context.newPage();
    await page.goto(session.url);
    await settled(page);

    let taps = 0;
    const tap = async (target: Locator) => {
      await target.waitFor({ state: 'visible', timeout: 30_000 });
      taps += 1;
      await target.click();
    };

    await tap(page.locator('.weui-tabbar__item').filter({ hasText: '订单' }));
    await tap(page.locator('.order-row').first().locator('.order-again'));
    // The reconciled cart: priced, coupon chosen, 确认下单 enabled.
    const confirm = page.locator('.checkout-submit:not(.btn-disabled)').filter({ hasText: '确认下单' });
    await confirm.waitFor({ timeout: 30_000 });
    await settled(page);
    const shown = await page.locator('.reorder-line').allTextContents();
    expect(shown.length).toBe(lastWeek.lineCount);
    expect(shown.some((l) => /比上次涨/.test(l))).toBe(true);
    expect(shown.some((l) => /已下架/.test(l) && /可换成/.test(l))).toBe(true);
    expect(await page.locator('.pickup-field input').inputValue()).toBe(lastWeek.slot?.pickupPoint);
    mkdirSync('docs/screenshots', { recursive: true });
    // The H5-only dev switch handle is not part of the product (as in the other README screenshots).
    await page.screenshot({ path: 'docs/screenshots/reorder.png', style: '.dev-switch-handle { visibility: hidden !important; }' });

    await tap(confirm);
    await page.getByText('下单成功').waitFor({ timeout: 30_000 });
    expect(taps).toBeLessThanOrEqual(3);

    const after = await session.call<PageOf<OrderSummaryView>>('orders', LEADER, 'history', { page: 0, pageSize: 50 });
    // Exactly one new order on top, last week's right under it.
    expect(before.items.map((o) => o.id)).not.toContain(after.items[0]!.id);
    expect(after.items[1]!.id).toBe(lastWeek.id);
    expect(after.items[0]).toMatchObject({ status: 'submitted', slot: { kind: 'pickup', pickupPoint: lastWeek.slot?.pickupPoint } });
    // The orderable lines went in; the off-shelf one stayed out.
    expect(after.items[0]!.lineCount).toBe(shown.filter((l) => !/已下架|已停售|不在当季|已售罄/.test(l)).length);
    await page.screenshot({ path: 'test-results/reorder-placed.png' });
  } finally {
    await context.close();
  }
});
