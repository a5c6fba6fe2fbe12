/**
 * The KPI screen's figures: each with its Chinese name, the formula shown beside it, its unit, the
 * playbooks' target and the previous period. Built once by the job from the month's summed daily
 * rollups (rollup.ts) and the customer counters (customers.ts); the screen only reads the result.
 *
 * Targets (business-rules.md, "Their targets"): churn ≤ 8 %, repurchase ≥ 60 %, 6-month retention
 * ≥ 80 %, referrals ≥ 30 % of new customers, satisfaction ≥ 90 (share of good answers, in %), at
 * least 50 strategic partners. Complaint rate and first-response compliance have no playbook number
 * (one plan asks −10 % complaints against the previous period): they are shown without a target.
 */
import type { KpiDay } from './rollup';

export type KpiId = 'repurchase' | 'churn' | 'retention6m' | 'satisfaction' | 'complaintRate' | 'firstResponse' | 'referralShare' | 'strategic' | 'sales';

export interface KpiTarget { op: '≥' | '≤'; value: number }

export interface KpiDefinition {
  id: KpiId;
  name: string;
  formula: string;
  unit: string;
  better: 'higher' | 'lower';
  target: KpiTarget | null;
}

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { id: 'repurchase', name: '复购率', formula: '本月下单≥2次的客户 ÷ 本月下单客户', unit: '%', better: 'higher', target: { op: '≥', value: 60 } },
  { id: 'churn', name: '流失率', formula: '上月下单、本月未下单的客户 ÷ 上月下单客户', unit: '%', better: 'lower', target: { op: '≤', value: 8 } },
  { id: 'retention6m', name: '6个月留存率', formula: '6个月前那个月下单、近6个月内又下单的客户 ÷ 6个月前那个月下单客户', unit: '%', better: 'higher', target: { op: '≥', value: 80 } },
  { id: 'satisfaction', name: '满意度', formula: '（投诉/咨询评分4–5分 + 配送评价三项平均≥4分）÷ 全部评分与评价', unit: '%', better: 'higher', target: { op: '≥', value: 90 } },
  { id: 'complaintRate', name: '投诉率', formula: '本月投诉数 ÷ 本月订单数 × 100', unit: '次/百单', better: 'lower', target: null },
  { id: 'firstResponse', name: '首次响应达标率', formula: '按时首次回复的工单 ÷ 已回复或已超时的工单（本月新建）', unit: '%', better: 'higher', target: null },
  { id: 'referralShare', name: '转介绍占比', formula: '本月新客中由老客推荐的人数 ÷ 本月新客', unit: '%', better: 'higher', target: { op: '≥', value: 30 } },
  { id: 'strategic', name: '战略合作伙伴', formula: '当前等级为战略级的会员数', unit: '家', better: 'higher', target: { op: '≥', value: 50 } },
  { id: 'sales', name: '销售额', formula: '本月订单实付 − 退款（不含已取消、待支付）', unit: '元', better: 'higher', target: null },
];

export interface KpiFigure extends KpiDefinition {
  /** Percentages with one decimal; counts whole; sales in fen (unit 元 is for display). null: no data. */
  value: number | null;
  previous: number | null;
  /** value − previous (same unit), or null when either is missing. */
  change: number | null;
  /** Whether the target is met; null without a target or a value. */
  met: boolean | null;
  /** The counts behind the figure, for the text beside it (e.g. "12 / 40"). */
  detail: string;
}

export interface Share { key: string; label: string; count: number; pct: number }
export interface SalesShare { key: string; label: string; salesFen: number; orders: number; pct: number }

export interface PeriodSales { totalFen: number; orders: number; byTier: SalesShare[]; byRegion: SalesShare[]; byLine: SalesShare[] }

export interface KpiSummary {
  /** 'YYYY-MM' of the period shown and of the one it is compared with. */
  period: string;
  previousPeriod: string;
  /** The job run's instant: customer counters and the tier distribution are as of then. */
  asOf: number;
  figures: KpiFigure[];
  tiers: Share[];
  /** The tier distribution of the previous summary (null the first time). */
  previousTiers: Share[] | null;
  sales: { current: PeriodSales; previous: PeriodSales };
}

export interface SummaryInput {
  period: string;
  previousPeriod: string;
  asOf: number;
  /** The summed daily rollups of each period. */
  current: KpiDay;
  previous: KpiDay;
  /** The customer counters (customers.ts) over every member. */
  counts: Readonly<Record<string, number>>;
  /** Tier ids in display order with their configured names. */
  tiers: readonly { id: string; name: string }[];
  /** The previous summary's strategic count and tier distribution, when there is one. */
  before: { strategic: number | null; tiers: Share[] } | null;
}

/** A percentage with one decimal, or null when the base is 0 (no data, not 0 %). */
export const pct = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null);

const round1 = (n: number): number => Math.round(n * 10) / 10;

