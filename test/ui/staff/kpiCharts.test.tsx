/**
 * The KPI charts: the Chart component hands uCharts (the real library) the categories and series of
 * its data and the library draws them on the canvas; it draws again when the data changes and not at
 * all when there is nothing to show or no canvas. jsdom has no canvas, so the platform adapter
 * (openCanvas) is replaced by a recording 2D context; the library itself runs unchanged (only watched).
 */
import { render, screen, waitFor } from '@testing-library/react';
import { Chart, type ChartSpec } from '@/staff/components/Chart';
import { openCanvas, type ChartCanvas } from '@/staff/components/Chart/canvas';
import StaffKpiPage from '@/staff/pages/kpi/index';
import { color } from '@/styles/tokens';
import { buildSummary, rollupDay, sumDays } from '../../../cloudfunctions/core/kpi';
import { installFakeServer, ok } from '../fakeServer';

jest.mock('@/staff/components/Chart/canvas', () => ({ openCanvas: jest.fn() }));

interface Seen {
  type: string;
  categories?: string[];
  series: { name?: string; data: unknown; type?: string }[];
  width: number;
  height: number;
  pixelRatio: number;
  animation: boolean;
  context: unknown;
}
const seen: Seen[] = [];
// A pass-through spy: records what the chart asked for (before uCharts fills in defaults), then runs
// the real library.
jest.mock('@qiun/ucharts', () => {
  const Real = jest.requireActual('@qiun/ucharts').default;
  return {
    __esModule: true,
    default: jest.fn((opts: Record<string, unknown>) => {
      const { context, ...rest } = opts;
      seen.push({ ...(JSON.parse(JSON.stringify(rest)) as Seen), context });
      return new Real(opts);
    }),
  };
});

/** A 2D context that remembers the text it was asked to write and the colours it filled with. */
class RecordingContext {
  texts: string[] = [];
  fills: string[] = [];
  cleared: number[][] = [];
  fillStyle: unknown = '';
  strokeStyle: unknown = '';
  lineWidth = 1;
  font = '';
  textAlign = 'left';
  textBaseline = 'alphabetic';
  fillText(text: string) {
    this.texts.push(text);
  }
  fill() {
    this.fills.push(String(this.fillStyle));
  }
  fillRect() {
    this.fills.push(String(this.fillStyle));
  }
  clearRect(...args: number[]) {
    this.cleared.push(args);
  }
  createLinearGradient() {
    return { addColorStop: () => undefined };
  }
}
for (const name of ['save', 'restore', 'translate', 'rotate', 'beginPath', 'closePath', 'moveTo', 'lineTo', 'arc', 'rect', 'stroke', 'setLineDash', 'bezierCurveTo', 'quadraticCurveTo', 'strokeText']) {
  (RecordingContext.prototype as unknown as Record<string, () => void>)[name] = () => undefined;
}

const contexts = new Map<string, RecordingContext>();
const openCanvasMock = openCanvas as jest.MockedFunction<typeof openCanvas>;

beforeEach(() => {
  seen.length = 0;
  contexts.clear();
  openCanvasMock.mockReset();
  openCanvasMock.mockImplementation((id: string) => {
    const context = new RecordingContext();
    contexts.set(id, context);
    return Promise.resolve({ context, width: 600, height: 400, pixelRatio: 2 } as unknown as ChartCanvas);
  });
});

const sales = (now: number[], before: number[]): ChartSpec => ({
  type: 'column',
  unit: '元',
  categories: ['浦东新区', '徐汇区'],
  series: [
    { name: '本月', data: now },
    { name: '上月', data: before },
  ],
});

