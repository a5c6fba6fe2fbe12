/**
 * 经营指标: every figure with its target, the previous month, the direction of the change and the
 * formula beside it; the charts carry their figures as text; 暂无数据 where there is no data; the
 * not-yet-built and manager-only states; CSV export as a download in H5; the entry on the staff home
 * for managers only.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import StaffKpiPage from '@/staff/pages/kpi/index';
import StaffHomePage from '@/staff/pages/home/index';
import { openPage } from '@/lib/nav';
import { buildSummary, rollupDay, sumDays } from '../../../cloudfunctions/core/kpi';
import { fail, installFakeServer, ok } from '../fakeServer';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));

const tiers = [
  { id: 'basic', name: '基础' },
  { id: 'potential', name: '潜力' },
  { id: 'core', name: '核心' },
  { id: 'strategic', name: '战略' },
];
const order = (region: string, fen: number) => ({ memberId: 'm', status: 'completed', tier: 'core', region, paidFen: fen, refundedFen: 0, lines: [{ line: '叶菜', paidFen: fen }] });
const summary = buildSummary({
  period: '2026-11',
  previousPeriod: '2026-10',
  asOf: Date.parse('2026-12-02T04:30:00+08:00'),
  current: rollupDay('2026-11-03', [order('浦东新区', 300_00), order('徐汇区', 100_00)], [{ type: 'complaint', firstResponseAt: 1, breachedFirstResponse: false, rating: { score: 5 } }], []),
  previous: sumDays('2026-10', [rollupDay('2026-10-03', [order('浦东新区', 200_00)], [], [])]),
  counts: { tier_basic: 60, tier_core: 35, tier_strategic: 5, cur_active: 40, cur_repeat: 26, prev_active: 50, prev_repeat: 25, cur_churnBase: 50, cur_churned: 6, prev_churnBase: 40, prev_churned: 2 },
  tiers,
  before: null,
});

beforeEach(() => {
  (openPage as jest.Mock).mockClear();
});

describe('经营指标', () => {
  it('shows each figure with its target, last month, the change and the formula', async () => {
    installFakeServer({ 'kpi.summary': () => ok({ ready: true, ...summary }) });
    const { container } = render(<StaffKpiPage />);
    await screen.findByText('2026年11月 · 对比2026年10月');
    const repurchase = container.querySelector('.kpi-figure-repurchase') as HTMLElement;
    // 26/40 = 65 % against ≥ 60 %, up from 25/50 = 50 %.
    expect(repurchase.textContent).toContain('65%');
    expect(repurchase.textContent).toContain('目标 ≥ 60%');
    expect(repurchase.textContent).toContain('上月 50%');
    expect(repurchase.textContent).toContain('↑ 较上月上升 15 个百分点');
    expect(repurchase.textContent).toContain('本月下单≥2次的客户 ÷ 本月下单客户');
    expect(within(repurchase).getByText('达标')).toBeTruthy();
    // Churn 6/50 = 12 % > 8 %: not met, and up from 5 % is bad news.
    const churn = container.querySelector('.kpi-figure-churn') as HTMLElement;
    expect(churn.textContent).toContain('12%');
    expect(within(churn).getByText('未达标')).toBeTruthy();
    expect(churn.querySelector('.kpi-bad')?.textContent).toBe('↑ 较上月上升 7 个百分点');
    // No referral data yet: said so, formula still shown.
    const referral = container.querySelector('.kpi-figure-referralShare') as HTMLElement;
    expect(referral.textContent).toContain('暂无数据');
    expect(referral.textContent).toContain('本月新客中由老客推荐的人数 ÷ 本月新客');
    expect((container.querySelector('.kpi-figure-sales') as HTMLElement).textContent).toContain('¥400');
  });

  it('writes every charted figure out in a table beside its chart', async () => {
    installFakeServer({ 'kpi.summary': () => ok({ ready: true, ...summary }) });
    render(<StaffKpiPage />);
    const tiersChart = await screen.findByRole('table', { name: '会员等级分布' });
    expect(within(tiersChart).getByText('战略').closest('[role="row"]')?.textContent).toContain('5 人 · 5%');
    const regions = screen.getByRole('table', { name: '按地区' });
    const rows = within(regions).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['浦东新区¥300 · 75%（上月 ¥200）', '徐汇区¥100 · 25%（上月 ¥0）']);
    // The rates table: this month, last month and the target in words (the chart marks the target).
    const rates = screen.getByRole('table', { name: '指标与目标' });
    expect(within(rates).getByText('复购率').closest('[role="row"]')?.textContent).toBe('复购率本月 65%上月 50%目标 ≥ 60%');
    expect(within(rates).getByText('转介绍占比').closest('[role="row"]')?.textContent).toContain('本月 暂无数据');
    expect(screen.getByText('柱：本月（深）与上月（浅）；红点：目标')).toBeTruthy();
  });

  it('says when the figures are not built yet, and refuses anyone but a manager', async () => {
    installFakeServer({ 'kpi.summary': () => ok({ ready: false }) });
    const { unmount } = render(<StaffKpiPage />);
    expect(await screen.findByText('经营指标尚未生成')).toBeTruthy();
    unmount();
    installFakeServer({ 'kpi.summary': () => fail('AUTH.FORBIDDEN', '仅限管理员使用') });
    render(<StaffKpiPage />);
    expect(await screen.findByText('仅限店长查看')).toBeTruthy();
  });

  it('exports the figures as a CSV download in H5', async () => {
    const server = installFakeServer({ 'kpi.summary': () => ok({ ready: true, ...summary }), 'kpi.exportCsv': () => ok({ filename: '经营指标-2026-11.csv', csv: '\uFEFF指标\r\n' }) });
    const blobs: Blob[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('经营指标-2026-11.csv');
    });
    Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:kpi'), revokeObjectURL: () => undefined });
    render(<StaffKpiPage />);
    fireEvent.click(await screen.findByLabelText('导出指标 CSV'));
    expect(await screen.findByText('已下载 经营指标-2026-11.csv')).toBeTruthy();
    expect(server.payloads('kpi.exportCsv')).toEqual([{ kind: 'summary' }]);
    expect(click).toHaveBeenCalledTimes(1);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    fireEvent.click(screen.getByLabelText('导出2026年11月日报 CSV'));
    await waitFor(() => expect(server.payloads('kpi.exportCsv')).toContainEqual({ kind: 'daily', from: '2026-11-01', to: '2026-11-30' }));
    click.mockRestore();
  });

  it('is on the staff home for managers only', async () => {
    installFakeServer({ 'member.whoami': () => ok({ role: 'manager', displayName: '王店长', memberNo: null }) });
    const { unmount } = render(<StaffHomePage />);
    fireEvent.click(await screen.findByLabelText('经营指标'));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/kpi/index');
    unmount();
    installFakeServer({ 'member.whoami': () => ok({ role: 'staff', displayName: '李小鲜', memberNo: null }) });
    render(<StaffHomePage />);
    await screen.findByText('李小鲜（店员）');
    expect(screen.queryByLabelText('经营指标')).toBeNull();
  });
});
