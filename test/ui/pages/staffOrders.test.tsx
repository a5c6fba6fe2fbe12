/**
 * Staff order pages: 今日订单 (slots with counts, status filter, paging, next step), 订单处理 (weights
 * and their settlement, steps sent once with a request id kept until answered), 门店收银 (amount
 * parsing, code refusals) and 订单导入 (dry run errors with line numbers, then apply with progress).
 */
import { fireEvent, render, screen } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffOrdersPage from '@/staff/pages/orders/index';
import StaffOrderPage from '@/staff/pages/order/index';
import StaffCounterPage from '@/staff/pages/counter/index';
import StaffImportPage from '@/staff/pages/import/index';
import StaffHomePage from '@/staff/pages/home/index';
import { openPage } from '@/lib/nav';
import { pickCsv, uploadFile } from '@/staff/lib/files';
import { NETWORK_DOWN, fail, installFakeServer, ok } from '../fakeServer';
import { setRouterParams } from '../pageHooks';
import { advance, typeInto } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));
jest.mock('@/staff/lib/files', () => ({ ...jest.requireActual('@/staff/lib/files'), pickCsv: jest.fn(), uploadFile: jest.fn() }));

type DayPage = ApiResult<'orderDesk', 'listDay'>;
type Row = DayPage['items'][number];
type Order = ApiResult<'orderDesk', 'getOrder'>;

beforeAll(() => {
  jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00+08:00') });
});
afterAll(() => {
  jest.useRealTimers();
});
beforeEach(() => {
  jest.setSystemTime(new Date('2026-11-25T10:00:00+08:00'));
  (openPage as jest.Mock).mockClear();
});

function row(n: number, over: Partial<Row> = {}): Row {
  return {
    id: `A${String(n).padStart(10, '0')}`,
    memberNo: `FP0000000${n % 10}`,
    memberName: `顾客${n}`,
    status: 'submitted',
    statusLabel: '待确认',
    channel: 'app',
    externalNo: null,
    slot: { kind: 'delivery', day: '2026-11-25', window: 'morning', windowLabel: '08:00–11:00', pickupPoint: null, priority: false },
    lineCount: 4,
    names: ['上海青', '土豆', '鸡蛋'],
    paidFen: 12_350,
    refundedFen: 0,
    hasWeightLines: true,
    weighed: false,
    allowed: ['confirm', 'cancel'],
    createdAt: Date.UTC(2026, 10, 24, 12),
    ...over,
  } as Row;
}

const windows: DayPage['windows'] = [
  { id: 'early', label: '06:00–08:00', count: 2 },
  { id: 'morning', label: '08:00–11:00', count: 25 },
  { id: 'afternoon', label: '14:00–18:00', count: 1 },
];

describe('今日订单', () => {
  it('shows the slots with counts, each row with member, total and next step, pages, filters and opens an order', async () => {
    const server = installFakeServer({
      'orderDesk.listDay': ({ payload }) => {
        const p = payload as { page: number; window?: string; status?: string };
        const items = p.page === 0 ? Array.from({ length: 20 }, (_, i) => row(i + 1)) : [row(21, { status: 'confirmed', statusLabel: '已确认', allowed: ['weigh', 'cancel'] })];
        return ok({ day: '2026-11-25', windows, items, page: p.page, pageSize: 20, hasMore: p.page === 0 });
      },
    });
    const { container } = render(<StaffOrdersPage />);
    await advance();
    expect(screen.getByText('2026年11月25日 的订单')).toBeTruthy();
    expect(screen.getByRole('button', { name: '全部时段，28 单' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '08:00–11:00，25 单' })).toBeTruthy();
    const rows = container.querySelectorAll('.desk-row');
    expect(rows).toHaveLength(20);
    expect(rows[0]?.textContent).toContain('顾客1（FP00000001）');
    expect(rows[0]?.textContent).toContain('¥123.50');
    expect(rows[0]?.textContent).toContain('下一步：确认订单');
    expect(rows[0]?.textContent).toContain('配送 08:00–11:00 · 上海青、土豆、鸡蛋 等 4 种');

    fireEvent.click(screen.getByText('加载更多'));
    await advance();
    expect(container.querySelectorAll('.desk-row')).toHaveLength(21);
    expect(container.querySelectorAll('.desk-row')[20]?.textContent).toContain('下一步：录入重量');

    fireEvent.click(screen.getByRole('button', { name: '08:00–11:00，25 单' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '已确认' }));
    await advance();
    expect(server.payloads('orderDesk.listDay')).toEqual([
      { page: 0, pageSize: 20 },
      { page: 1, pageSize: 20 },
      { window: 'morning', page: 0, pageSize: 20 },
      { window: 'morning', status: 'confirmed', page: 0, pageSize: 20 },
    ]);

    fireEvent.click(container.querySelector('.desk-row') as HTMLElement);
    expect(openPage).toHaveBeenCalledWith('/staff/pages/order/index?orderId=A0000000001');
  });

  it('tells a customer the list is for staff only', async () => {
    installFakeServer({ 'orderDesk.listDay': () => fail('AUTH.FORBIDDEN', '无权执行此操作') });
    render(<StaffOrdersPage />);
    await advance();
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
  });
});

