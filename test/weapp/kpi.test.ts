// The compiled KPI page in miniprogram-simulate, which has no canvas: the figures and their tables
// render, the chart canvases are in the page, and a missing canvas node breaks nothing. The chart
// library ships in the staff subpackage only.
import fs from 'fs';
import path from 'path';
import { buildSummary, rollupDay, sumDays } from '../../cloudfunctions/core/kpi';
import { DIST, requireDist } from './distPath';
import { openPage, onCloud, sleep, waitForText } from './harness';

const order = (region: string, fen: number) => ({ memberId: 'm', status: 'completed', tier: 'core', region, paidFen: fen, refundedFen: 0, lines: [{ line: '叶菜', paidFen: fen }] });
const summary = buildSummary({
  period: '2026-11',
  previousPeriod: '2026-10',
  asOf: Date.parse('2026-12-02T04:30:00+08:00'),
  current: rollupDay('2026-11-03', [order('浦东新区', 300_00), order('徐汇区', 100_00)], [], []),
  previous: sumDays('2026-10', [rollupDay('2026-10-03', [order('浦东新区', 200_00)], [], [])]),
  counts: { tier_basic: 60, tier_core: 35, tier_strategic: 5, cur_active: 40, cur_repeat: 26, prev_active: 50, prev_repeat: 25, cur_churnBase: 50, cur_churned: 6, prev_churnBase: 40, prev_churned: 2 },
  tiers: [
    { id: 'basic', name: '基础' },
    { id: 'potential', name: '潜力' },
    { id: 'core', name: '核心' },
    { id: 'strategic', name: '战略' },
  ],
  before: null,
});

it('renders 经营指标 with its chart canvases and the figures written out, without a canvas node', async () => {
  onCloud('kpi.summary', () => ({ ok: true, data: { ready: true, ...summary } }));
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.error);
  window.addEventListener('error', onError);
  const consoleError = jest.spyOn(console, 'error');
  const page = openPage('staff/pages/kpi/index');
  const wx = (globalThis as unknown as { wx: { createSelectorQuery: () => unknown } }).wx;
  const query = jest.spyOn(wx, 'createSelectorQuery');
  const text = await waitForText(page, (t) => t.includes('按品类'));
  expect(text).toContain('复购率本月 65%上月 50%目标 ≥ 60%');
  expect(text).toContain('战略5 人 · 5%');
  expect(text).toContain('浦东新区¥300 · 75%（上月 ¥200）');
  expect(page.querySelectorAll('.chart-canvas')).toHaveLength(5);
  // Each chart asks for its canvas node after Taro's next render (later on a busy machine).
  for (let waited = 0; query.mock.calls.length < 5 && waited < 3000; waited += 20) await sleep(20);
  await sleep(50);
  expect(query).toHaveBeenCalledTimes(5);
  expect(errors).toEqual([]);
  expect(consoleError.mock.calls).toEqual([]);
  window.removeEventListener('error', onError);
  page.detach();
});

it('ships the chart library (uCharts) in the staff subpackage, not in the main package', () => {
  requireDist();
  const js = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? js(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : []));
  // A string uCharts throws when it gets no context; minifiers keep string literals.
  const holders = js(DIST)
    .filter((f) => fs.readFileSync(f, 'utf8').includes('[uCharts]'))
    .map((f) => path.relative(DIST, f).split(path.sep).join('/'));
  expect(holders.length).toBeGreaterThan(0);
  expect(holders.filter((f) => !f.startsWith('staff/'))).toEqual([]);
});
