/**
 * The `payment` cloud function: WeChat Pay's payment-result callback (named as `functionName` in
 * `cloudPay.unifiedOrder`). It has no actions: customers cannot reach it. The router hands it only
 * events without a caller in WeChat Pay's shape (`isPaymentNotice`); a customer's call with that
 * shape carries an OPENID and is refused as a malformed event.
 *
 * Notices come at least once, so marking paid is idempotent on the trade number. The answer follows
 * WeChat Pay's protocol: errcode 0 stops further notices; anything else makes WeChat Pay send the
 * notice again (for up to two days), which is what a refused amount or merchant gets.
 */
import { z } from 'zod';
import { paymentAvailable, paymentGateway, OUT_TRADE_NO_PATTERN, type PaymentAck, type PaymentNotice } from '../ports/payment';
import { defineFunction, describeZodError, type Runtime } from '../runtime/router';
import { markOrderPaid, type PaymentNoticeOutcome } from '../services/orders';

/** The fields FreshPal reads; WeChat Pay sends many more (appid, openid, bankType, timeEnd, …). */
const noticeSchema = z
  .object({
    returnCode: z.string().max(16),
    resultCode: z.string().max(16).optional(),
    outTradeNo: z.string().regex(OUT_TRADE_NO_PATTERN),
    totalFee: z.number().int().min(0),
    transactionId: z.string().max(64).optional(),
    subMchId: z.string().max(32).optional(),
  })
  .passthrough();

const ANSWERS: Record<PaymentNoticeOutcome, PaymentAck> = {
  paid: { errcode: 0, errmsg: '' },
  already_paid: { errcode: 0, errmsg: '' },
  not_paid: { errcode: 0, errmsg: '' },
  // Nothing to retry for: the audit record is where staff follow it up.
  unknown_trade: { errcode: 0, errmsg: '' },
  paid_after_cancel: { errcode: 0, errmsg: '' },
  amount_mismatch: { errcode: 1, errmsg: 'amount does not match the order' },
  merchant_mismatch: { errcode: 1, errmsg: 'merchant does not match' },
};

/** The callback's work, shared with the local 模拟支付 route (local/payment.ts). */
export async function handleNotice(event: Record<string, unknown>, runtime: Runtime, note = '微信支付'): Promise<PaymentAck & { outcome: PaymentNoticeOutcome | 'malformed' }> {
  const parsed = noticeSchema.safeParse(event);
  if (!parsed.success) {
    runtime.log('malformed payment notice', describeZodError(parsed.error));
    return { errcode: 1, errmsg: 'malformed notice', outcome: 'malformed' };
  }
  const notice: PaymentNotice = parsed.data;
  const merchantId = paymentAvailable() ? paymentGateway().merchantId() : null;
  const outcome = await markOrderPaid(runtime.db, notice, runtime.now, { merchantId, note });
  if (outcome !== 'paid' && outcome !== 'already_paid') runtime.log(`payment notice: ${outcome}`, { outTradeNo: notice.outTradeNo, totalFee: notice.totalFee });
  return { ...ANSWERS[outcome], outcome };
}

export const paymentFunction = defineFunction({
  name: 'payment',
  actions: {},
  paymentNotice: async (event, runtime) => {
    const { errcode, errmsg } = await handleNotice(event, runtime);
    return { errcode, errmsg };
  },
});