function order(over: Partial<Order> = {}): Order {
  const base = row(1);
  return {
    ...base,
    status: 'confirmed',
    statusLabel: '已确认',
    allowed: ['weigh', 'cancel'],
    lines: [
      { productId: 'P-QC', name: '上海青', unit: 'piece', quantity: 2, estimatedGrams: null, finalGrams: null, unitPriceFen: 350, amountFen: 700, paidFen: 700, refundedFen: 0 },
      { productId: 'P-PORK', name: '五花肉', unit: 'jin', quantity: 2, estimatedGrams: 1000, finalGrams: null, unitPriceFen: 2_800, amountFen: 5_600, paidFen: 5_600, refundedFen: 0 },
    ],
    paidFen: 6_300,
    listTotalFen: 6_300,
    tierDiscountFen: 0,
    couponFen: 0,
    coupon: null,
    note: null,
    weights: null,
    refunds: [],
    points: null,
    timeline: [{ status: 'submitted', statusLabel: '待确认', event: null, at: Date.UTC(2026, 10, 24, 12), by: 'customer', byName: null, note: null }],
    ...over,
  } as Order;
}

async function openOrder(routes: Parameters<typeof installFakeServer>[0]) {
  setRouterParams({ orderId: 'A0000000001' });
  const server = installFakeServer(routes);
  const view = render(<StaffOrderPage />);
  await advance();
  await advance(100);
  return { server, ...view };
}

const weighResult = {
  orderId: 'A0000000001',
  status: 'weighed',
  statusLabel: '已称重',
  paidBeforeFen: 6_300,
  paidFen: 6_524,
  refundFen: 0,
  chargeFen: 224,
  lines: [{ productId: 'P-PORK', estimatedGrams: 1000, finalGrams: 1_200, maxChargeableGrams: 1_040, chargedGrams: 1_040, waivedGrams: 160, estimatedAmountFen: 5_600, finalAmountFen: 5_824, differenceFen: 224, outcome: 'heavier_capped' }],
};

