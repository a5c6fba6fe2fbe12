/**
 * The complaint desk's staff pages: 投诉处理 (rows with a live countdown on the server's clock, its
 * colour states, filters sent as the query, a row opens the case) and 反馈处理 (reply sent once with
 * its request id kept until answered, the resolve form checked before the confirmation, photo review,
 * manager-only controls).
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffCasesPage from '@/staff/pages/cases/index';
import StaffCasePage from '@/staff/pages/case/index';
import StaffHomePage from '@/staff/pages/home/index';
import { openPage } from '@/lib/nav';
import { rememberServerNow } from '@/staff/lib/countdown';
import { NETWORK_DOWN, fail, installFakeServer, ok } from '../fakeServer';
import { firePageHide, firePageShow, setRouterParams } from '../pageHooks';
import { advance, typeInto } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));
// Pull to refresh needs a running Taro app; the page's reload on show is tested instead.
jest.mock('@/staff/lib/pullRefresh', () => ({ usePullRefresh: () => () => undefined }));

type QueuePage = ApiResult<'desk', 'queue'>;
type Row = QueuePage['items'][number];
type Case = ApiResult<'desk', 'get'>;
type Order = ApiResult<'orderDesk', 'getOrder'>;

const MIN = 60_000;
const HOUR = 60 * MIN;
// The server's time; the phone's clock is set 2 hours wrong in the queue tests.
const SERVER_NOW = Date.parse('2026-12-02T10:00:00+08:00');

beforeAll(() => {
  jest.useFakeTimers({ now: SERVER_NOW });
});
afterAll(() => {
  jest.useRealTimers();
});
beforeEach(() => {
  jest.setSystemTime(SERVER_NOW);
  rememberServerNow(0, 0);
  (openPage as jest.Mock).mockClear();
});

function row(n: number, over: Partial<Row> = {}): Row {
  return {
    id: `case-${n}`,
    type: 'complaint',
    typeLabel: '投诉',
    category: 'quality',
    categoryLabel: '不新鲜/质量',
    status: 'open',
    statusLabel: '待响应',
    memberName: `顾客${n}`,
    memberNo: `FP0000000${n}`,
    tier: 'core',
    tierName: '核心',
    excerpt: '青菜送到时叶子发黄，有一部分烂了',
    assignee: null,
    assigneeId: null,
    dueAt: SERVER_NOW + HOUR + 20 * MIN + 5_000,
    dueKind: 'first_response',
    warnAt: SERVER_NOW + 2 * HOUR,
    breached: false,
    paused: false,
    createdAt: SERVER_NOW - HOUR,
    ...over,
  };
}

const queueRows = (): Row[] => [
  row(1, { dueAt: SERVER_NOW - 25 * MIN, warnAt: SERVER_NOW - HOUR, breached: true }),
  row(2, { dueAt: SERVER_NOW + 10_000, warnAt: SERVER_NOW - 5 * MIN, assignee: '李小鲜', assigneeId: 'o-clerk', status: 'answered', statusLabel: '处理中', dueKind: 'resolution' }),
  row(3, { warnAt: SERVER_NOW + 8_000 }),
  row(4, { dueAt: null, warnAt: null, paused: true, status: 'waiting_customer', statusLabel: '待客户补充', tier: 'strategic', tierName: '战略合作' }),
];

describe('投诉处理', () => {
  it('counts down every row on the server clock, one ticker for the page, in the colour of its state', async () => {
    // The phone's clock is 2 hours slow: the countdown must still follow the server's.
    jest.setSystemTime(SERVER_NOW - 2 * HOUR);
    installFakeServer({ 'desk.queue': ({ payload }) => ok({ items: queueRows(), page: (payload as { page: number }).page, pageSize: 20, hasMore: false, now: SERVER_NOW }) });
    // The page's one-second intervals still running (not cleared).
    const setSpy = jest.spyOn(globalThis, 'setInterval');
    const clearSpy = jest.spyOn(globalThis, 'clearInterval');
    const tickers = () => {
      const cleared = new Set(clearSpy.mock.calls.map((c) => c[0]));
      return setSpy.mock.calls.map((c, i) => [c[1], setSpy.mock.results[i]?.value] as const).filter(([ms, id]) => ms === 1000 && !cleared.has(id)).length;
    };
    const { container } = render(<StaffCasesPage />);
    await advance();
    const rows = container.querySelectorAll('.case-row');
    expect(rows).toHaveLength(4);
    const clock = (i: number) => rows[i]?.querySelector('.case-countdown') as HTMLElement;

    expect(clock(0).className).toContain('countdown-overdue');
    expect(clock(0).textContent).toBe('已超时 00:25:00');
    expect(rows[0]?.querySelector('.tag-negative')?.textContent).toBe('超时');
    expect(clock(1).className).toContain('countdown-warning');
    expect(clock(1).getAttribute('aria-label')).toBe('距解决截止还有 不到 1 分');
    expect(clock(2).className).toContain('countdown-normal');
    expect(clock(2).textContent).toBe('01:20:05');
    expect(clock(2).getAttribute('aria-label')).toBe('距首次响应截止还有 1 小时 20 分');
    expect(clock(3).className).toContain('countdown-paused');
    expect(clock(3).textContent).toBe('待客户补充');
    expect(rows[1]?.textContent).toContain('处理人：李小鲜');
    expect(rows[2]?.textContent).toContain('待认领');
    expect(rows[2]?.textContent).toContain('核心会员');
    expect(rows[2]?.textContent).toContain('投诉 · 不新鲜/质量');
    // The row is named by what it shows (label in name); the countdown inside by its words.
    expect(rows[2]?.getAttribute('aria-label')).toBeNull();
    expect(screen.getAllByRole('button', { name: /距首次响应截止还有 1 小时 20 分/ })).toHaveLength(1);

    // One interval drives every row.
    expect(tickers()).toBe(1);
    await advance(6_000);
    expect(clock(2).textContent).toBe('01:19:59');
    expect(clock(0).textContent).toBe('已超时 00:25:06');
    expect(clock(2).className).toContain('countdown-normal');
    expect(clock(1).className).toContain('countdown-warning');
    // Row 3 reaches its warnAt (80 % of its target), row 2 its deadline.
    await advance(4_000);
    expect(clock(2).className).toContain('countdown-warning');
    expect(clock(1).className).toContain('countdown-overdue');
    expect(clock(1).textContent).toBe('已超时 00:00:00');

    // Off screen the ticker stops.
    act(() => firePageHide());
    await advance();
    expect(tickers()).toBe(0);
    setSpy.mockRestore();
    clearSpy.mockRestore();
  });

  it('names tiers as configured once a row shows them', async () => {
    installFakeServer({ 'desk.queue': () => ok({ items: queueRows(), page: 0, pageSize: 20, hasMore: false, now: SERVER_NOW }) });
    render(<StaffCasesPage />);
    await advance();
    expect(screen.getByRole('button', { name: '战略合作会员' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '潜力会员' })).toBeTruthy();
  });

  it('sends the filters as the query, reloads when shown again, and opens a case', async () => {
    const server = installFakeServer({ 'desk.queue': ({ payload }) => ok({ items: [row(3)], page: (payload as { page: number }).page, pageSize: 20, hasMore: false, now: SERVER_NOW }) });
    const { container } = render(<StaffCasesPage />);
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '我的' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '已超时' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '核心会员' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '缺斤少两' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '全部等级' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '待认领' }));
    await advance();
    expect(screen.getByRole('button', { name: '待认领' }).getAttribute('aria-pressed')).toBe('true');
    act(() => firePageShow());
    await advance();
    expect(server.payloads('desk.queue')).toEqual([
      { filter: 'all', page: 0, pageSize: 20 },
      { filter: 'mine', page: 0, pageSize: 20 },
      { filter: 'overdue', page: 0, pageSize: 20 },
      { filter: 'overdue', tier: 'core', page: 0, pageSize: 20 },
      { filter: 'overdue', tier: 'core', category: 'short_weight', page: 0, pageSize: 20 },
      { filter: 'overdue', category: 'short_weight', page: 0, pageSize: 20 },
      { filter: 'unassigned', category: 'short_weight', page: 0, pageSize: 20 },
      { filter: 'unassigned', category: 'short_weight', page: 0, pageSize: 20 },
    ]);
    fireEvent.click(container.querySelector('.case-row') as HTMLElement);
    expect(openPage).toHaveBeenCalledWith('/staff/pages/case/index?id=case-3');
  });

  it('says an empty filter and staff only in words', async () => {
    installFakeServer({ 'desk.queue': () => ok({ items: [], page: 0, pageSize: 20, hasMore: false, now: SERVER_NOW }) });
    render(<StaffCasesPage />);
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '已超时' }));
    await advance();
    expect(screen.getByText('没有超时的反馈')).toBeTruthy();
  });

  it('tells a customer the desk is for staff only', async () => {
    installFakeServer({ 'desk.queue': () => fail('AUTH.FORBIDDEN', '仅限员工使用') });
    render(<StaffCasesPage />);
    await advance();
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
  });

  it('is an entry of the staff home', async () => {
    installFakeServer({ 'member.whoami': () => ok({ role: 'staff', displayName: '李小鲜', memberNo: null }) });
    render(<StaffHomePage />);
    await advance();
    fireEvent.click(screen.getByRole('link', { name: '投诉处理' }));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/cases/index');
  });
});

const photo = (fileId: string, status: Case['thread'][number]['photos'][number]['status'], staffOnly: boolean) => ({ fileId, url: `https://files.test/${fileId}`, status, staffOnly });

function deskCase(over: Partial<Case> = {}): Case {
  return {
    ...row(3),
    orderId: 'A0000000001',
    productIds: ['P-QC'],
    provisional: false,
    preferredContact: '下午',
    region: '浦东',
    thread: [
      {
        id: 'm1',
        by: 'customer',
        name: '顾客3',
        text: '青菜送到时叶子发黄，有一部分烂了',
        photos: [photo('cloud://env/case/a.jpg', 'passed', false), photo('cloud://env/case/b.jpg', 'pending', true)],
        at: SERVER_NOW - HOUR,
        internal: false,
        flagged: false,
      },
      { id: 'm2', by: 'staff', name: '王店长', text: '先查一下冷链记录', photos: [], at: SERVER_NOW - 30 * MIN, internal: true, flagged: false },
    ],
    firstResponseDueAt: SERVER_NOW + HOUR + 20 * MIN + 5_000,
    resolutionDueAt: SERVER_NOW + 3 * 24 * HOUR,
    firstResponseAt: null,
    breachedFirstResponse: false,
    breachedResolution: false,
    resolution: null,
    rating: null,
    callback: null,
    rootCause: null,
    rootCauseLabel: null,
    autoClosed: false,
    photosToReview: 1,
    ...over,
  };
}

function order(over: Partial<Order> = {}): Order {
  return { id: 'A0000000001', paidFen: 6_300, refundedFen: 1_000, ...over } as Order;
}

const staffMe = { role: 'staff', displayName: '李小鲜', memberNo: null };
const managerMe = { role: 'manager', displayName: '王店长', memberNo: null };

async function openCase(routes: Parameters<typeof installFakeServer>[0], me: object = staffMe) {
  setRouterParams({ id: 'case-3' });
  const server = installFakeServer({ 'member.whoami': () => ok(me), 'orderDesk.getOrder': () => ok(order()), ...routes });
  const view = render(<StaffCasePage />);
  await advance();
  // Taro's H5 inputs render their inner <input>/<textarea> a frame later.
  await advance(100);
  return { server, ...view };
}

describe('反馈处理', () => {
  it('shows who, the deadlines with a live countdown, the thread with internal notes marked, and the order link', async () => {
    const { container } = await openCase({ 'desk.get': () => ok(deskCase()) });
    const head = container.querySelector('.case-head')?.textContent ?? '';
    expect(head).toContain('顾客3');
    expect(head).toContain('核心会员');
    expect(head).toContain('投诉 · 不新鲜/质量');
    expect(head).toContain('首次响应：12月2日 11:20 前');
    expect(head).toContain('处理人：待认领');
    expect(head).not.toContain('节假日尚未公布');
    expect(container.querySelector('.case-head-countdown')?.getAttribute('aria-label')).toBe('距首次响应截止还有 1 小时 20 分');
    expect(container.querySelector('.case-msg-internal')?.textContent).toContain('内部备注 · 王店长');
    expect(container.querySelector('.case-msg-customer')?.textContent).toContain('待审核，仅员工可见');
    fireEvent.click(screen.getByRole('link', { name: '关联订单 A0000000001' }));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/order/index?orderId=A0000000001');
  });

  it('says a deadline beyond the entered holidays may come earlier', async () => {
    const { container } = await openCase({ 'desk.get': () => ok(deskCase({ provisional: true })) });
    expect(container.querySelector('.case-head')?.textContent).toContain('截止时间所在年份的节假日尚未公布，录入后可能提前');
  });

  it('sends a reply once, keeping its request id through a lost answer', async () => {
    const { server, container } = await openCase({
      'desk.get': () => ok(deskCase()),
      'desk.reply': ({ call }) => (call === 1 ? NETWORK_DOWN : ok(deskCase({ status: 'answered', statusLabel: '处理中' }))),
    });
    fireEvent.click(screen.getByRole('button', { name: '回复客户' }));
    expect(screen.getByText('请填写回复内容')).toBeTruthy();
    typeInto(container, '.case-reply-text textarea', '非常抱歉，我们马上核实');
    const send = screen.getByRole('button', { name: '回复客户' });
    fireEvent.click(send);
    fireEvent.click(send);
    await advance();
    expect(screen.getByText(/提交结果未确认/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重试回复客户' }));
    await advance();
    const sent = server.payloads('desk.reply') as { requestId: string }[];
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({ caseId: 'case-3', text: '非常抱歉，我们马上核实', internal: false, askCustomer: false, requestId: expect.stringMatching(/^r/) });
    expect(sent[1]?.requestId).toBe(sent[0]?.requestId);
    expect(screen.getByText('已回复客户，客户会收到通知')).toBeTruthy();
  });

  it('asks the customer for more or adds an internal note, each a new request', async () => {
    const { server, container } = await openCase({ 'desk.get': () => ok(deskCase()), 'desk.reply': () => ok(deskCase()) });
    typeInto(container, '.case-reply-text textarea', '请拍一张外包装的照片');
    fireEvent.click(screen.getByRole('button', { name: '请客户补充' }));
    await advance();
    await advance(100);
    expect(screen.getByText('已请客户补充，等待期间计时暂停')).toBeTruthy();
    typeInto(container, '.case-reply-text textarea', '供应商那边先问一下');
    fireEvent.click(screen.getByRole('button', { name: '内部备注' }));
    await advance();
    const sent = server.payloads('desk.reply') as { internal: boolean; askCustomer: boolean; requestId: string }[];
    expect(sent.map((p) => [p.internal, p.askCustomer])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(sent[1]?.requestId).not.toBe(sent[0]?.requestId);
  });

  it('checks the resolve form before the confirmation: points required, refund within what the order allows', async () => {
    const { server, container } = await openCase({
      'desk.get': () => ok(deskCase()),
      'desk.resolve': () => fail('CASE.COMPENSATION_OVER_LIMIT', '员工单次最多补偿 500 积分，更多请店长处理'),
    });
    const submit = () => fireEvent.click(screen.getByRole('button', { name: '提交处理结果' }));
    submit();
    expect(screen.getByText('请选择处理结果')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '补偿积分' }));
    await advance(100);
    typeInto(container, '.case-resolve-note textarea', '非常抱歉，补偿积分');
    submit();
    expect(screen.getByText('请填写补偿积分')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '退款' }));
    await advance(100);
    expect(container.querySelector('.case-refund')?.textContent).toContain('该订单还可退 ¥53.00');
    typeInto(container, '.case-refund-yuan input', '53.01');
    submit();
    expect(screen.getByText('退款金额不能超过该订单可退的 ¥53.00')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '补偿积分' }));
    await advance(100);
    typeInto(container, '.case-points input', '800');
    submit();
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('补偿 800 积分 · 非常抱歉，补偿积分');
    fireEvent.click(dialog.querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    expect(server.payloads('desk.resolve')).toEqual([{ caseId: 'case-3', outcome: 'points', points: 800, note: '非常抱歉，补偿积分', requestId: expect.stringMatching(/^r/) }]);
    expect(screen.getByText('操作失败：补偿超出员工权限，请店长处理（员工单次最多补偿 500 积分，更多请店长处理）')).toBeTruthy();
  });

  it('refunds in full after the confirmation', async () => {
    const { server, container } = await openCase({ 'desk.get': () => ok(deskCase()), 'desk.resolve': () => ok(deskCase({ status: 'resolved', statusLabel: '已解决' })) });
    fireEvent.click(screen.getByRole('button', { name: '退款' }));
    fireEvent.click(screen.getByRole('button', { name: '全额退款' }));
    await advance(100);
    typeInto(container, '.case-resolve-note textarea', '已全额退款');
    fireEvent.click(screen.getByRole('button', { name: '提交处理结果' }));
    expect(screen.getByRole('dialog').textContent).toContain('全额退款 ¥53.00');
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    expect(server.payloads('desk.resolve')).toEqual([{ caseId: 'case-3', outcome: 'refund', refund: { whole: true }, note: '已全额退款', requestId: expect.stringMatching(/^r/) }]);
  });

  it('has no refund for a case without an order', async () => {
    await openCase({ 'desk.get': () => ok(deskCase({ orderId: null })) });
    expect(screen.queryByRole('button', { name: '退款' })).toBeNull();
    expect(screen.getByText('该反馈没有关联订单，不能退款')).toBeTruthy();
  });

  it('approves or hides a photo waiting for review', async () => {
    const { server } = await openCase({ 'desk.get': () => ok(deskCase()), 'desk.reviewPhoto': () => ok(deskCase()) });
    // Only the photo waiting for review has the buttons.
    expect(screen.queryByRole('button', { name: '第 1 张照片：审核通过' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '第 2 张照片：不予展示' }));
    await advance();
    expect(server.payloads('desk.reviewPhoto')).toEqual([{ caseId: 'case-3', fileId: 'cloud://env/case/b.jpg', approve: false, requestId: expect.stringMatching(/^r/) }]);
  });

  it('claims an unassigned case', async () => {
    const { server } = await openCase({ 'desk.get': () => ok(deskCase()), 'desk.claim': () => ok(deskCase({ assignee: '李小鲜', assigneeId: 'o-clerk' })) });
    fireEvent.click(screen.getByRole('button', { name: '认领' }));
    await advance();
    expect(server.payloads('desk.claim')).toEqual([{ caseId: 'case-3', requestId: expect.stringMatching(/^r/) }]);
  });

  const resolved = (over: Partial<Case> = {}) =>
    deskCase({
      status: 'resolved',
      statusLabel: '已解决',
      assignee: '李小鲜',
      assigneeId: 'o-clerk',
      dueAt: null,
      dueKind: null,
      warnAt: null,
      firstResponseAt: SERVER_NOW - 20 * MIN,
      resolution: { round: 1, outcome: 'points', outcomeLabel: '补偿积分', note: '补偿', by: '李小鲜', at: SERVER_NOW - 10 * MIN, compensation: '补偿 100 积分', compensationKind: 'points', reversed: null },
      callback: { assigneeName: '李小鲜', dueAt: SERVER_NOW + 24 * HOUR, doneAt: null, note: null },
      ...over,
    });

  it('hides the manager-only controls from staff', async () => {
    await openCase({ 'desk.get': () => ok(resolved()) });
    expect(screen.getByText('处理结果')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '撤回补偿' })).toBeNull();
    expect(screen.queryByRole('button', { name: '退回待认领' })).toBeNull();
    // A resolved case has no resolve form and no 请客户补充.
    expect(screen.queryByRole('button', { name: '提交处理结果' })).toBeNull();
    expect(screen.queryByRole('button', { name: '请客户补充' })).toBeNull();
  });

  it('lets a manager reverse the compensation with a reason, after a confirmation', async () => {
    const { server, container } = await openCase({ 'desk.get': () => ok(resolved()), 'desk.reverse': () => ok(resolved()) }, managerMe);
    fireEvent.click(screen.getByRole('button', { name: '撤回补偿' }));
    expect(screen.getByRole('alert').textContent).toMatch(/请填写原因/);
    typeInto(container, '.case-reverse-reason textarea', '重复补偿');
    fireEvent.click(screen.getByRole('button', { name: '撤回补偿' }));
    expect(screen.getByRole('dialog').textContent).toContain('补偿 100 积分 · 原因：重复补偿');
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    expect(server.payloads('desk.reverse')).toEqual([{ caseId: 'case-3', reason: '重复补偿', requestId: expect.stringMatching(/^r/) }]);
  });

  it('shows a manager 退回待认领 on an assigned open case', async () => {
    const { server } = await openCase({ 'desk.get': () => ok(deskCase({ assignee: '李小鲜', assigneeId: 'o-clerk' })), 'desk.assign': () => ok(deskCase()) }, managerMe);
    fireEvent.click(screen.getByRole('button', { name: '退回待认领' }));
    await advance();
    expect(server.payloads('desk.assign')).toEqual([{ caseId: 'case-3', staffId: null, requestId: expect.stringMatching(/^r/) }]);
  });

  it('lets a manager hand an open case to an active colleague', async () => {
    const team = [
      { staffId: 'o-clerk', name: '李小鲜', role: 'staff', roleName: '店员', active: true, joinedAt: null, isMe: false },
      { staffId: 'o-zhang', name: '小张', role: 'agent', roleName: '客服', active: true, joinedAt: null, isMe: false },
      { staffId: 'o-zhao', name: '老赵', role: 'staff', roleName: '店员', active: false, joinedAt: null, isMe: false },
    ];
    const { server } = await openCase(
      {
        'desk.get': () => ok(deskCase({ assignee: '李小鲜', assigneeId: 'o-clerk' })),
        'team.list': () => ok({ items: team, page: 0, pageSize: 50, hasMore: false }),
        'desk.assign': () => ok(deskCase({ assignee: '小张', assigneeId: 'o-zhang' })),
      },
      managerMe,
    );
    const group = screen.getByRole('group', { name: '分派给' });
    expect(Array.from(group.querySelectorAll('[role="button"]')).map((b) => b.textContent)).toEqual(['小张']);
    fireEvent.click(screen.getByRole('button', { name: '分派给 小张' }));
    await advance();
    expect(server.payloads('desk.assign')).toEqual([{ caseId: 'case-3', staffId: 'o-zhang', requestId: expect.stringMatching(/^r/) }]);
  });

  it('records the call-back, then closes with a root cause', async () => {
    const { server, container } = await openCase({ 'desk.get': () => ok(resolved()), 'desk.callback': () => ok(resolved()), 'desk.close': () => ok(resolved({ status: 'closed', statusLabel: '已关闭' })) });
    expect(container.querySelector('.case-callback')?.textContent).toContain('由 李小鲜 在 12月3日 10:00 前回访客户');
    typeInto(container, '.case-callback-note textarea', '客户表示满意');
    fireEvent.click(screen.getByRole('button', { name: '记录回访' }));
    await advance();
    expect(server.payloads('desk.callback')).toEqual([{ caseId: 'case-3', note: '客户表示满意', requestId: expect.stringMatching(/^r/) }]);
    fireEvent.click(screen.getByRole('button', { name: '关闭反馈' }));
    expect(screen.getByText('请选择问题根因')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '仓储保鲜' }));
    fireEvent.click(screen.getByRole('button', { name: '关闭反馈' }));
    await advance();
    expect(server.payloads('desk.close')).toEqual([{ caseId: 'case-3', rootCause: 'storage', note: '', requestId: expect.stringMatching(/^r/) }]);
  });
});
