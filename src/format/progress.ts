/**
 * Plain-words sentences about tiers: what is missing to move up, and what keeps the current tier.
 * "再消费 ¥12,340，再有 2 个月下单，合作满 1 年（还差 45 天），即可升级为核心会员"
 */
import type { MemberCardView, TierGapView, TierMetricsView } from '@contracts/api';
import { formatDay } from './date';
import { formatFenToSpend } from './money';
import { tierTitle } from './tier';

const DAYS_PER_YEAR = 365;
const DAYS_PER_MONTH = 30;

/** A tenure as words: 365 → "1 年", 180 → "6 个月", 200 → "200 天". */
export function tenureText(days: number): string {
  if (days > 0 && days % DAYS_PER_YEAR === 0) return `${days / DAYS_PER_YEAR} 年`;
  if (days > 0 && days % DAYS_PER_MONTH === 0) return `${days / DAYS_PER_MONTH} 个月`;
  return `${days} 天`;
}

function positive(n: number | undefined): n is number {
  return typeof n === 'number' && n > 0;
}

/**
 * One clause per unmet rule, in a fixed order (spend, active months, tenure, repeat purchases).
 * The tenure clause names the target, so it needs the member's current tenure.
 */
export function gapClauses(gaps: TierGapView, metrics: Pick<TierMetricsView, 'tenureDays'>): string[] {
  const clauses: string[] = [];
  if (positive(gaps.spendFen)) clauses.push(`再消费 ${formatFenToSpend(gaps.spendFen)}`);
  if (positive(gaps.activeMonths)) clauses.push(`再有 ${gaps.activeMonths} 个月下单`);
  if (positive(gaps.tenureDays)) {
    const target = Math.max(0, metrics.tenureDays) + gaps.tenureDays;
    clauses.push(`合作满 ${tenureText(target)}（还差 ${gaps.tenureDays} 天）`);
  }
  if (positive(gaps.repeatPurchases)) clauses.push(`再复购 ${gaps.repeatPurchases} 次`);
  return clauses;
}

/** Chinese text takes no space before CJK, but a Latin letter or digit gets one. */
function joinTail(head: string, tail: string): string {
  return /[0-9A-Za-z]$/.test(head) ? `${head} ${tail}` : `${head}${tail}`;
}

/** "A 即可X" for one clause, "A，B，即可X" for several. */
function conditionSentence(clauses: string[], outcome: string): string {
  if (clauses.length === 1) return joinTail(clauses[0] as string, outcome);
  return `${clauses.join('，')}，${outcome}`;
}

/** Never completed an order: no tenure, no orders in the last 12 months, no repeat purchases. */
export function hasNoPurchases(metrics: TierMetricsView): boolean {
  return metrics.tenureDays <= 0 && metrics.activeMonths <= 0 && metrics.repeatPurchases <= 0 && metrics.annualSpendFen <= 0;
}

/**
 * The sentence under the card: how to reach the next tier, or that this is the top tier. A member
 * who has never ordered is told how to start ("再复购 2 次" would make no sense to them); one who has
 * not ordered in 12 months is told that first.
 */
export function progressSentence(card: Pick<MemberCardView, 'progress' | 'metrics'>): string {
  const { progress, metrics } = card;
  if (!progress) return '您已是最高等级';
  if (hasNoPurchases(metrics)) return `完成首单即可开始累积，满足条件后可升级为${tierTitle(progress.next.name)}`;
  const sentence = gapSentence(progress, metrics);
  return metrics.activeMonths <= 0 && metrics.annualSpendFen <= 0 ? `近 12 个月暂无订单，下单即可重新累积。${sentence}` : sentence;
}

function gapSentence(progress: NonNullable<MemberCardView['progress']>, metrics: TierMetricsView): string {
  const clauses = gapClauses(progress.gaps, metrics);
  if (clauses.length === 0) return `您已满足${tierTitle(progress.next.name)}的全部条件，下次评审后即可升级`;
  return conditionSentence(clauses, `即可升级为${tierTitle(progress.next.name)}`);
}

/**
 * What keeps the current tier at the next review, or null without a warning:
 * "下次评审（2026年12月1日）前再消费 ¥12,000 即可保持核心会员，否则将调整为潜力会员".
 */
export function downgradeSentence(
  card: Pick<MemberCardView, 'downgradeWarning' | 'metrics'> & { tier: Pick<MemberCardView['tier'], 'name'> },
): string | null {
  const warning = card.downgradeWarning;
  if (!warning) return null;
  const head = `下次评审（${formatDay(warning.reviewOn)}）前`;
  const keep = `即可保持${tierTitle(card.tier.name)}`;
  const tail = `，否则将调整为${tierTitle(warning.to.name)}`;
  const clauses = gapClauses(warning.keep, card.metrics);
  if (clauses.length === 0) return `${head}保持下单${keep}${tail}`;
  return `${head}${conditionSentence(clauses, keep)}${tail}`;
}