describe('订单处理', () => {
  it('takes a weight per by-weight line in grams and shows the settlement: charged up to the tolerance, the rest waived', async () => {
    let weighed = false;
    const { server, container } = await openOrder({
      'orderDesk.getOrder': () => ok(weighed ? order({ status: 'weighed', statusLabel: '已称重', allowed: ['dispatch', 'cancel'], weights: { at: 1, byName: '李小鲜', ...weighResult, lines: [{ ...weighResult.lines[0]!, estimatedGrams: 1000 }] } as Order['weights'] }) : order()),
      'orderDesk.enterWeights': () => {
        weighed = true;
        return ok(weighResult);
      },
    });
    expect(container.querySelector('.desk-lines')?.textContent).toContain('预估 1000 克 · 待称重');
    // Only the by-weight line asks for a weight; nothing goes out while it is empty.
    expect(container.querySelectorAll('.weights-form input')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: '保存称重结果' }));
    expect(screen.getByText('请填写称重结果：五花肉')).toBeTruthy();
    typeInto(container, '.weight-P-PORK input', '1.2');
    expect(container.querySelector('.weight-P-PORK .field-error')?.textContent).toBeTruthy();
    typeInto(container, '.weight-P-PORK input', '1200');
    fireEvent.click(screen.getByRole('button', { name: '保存称重结果' }));
    await advance();
    await advance();
    const sent = server.payloads('orderDesk.enterWeights') as { weights: unknown; requestId: string }[];
    expect(sent).toHaveLength(1);
    expect(sent[0]?.weights).toEqual([{ productId: 'P-PORK', grams: 1200 }]);
    const settlement = container.querySelector('.weights-settled')?.textContent ?? '';
    expect(settlement).toContain('五花肉：实称 1200 克，按 1040 克补收 ¥2.24，超出误差的 160 克免收');
    expect(settlement).toContain('应付 ¥63.00 → ¥65.24，向顾客补收 ¥2.24');
    expect(screen.getByRole('button', { name: '发货' })).toBeTruthy();
  });

  it('a double tap on a step sends it once', async () => {
    const { server } = await openOrder({
      'orderDesk.getOrder': () => ok(order({ status: 'submitted', statusLabel: '待确认', allowed: ['confirm', 'cancel'] })),
      'orderDesk.confirm': () => ok({ orderId: 'A0000000001', status: 'confirmed', statusLabel: '已确认' }),
    });
    const button = screen.getByRole('button', { name: '确认订单' });
    fireEvent.click(button);
    fireEvent.click(button);
    await advance();
    expect(server.count('orderDesk.confirm')).toBe(1);
    expect(screen.getByText('已确认订单，订单已确认')).toBeTruthy();
  });

  it('keeps the request id after a lost answer: the retry sends the same one, and a refusal is shown in words', async () => {
    const { server } = await openOrder({
      'orderDesk.getOrder': () => ok(order({ status: 'delivered', statusLabel: '已送达', allowed: ['complete'] })),
      'orderDesk.complete': ({ call }) => (call === 1 ? NETWORK_DOWN : ok({ orderId: 'A0000000001', status: 'completed', statusLabel: '已完成', earnedPoints: 63, tierChanged: false })),
    });
    fireEvent.click(screen.getByRole('button', { name: '完成订单' }));
    await advance();
    expect(screen.getByText(/提交结果未确认/)).toBeTruthy();
    // Every step is locked until this one is answered.
    expect(screen.getByRole('button', { name: '完成订单' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '重试提交' }));
    await advance();
    const ids = (server.payloads('orderDesk.complete') as { requestId: string }[]).map((p) => p.requestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(screen.getByText('订单已完成，积分 63 已计入（待入账）')).toBeTruthy();
  });

  it('cancels with a reason after a confirmation, and says an illegal step in words', async () => {
    const { server, container } = await openOrder({
      'orderDesk.getOrder': () => ok(order({ status: 'submitted', statusLabel: '待确认', allowed: ['confirm', 'cancel'] })),
      'orderDesk.cancel': () => fail('ORDER.ILLEGAL_TRANSITION', '订单配送中，不能取消'),
    });
    fireEvent.click(screen.getByRole('button', { name: '取消订单' }));
    expect(screen.getByText('请先填写取消原因')).toBeTruthy();
    typeInto(container, '.desk-reason input', '顾客临时外出');
    fireEvent.click(screen.getByRole('button', { name: '取消订单' }));
    await advance();
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('原因：顾客临时外出');
    fireEvent.click(dialog.querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    await advance();
    expect(server.payloads('orderDesk.cancel')).toEqual([{ orderId: 'A0000000001', reason: '顾客临时外出', requestId: expect.stringMatching(/^r/) }]);
    expect(screen.getByText('操作失败：订单状态已变化，不能进行此操作，请刷新后查看（订单配送中，不能取消）')).toBeTruthy();
  });

  it('refunds chosen lines in part (yuan read exactly) after a confirmation', async () => {
    const { server, container } = await openOrder({
      'orderDesk.getOrder': () => ok(order({ status: 'completed', statusLabel: '已完成', allowed: ['refund_partial', 'refund_full'] })),
      'orderDesk.refund': () => ok({ orderId: 'A0000000001', status: 'completed', statusLabel: '已完成', refundFen: 1_234, reversedPoints: 12, owedPoints: 0, refundedFen: 1_234, full: false }),
    });
    typeInto(container, '.desk-reason input', '五花肉不新鲜');
    fireEvent.click(screen.getByRole('button', { name: '退 五花肉' }));
    await advance(100);
    typeInto(container, '.refund-amount-P-PORK input', '12.345');
    fireEvent.click(screen.getByRole('button', { name: '退选中商品' }));
    expect(screen.getByText('五花肉：金额最多两位小数（精确到分）')).toBeTruthy();
    typeInto(container, '.refund-amount-P-PORK input', '12.34');
    fireEvent.click(screen.getByRole('button', { name: '退选中商品' }));
    await advance();
    expect(screen.getByRole('dialog').textContent).toContain('退还 ¥12.34');
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    await advance();
    expect(server.payloads('orderDesk.refund')).toEqual([{ orderId: 'A0000000001', reason: '五花肉不新鲜', lines: [{ productId: 'P-PORK', fen: 1234 }], requestId: expect.any(String) }]);
    expect(screen.getByText('已退款 ¥12.34，扣回积分 12')).toBeTruthy();
  });
});

