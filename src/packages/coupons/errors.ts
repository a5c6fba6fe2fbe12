import { errorMessage, isCloudError } from '../../services/errors';

/** Why a redemption was refused, in words a customer understands. */
export function redeemErrorText(e: unknown): string {
  if (isCloudError(e)) {
    if (e.code === 'POINTS.INSUFFICIENT_BALANCE') return '积分不足，无法兑换';
    if (e.code === 'COUPON.LIMIT_REACHED') return `已达兑换上限（${e.message || '每人限兑次数已用完'}）`;
    if (e.code === 'COUPON.INACTIVE' || e.code === 'COUPON.NOT_FOUND' || e.code === 'COUPON.NOT_REDEEMABLE') {
      return e.message || '该优惠券暂不可兑换';
    }
  }
  return `兑换失败：${errorMessage(e)}`;
}
