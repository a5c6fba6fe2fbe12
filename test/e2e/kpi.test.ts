/**
 * The manager's KPI screen in the browser: from the staff home to 经营指标, the demo data's figures
 * (rolled up by the seed's kpiDaily run) with targets, formulas and charts whose figures are also
 * text; the screenshot for the README.
 */
import { mkdirSync } from 'node:fs';
import type { KpiSummaryView } from '../../cloudfunctions/services/kpi';
import { settled, useBrowserSession } from './localCloud';

jest.setTimeout(180_000);

const session = useBrowserSession();

it('the demo manager opens 经营指标 from the staff home and sees every figure with its formula and the charts', async () => {
  const summary = await session.call<KpiSummaryView>('kpi', 'demo-manager', 'summary');
  if (!summary.ready) throw new Error('the demo seed did not build the KPI rollups');
  const page = await session.openAs('demo-manager', '/staff/pages/home/index');
  await page.getByRole('link', { name: '经营指标' }).click({ timeout: 60_000 });
  await page.locator('.kpi-figures').waitFor({ timeout: 30_000 });
  await settled(page);

  // Every figure the server computed is on screen with its formula.
  for (const f of summary.figures) {
    const card = page.locator(`.kpi-figure-${f.id}`);
    expect(await card.locator('.kpi-figure-name').textContent()).toBe(f.name);
    expect(await card.locator('.kpi-formula').textContent()).toContain(f.formula);
  }
  const repurchase = summary.figures.find((f) => f.id === 'repurchase');
  expect(await page.locator('.kpi-figure-repurchase .kpi-figure-value').textContent()).toBe(repurchase?.value === null ? '暂无数据' : `${repurchase?.value}%`);
  expect(await page.locator('.kpi-figure-referralShare .kpi-figure-value').textContent()).toBe('暂无数据');

  // The charts: a table per chart, each bar's figure written beside it.
  const tiers = page.getByRole('table', { name: '会员等级分布' });
  const strategic = summary.tiers.find((t) => t.key === 'strategic');
  expect(await tiers.getByRole('row').filter({ hasText: '战略' }).textContent()).toContain(`${strategic?.count} 人`);
  expect(await page.getByRole('table', { name: '按品类' }).getByRole('row').count()).toBe(summary.sales.current.byLine.length);
  const widths = await page.locator('.kpi-bar').evaluateAll((bars) => bars.map((b) => (b as HTMLElement).getBoundingClientRect().width));
  expect(widths.filter((w) => w > 0).length).toBeGreaterThan(10);

  mkdirSync('docs/screenshots', { recursive: true });
  // The figures and the first charts on one phone screen.
  await page.locator('.kpi-figure-sales').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/kpi.png', style: '.dev-switch-handle { visibility: hidden !important; }' });
  await page.close();
});