function figure(def: KpiDefinition, value: number | null, previous: number | null, detail: string): KpiFigure {
  const met = def.target === null || value === null ? null : def.target.op === '≥' ? value >= def.target.value : value <= def.target.value;
  const change = value === null || previous === null ? null : def.unit === '元' || def.unit === '家' ? value - previous : round1(value - previous);
  return { ...def, value, previous, change, met, detail };
}

const def = (id: KpiId): KpiDefinition => KPI_DEFINITIONS.find((d) => d.id === id) as KpiDefinition;

function shares(map: Record<string, { orders: number; salesFen: number }>, labels: (key: string) => string, order?: readonly string[]): SalesShare[] {
  const total = Object.values(map).reduce((a, b) => a + b.salesFen, 0);
  const keys = order ? [...order, ...Object.keys(map).filter((k) => !order.includes(k)).sort()] : Object.keys(map).sort((a, b) => (map[b]?.salesFen ?? 0) - (map[a]?.salesFen ?? 0) || (a < b ? -1 : 1));
  return keys.map((key) => {
    const b = map[key] ?? { orders: 0, salesFen: 0 };
    return { key, label: labels(key), salesFen: b.salesFen, orders: b.orders, pct: pct(b.salesFen, total) ?? 0 };
  });
}

function periodSales(d: KpiDay, tiers: SummaryInput['tiers']): PeriodSales {
  const tierName = (k: string) => tiers.find((t) => t.id === k)?.name ?? k;
  return {
    totalFen: d.salesFen,
    orders: d.orders,
    byTier: shares(d.byTier, tierName, tiers.map((t) => t.id)),
    byRegion: shares(d.byRegion, (k) => k),
    byLine: shares(d.byLine, (k) => k),
  };
}

/** Every figure of the screen for one period against the previous one. */
export function buildSummary(input: SummaryInput): KpiSummary {
  const { current: cur, previous: prev, counts } = input;
  const c = (k: string): number => counts[k] ?? 0;
  const rate = (p: 'cur' | 'prev', part: string, whole: string) => pct(c(`${p}_${part}`), c(`${p}_${whole}`));
  const ratio = (p: 'cur' | 'prev', part: string, whole: string) => `${c(`${p}_${part}`)} / ${c(`${p}_${whole}`)}`;

  const satisfaction = (d: KpiDay) => pct(d.ratings.good + d.surveys.good, d.ratings.total + d.surveys.total);
  const complaintRate = (d: KpiDay) => (d.orders > 0 ? Math.round((d.complaints * 10_000) / d.orders) / 100 : null);
  const firstResponse = (d: KpiDay) => pct(d.firstResponse.met, d.firstResponse.met + d.firstResponse.breached);
  const tracked = c('referralTracked') > 0;

  const tierTotal = input.tiers.reduce((a, t) => a + c(`tier_${t.id}`), 0);
  const tiers: Share[] = input.tiers.map((t) => ({ key: t.id, label: t.name, count: c(`tier_${t.id}`), pct: pct(c(`tier_${t.id}`), tierTotal) ?? 0 }));
  const strategic = c('tier_strategic');

  const figures: KpiFigure[] = [
    figure(def('repurchase'), rate('cur', 'repeat', 'active'), rate('prev', 'repeat', 'active'), ratio('cur', 'repeat', 'active')),
    figure(def('churn'), rate('cur', 'churned', 'churnBase'), rate('prev', 'churned', 'churnBase'), ratio('cur', 'churned', 'churnBase')),
    figure(def('retention6m'), rate('cur', 'retained', 'retBase'), rate('prev', 'retained', 'retBase'), ratio('cur', 'retained', 'retBase')),
    figure(def('satisfaction'), satisfaction(cur), satisfaction(prev), `评分 ${cur.ratings.good}/${cur.ratings.total}，配送评价 ${cur.surveys.good}/${cur.surveys.total}`),
    figure(def('complaintRate'), complaintRate(cur), complaintRate(prev), `${cur.complaints} 次 / ${cur.orders} 单`),
    figure(def('firstResponse'), firstResponse(cur), firstResponse(prev), `${cur.firstResponse.met} / ${cur.firstResponse.met + cur.firstResponse.breached}，待回复 ${cur.firstResponse.pending}`),
    figure(
      def('referralShare'),
      tracked ? rate('cur', 'newReferred', 'new') : null,
      tracked ? rate('prev', 'newReferred', 'new') : null,
      tracked ? ratio('cur', 'newReferred', 'new') : `暂无数据（本月新客 ${c('cur_new')}）`,
    ),
    figure(def('strategic'), strategic, input.before?.strategic ?? null, `共 ${tierTotal} 位会员`),
    figure(def('sales'), cur.salesFen, prev.salesFen, `${cur.orders} 单`),
  ];
  return {
    period: input.period,
    previousPeriod: input.previousPeriod,
    asOf: input.asOf,
    figures,
    tiers,
    previousTiers: input.before?.tiers ?? null,
    sales: { current: periodSales(cur, input.tiers), previous: periodSales(prev, input.tiers) },
  };
}
