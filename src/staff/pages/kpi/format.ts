/** How the KPI screen words its figures (pure: tested without rendering). */
import type { ApiResult } from '@contracts/apiMap';
import { formatFenShort } from '../../../format/money';

export type KpiView = Extract<ApiResult<'kpi', 'summary'>, { ready: true }>;
export type KpiFigureView = KpiView['figures'][number];

export const NO_DATA = '暂无数据';

/** A figure's value in its unit: "65%", "0.07 次/百单", "7 家", "¥1,742,288.95"; null → 暂无数据. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return NO_DATA;
  if (unit === '元') return formatFenShort(value);
  if (unit === '%') return `${value}%`;
  return `${value} ${unit}`;
}

/** "2026-11" → "2026年11月". */
export const monthLabel = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

export function formatTarget(f: Pick<KpiFigureView, 'target' | 'unit'>): string {
  if (!f.target) return '无目标值';
  return `目标 ${f.target.op} ${formatValue(f.target.value, f.unit)}`;
}

/**
 * The change against the previous period, in words and with its direction: "较上月 ↑ 15 个百分点".
 * `good` says whether the move is the wanted one (churn going down is good).
 */
export function formatChange(f: Pick<KpiFigureView, 'change' | 'unit' | 'better'>): { text: string; trend: 'up' | 'down' | 'flat' | null; good: boolean | null } {
  if (f.change === null) return { text: '上月无可比数据', trend: null, good: null };
  if (f.change === 0) return { text: '与上月持平', trend: 'flat', good: null };
  const trend = f.change > 0 ? 'up' : 'down';
  const size = Math.abs(f.change);
  const amount = f.unit === '元' ? formatFenShort(size) : f.unit === '%' ? `${Math.round(size * 10) / 10} 个百分点` : `${Math.round(size * 100) / 100} ${f.unit}`;
  return { text: `较上月${trend === 'up' ? '上升' : '下降'} ${amount}`, trend, good: (trend === 'up') === (f.better === 'higher') };
}
