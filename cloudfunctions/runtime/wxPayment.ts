/**
 * WeChat Pay through cloud development (`cloud.cloudPay.unifiedOrder`): no certificate or signature
 * of our own; the notice goes to the `payment` function of the same environment. Configuration:
 * `FRESHPAL_PAY_SUB_MCH_ID` (the merchant number, on `orders` and `payment`); without it online
 * payment is not offered. The environment id is the one the function runs in (`getWXContext().ENV`)
 * unless `FRESHPAL_PAY_ENV_ID` names another.
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../core/errors';
import type { PaymentGateway, WechatPayParams } from '../ports/payment';

/** The function WeChat Pay calls with the result (cloudfunctions/payment). */
export const PAYMENT_CALLBACK_FUNCTION = 'payment';

interface UnifiedOrderResult {
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  errCode?: string;
  errCodeDes?: string;
  payment?: WechatPayParams;
}

export interface WxCloudPaySdk {
  getWXContext(): { ENV?: string };
  cloudPay: {
    unifiedOrder(params: {
      body: string;
      outTradeNo: string;
      spbillCreateIp: string;
      subMchId: string;
      totalFee: number;
      envId: string;
      functionName: string;
      nonceStr: string;
      tradeType: 'JSAPI';
    }): Promise<UnifiedOrderResult>;
  };
}

/** WeChat Pay counts `body` in bytes (≤ 128); cut by characters until the UTF-8 fits. */
function fitBody(text: string): string {
  let out = text;
  while (Buffer.byteLength(out, 'utf8') > 128) out = out.slice(0, -1);
  return out;
}

export function wxPayment(cloud: WxCloudPaySdk, env: Record<string, string | undefined> = process.env): PaymentGateway {
  const merchant = () => env.FRESHPAL_PAY_SUB_MCH_ID?.trim() || null;
  return {
    available: () => merchant() !== null,
    merchantId: merchant,
    async createPayment(request) {
      const subMchId = merchant();
      if (!subMchId) throw new DomainError('PAYMENT.UNAVAILABLE');
      const envId = env.FRESHPAL_PAY_ENV_ID?.trim() || cloud.getWXContext().ENV;
      if (!envId) throw new DomainError('PAYMENT.UNAVAILABLE', '云环境未配置，暂不支持微信支付');
      // The payer is the user calling this function: cloudPay takes them from the call's context.
      const res = await cloud.cloudPay.unifiedOrder({
        body: fitBody(request.description),
        outTradeNo: request.outTradeNo,
        // Documented value for calls from a cloud function (the call goes through WeChat's own link).
        spbillCreateIp: '127.0.0.1',
        subMchId,
        totalFee: request.totalFen,
        envId,
        functionName: PAYMENT_CALLBACK_FUNCTION,
        nonceStr: randomBytes(16).toString('hex'),
        tradeType: 'JSAPI',
      });
      if (res.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS' && res.payment) {
        return { kind: 'wechat', outTradeNo: request.outTradeNo, totalFen: request.totalFen, params: res.payment };
      }
      if (res.errCode === 'ORDERPAID') throw new DomainError('PAYMENT.ALREADY_PAID');
      throw new DomainError('PAYMENT.GATEWAY_FAILED', `微信支付下单失败：${res.errCodeDes || res.returnMsg || res.errCode || '未知原因'}`);
    },
  };
}
