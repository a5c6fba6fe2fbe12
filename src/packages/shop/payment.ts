/**
 * Paying an order online: the server prepares the trade (orders.submit or orders.pay) and answers
 * what the client needs. In the weapp that is WeChat Pay's parameters for `Taro.requestPayment`;
 * in local H5 development it is a 模拟支付 marker, paid through the local server's stand-in for
 * WeChat Pay's notice. Either way the order turns paid only when the notice has been handled, so
 * the page reloads the order afterwards instead of trusting the client's result.
 */
import Taro from '@tarojs/taro';
import type { ApiResult } from '@contracts/apiMap';
import { callCloud, simulateLocalPayment } from '../../services/cloud';
import { customerCallsAllowed } from '../../services/entry';

export type PlacedOrder = ApiResult<'orders', 'pay'>;
export type ClientPayment = NonNullable<PlacedOrder['pay']>;
export type PaymentMethod = ApiResult<'orders', 'quote'>['paymentMethods'][number];

export const PAYMENT_LABELS: Record<PaymentMethod | 'counter', string> = {
  on_account: '货到付款 / 月结',
  wechat_pay: '微信支付',
  counter: '门店收银',
};

/** The pay button's words: in local H5 it is plainly a simulation. */
export const PAY_BUTTON_LABEL = process.env.TARO_ENV === 'h5' ? '模拟支付（本地）' : '微信支付';

/** orders.pay: the same trade prepared again (PAYMENT.ALREADY_PAID once it is paid). */
export const requestOrderPayment = (orderId: string): Promise<PlacedOrder> => customerCallsAllowed().then(() => callCloud('orders', 'pay', { orderId }));

export type PayOutcome = 'sent' | 'cancelled';

/**
 * Hands the prepared payment to the payer: WeChat Pay's sheet in the weapp, the local notice in H5.
 * 'cancelled' when the customer closed WeChat Pay's sheet; other failures reject.
 */
export function settlePayment(orderId: string, pay: ClientPayment): Promise<PayOutcome> {
  if (pay.kind === 'simulated') return simulateLocalPayment(orderId).then(() => 'sent');
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = pay.params;
  return Taro.requestPayment({ timeStamp, nonceStr, package: pkg, signType: signType as Taro.requestPayment.Option['signType'], paySign }).then(
    () => 'sent',
    (e: unknown) => {
      if (/cancel/i.test(String((e as { errMsg?: string } | null)?.errMsg ?? ''))) return 'cancelled';
      throw e;
    },
  );
}

/** 去支付 from the order page: prepare (again) and pay. */
export const payOrder = (orderId: string): Promise<PayOutcome> => requestOrderPayment(orderId).then((placed) => (placed.pay ? settlePayment(orderId, placed.pay) : 'cancelled'));
