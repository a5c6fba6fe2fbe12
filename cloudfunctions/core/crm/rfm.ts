/**
 * RFM: recency (days since the last order), frequency (orders in the window) and monetary value
 * (net spend in fen in the window), each scored 1–5 against configured cut points, then one of the
 * eight classic segments by which of the three are high (score ≥ `highScore`).
 *
 * Recency the right way round: FEWER days since the last order is BETTER and scores HIGHER. Several
 * public recipes compare the raw day count with its mean and call "≥ mean" high, which files
 * long-lapsed customers under 重要价值; here 3 days scores 5 and 200 days scores 1.
 *
 * Fixed cut points rather than quintiles: wholesale data has many ties (dozens of customers with
 * exactly 12 orders), which quintiles split arbitrarily, and fixed points keep a score's meaning
 * stable from one night to the next. The defaults follow the playbooks' tier thresholds.
 */
import type { RfmConfig } from './config';
import { dayNumber } from './days';

export const RFM_SEGMENTS = ['重要价值', '重要发展', '重要保持', '重要挽留', '一般价值', '一般发展', '一般保持', '一般挽留'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** One line each, for staff. */
export const SEGMENT_EXPLANATIONS: Record<RfmSegment, string> = {
  重要价值: '近期常来、买得多：重点维护，保持专属服务',
  重要发展: '近期来过、花得多但次数少：多接触，提高下单频次',
  重要保持: '常来、花得多，但最近没来：主动联系，防止流失',
  重要挽留: '花得多，但少来且很久没来：尽快回访挽留',
  一般价值: '近期常来但花得少：推荐合适商品，提高客单价',
  一般发展: '新近来过，次数和金额都不高：培养习惯',
  一般保持: '以前常来但金额小，最近没来：节日问候，唤醒复购',
  一般挽留: '次数少、金额小、很久没来：低成本触达即可',
};

export interface RfmOrder { at: number; netFen: number }

export interface RfmResult {
  /** Null when the member has never ordered. */
  recencyDays: number | null;
  frequency: number;
  monetaryFen: number;
  scores: { r: number; f: number; m: number };
  high: { r: boolean; f: boolean; m: boolean };
  segment: RfmSegment;
  explanation: string;
}

/** 5 at or below cut[0] days, 1 above cut[3]. */
export function recencyScore(days: number | null, cuts: readonly number[]): number {
  if (days === null) return 1;
  for (let i = 0; i < 4; i += 1) if (days <= (cuts[i] as number)) return 5 - i;
  return 1;
}

/** 5 at or above cut[3], 1 below cut[0]. */
export function amountScore(value: number, cuts: readonly number[]): number {
  for (let i = 3; i >= 0; i -= 1) if (value >= (cuts[i] as number)) return i + 2;
  return 1;
}

export function segmentOf(r: boolean, f: boolean, m: boolean): RfmSegment {
  const prefix = m ? '重要' : '一般';
  const suffix = r ? (f ? '价值' : '发展') : f ? '保持' : '挽留';
  return `${prefix}${suffix}` as RfmSegment;
}

/** RFM of a member's orders (any order; `netFen` = paid minus refunded) as of `now`. */
export function rfmOf(orders: readonly RfmOrder[], now: number, config: RfmConfig): RfmResult {
  const today = dayNumber(now);
  const from = today - config.windowDays;
  let last = -Infinity;
  let frequency = 0;
  let monetaryFen = 0;
  for (const o of orders) {
    const d = dayNumber(o.at);
    if (d > today) continue;
    if (d > last) last = d;
    if (d > from) {
      frequency += 1;
      monetaryFen += o.netFen;
    }
  }
  const recencyDays = last === -Infinity ? null : today - last;
  const scores = { r: recencyScore(recencyDays, config.recencyDays), f: amountScore(frequency, config.frequencyOrders), m: amountScore(monetaryFen, config.monetaryFen) };
  const high = { r: scores.r >= config.highScore, f: scores.f >= config.highScore, m: scores.m >= config.highScore };
  const segment = segmentOf(high.r, high.f, high.m);
  return { recencyDays, frequency, monetaryFen, scores, high, segment, explanation: SEGMENT_EXPLANATIONS[segment] };
}
