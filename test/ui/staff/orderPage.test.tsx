/**
 * 订单处理 (staff order page): the weighing preview while final weights are typed (asked of the desk
 * after a pause, per line and in total, the over-tolerance flag, what saving then shows), and the
 * refund by amount of an order without lines (yuan read exactly, never over the refundable
 * remainder, a confirmation, sent once, the points reversed or owed said in words).
 */
import { fireEvent, render, screen } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffOrderPage from '@/staff/pages/order/index';
import { PREVIEW_DELAY_MS } from '@/staff/pages/order/preview';
import { NETWORK_DOWN, fail, installFakeServer, ok } from '../fakeServer';
import { setRouterParams } from '../pageHooks';
import { advance, typeInto } from '../interact';

type Order = ApiResult<'orderDesk', 'getOrder'>;
type Preview = ApiResult<'orderDesk', 'previewWeights'>;
type WeighingLine = Preview['lines'][number];

const text = (container: HTMLElement, selector: string) => container.querySelector(selector)?.textContent ?? '';

beforeAll(() => {
  jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00+08:00') });
});
afterAll(() => {
  jest.useRealTimers();
});

const ORDER_ID = 'A0000000007';

function order(over: Partial<Order> = {}): Order {
  return {
    id: ORDER_ID,
    memberNo: 'FP00000007',
    memberName: '陈阿姨',
    status: 'confirmed',
    statusLabel: '已确认',
    channel: 'app',
    externalNo: null,
    slot: { kind: 'delivery', day: '2026-11-25', window: 'morning', windowLabel: '08:00–11:00', pickupPoint: null, priority: false },
    lineCount: 3,
    names: ['上海青', '五花肉', '草鸡'],
    paidFen: 15_440,
    refundedFen: 0,
    refundableFen: 15_440,
    amountRefund: false,
    hasWeightLines: true,
    weighed: false,
    allowed: ['weigh', 'cancel'],
    createdAt: Date.UTC(2026, 10, 24, 12),
    lines: [
      { productId: 'P-QC', name: '上海青', unit: 'piece', quantity: 2, estimatedGrams: null, finalGrams: null, unitPriceFen: 350, amountFen: 700, paidFen: 700, refundedFen: 0 },
      { productId: 'P-PORK', name: '五花肉', unit: 'jin', quantity: 2, estimatedGrams: 1_000, finalGrams: null, unitPriceFen: 2_800, amountFen: 5_600, paidFen: 5_600, refundedFen: 0 },
      { productId: 'P-HEN', name: '草鸡', unit: 'jin', quantity: 1, estimatedGrams: 1_500, finalGrams: null, unitPriceFen: 3_048, amountFen: 9_144, paidFen: 9_140, refundedFen: 0 },
    ],
    listTotalFen: 15_444,
    tierDiscountFen: 0,
    couponFen: 4,
    coupon: null,
    note: null,
    weights: null,
    refunds: [],
    points: null,
    timeline: [{ status: 'confirmed', statusLabel: '已确认', event: 'confirm', at: Date.UTC(2026, 10, 24, 13), by: 'staff', byName: '李小鲜', note: null }],
    ...over,
  } as Order;
}

// 五花肉 2 斤 est. 1000 g at ¥28/斤, tolerance 4 % → at most 1040 g charged; 草鸡 1500 g at ¥30.48/斤.
const porkLighter: WeighingLine = { productId: 'P-PORK', estimatedGrams: 1_000, finalGrams: 937, maxChargeableGrams: 1_040, chargedGrams: 937, waivedGrams: 0, estimatedAmountFen: 5_600, finalAmountFen: 5_247, differenceFen: -353, outcome: 'lighter' };
const henOver: WeighingLine = { productId: 'P-HEN', estimatedGrams: 1_500, finalGrams: 1_700, maxChargeableGrams: 1_575, chargedGrams: 1_575, waivedGrams: 125, estimatedAmountFen: 9_144, finalAmountFen: 9_601, differenceFen: 457, outcome: 'heavier_capped' };