describe('门店收银', () => {
  async function openCounter(routes: Parameters<typeof installFakeServer>[0]) {
    const server = installFakeServer(routes);
    const view = render(<StaffCounterPage />);
    await advance();
    await advance(100);
    return { server, ...view };
  }

  it('reads the amount exactly and refuses what it cannot read before anything is sent', async () => {
    const { server, container } = await openCounter({});
    fireEvent.click(screen.getByRole('button', { name: '确认收款' }));
    expect(screen.getByText('请先扫描或粘贴顾客的会员码')).toBeTruthy();
    typeInto(container, '.counter-token input', 'FP1.FP00000005.1795579980.sig');
    typeInto(container, '.counter-yuan input', '12.345');
    fireEvent.click(screen.getByRole('button', { name: '确认收款' }));
    expect(screen.getByText('金额最多两位小数（精确到分）')).toBeTruthy();
    typeInto(container, '.counter-yuan input', '1e3');
    fireEvent.click(screen.getByRole('button', { name: '确认收款' }));
    expect(screen.getByText('请直接输入金额，如 88.50')).toBeTruthy();
    expect(server.count('orderDesk.counterSale')).toBe(0);
  });

  it.each([
    ['MEMBER_CODE.USED', '该会员码已用于一笔消费（一码一单），请让顾客刷新会员码'],
    ['MEMBER_CODE.EXPIRED', '会员码已过期，请让顾客刷新会员码后重新扫描'],
    ['MEMBER_CODE.INVALID', '会员码无效（可能不完整或被改动），请让顾客出示会员码后重新扫描'],
  ] as const)('refuses a code the server calls %s in words', async (code, words) => {
    const { container } = await openCounter({ 'orderDesk.counterSale': () => fail(code, '') });
    typeInto(container, '.counter-token input', 'FP1.FP00000005.1795579980.sig');
    typeInto(container, '.counter-yuan input', '88.50');
    fireEvent.click(screen.getByRole('button', { name: '确认收款' }));
    await advance();
    expect(screen.getByRole('alert').textContent).toBe(`收银失败：${words}`);
    expect(container.querySelector('.counter-done')).toBeNull();
  });

  it('records a sale in fen (full-width digits read) and shows the points credited', async () => {
    const { server, container } = await openCounter({
      'orderDesk.counterSale': () => ok({ orderId: 'CABC', memberNo: 'FP00000005', displayName: '张姐', amountFen: 8_850, earnedPoints: 88, tierChanged: false }),
    });
    typeInto(container, '.counter-token input', ' FP1.FP00000005.1795579980.sig ');
    typeInto(container, '.counter-yuan input', '８８．５');
    // A double tap: the same element twice, before the answer.
    const submit = screen.getByRole('button', { name: '确认收款' });
    fireEvent.click(submit);
    fireEvent.click(submit);
    await advance();
    expect(server.payloads('orderDesk.counterSale')).toEqual([{ token: 'FP1.FP00000005.1795579980.sig', amountFen: 8850, requestId: expect.any(String) }]);
    expect(container.querySelector('.counter-done')?.textContent).toContain('张姐（FP00000005）获得 88 积分');
  });
});

