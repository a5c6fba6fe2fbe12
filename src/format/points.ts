/** Points movements for people: where they came from and what they changed. */
import type { MovementView, PointsSummaryView } from '@contracts/api';
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

export type PointsBucket = 'available' | 'pending' | 'owed';

const BUCKET_NAMES: Record<PointsBucket, string> = { available: '可用', pending: '待入账', owed: '待扣回' };

/**
 * The amount to show for a movement: the change to usable points, or, when those did not change,
 * the change to pending points (an order earning) or owed points. `note` names the other balances
 * the movement touched, e.g. "待扣回 -120" when a settlement paid back owed points. A settlement
 * always empties its pending lot, which the amount already says, so that part is not repeated.
 */
export function movementAmount(m: MovementView): { delta: number; bucket: PointsBucket; note: string | null } {
  const parts: [PointsBucket, number][] = [
    ['available', m.availableDelta],
    ['pending', m.type === 'settle' && m.availableDelta !== 0 ? 0 : m.pendingDelta],
    ['owed', m.owedDelta],
  ];
  const nonZero = parts.filter(([, d]) => d !== 0);
  const [bucket, delta] = nonZero[0] ?? ['available', 0];
  const rest = nonZero.slice(1).map(([b, d]) => `${BUCKET_NAMES[b]} ${formatSignedPoints(d)}`);
  return { delta, bucket, note: rest.length > 0 ? rest.join(' · ') : null };
}

/** "每消费 1 元得 1 积分，订单完成 7 天后到账；当年获得的积分于次年12月31日到期" */
export function rulesText(rules: PointsSummaryView['rules']): string {
  const earn = rules.pointsPerYuan > 0 ? `每消费 1 元得 ${rules.pointsPerYuan} 积分` : '暂停累积积分';
  const settle = rules.settleAfterDays > 0 ? `订单完成 ${rules.settleAfterDays} 天后到账` : '订单完成后即时到账';
  return `${earn}，${settle}；${rules.expiry}`;
}