async function openOrder(routes: Parameters<typeof installFakeServer>[0]) {
  setRouterParams({ orderId: ORDER_ID });
  const server = installFakeServer(routes);
  const view = render(<StaffOrderPage />);
  await advance();
  await advance(100);
  return { server, ...view };
}

describe('订单处理: weighing preview', () => {
  it('asks the desk once the typing pauses and shows each line, its price, the flag over the tolerance and the new total', async () => {
    const { server, container } = await openOrder({
      'orderDesk.getOrder': () => ok(order()),
      'orderDesk.previewWeights': ({ payload }) => {
        const weights = (payload as { weights: { productId: string }[] }).weights;
        const both = weights.length === 2;
        return ok<Preview>({
          orderId: ORDER_ID,
          pending: both ? [] : ['P-HEN'],
          paidBeforeFen: 15_440,
          paidFen: both ? 15_544 : 15_087,
          refundFen: both ? 0 : 353,
          chargeFen: both ? 104 : 0,
          lines: both ? [porkLighter, henOver] : [porkLighter],
        });
      },
    });
    expect(text(container, '.weights-preview')).toContain('填写实称克数后，这里显示每个商品的结算和新的应付金额');

    // Typed digit by digit: one request, after the pause, with what is on screen.
    for (const t of ['9', '93', '937']) typeInto(container, '.weight-P-PORK input', t);
    await advance(PREVIEW_DELAY_MS - 1);
    expect(server.count('orderDesk.previewWeights')).toBe(0);
    expect(text(container, '.weights-preview')).toContain('正在计算…');
    await advance(1);
    await advance();
    expect(server.payloads('orderDesk.previewWeights')).toEqual([{ orderId: ORDER_ID, weights: [{ productId: 'P-PORK', grams: 937 }] }]);
    let preview = text(container, '.weights-preview');
    expect(preview).toContain('五花肉：实称 937 克，比预估轻，退 ¥3.53');
    expect(preview).toContain('本行 ¥52.47（预估 ¥56.00）');
    expect(preview).toContain('尚未填写：草鸡（暂按预估计算）');
    expect(preview).toContain('应付 ¥154.40 → ¥150.87，退还顾客 ¥3.53');

    typeInto(container, '.weight-P-HEN input', '1700');
    await advance(PREVIEW_DELAY_MS);
    await advance();
    expect(server.payloads('orderDesk.previewWeights')[1]).toEqual({ orderId: ORDER_ID, weights: [{ productId: 'P-PORK', grams: 937 }, { productId: 'P-HEN', grams: 1700 }] });
    preview = text(container, '.weights-preview');
    const hen = text(container, '.weights-preview .settlement-P-HEN');
    expect(hen).toContain('草鸡：实称 1700 克，按 1575 克补收 ¥4.57，超出误差的 125 克免收');
    expect(hen).toContain('超出误差');
    expect(hen).toContain('最多按 1575 克计价');
    expect(text(container, '.weights-preview .settlement-P-PORK')).not.toContain('超出误差');
    expect(preview).not.toContain('尚未填写');
    expect(preview).toContain('应付 ¥154.40 → ¥155.44，向顾客补收 ¥1.04');
    // Reading only: nothing was saved.
    expect(server.count('orderDesk.enterWeights')).toBe(0);
  });

  it('sends nothing for a weight the field refuses, and says why there is no preview', async () => {
    const { server, container } = await openOrder({ 'orderDesk.getOrder': () => ok(order()) });
    typeInto(container, '.weight-P-PORK input', '93.7');
    await advance(PREVIEW_DELAY_MS * 2);
    expect(server.count('orderDesk.previewWeights')).toBe(0);
    expect(text(container, '.weights-preview')).toContain('请先改正上面的重量，再看结算预览');
  });

  it('shows a refusal in words and never figures for other weights than those typed', async () => {
    const { container } = await openOrder({
      'orderDesk.getOrder': () => ok(order()),
      'orderDesk.previewWeights': ({ call }) => (call === 1 ? ok<Preview>({ orderId: ORDER_ID, pending: ['P-HEN'], paidBeforeFen: 15_440, paidFen: 15_087, refundFen: 353, chargeFen: 0, lines: [porkLighter] }) : fail('ORDER.WEIGHTS_SETTLED', '该订单已于2026-11-25称重结算')),
    });
    typeInto(container, '.weight-P-PORK input', '937');
    await advance(PREVIEW_DELAY_MS);
    await advance();
    expect(text(container, '.weights-preview')).toContain('¥150.87');
    typeInto(container, '.weight-P-PORK input', '940');
    await advance();
    expect(text(container, '.weights-preview')).not.toContain('¥150.87');
    await advance(PREVIEW_DELAY_MS);
    await advance();
    expect(text(container, '.weights-preview')).toContain('无法预览：该订单已按另一组重量结算，不能再次称重（该订单已于2026-11-25称重结算）');
  });

  it('saving shows exactly what the preview showed', async () => {
    const both = { paidBeforeFen: 15_440, paidFen: 15_544, refundFen: 0, chargeFen: 104, lines: [porkLighter, henOver] };
    let saved = false;
    const { server, container } = await openOrder({
      'orderDesk.getOrder': () => ok(saved ? order({ status: 'weighed', statusLabel: '已称重', allowed: ['dispatch', 'cancel'], weighed: true, paidFen: 15_544, weights: { ...both, at: Date.UTC(2026, 10, 25, 2), byName: '李小鲜' } }) : order()),
      'orderDesk.previewWeights': () => ok<Preview>({ orderId: ORDER_ID, pending: [], ...both }),
      'orderDesk.enterWeights': () => {
        saved = true;
        return ok({ orderId: ORDER_ID, status: 'weighed', statusLabel: '已称重', ...both });
      },
    });
    typeInto(container, '.weight-P-PORK input', '937');
    typeInto(container, '.weight-P-HEN input', '1700');
    await advance(PREVIEW_DELAY_MS);
    await advance();
    const previewed = container.querySelector('.weights-preview .desk-settlement')?.textContent;
    expect(previewed).toContain('应付 ¥154.40 → ¥155.44');
    fireEvent.click(screen.getByRole('button', { name: '保存称重结果' }));
    await advance();
    await advance();
    expect(server.payloads('orderDesk.enterWeights')).toEqual([{ orderId: ORDER_ID, weights: [{ productId: 'P-PORK', grams: 937 }, { productId: 'P-HEN', grams: 1700 }], requestId: expect.any(String) }]);
    expect(container.querySelector('.weights-preview')).toBeNull();
    expect(container.querySelector('.weights-settled .desk-settlement')?.textContent).toBe(previewed);
  });
});