describe('门店收银 with lines', () => {
  it('sends optional lines in fen only when they add up to the amount paid', async () => {
    const server = installFakeServer({
      'orderDesk.counterSale': () => ok({ orderId: 'CABD', memberNo: 'FP00000005', displayName: '张姐', amountFen: 3_000, earnedPoints: 30, tierChanged: false }),
    });
    const { container } = render(<StaffCounterPage />);
    await advance();
    await advance(100);
    typeInto(container, '.counter-token input', 'FP1.FP00000005.1795579980.sig');
    typeInto(container, '.counter-yuan input', '30');
    fireEvent.click(screen.getByRole('button', { name: '添加商品明细（选填）' }));
    await advance(100);
    typeInto(container, '.counter-line-0 .counter-line-product input', 'P-PORK');
    typeInto(container, '.counter-line-0 .counter-line-amount input', '25.50');
    fireEvent.click(screen.getByRole('button', { name: '确认收款' }));
    expect(screen.getByRole('alert').textContent).toBe('明细合计 ¥25.50，与收款金额 ¥30.00 不一致');
    expect(server.count('orderDesk.counterSale')).toBe(0);
    typeInto(container, '.counter-line-0 .counter-line-amount input', '30.00');
    fireEvent.click(screen.getByRole('button', { name: '确认收款' }));
    await advance();
    expect(server.payloads('orderDesk.counterSale')).toEqual([{ token: 'FP1.FP00000005.1795579980.sig', amountFen: 3000, lines: [{ productId: 'P-PORK', quantity: 1, amountFen: 3000 }], requestId: expect.any(String) }]);
  });
});

describe('订单导入', () => {
  const run = (over: Record<string, unknown>) => ({ runId: 'orderImport:dryRun:' + 'a'.repeat(32), mode: 'dryRun', fileName: 'x.csv', done: false, percent: 0, rows: 0, created: 0, skipped: 0, errorCount: 0, errors: [], startedAt: 1, updatedAt: 1, finishedAt: null, ...over });

  it('uploads, dry runs with progress polled every second, and lists bad rows with line numbers; apply stays closed', async () => {
    (pickCsv as jest.Mock).mockResolvedValue({ name: 'pos.csv', size: 2048, handle: 'tmp' });
    (uploadFile as jest.Mock).mockResolvedValue('cloud://local/orders-x-pos.csv');
    const server = installFakeServer({
      'orderDesk.importOrders': () => ok({ status: 'paused', chained: true, run: run({ percent: 40, rows: 400 }) }),
      'orderDesk.importStatus': () =>
        ok(run({ done: true, percent: 100, rows: 1000, errorCount: 2, errors: [{ line: 17, externalNo: 'POS-17', reason: '找不到手机号为 138****0000 的会员' }, { line: 230, externalNo: null, reason: '时间格式不正确' }] })),
    });
    const { container } = render(<StaffImportPage />);
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '选择 CSV 文件' }));
    await advance();
    expect(container.querySelector('.import-file-name')?.textContent).toBe('pos.csv（2 KB）');
    fireEvent.click(screen.getByRole('button', { name: '开始检查' }));
    await advance();
    expect(server.payloads('orderDesk.importOrders')).toEqual([{ fileId: 'cloud://local/orders-x-pos.csv', mode: 'dryRun' }]);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    expect(server.count('orderDesk.importStatus')).toBe(0);
    await advance(1000);
    expect(server.count('orderDesk.importStatus')).toBe(1);
    const errors = container.querySelector('.row-errors')?.textContent ?? '';
    expect(errors).toContain('有 2 行有错误');
    expect(errors).toContain('第 17 行（单号 POS-17）：找不到手机号为 138****0000 的会员');
    expect(errors).toContain('第 230 行：时间格式不正确');
    expect(screen.queryByRole('button', { name: '开始导入' })).toBeNull();
    // Done: no more polling.
    await advance(3000);
    expect(server.count('orderDesk.importStatus')).toBe(1);
  });
});

describe('staff home entries', () => {
  it('offers 今日订单 and 门店收银 to a clerk, and 商品管理 and 订单导入 to a manager only', async () => {
    installFakeServer({ 'member.whoami': () => ok({ role: 'staff', displayName: '李小鲜', memberNo: null }) });
    const clerk = render(<StaffHomePage />);
    await advance();
    expect(Array.from(clerk.container.querySelectorAll('.staff-entry')).map((e) => e.getAttribute('aria-label'))).toEqual(['今日订单', '门店收银']);
    clerk.unmount();
    installFakeServer({ 'member.whoami': () => ok({ role: 'manager', displayName: '王店长', memberNo: null }) });
    const manager = render(<StaffHomePage />);
    await advance();
    const links = Array.from(manager.container.querySelectorAll('.staff-entry'));
    expect(links.map((e) => e.getAttribute('aria-label'))).toEqual(['今日订单', '门店收银', '商品管理', '订单导入']);
    fireEvent.click(links[1] as HTMLElement);
    expect(openPage).toHaveBeenCalledWith('/staff/pages/counter/index');
  });
});
