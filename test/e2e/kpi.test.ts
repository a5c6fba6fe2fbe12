/**
 * The manager's KPI screen in the browser: from the staff home to 经营指标, the demo data's figures
 * (rolled up by the seed's kpiDaily run) with targets, formulas and charts drawn on canvases (by
 * uCharts) whose figures are also text; the screenshot for the README.
 */
import { mkdirSync } from 'node:fs';
import type { KpiSummaryView } from '../../cloudfunctions/services/kpi';
import { axeViolations, describeViolations, isBlocking } from './axe';
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

  // The charts are drawn by uCharts on 2D canvases: five of them, each sized by the device pixel
  // ratio (2 here) and inked, the bar charts with this month's bars in the brand green.
  await page.waitForFunction(() => {
    const canvases = Array.from(document.querySelectorAll('.chart-canvas canvas')) as HTMLCanvasElement[];
    return canvases.length === 5 && canvases.every((c) => c.width > 0 && c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0));
  }, undefined, { timeout: 30_000 });
  const drawn = await page.locator('.chart-canvas').evaluateAll((hosts) =>
    hosts.map((host) => {
      const c = host.querySelector('canvas') as HTMLCanvasElement;
      const data = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      let green = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] as number) > 0) inked += 1;
        // #2f7d4f, the primary colour, with a little room for anti-aliasing.
        if (Math.abs((data[i] as number) - 0x2f) < 4 && Math.abs((data[i + 1] as number) - 0x7d) < 4 && Math.abs((data[i + 2] as number) - 0x4f) < 4) green += 1;
      }
      return { id: host.id, ariaHidden: host.getAttribute('aria-hidden'), ratio: c.width / c.getBoundingClientRect().width, inkedShare: inked / (data.length / 4), green };
    }),
  );
  expect(drawn.map((d) => d.id)).toEqual(['kpi-chart-rates', 'kpi-chart-tiers', 'kpi-chart-sales-tier', 'kpi-chart-sales-region', 'kpi-chart-sales-line']);
  for (const d of drawn) {
    expect(d.ariaHidden).toBe('true');
    expect(d.ratio).toBeCloseTo(2, 1);
    expect(d.inkedShare).toBeGreaterThan(0.01);
    expect(d.green).toBeGreaterThan(100);
  }

  // Charts and tables pass axe: no serious or critical violation on the screen.
  const blocking = (await axeViolations(page)).filter(isBlocking);
  expect(describeViolations('经营指标', blocking)).toBe('');

  mkdirSync('docs/screenshots', { recursive: true });
  // The rates against their targets and the tier ring on one phone screen.
  await page.locator('.kpi-charts').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'docs/screenshots/kpi.png', style: '.dev-switch-handle { visibility: hidden !important; }' });
  await page.close();
});