describe('订单处理: refund by amount (an order without lines)', () => {
  const counterOrder = (over: Partial<Order> = {}) =>
    order({
      channel: 'counter',
      status: 'partially_refunded',
      statusLabel: '部分退款',
      allowed: ['refund_partial', 'refund_full'],
      lines: [],
      lineCount: 0,
      names: [],
      hasWeightLines: false,
      slot: null,
      paidFen: 8_850,
      refundedFen: 1_000,
      refundableFen: 7_850,
      amountRefund: true,
      listTotalFen: 8_850,
      couponFen: 0,
      ...over,
    });

  it('shows the refundable remainder, refuses more than it or an unreadable amount before sending, and offers no line refund', async () => {
    const { server, container } = await openOrder({ 'orderDesk.getOrder': () => ok(counterOrder()) });
    expect(text(container, '.refund-remainder')).toBe('可退金额 ¥78.50（已退 ¥10.00）');
    expect(text(container, '.desk-lines')).toContain('没有商品明细');
    expect(container.querySelector('.refund-lines')).toBeNull();
    expect(screen.queryByRole('button', { name: '退选中商品' })).toBeNull();

    typeInto(container, '.desk-reason input', '少找零');
    typeInto(container, '.refund-amount input', '78.51');
    expect(text(container, '.refund-amount .field-error')).toBe('超过可退金额，最多可退 ¥78.50');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    expect(screen.getByText('退款金额：超过可退金额，最多可退 ¥78.50')).toBeTruthy();
    typeInto(container, '.refund-amount input', '12.345');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    expect(screen.getByText('退款金额：金额最多两位小数（精确到分）')).toBeTruthy();
    typeInto(container, '.refund-amount input', '');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    expect(screen.getByText('请填写退款金额')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(server.count('orderDesk.refund')).toBe(0);
  });

  it('asks for a reason first', async () => {
    const { container } = await openOrder({ 'orderDesk.getOrder': () => ok(counterOrder()) });
    typeInto(container, '.refund-amount input', '10');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    expect(screen.getByText('请先填写退款原因')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('refunds the amount in fen after a confirmation, once, keeps the request id over a lost answer, and says the points reversed', async () => {
    const { server, container } = await openOrder({
      'orderDesk.getOrder': () => ok(counterOrder()),
      'orderDesk.refund': ({ call }) => (call === 1 ? NETWORK_DOWN : ok({ orderId: ORDER_ID, status: 'refunded', statusLabel: '已退款', refundFen: 7_850, reversedPoints: 78, owedPoints: 0, refundedFen: 8_850, full: true })),
    });
    typeInto(container, '.desk-reason input', '商品质量问题');
    typeInto(container, '.refund-amount input', '７８．５');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('确认按金额退款');
    expect(dialog.textContent).toContain('退还 ¥78.50（可退 ¥78.50）· 原因：商品质量问题');
    const confirm = dialog.querySelector('.dialog-confirm') as HTMLElement;
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    await advance();
    expect(screen.getByText(/提交结果未确认/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '按金额退款' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '重试提交' }));
    await advance();
    await advance();
    const sent = server.payloads('orderDesk.refund') as { requestId: string }[];
    expect(sent).toEqual([
      { orderId: ORDER_ID, reason: '商品质量问题', amountFen: 7850, requestId: expect.any(String) },
      { orderId: ORDER_ID, reason: '商品质量问题', amountFen: 7850, requestId: sent[0]?.requestId },
    ]);
    expect(screen.getByText('已退款 ¥78.50，扣回积分 78（已全额退款）')).toBeTruthy();
  });

  it('says points still owed, and a refusal by the desk in words', async () => {
    const { container } = await openOrder({
      'orderDesk.getOrder': () => ok(counterOrder()),
      'orderDesk.refund': ({ call }) => (call === 1 ? fail('ORDER.REFUND_TOO_LARGE', '该订单最多还可退 5 元') : ok({ orderId: ORDER_ID, status: 'partially_refunded', statusLabel: '部分退款', refundFen: 500, reversedPoints: 2, owedPoints: 3, refundedFen: 1_500, full: false })),
    });
    typeInto(container, '.desk-reason input', '重复收款');
    typeInto(container, '.refund-amount input', '20');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    await advance();
    expect(screen.getByText('操作失败：退款金额超过可退金额（该订单最多还可退 5 元）')).toBeTruthy();
    typeInto(container, '.refund-amount input', '5');
    fireEvent.click(screen.getByRole('button', { name: '按金额退款' }));
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    await advance();
    expect(screen.getByText('已退款 ¥5.00，扣回积分 2，积分不足，待扣回 3')).toBeTruthy();
  });

  it('an order with lines keeps the line refund and offers no amount', async () => {
    const { container } = await openOrder({ 'orderDesk.getOrder': () => ok(order({ status: 'completed', statusLabel: '已完成', allowed: ['refund_partial', 'refund_full'] })) });
    expect(container.querySelector('.refund-lines')).not.toBeNull();
    expect(container.querySelector('.refund-amount')).toBeNull();
    expect(screen.queryByRole('button', { name: '按金额退款' })).toBeNull();
  });
});
