/**
 * Online payment through the local runtime (transactions run twice): a WeChat Pay order waits in
 * pending_payment with one trade number, however often it is submitted or paid again; the payment
 * notice is idempotent on that number, refuses a wrong amount or merchant (audited), and only reaches
 * the `payment` function as an event without a caller. Locally 模拟支付 goes through the same handler.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { couponTemplateSchema } from '../../cloudfunctions/core/coupons/catalog';
import { issueCoupon } from '../../cloudfunctions/core/coupons/coupon';
import { installPayment, type ClientPayment, type PaymentGateway, type PaymentRequest } from '../../cloudfunctions/ports/payment';
import { functions } from '../../cloudfunctions/registry';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { handlePaymentNotice, type Runtime } from '../../cloudfunctions/runtime/router';
import { wxPayment, type WxCloudPaySdk } from '../../cloudfunctions/runtime/wxPayment';
import type { QuoteView } from '../../cloudfunctions/services/cart';
import { C } from '../../cloudfunctions/services/collections';
import { appOrderId, outTradeNoFor, type OrderDoc, type ProductDoc } from '../../cloudfunctions/services/orderModel';
import { paymentAuditId, type PlacedOrderView } from '../../cloudfunctions/services/orders';
import { couponDoc } from '../../cloudfunctions/services/points';
import { DEV_CODE_SECRET } from '../../local/app';
import { LOCAL_MERCHANT_ID, localPayment, simulatePayment, simulatedTransactionId } from '../../local/payment';
import { createLocalCloud } from '../../local/server';
import { ensureCatalogue } from './fixtures';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';
import { standIn } from './wxSdkStandIn';

// The deployed entry (`payment/index.ts`) with wx-server-sdk replaced by the stand-in.
jest.mock('wx-server-sdk', () => require('./wxSdkStandIn').sdk, { virtual: true });

const START = Date.parse('2026-11-25T02:00:00Z');
let h: Harness;
/** Every trade the gateway was asked to prepare, in order. */
let prepared: PaymentRequest[];

beforeEach(async () => {
  h = await createHarness(START);
  await ensureCatalogue(h);
  for (const who of ['o-zhang', 'o-li']) await h.ok('member', who, 'getCard');
  prepared = [];
  const local = localPayment();
  const counting: PaymentGateway = { ...local, createPayment: (r) => (prepared.push(r), local.createPayment(r)) };
  installPayment(counting);
});
afterEach(async () => {
  installPayment(localPayment());
  await h.close();
});

const slot = { kind: 'delivery', day: '2026-11-26', window: 'morning' } as const;
const crab = { productId: 'GIFT-06', unit: 'piece', quantity: 2, unitPriceFen: 39_800 } as const; // stock 20
const order = async (id: string) => (await h.db.collection(C.orders).doc(id).get()).data as unknown as OrderDoc;
const stock = async () => ((await h.db.collection(C.products).doc('GIFT-06').get()).data as unknown as ProductDoc).stock;
const auditDoc = async (id: string) => (await h.db.collection(C.audit).where({ _id: id }).get()).data[0] ?? null;
const submitPay = (requestId: string, extra: Record<string, unknown> = {}) =>
  h.call<PlacedOrderView>('orders', 'o-zhang', { action: 'submit', payload: { requestId, items: [crab], slot, paymentMethod: 'wechat_pay', ...extra } });
