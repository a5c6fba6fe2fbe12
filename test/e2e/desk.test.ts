/**
 * A clerk answers the most urgent complaint from a cold open of the app in at most three taps: the
 * app opens on 员工工作台 for staff, 投诉处理 (1), the first row of the queue — nearest deadline first —
 * (2), type the reply, 回复客户 (3). Every tap is counted; the server's own view of the case is the
 * truth afterwards (the reply is in the thread and meets the first response).
 */
import type { Locator } from 'playwright-core';
import type { CaseQueueRow, CaseStaffView } from '../../cloudfunctions/services/caseViews';
import { PHONE_VIEWPORT, readmeScreenshot, settled, useBrowserSession } from './localCloud';

jest.setTimeout(240_000);

const session = useBrowserSession();
const CLERK = 'demo-staff';
const DEV_OPENID_KEY = 'freshpal.dev.openid';

type Queue = { items: CaseQueueRow[]; now: number };

/** The seed's open complaints; if the seed has none, demo customers file some first. */
async function openQueue(): Promise<Queue> {
  const queue = await session.call<Queue>('desk', CLERK, 'queue', {});
  if (queue.items.length > 0) return queue;
  const filed: [string, string, string][] = [
    ['demo-core', 'late', '说好早上7点前送到，8点半才到，耽误了食堂备餐'],
    ['demo-basic', 'short_weight', '五花肉称了一下少了差不多半斤，单子上写的是2斤'],
  ];
  for (const [i, [who, category, text]] of filed.entries()) {
    await session.call('feedback', who, 'submit', { requestId: `e2e-desk-${i}`, type: 'complaint', category, text });
  }
  return session.call<Queue>('desk', CLERK, 'queue', {});
}

it('a clerk answers the most urgent case in at most 3 taps from a cold open', async () => {
  const queue = await openQueue();
  const urgent = queue.items[0]!;
  // Nearest deadline first: the server's order is the one the clerk works down.
  const deadlines = queue.items.map((r) => r.dueAt).filter((d): d is number => d !== null);
  expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
  expect(urgent.dueAt).not.toBeNull();

  // A cold open: a new browser context (nothing cached) already acting as the clerk, on the app's entry.
  const context = await session.page.context().browser()!.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2 });
  try {
    await context.addInitScript(([key, value]) => window.localStorage.setItem(key, value), [DEV_OPENID_KEY, CLERK] as const);
    const page = await context.newPage();
    await page.goto(session.url);

    let taps = 0;
    const tap = async (target: Locator) => {
      await target.waitFor({ state: 'visible', timeout: 60_000 });
      taps += 1;
      await target.click();
    };

    // The app sends staff to 员工工作台.
    await tap(page.getByRole('link', { name: '投诉处理' }));
    const first = page.locator('.case-row').first();
    await first.waitFor({ timeout: 30_000 });
    await settled(page);
    expect(await first.textContent()).toContain(urgent.memberName);
    // The live countdown, in words for screen readers.
    const countdown = first.locator('.case-countdown');
    expect(await countdown.getAttribute('aria-label')).toMatch(/^(距(首次响应|解决)截止还有 |(首次响应|解决)已超时 )/);
    const shownBefore = await countdown.textContent();
    await page.waitForTimeout(1_500);
    expect(await countdown.textContent()).not.toBe(shownBefore);
    await readmeScreenshot(page, 'desk-queue');

    await tap(first);
    const reply = page.locator('.case-reply-text textarea');
    await reply.waitFor({ timeout: 30_000 });
    await settled(page);
    expect(await page.locator('.case-head').textContent()).toContain(urgent.memberName);
    const text = '非常抱歉给您添麻烦了，我们马上核实，今天内给您答复';
    await reply.fill(text);
    await tap(page.getByRole('button', { name: '回复客户' }));
    await page.getByText('已回复客户，客户会收到通知').waitFor({ timeout: 30_000 });
    expect(taps).toBeLessThanOrEqual(3);
    await settled(page);
    // The case from its header down, the reply now in the thread.
    await page.evaluate(() => window.scrollTo(0, 0));
    await readmeScreenshot(page, 'desk-case');

    // The server's view: the reply is in the thread, from the clerk, and answered the case.
    const after = await session.call<CaseStaffView>('desk', CLERK, 'get', { caseId: urgent.id });
    const last = after.thread.at(-1)!;
    expect(last).toMatchObject({ by: 'staff', name: '李小鲜', text, internal: false });
    expect(after.firstResponseAt).not.toBeNull();
    expect(after.assignee).toBe('李小鲜');
    expect(after.status).not.toBe('open');
  } finally {
    await context.close();
  }
});
