/**
 * The payment port: how an order is paid online. In WeChat the adapter asks WeChat Pay for a
 * prepaid order (`cloud.cloudPay.unifiedOrder`) and answers what `wx.requestPayment` needs; the
 * local cloud answers a marker that says 模拟支付 (paid by a local-only route that sends the same
 * callback WeChat Pay would). The runtime installs its adapter once at start, like storage.ts.
 *
 * Payment results never come back through this port: WeChat Pay calls the `payment` function with a
 * notice (at least once), which marks the order paid (services/orders.ts `markOrderPaid`).
 */
import { DomainError } from '../core/errors';

export interface PaymentRequest {
  /** The merchant's trade number: ≤ 32 characters of [A-Za-z0-9_-], one per order. */
  outTradeNo: string;
  /** Integer fen, at least 1. */
  totalFen: number;
  /** What the payer sees (WeChat: `body`, ≤ 128 bytes). */
  description: string;
  /** The payer (WeChat takes it from the calling user's context; the local adapter records it). */
  openid: string;
}

/** What `wx.requestPayment` takes, exactly as `cloudPay.unifiedOrder` answers it in `payment`. */
export interface WechatPayParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

/** What the client needs to pay: WeChat Pay's parameters, or the local 模拟支付 marker. */
export type ClientPayment =
  | { kind: 'wechat'; outTradeNo: string; totalFen: number; params: WechatPayParams }
  | { kind: 'simulated'; outTradeNo: string; totalFen: number; label: '模拟支付（本地）' };

/**
 * A payment-result notice as WeChat Pay sends it to the callback function (camel-cased fields of the
 * v2 notice; only the ones FreshPal reads are named here).
 */
export interface PaymentNotice {
  returnCode: string;
  resultCode?: string | undefined;
  outTradeNo: string;
  totalFee: number;
  transactionId?: string | undefined;
  subMchId?: string | undefined;
}

/** The callback's answer: anything but errcode 0 makes WeChat Pay send the notice again (for up to two days). */
export interface PaymentAck { errcode: number; errmsg: string }

export interface PaymentGateway {
  /** Online payment can be offered (the WeChat adapter needs its merchant number configured). */
  available(): boolean;
  /** The merchant number notices must name, when known (a notice for another merchant is refused). */
  merchantId(): string | null;
  /**
   * Prepares the payment of one trade. Asking again for the same trade with the same amount is safe
   * (WeChat Pay answers the same unpaid order); rejects PAYMENT.ALREADY_PAID when WeChat Pay says the
   * trade is paid, PAYMENT.GATEWAY_FAILED when it refuses.
   */
  createPayment(request: PaymentRequest): Promise<ClientPayment>;
}

let installed: PaymentGateway | null = null;

export function installPayment(gateway: PaymentGateway | null): void {
  installed = gateway;
}

export function paymentGateway(): PaymentGateway {
  if (!installed || !installed.available()) throw new DomainError('PAYMENT.UNAVAILABLE');
  return installed;
}

export const paymentAvailable = (): boolean => installed !== null && installed.available();

/** WeChat Pay's rule for out_trade_no. */
export const OUT_TRADE_NO_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
