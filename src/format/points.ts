/** Points movements for people: where they came from and what they changed. */
import type { MovementView, PointsSummaryView } from '@contracts/api';
import { formatDate } from './date';
import { formatPoints } from './money';

/** "+1,806" / "-500" / "0". */
export function formatSignedPoints(delta: number): string {
  if (delta > 0) return '+' + formatPoints(delta);
  if (delta < 0) return '-' + formatPoints(-delta);
  return '0';
}

/**
 * Where a movement came from: the order number, the refund, a redemption or a staff adjustment.
 * Customers see "店员调整"; staff (`withStaffName`) also see who made it.
 */
export function movementSource(source: MovementView['source'], withStaffName = false): string {
  switch (source.kind) {
    case 'order':
      return `订单 ${source.id}`;
    case 'refund':
      return `退款 ${source.id}`;
    case 'redemption':
      return '积分兑换';
    case 'staff':
      return withStaffName && source.id ? `店员调整（${source.id}）` : '店员调整';
    case 'complaint':
      return '售后补偿';
    default:
      return '系统';
  }
}

const BUCKETS: [keyof Pick<MovementView, 'availableDelta' | 'pendingDelta' | 'owedDelta'>, string][] = [
  ['availableDelta', '可用'],
  ['pendingDelta', '待入账'],
  ['owedDelta', '待扣回'],
];

/**
 * For staff: which balances a movement moved, when its amount alone does not say it
 * ("可用 +173 · 待入账 -173" for a settlement); null when only usable points changed.
 */
export function movementBreakdown(m: MovementView): string | null {
  if (m.pendingDelta === 0 && m.owedDelta === 0) return null;
  return BUCKETS.filter(([k]) => m[k] !== 0)
    .map(([k, name]) => `${name} ${formatSignedPoints(m[k])}`)
    .join(' · ');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The row title: customers read what happened in plain words (the stored reasons of earn and expiry
 * rows carry ISO dates and "will be credited" wording that goes stale); staff read the stored reason.
 */
export function movementTitle(m: MovementView, staffView = false): string {
  if (staffView) return m.reason;
  switch (m.type) {
    case 'earn':
      return '订单完成获得积分';
    case 'settle':
      return '订单积分到账';
    case 'expire':
      if (m.source.kind === 'order') return '订单积分到账前已过期';
      return DAY.test(m.source.id) ? `积分过期（有效期至${formatDate(m.source.id)}）` : '积分过期';
    default:
      return m.reason;
  }
}

export interface EarnStateText {
  tag: string;
  tone: 'warning' | 'positive' | 'negative' | 'neutral';
  /** A 'YYYY-MM-DD' day shown after the tag, with `dayText` after it ("12月17日到账"). */
  day: string | null;
  dayText: string;
}

/** An earn row's state: 待入账 until its day, then 已到账 on the day it settled. */
export function earnStateText(state: NonNullable<MovementView['state']>): EarnStateText {
  switch (state.kind) {
    case 'pending':
      return { tag: '待入账', tone: 'warning', day: state.until, dayText: '到账' };
    case 'settled':
      return { tag: '已到账', tone: 'positive', day: state.on, dayText: '' };
    case 'expired':
      return { tag: '已过期', tone: 'negative', day: state.on, dayText: '' };
    default:
      return { tag: '已退回', tone: 'neutral', day: null, dayText: '' };
  }
}

/** What the rows of the history add up to: usable + pending − owed. */
export function pointsTotal(s: Pick<PointsSummaryView, 'available' | 'pending' | 'owed'>): number {
  return s.available + s.pending - s.owed;
}

/** "每消费 1 元得 1 积分，订单完成 7 天后到账；当年获得的积分于次年12月31日到期" */
export function rulesText(rules: PointsSummaryView['rules']): string {
  const earn = rules.pointsPerYuan > 0 ? `每消费 1 元得 ${rules.pointsPerYuan} 积分` : '暂停累积积分';
  const settle = rules.settleAfterDays > 0 ? `订单完成 ${rules.settleAfterDays} 天后到账` : '订单完成后即时到账';
  return `${earn}，${settle}；${rules.expiry}`;
}
