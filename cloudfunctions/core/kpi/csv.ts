/**
 * CSV for Excel: UTF-8 with a byte-order mark (Excel on Windows otherwise reads Chinese as GBK),
 * CRLF line ends, fields quoted when they hold a comma, quote or line break, and a leading
 * = + - @ neutralised so a cell is never run as a formula.
 */
import type { KpiDay } from './rollup';
import type { KpiSummary } from './summary';

export const BOM = '\uFEFF';

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const toCsv = (rows: readonly (readonly (string | number | null)[])[]): string => BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** The screen's figures: one row per figure, then the tier and sales breakdowns. */
export function summaryCsv(s: KpiSummary): string {
  const shown = (v: number | null, unit: string) => (v === null ? '暂无数据' : unit === '元' ? yuan(v) : v);
  const rows: (string | number | null)[][] = [['指标', `本期（${s.period}）`, `上期（${s.previousPeriod}）`, '单位', '目标', '计算口径', '明细']];
  for (const f of s.figures) {
    rows.push([f.name, shown(f.value, f.unit), shown(f.previous, f.unit), f.unit, f.target ? `${f.target.op}${f.target.value}` : '', f.formula, f.detail]);
  }
  rows.push([], ['会员等级', '人数', '占比%']);
  for (const t of s.tiers) rows.push([t.label, t.count, t.pct]);
  for (const [title, list] of [['按等级销售额', s.sales.current.byTier], ['按地区销售额', s.sales.current.byRegion], ['按品类销售额', s.sales.current.byLine]] as const) {
    rows.push([], [title, '销售额（元）', '订单数', '占比%']);
    for (const x of list) rows.push([x.label, yuan(x.salesFen), x.orders, x.pct]);
  }
  return toCsv(rows);
}

/** The daily rollups of a range, one row per day. */
export function dailyCsv(days: readonly KpiDay[]): string {
  const rows: (string | number | null)[][] = [['日期', '订单数', '取消数', '销售额（元）', '退款（元）', '下单客户', '工单数', '投诉数', '首次响应按时', '首次响应超时', '评分数', '好评数', '配送评价数', '配送好评数']];
  for (const d of days) {
    rows.push([d.day, d.orders, d.cancelled, yuan(d.salesFen), yuan(d.refundedFen), d.buyers, d.cases, d.complaints, d.firstResponse.met, d.firstResponse.breached, d.ratings.total, d.ratings.good, d.surveys.total, d.surveys.good]);
  }
  return toCsv(rows);
}