describe('Chart', () => {
  it('hands uCharts the categories and series without animation, sized by the pixel ratio, and the library draws them', async () => {
    render(<Chart id='c1' spec={sales([300, 100], [200, 0])} />);
    await waitFor(() => expect(contexts.get('c1')?.texts).toContain('浦东新区'));
    expect(openCanvasMock).toHaveBeenCalledWith('c1');
    expect(seen).toHaveLength(1);
    const opts = seen[0] as Seen;
    expect(opts.type).toBe('column');
    expect(opts.categories).toEqual(['浦东新区', '徐汇区']);
    expect(opts.series.map((s) => [s.name, s.data])).toEqual([
      ['本月', [300, 100]],
      ['上月', [200, 0]],
    ]);
    expect([opts.width, opts.height, opts.pixelRatio, opts.animation]).toEqual([600, 400, 2, false]);
    expect(opts.context).toBe(contexts.get('c1'));
    // What the library drew: both category names and the legend's words, bars in the app's greens.
    const ctx = contexts.get('c1') as RecordingContext;
    expect(ctx.texts).toEqual(expect.arrayContaining(['浦东新区', '徐汇区', '本月', '上月']));
    expect(ctx.fills).toEqual(expect.arrayContaining([color.primary, '#9cc8ab']));
    expect(ctx.cleared[0]).toEqual([0, 0, 600, 400]);
    // The canvas is a picture only.
    expect(document.getElementById('c1')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('draws targets as red dots over the columns, on a 0–100 % axis', async () => {
    const spec: ChartSpec = {
      type: 'column',
      unit: '%',
      categories: ['复购率', '流失率'],
      series: [
        { name: '本月', data: [65, 12] },
        { name: '上月', data: [50, 5] },
        { name: '目标', data: [60, 8], kind: 'marker' },
      ],
    };
    render(<Chart id='rates' spec={spec} />);
    await waitFor(() => expect(contexts.get('rates')?.texts).toContain('复购率'));
    const opts = seen[0] as Seen;
    expect(opts.type).toBe('mix');
    expect(opts.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['本月', 'column', [65, 12]],
      ['上月', 'column', [50, 5]],
      ['目标', 'point', [60, 8]],
    ]);
    const ctx = contexts.get('rates') as RecordingContext;
    expect(ctx.texts).toEqual(expect.arrayContaining(['复购率', '流失率', '目标', '0%', '100%']));
    expect(ctx.fills).toEqual(expect.arrayContaining([color.primary, '#9cc8ab', color.negative]));
  });

  it('draws a ring of slices with their labels', async () => {
    const spec: ChartSpec = {
      type: 'ring',
      slices: [
        { name: '基础', value: 60, label: '60%' },
        { name: '战略', value: 5, label: '5%' },
      ],
      centre: { title: '65 人', subtitle: '会员' },
    };
    render(<Chart id='ring' spec={spec} />);
    await waitFor(() => expect(contexts.get('ring')?.texts).toContain('65 人'));
    expect(seen[0]?.type).toBe('ring');
    expect(contexts.get('ring')?.texts).toEqual(expect.arrayContaining(['基础', '战略', '60%', '5%', '会员']));
  });

  it('draws again when the data changes, and not when equal data arrives again', async () => {
    const { rerender } = render(<Chart id='c2' spec={sales([300, 100], [200, 0])} />);
    await waitFor(() => expect(seen).toHaveLength(1));
    rerender(<Chart id='c2' spec={sales([300, 100], [200, 0])} />);
    rerender(<Chart id='c2' spec={sales([500, 100], [200, 0])} />);
    await waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]?.series[0]?.data).toEqual([500, 100]);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(2);
  });

  it('draws nothing, and renders no canvas, when there is no data', async () => {
    const { container, rerender } = render(<Chart id='e1' spec={{ type: 'column', unit: '元', categories: [], series: [{ name: '本月', data: [] }] }} />);
    rerender(<Chart id='e1' spec={{ type: 'column', unit: '%', categories: ['转介绍占比'], series: [{ name: '本月', data: [null] }] }} />);
    rerender(<Chart id='e1' spec={{ type: 'ring', slices: [{ name: '基础', value: 0, label: '0%' }] }} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container.querySelector('#e1')).toBeNull();
    expect(openCanvasMock).not.toHaveBeenCalled();
    expect(seen).toHaveLength(0);
  });

  it('leaves the canvas alone when the platform finds no canvas node', async () => {
    openCanvasMock.mockImplementation(() => Promise.resolve(null));
    render(<Chart id='none' spec={sales([1], [2])} />);
    await waitFor(() => expect(openCanvasMock).toHaveBeenCalledWith('none'));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(0);
  });
});

describe('经营指标 charts', () => {
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

  it('draws rates against targets, the tier ring and sales in yuan for this month against last', async () => {
    installFakeServer({ 'kpi.summary': () => ok({ ready: true, ...summary }) });
    render(<StaffKpiPage />);
    await screen.findByRole('table', { name: '按地区' });
    await waitFor(() => expect(seen).toHaveLength(5));
    expect(openCanvasMock.mock.calls.map((c) => c[0]).sort()).toEqual(['kpi-chart-rates', 'kpi-chart-sales-line', 'kpi-chart-sales-region', 'kpi-chart-sales-tier', 'kpi-chart-tiers']);
    const byContext = (id: string) => seen.find((s) => s.context === contexts.get(id)) as Seen;

    const regions = byContext('kpi-chart-sales-region');
    expect(regions.categories).toEqual(['浦东新区', '徐汇区']);
    expect(regions.series.map((s) => [s.name, s.data])).toEqual([
      ['本月', [300, 100]],
      ['上月', [200, 0]],
    ]);

    const rates = byContext('kpi-chart-rates');
    const withTarget = summary.figures.filter((f) => f.unit === '%' && f.target !== null);
    expect(rates.categories).toEqual(withTarget.map((f) => f.name));
    expect(rates.categories).toContain('复购率');
    const series = Object.fromEntries(rates.series.map((s) => [s.name, s.data]));
    const at = (rates.categories ?? []).indexOf('复购率');
    expect([(series['本月'] as number[])[at], (series['上月'] as number[])[at], (series['目标'] as number[])[at]]).toEqual([65, 50, 60]);
    // No referral data yet: no bar for it (the table says 暂无数据).
    expect((series['本月'] as unknown[])[(rates.categories ?? []).indexOf('转介绍占比')]).toBeNull();

    const tiers = byContext('kpi-chart-tiers');
    const slices = (tiers.series[0]?.data ?? []) as { name: string; value: number }[];
    expect(slices.map((s) => [s.name, s.value])).toEqual(summary.tiers.map((t) => [t.label, t.count]));
    await waitFor(() => expect(contexts.get('kpi-chart-tiers')?.texts).toContain('100 人'));
  });
});