async function placed(requestId = 'pay-00000001'): Promise<PlacedOrderView> {
  const res = await submitPay(requestId);
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

const runtime = (): Runtime => ({ db: h.db, now: h.clock.now, ...hmacSigner(DEV_CODE_SECRET), invoke: async () => undefined, log: () => undefined });
/** What WeChat Pay sends the `payment` function after a successful payment (camel-cased v2 notice). */
const notice = (outTradeNo: string, totalFee: number, extra: Record<string, unknown> = {}) => ({
  returnCode: 'SUCCESS',
  resultCode: 'SUCCESS',
  appid: 'wx0000000000000000',
  subMchId: LOCAL_MERCHANT_ID,
  openid: 'o-zhang',
  tradeType: 'JSAPI',
  bankType: 'OTHERS',
  totalFee,
  cashFee: totalFee,
  feeType: 'CNY',
  transactionId: '4200000000202611250000000001',
  outTradeNo,
  timeEnd: '20261125100000',
  ...extra,
});
const sendNotice = (event: Record<string, unknown>) => handlePaymentNotice(functions.payment as NonNullable<(typeof functions)['payment']>, event, runtime());

describe('submit with WeChat Pay', () => {
  it('creates the order in pending_payment with a trade number derived from its id and the payment parameters', async () => {
    const o = await placed();
    const id = appOrderId('o-zhang', 'pay-00000001');
    expect(o).toMatchObject({ id, status: 'pending_payment', statusLabel: '待支付', payable: true, cancellable: true, payment: { method: 'wechat_pay', outTradeNo: outTradeNoFor(id), paidAt: null }, payError: null });
    expect(o.pay).toEqual({ kind: 'simulated', outTradeNo: outTradeNoFor(id), totalFen: 2 * 39_800, label: '模拟支付（本地）' });
    expect(outTradeNoFor(id)).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(o.timeline.map((t) => t.status)).toEqual(['pending_payment']);
    // Stock is held for the unpaid order, as for an on-account one.
    expect(await stock()).toBe(18);
  });

  it('a retried submit (five in a row, then five at once) is one order and one trade, with the same parameters', async () => {
    const first = await placed('pay-00000002');
    for (let i = 0; i < 4; i += 1) expect(await placed('pay-00000002')).toEqual(first);
    const parallel = await Promise.all(Array.from({ length: 5 }, () => placed('pay-00000002')));
    expect(parallel.every((p) => JSON.stringify(p) === JSON.stringify(first))).toBe(true);
    expect(new Set(prepared.map((p) => p.outTradeNo))).toEqual(new Set([first.payment.outTradeNo]));
    expect(prepared).toHaveLength(1);
    expect((await h.db.collection(C.orders).where({ memberId: 'o-zhang' }).get()).data).toHaveLength(1);
    expect(await stock()).toBe(18);
  });

  it('the same request id with the other payment method is refused and changes nothing', async () => {
    await placed('pay-00000003');
    const before = await snapshot(h.db);
    expect(await submitPay('pay-00000003', { paymentMethod: 'on_account' })).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('on account stays the default: submitted at once, nothing to pay', async () => {
    const res = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'submit', { requestId: 'pay-00000004', items: [crab], slot });
    expect(res).toMatchObject({ status: 'submitted', payable: false, pay: null, payment: { method: 'on_account', outTradeNo: null } });
    expect(prepared).toEqual([]);
  });

  it('a total brought to nothing by a coupon needs no payment', async () => {
    const template = couponTemplateSchema.parse({ id: 't-free', title: '满0减2000', kind: 'amount_off', amountFen: 2000_00, minSpendFen: 0, validDays: 30 });
    const { _id, ...doc } = couponDoc(issueCoupon(template, { couponId: 'CP-FREE', memberId: 'o-zhang', now: h.clock.now, source: 'staff' }));
    await h.db.collection(C.coupons).doc(_id).set({ data: doc as unknown as Record<string, unknown> });
    const o = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'submit', { requestId: 'pay-00000005', items: [crab], slot, couponId: 'CP-FREE', paymentMethod: 'wechat_pay' });
    expect(o).toMatchObject({ paidFen: 0, status: 'submitted', payable: false, pay: null, payment: { method: 'wechat_pay', paidAt: START } });
    expect(prepared).toEqual([]);
  });

  it('without a payment gateway WeChat Pay is not offered and a submit asking for it is refused before anything is written', async () => {
    installPayment(null);
    const q = await h.ok<QuoteView>('orders', 'o-zhang', 'quote', { items: [{ productId: 'GIFT-06', quantity: 1 }] });
    expect(q.paymentMethods).toEqual(['on_account']);
    const before = await snapshot(h.db);
    expect(await submitPay('pay-00000006')).toMatchObject({ ok: false, error: { code: 'PAYMENT.UNAVAILABLE' } });
    expect(await snapshot(h.db)).toEqual(before);
    installPayment(localPayment());
    expect((await h.ok<QuoteView>('orders', 'o-zhang', 'quote', { items: [{ productId: 'GIFT-06', quantity: 1 }] })).paymentMethods).toEqual(['on_account', 'wechat_pay']);
  });
});

describe('the payment notice', () => {
  it('sent twice marks the order paid once: pending_payment → submitted, one timeline entry, the transaction id recorded', async () => {
    const o = await placed();
    const tradeNo = o.payment.outTradeNo as string;
    h.clock.now += 60_000;
    expect(await sendNotice(notice(tradeNo, o.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    const paid = await order(o.id);
    h.clock.now += 60_000;
    expect(await sendNotice(notice(tradeNo, o.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    expect(await order(o.id)).toEqual(paid);
    expect(paid).toMatchObject({ status: 'submitted', payment: { method: 'wechat_pay', outTradeNo: tradeNo, paidAt: START + 60_000, transactionId: '4200000000202611250000000001' } });
    expect(paid.timeline.map((t) => [t.status, t.event, t.by.kind])).toEqual([
      ['pending_payment', null, 'customer'],
      ['submitted', 'pay', 'system'],
    ]);
    const view = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'detail', { orderId: o.id });
    expect(view).toMatchObject({ status: 'submitted', payable: false, cancellable: true });
    expect(JSON.stringify(view)).not.toContain('prepared');
  });

  it('with another amount is refused (WeChat Pay sends it again), audited once, and the order stays unpaid', async () => {
    const o = await placed();
    const tradeNo = o.payment.outTradeNo as string;
    const wrong = notice(tradeNo, o.paidFen - 1);
    expect((await sendNotice(wrong)).errcode).not.toBe(0);
    expect((await sendNotice(wrong)).errcode).not.toBe(0);
    expect(await order(o.id)).toMatchObject({ status: 'pending_payment', payment: { paidAt: null } });
    expect(await auditDoc(paymentAuditId(tradeNo, 'payment.amountMismatch'))).toMatchObject({ action: 'payment.amountMismatch', target: `order:${o.id}`, details: { totalFee: o.paidFen - 1, expectedFen: o.paidFen } });
    expect((await h.db.collection(C.audit).where({ target: `order:${o.id}` }).get()).data).toHaveLength(1);
    // The right amount afterwards still pays it.
    expect(await sendNotice(notice(tradeNo, o.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    expect((await order(o.id)).status).toBe('submitted');
  });

  it('for another merchant is refused and audited', async () => {
    const o = await placed();
    expect((await sendNotice(notice(o.payment.outTradeNo as string, o.paidFen, { subMchId: '1900000109' }))).errcode).not.toBe(0);
    expect((await order(o.id)).status).toBe('pending_payment');
    expect(await auditDoc(paymentAuditId(o.payment.outTradeNo as string, 'payment.merchantMismatch'))).toMatchObject({ details: { subMchId: '1900000109', expectedMerchant: LOCAL_MERCHANT_ID } });
  });

  it.each([
    ['a trade number of no order', 'FPA0000000000000000000'],
    ['a trade number not of ours', '1217752501201407033233368018'],
  ])('for %s is acknowledged (nothing to retry), audited, and changes no order', async (_label, tradeNo) => {
    const o = await placed();
    const before = await order(o.id);
    expect(await sendNotice(notice(tradeNo, 100))).toEqual({ errcode: 0, errmsg: '' });
    expect(await order(o.id)).toEqual(before);
    expect(await auditDoc(paymentAuditId(tradeNo, 'payment.unknownTrade'))).toMatchObject({ action: 'payment.unknownTrade', details: { outTradeNo: tradeNo, totalFee: 100 } });
  });

  it('for the trade of an on-account order is treated as unknown', async () => {
    const res = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'submit', { requestId: 'pay-00000007', items: [crab], slot });
    expect(await sendNotice(notice(outTradeNoFor(res.id), res.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    expect((await order(res.id)).payment.paidAt).toBeNull();
  });

  it('that is not a success, or malformed, changes nothing', async () => {
    const o = await placed();
    const before = await snapshot(h.db);
    expect(await sendNotice(notice(o.payment.outTradeNo as string, o.paidFen, { resultCode: 'FAIL' }))).toEqual({ errcode: 0, errmsg: '' });
    expect((await sendNotice({ returnCode: 'SUCCESS', outTradeNo: 'x y', totalFee: '1' })).errcode).not.toBe(0);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('cannot be sent by a customer: the payment function has no actions, and a notice-shaped call is a malformed event', async () => {
    const o = await placed();
    const before = await snapshot(h.db);
    expect(await h.call('payment', 'o-zhang', notice(o.payment.outTradeNo as string, o.paidFen))).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await h.call('payment', 'o-zhang', { action: 'paymentNotice', payload: notice(o.payment.outTradeNo as string, o.paidFen) })).toMatchObject({ ok: false, error: { code: 'REQUEST.UNKNOWN_ACTION' } });
    expect(await snapshot(h.db)).toEqual(before);
  });
});

describe('去支付 and cancel of an unpaid order', () => {
  it('orders.pay answers the same trade and parameters again, and is refused once paid', async () => {
    const o = await placed();
    const again = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'pay', { orderId: o.id });
    expect(again.pay).toEqual(o.pay);
    // Past the parameters' lifetime the gateway is asked again, for the same trade and amount.
    h.clock.now += 2 * 3600_000;
    expect((await h.ok<PlacedOrderView>('orders', 'o-zhang', 'pay', { orderId: o.id })).pay).toEqual(o.pay);
    expect(prepared.map((p) => [p.outTradeNo, p.totalFen])).toEqual([
      [o.payment.outTradeNo, o.paidFen],
      [o.payment.outTradeNo, o.paidFen],
    ]);
    await sendNotice(notice(o.payment.outTradeNo as string, o.paidFen));
    expect(await h.call('orders', 'o-zhang', { action: 'pay', payload: { orderId: o.id } })).toMatchObject({ ok: false, error: { code: 'PAYMENT.ALREADY_PAID' } });
  });

  it('orders.pay is refused for an on-account order and for another customer’s order', async () => {
    const onAccount = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'submit', { requestId: 'pay-00000008', items: [crab], slot });
    expect(await h.call('orders', 'o-zhang', { action: 'pay', payload: { orderId: onAccount.id } })).toMatchObject({ ok: false, error: { code: 'PAYMENT.NOT_PAYABLE' } });
    const mine = await placed();
    expect(await h.call('orders', 'o-li', { action: 'pay', payload: { orderId: mine.id } })).toMatchObject({ ok: false, error: { code: 'ORDER.NOT_FOUND' } });
  });

  it('a customer cancels an unpaid order: coupon and stock back, no longer payable; a payment arriving after it is recorded and audited for a refund', async () => {
    const template = couponTemplateSchema.parse({ id: 't-50', title: '满100减50', kind: 'amount_off', amountFen: 50_00, minSpendFen: 100_00, validDays: 30 });
    const { _id, ...doc } = couponDoc(issueCoupon(template, { couponId: 'CP-PAY-1', memberId: 'o-zhang', now: h.clock.now, source: 'staff' }));
    await h.db.collection(C.coupons).doc(_id).set({ data: doc as unknown as Record<string, unknown> });
    const res = await submitPay('pay-00000009', { couponId: 'CP-PAY-1' });
    if (!res.ok) throw new Error(res.error.code);
    const o = res.data;
    expect(o).toMatchObject({ status: 'pending_payment', couponFen: 50_00, paidFen: 2 * 39_800 - 50_00 });
    expect(await stock()).toBe(18);

    const cancelled = await h.ok<PlacedOrderView>('orders', 'o-zhang', 'cancel', { orderId: o.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', payable: false, cancellable: false });
    expect(cancelled.timeline.map((t) => t.status)).toEqual(['pending_payment', 'cancelled']);
    expect(await stock()).toBe(20);
    expect((await h.db.collection(C.coupons).doc('CP-PAY-1').get()).data).toMatchObject({ usedAt: null, usedOnOrderId: null });
    expect(await h.call('orders', 'o-zhang', { action: 'pay', payload: { orderId: o.id } })).toMatchObject({ ok: false, error: { code: 'PAYMENT.NOT_PAYABLE' } });

    expect(await sendNotice(notice(o.payment.outTradeNo as string, o.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    expect(await order(o.id)).toMatchObject({ status: 'cancelled', payment: { paidAt: START, transactionId: '4200000000202611250000000001' } });
    expect(await auditDoc(paymentAuditId(o.payment.outTradeNo as string, 'payment.paidAfterCancel'))).toMatchObject({ target: `order:${o.id}`, details: { paidFen: o.paidFen } });
  });
});

describe('模拟支付 (local only)', () => {
  it('pays the caller’s own order through the notice handler with the order’s amount; a second tap is refused as paid', async () => {
    const o = await placed();
    await expect(simulatePayment(runtime(), 'o-li', o.id)).rejects.toMatchObject({ code: 'ORDER.NOT_FOUND' });
    expect(await simulatePayment(runtime(), 'o-zhang', o.id)).toMatchObject({ errcode: 0, outcome: 'paid' });
    const paid = await order(o.id);
    expect(paid).toMatchObject({ status: 'submitted', payment: { transactionId: simulatedTransactionId(o.payment.outTradeNo as string) } });
    expect(paid.timeline.at(-1)).toMatchObject({ status: 'submitted', event: 'pay', note: '模拟支付（本地）' });
    await expect(simulatePayment(runtime(), 'o-zhang', o.id)).rejects.toMatchObject({ code: 'PAYMENT.ALREADY_PAID' });
  });

  it('POST /dev/simulatePayment on the local server pays the order of the X-Dev-Openid caller only', async () => {
    const o = await placed();
    const server = createLocalCloud({ db: h.db, staticDir: null, clock: () => h.clock.now, signer: hmacSigner(DEV_CODE_SECRET), demoIdentities: [], log: () => undefined });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const post = (openid: string, body: unknown) =>
        fetch(`http://127.0.0.1:${port}/dev/simulatePayment`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': openid }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
      expect(await post('o-li', { orderId: o.id })).toMatchObject({ status: 404, body: { ok: false, error: { code: 'ORDER.NOT_FOUND' } } });
      expect((await order(o.id)).status).toBe('pending_payment');
      expect(await post('o-zhang', { orderId: o.id })).toMatchObject({ status: 200, body: { ok: true, data: { errcode: 0, outcome: 'paid' } } });
      expect((await order(o.id)).status).toBe('submitted');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the deployed payment function (wx adapter)', () => {
  type Main = (event: unknown) => Promise<unknown>;
  const load = (): Main => (require('../../cloudfunctions/payment/index') as { main: Main }).main;

  it('answers WeChat Pay’s notice (no OPENID) with errcode 0 and marks the order paid; the same event from a user is refused', async () => {
    const o = await placed();
    standIn.db = h.db;
    const main = load();
    standIn.openid = 'o-zhang';
    expect(await main(notice(o.payment.outTradeNo as string, o.paidFen))).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect((await order(o.id)).status).toBe('pending_payment');
    standIn.openid = undefined;
    expect(await main(notice(o.payment.outTradeNo as string, o.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    expect((await order(o.id)).status).toBe('submitted');
    // A timer-shaped or action-shaped event without a caller is not a notice.
    expect(await main({ action: 'x' })).toMatchObject({ ok: false, error: { code: 'REQUEST.UNKNOWN_ACTION' } });
  });

  it('is bundled as its own deployable folder whose main answers a notice the same way', async () => {
    const dir = join(__dirname, '../../dist-cloudfunctions/payment');
    if (!existsSync(join(dir, 'index.js'))) throw new Error(`${dir}/index.js is missing: run \`npm run build:functions\` first`);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ permissions: { openapi: [] } });
    const o = await placed();
    standIn.db = h.db;
    standIn.openid = undefined;
    const { main } = require(join(dir, 'index.js')) as { main: (event: unknown) => Promise<unknown> };
    expect(await main(notice(o.payment.outTradeNo as string, o.paidFen))).toEqual({ errcode: 0, errmsg: '' });
    expect((await order(o.id)).status).toBe('submitted');
  });
});

describe('the WeChat Pay adapter', () => {
  const okAnswer = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', payment: { timeStamp: '1764036000', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'MD5', paySign: 's' } };
  const sdk = (answer: Record<string, unknown>, calls: unknown[]): WxCloudPaySdk => ({
    getWXContext: () => ({ ENV: 'prod-1a2b' }),
    cloudPay: { unifiedOrder: async (p) => (calls.push(p), answer) },
  });
  const request: PaymentRequest = { outTradeNo: 'FPA0123456789ABCDEF012', totalFen: 79_600, description: '鲜友会订单 A0123456789ABCDEF012', openid: 'o-zhang' };

  it('asks cloudPay.unifiedOrder with the documented fields and answers wx.requestPayment’s parameters', async () => {
    const calls: Record<string, unknown>[] = [];
    const gateway = wxPayment(sdk(okAnswer, calls), { FRESHPAL_PAY_SUB_MCH_ID: '1900000109' });
    expect(gateway.available()).toBe(true);
    const client: ClientPayment = await gateway.createPayment(request);
    expect(client).toEqual({ kind: 'wechat', outTradeNo: request.outTradeNo, totalFen: 79_600, params: okAnswer.payment });
    expect(calls).toEqual([
      { body: request.description, outTradeNo: request.outTradeNo, spbillCreateIp: '127.0.0.1', subMchId: '1900000109', totalFee: 79_600, envId: 'prod-1a2b', functionName: 'payment', nonceStr: expect.stringMatching(/^[0-9a-f]{32}$/), tradeType: 'JSAPI' },
    ]);
  });

  it('is unavailable without a merchant number; ORDERPAID and refusals become domain errors', async () => {
    expect(wxPayment(sdk(okAnswer, []), {}).available()).toBe(false);
    await expect(wxPayment(sdk(okAnswer, []), {}).createPayment(request)).rejects.toMatchObject({ code: 'PAYMENT.UNAVAILABLE' });
    const paid = wxPayment(sdk({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCode: 'ORDERPAID' }, []), { FRESHPAL_PAY_SUB_MCH_ID: '1' });
    await expect(paid.createPayment(request)).rejects.toMatchObject({ code: 'PAYMENT.ALREADY_PAID' });
    const refused = wxPayment(sdk({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCode: 'INVALID_REQUEST', errCodeDes: '201 商户订单号重复' }, []), { FRESHPAL_PAY_SUB_MCH_ID: '1' });
    await expect(refused.createPayment(request)).rejects.toMatchObject({ code: 'PAYMENT.GATEWAY_FAILED', message: expect.stringContaining('商户订单号重复') });
  });

  it('cuts a long description to 128 bytes of UTF-8', async () => {
    const calls: { body: string }[] = [];
    await wxPayment(sdk(okAnswer, calls), { FRESHPAL_PAY_SUB_MCH_ID: '1' }).createPayment({ ...request, description: '鲜'.repeat(100) });
    expect(Buffer.byteLength(calls[0]?.body ?? '', 'utf8')).toBeLessThanOrEqual(128);
    expect(calls[0]?.body).toBe('鲜'.repeat(42));
  });
});
