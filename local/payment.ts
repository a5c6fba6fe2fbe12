/**
 * Local payment: no money moves. The gateway answers a 模拟支付 marker instead of WeChat Pay's
 * parameters, and `POST /dev/simulatePayment` (local server only, never deployed) plays WeChat Pay's
 * part: it sends the `payment` function the notice WeChat Pay would send, through the same handler,
 * with the order's own amount. The wx adapter has no such route: in the cloud only WeChat Pay's
 * callback (an event without a caller) reaches that handler.
 */
import { DomainError } from '../cloudfunctions/core/errors';
import type { PaymentAck, PaymentGateway } from '../cloudfunctions/ports/payment';
import { dbGet } from '../cloudfunctions/runtime/dbHelpers';
import type { Runtime } from '../cloudfunctions/runtime/router';
import { handleNotice } from '../cloudfunctions/payment/actions';
import { C } from '../cloudfunctions/services/collections';
import type { OrderDoc } from '../cloudfunctions/services/orderModel';

export const LOCAL_MERCHANT_ID = 'local-merchant';

export function localPayment(): PaymentGateway {
  return {
    available: () => true,
    merchantId: () => LOCAL_MERCHANT_ID,
    createPayment: async ({ outTradeNo, totalFen }) => ({ kind: 'simulated', outTradeNo, totalFen, label: '模拟支付（本地）' }),
  };
}

/** A transaction id per trade: a second 模拟支付 of the same order is the same payment (a no-op). */
export const simulatedTransactionId = (outTradeNo: string): string => `LOCAL${outTradeNo}`;

/**
 * 模拟支付 of the caller's own unpaid order: WeChat Pay's notice for the order's amount, handled by
 * the `payment` function's code. Someone else's order is answered as not found.
 */
export async function simulatePayment(runtime: Runtime, openid: string, orderId: string): Promise<PaymentAck & { outcome: string }> {
  const order = await dbGet<OrderDoc>(runtime.db, C.orders, orderId);
  if (!order || order.memberId !== openid) throw new DomainError('ORDER.NOT_FOUND');
  const outTradeNo = order.payment.outTradeNo;
  if (order.payment.method !== 'wechat_pay' || outTradeNo === null) throw new DomainError('PAYMENT.NOT_PAYABLE');
  if (order.payment.paidAt !== null) throw new DomainError('PAYMENT.ALREADY_PAID');
  const notice = {
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    subMchId: LOCAL_MERCHANT_ID,
    outTradeNo,
    totalFee: order.paidFen,
    transactionId: simulatedTransactionId(outTradeNo),
    tradeType: 'JSAPI',
    openid,
  };
  return handleNotice(notice, runtime, '模拟支付（本地）');
}
