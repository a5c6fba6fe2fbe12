/**
 * 服务与反馈: the 提交反馈 form (type, category and a 5–500 character description required, the
 * counter, the order and its lines, one request id kept on a retry, the subscribe prompt asked in the
 * submit tap before the call), 我的反馈, a case (rating with a reason at 3 or below, reopening only
 * while allowed, photos under review), and the survey whose low answer becomes a complaint.
 */
import Taro, { chooseMedia } from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import NewCasePage from '@/packages/service/pages/new/index';
import MyCasesPage from '@/packages/service/pages/mine/index';
import CasePage from '@/packages/service/pages/case/index';
import SurveyPage from '@/packages/service/pages/survey/index';
import type { CaseSummary, CaseView, SurveyOffer } from '@/packages/service/api';
import type { OrderDetail, OrderSummary } from '@/services/orders';
import { uploadPhoto } from '@/services/upload';
import { NETWORK_DOWN, fail, installFakeServer, ok, type Handler } from '../../fakeServer';
import { setRouterParams } from '../../pageHooks';

const subscribeCalls: string[][] = [];
// The prompt itself is weapp-only; what matters here is that the submit tap asks before it sends.
jest.mock('@/services/subscribe', () => ({
  loadSubscribeTemplates: () => Promise.resolve(null),
  askToNotify: (keys: string[]) => {
    subscribeCalls.push(keys);
    return Promise.resolve({ status: 'unsupported' });
  },
}));

jest.mock('@/services/upload', () => ({ uploadPhoto: jest.fn() }));
// chooseMedia is a named export only in the H5 runtime: answered by a mock, the rest is the real module.
jest.mock('@tarojs/taro', () => {
  const mocks: Record<string, unknown> = { chooseMedia: jest.fn() };
  let real: Record<string | symbol, unknown> | null = null;
  const actual = () => (real ??= jest.requireActual<Record<string | symbol, unknown>>('@tarojs/taro'));
  return new Proxy({}, { get: (_target, key) => (key === '__esModule' ? true : typeof key === 'string' && key in mocks ? mocks[key] : actual()[key]) });
});
const choose = chooseMedia as unknown as jest.Mock;
const upload = uploadPhoto as jest.MockedFunction<typeof uploadPhoto>;

const T0 = Date.parse('2026-11-20T09:30:00+08:00');

let navigateTo: jest.SpyInstance;
let redirectTo: jest.SpyInstance;
beforeEach(() => {
  window.localStorage.setItem('freshpal.dev.openid', 'demo-basic');
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
  redirectTo = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
  subscribeCalls.length = 0;
});
afterEach(() => {
  navigateTo.mockRestore();
  redirectTo.mockRestore();
  setRouterParams({});
});

async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Types into the TextField named `label` (Taro's H5 inputs render their inner element a frame later). */
async function type(label: string, text: string): Promise<void> {
  const host = screen.getByLabelText(label);
  const inner = await waitFor(() => {
    const el = host.querySelector('textarea, input') ?? (host.matches('textarea, input') ? host : null);
    if (!el) throw new Error(`${label}: not rendered yet`);
    return el;
  });
  fireEvent.input(inner, { target: { value: text } });
}

function caseView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    id: 'CASE1',
    type: 'complaint',
    typeLabel: '投诉',
    category: 'quality',
    categoryLabel: '不新鲜/质量',
    status: 'open',
    statusLabel: '待响应',
    excerpt: '上海青有一半是黄叶',
    orderId: 'O0001',
    createdAt: T0,
    updatedAt: T0,
    unread: false,
    promise: '我们将在 11月23日 11:30 前回复您（工作时间 24 小时内）',
    thread: [{ id: 'M1', by: 'customer', name: '王阿姨', text: '上海青有一半是黄叶', photos: [], at: T0, internal: false, flagged: false }],
    resolution: null,
    rating: null,
    canRate: false,
    canReopen: false,
    reopenUntil: null,
    canAddMessage: true,
    preferredContact: null,
    ...overrides,
  };
}

const order = (n: number): OrderSummary =>
  ({ id: `O000${n}`, createdAt: T0 - n * 86_400_000, status: 'completed', statusLabel: '已完成', channel: 'app', names: ['上海青', '西红柿'], lineCount: 2, paidFen: 4250, refundedFen: 0, hasWeightLines: false, weighed: false, slot: null }) as OrderSummary;

const detail = (id: string): OrderDetail =>
  ({
    ...order(1),
    id,
    lines: [
      { productId: 'VEG-01', name: '上海青' },
      { productId: 'VEG-02', name: '西红柿' },
    ],
  }) as unknown as OrderDetail;

function formServer(submit: Handler = ({ payload }) => ok(caseView({ id: 'CASE-NEW', ...(payload as object) }))) {
  return installFakeServer({
    'orders.history': () => ok({ items: [order(1), order(2)], page: 0, pageSize: 10, hasMore: false }),
    'orders.detail': ({ payload }) => ok(detail((payload as { orderId: string }).orderId)),
    'feedback.submit': submit,
  });
}


describe('提交反馈', () => {
  it('requires a type, a category and at least 5 characters, with a visible x/500 counter; nothing is sent until then', async () => {
    const fake = formServer();
    render(<NewCasePage />);
    await settle();
    expect(screen.getByText('0/500')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    await settle();
    expect(screen.getByText('请选择反馈类型')).toBeTruthy();
    expect(screen.getByText('请选择问题类别')).toBeTruthy();
    expect(screen.getByText('请描述遇到的问题')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '投诉' }));
    fireEvent.click(screen.getByRole('button', { name: '缺斤少两' }));
    expect(screen.queryByText('请选择反馈类型')).toBeNull();
    expect(screen.queryByText('请选择问题类别')).toBeNull();
    await type('问题描述', ' 少了 ');
    expect(screen.getByText('4/500')).toBeTruthy();
    // Counted as the server counts: trimmed.
    expect(screen.getByText('请至少写 5 个字（已写 2 个）')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    await settle();
    expect(fake.count('feedback.submit')).toBe(0);
    expect(subscribeCalls).toEqual([]);

    // Over 500 is refused as a whole, never cut.
    await type('问题描述', '多'.repeat(501));
    expect(screen.getByText(/最多 500 字，这次输入有 501 字/)).toBeTruthy();
    expect(screen.getByText('4/500')).toBeTruthy();
  });

  it('files once: the subscribe prompt in the tap before the call, the same request id on a retry, then the new case', async () => {
    let down = true;
    const order: string[] = [];
    const fake = formServer(({ payload }) => {
      order.push(`submit after ${subscribeCalls.length} prompts`);
      if (down) return NETWORK_DOWN;
      return ok(caseView({ id: 'CASE-NEW', text: undefined, ...(payload as object) } as Partial<CaseView>));
    });
    render(<NewCasePage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '咨询' }));
    fireEvent.click(screen.getByRole('button', { name: '价格' }));
    fireEvent.click(screen.getByRole('button', { name: '下午' }));
    await type('问题描述', '  请问下周五花肉的批发价？ ');
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    // A second tap while the first is on its way sends nothing.
    fireEvent.click(screen.getByRole('button', { name: '正在提交…' }));
    await settle();
    expect(subscribeCalls).toEqual([['reply', 'result']]);
    expect(order).toEqual(['submit after 1 prompts']);
    expect(screen.getByRole('alert').textContent).toContain('提交结果未确认');

    down = false;
    fireEvent.click(screen.getByRole('button', { name: '重试提交' }));
    await settle();
    const sent = fake.payloads('feedback.submit') as { requestId: string }[];
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]).toEqual({
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      type: 'enquiry',
      category: 'price',
      orderId: null,
      productIds: [],
      text: '请问下周五花肉的批发价？',
      photos: [],
      preferredContact: '下午',
      fromSurvey: false,
    });
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/service/pages/case/index?id=CASE-NEW&filed=1' });
  });

  it('holds the submit while a photo uploads, then sends the uploaded file id', async () => {
    let finish: (id: string) => void = () => undefined;
    upload.mockImplementation(() => new Promise<string>((resolve) => (finish = resolve)));
    choose.mockResolvedValueOnce({ tempFiles: [{ tempFilePath: 'blob:leaves', size: 1000, fileType: 'image' }], type: 'image', errMsg: 'chooseMedia:ok' });
    const fake = formServer();
    render(<NewCasePage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '建议' }));
    fireEvent.click(screen.getByRole('button', { name: '其他' }));
    await type('问题描述', '希望增加晚上的配送时段');
    fireEvent.click(screen.getByRole('button', { name: /^添加照片/ }));
    await settle();
    expect(choose).toHaveBeenCalledWith(expect.objectContaining({ count: 6, mediaType: ['image'] }));
    expect(screen.getByText('照片上传中，完成后即可提交')).toBeTruthy();
    const submit = screen.getByRole('button', { name: '提交反馈' });
    expect(submit.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(submit);
    await settle();
    expect(fake.count('feedback.submit')).toBe(0);
    finish('cloud://local/feedback/0123456789abcdef0123456789abcdef/AAAAAAAAAAAAAAAA.png');
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    await settle();
    expect(fake.payloads('feedback.submit')[0]).toMatchObject({ type: 'suggestion', category: 'other', photos: ['cloud://local/feedback/0123456789abcdef0123456789abcdef/AAAAAAAAAAAAAAAA.png'] });
  });

  it('opened with ?orderId= preselects the order; its lines are checkboxes; a refusal is shown in words', async () => {
    setRouterParams({ orderId: 'O0009' });
    const fake = formServer(() => fail('CASE.ORDER_NOT_YOURS', '订单不存在'));
    render(<NewCasePage />);
    await settle();
    // Not among the recent orders: shown by its number, chosen.
    const picked = within(screen.getByRole('group', { name: '相关订单' })).getAllByRole('button').filter((b) => b.getAttribute('aria-pressed') === 'true');
    expect(picked.map((b) => b.textContent)).toEqual(['订单 O0009']);
    expect(fake.payloads('orders.detail')).toEqual([{ orderId: 'O0009' }]);
    const tomato = screen.getByRole('button', { name: '西红柿' });
    fireEvent.click(tomato);
    expect(tomato.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '投诉' }));
    fireEvent.click(screen.getByRole('button', { name: '不新鲜/质量' }));
    await type('问题描述', '西红柿磕破了好几个');
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    await settle();
    expect(fake.payloads('feedback.submit')[0]).toMatchObject({ orderId: 'O0009', productIds: ['VEG-02'], fromSurvey: false });
    expect(screen.getByRole('alert').textContent).toBe('订单不存在');
    // A definite refusal ends that attempt: the next one is a new request.
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    await settle();
    const [a, b] = fake.payloads('feedback.submit') as { requestId: string }[];
    expect(b!.requestId).not.toBe(a!.requestId);
  });

  it('from a low survey: a complaint about that order, sent with fromSurvey', async () => {
    setRouterParams({ fromSurvey: 'O0001', category: 'late' });
    const fake = formServer();
    render(<NewCasePage />);
    await settle();
    expect(screen.getByRole('button', { name: '投诉' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: '配送延误' }).getAttribute('aria-pressed')).toBe('true');
    await type('问题描述', '晚了两个小时才送到');
    fireEvent.click(screen.getByRole('button', { name: '提交反馈' }));
    await settle();
    expect(fake.payloads('feedback.submit')[0]).toMatchObject({ type: 'complaint', category: 'late', orderId: 'O0001', fromSurvey: true });
  });
});

describe('我的反馈', () => {
  const row = (n: number, overrides: Partial<CaseSummary> = {}): CaseSummary => ({ ...caseView({ id: `C${n}`, excerpt: `第 ${n} 条反馈` }), ...overrides });

  it('lists cases with status, unread mark, excerpt and date, page by page; a row opens the case', async () => {
    const fake = installFakeServer({
      'feedback.mine': ({ payload }) => {
        const { page } = payload as { page: number };
        if (page === 0) return ok({ items: [row(1, { unread: true, status: 'answered', statusLabel: '处理中' }), row(2)], page: 0, pageSize: 20, hasMore: true, unread: 1 });
        return ok({ items: [row(3, { status: 'resolved', statusLabel: '已解决' })], page: 1, pageSize: 20, hasMore: false, unread: 0 });
      },
    });
    render(<MyCasesPage />);
    await settle();
    const first = screen.getByRole('button', { name: /^投诉 · 不新鲜\/质量\s*，有新回复\s*第 1 条反馈\s*处理中/ });
    expect(first.querySelector('.svc-unread-dot')).toBeTruthy();
    expect(within(first).getByText('处理中')).toBeTruthy();
    const second = screen.getByRole('button', { name: /^投诉 · 不新鲜\/质量\s*第 2 条反馈\s*待响应/ });
    expect(second.querySelector('.svc-unread-dot')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await settle();
    expect(fake.payloads('feedback.mine')).toEqual([
      { page: 0, pageSize: 20 },
      { page: 1, pageSize: 20 },
    ]);
    expect(screen.getByText('第 3 条反馈')).toBeTruthy();
    expect(screen.getByText('没有更多了')).toBeTruthy();
    fireEvent.click(first);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/service/pages/case/index?id=C1' });
  });

  it('empty: says so and offers to file one', async () => {
    installFakeServer({ 'feedback.mine': () => ok({ items: [], page: 0, pageSize: 20, hasMore: false, unread: 0 }) });
    render(<MyCasesPage />);
    await settle();
    expect(screen.getByText('还没有提交过反馈')).toBeTruthy();
    const [, fromEmpty] = screen.getAllByRole('button', { name: '提交反馈' });
    fireEvent.click(fromEmpty!);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/service/pages/new/index' });
  });
});

describe('反馈详情', () => {
  const resolved = (overrides: Partial<CaseView> = {}) =>
    caseView({
      status: 'resolved',
      statusLabel: '已解决',
      promise: null,
      canAddMessage: false,
      resolution: { outcome: 'points', outcomeLabel: '补偿积分', note: '抱歉，已补偿积分', at: T0 + 3_600_000, compensation: '补偿 100 积分', reversed: false },
      thread: [
        { id: 'M1', by: 'customer', name: '王阿姨', text: '<b>上海青</b>黄叶', photos: [{ fileId: 'cloud://env/feedback/x/aaaaaaaaaaaaaaaa.jpg', url: null, status: 'unchecked', staffOnly: true }], at: T0, internal: false, flagged: false },
        { id: 'M2', by: 'staff', name: '客服 小王', text: '非常抱歉，马上处理', photos: [], at: T0 + 600_000, internal: false, flagged: false },
      ],
      canRate: true,
      canReopen: true,
      reopenUntil: Date.parse('2026-11-27T10:30:00+08:00'),
      ...overrides,
    });

  it('shows the promise, the thread as text (never markup) with a photo under review, and adds a message while open', async () => {
    setRouterParams({ id: 'CASE1' });
    const fake = installFakeServer({
      'feedback.get': () => ok(caseView({ thread: resolved().thread })),
      'feedback.addMessage': ({ payload }) => ok(caseView({ thread: [...resolved().thread, { id: 'M3', by: 'customer', name: '王阿姨', text: (payload as { text: string }).text, photos: [], at: T0 + 700_000, internal: false, flagged: false }] })),
    });
    const { container } = render(<CasePage />);
    await settle();
    expect(screen.getByText('我们将在 11月23日 11:30 前回复您（工作时间 24 小时内）')).toBeTruthy();
    expect(screen.getByText('<b>上海青</b>黄叶')).toBeTruthy();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText('审核中')).toBeTruthy();
    expect(screen.getByText('客服 小王')).toBeTruthy();
    // Not resolved: no rating, no reopening.
    expect(screen.queryByRole('group', { name: '评分' })).toBeNull();
    expect(screen.queryByRole('button', { name: '重新打开这条反馈' })).toBeNull();
    await type('补充内容', '补一张照片说明');
    fireEvent.click(screen.getByRole('button', { name: '发送补充说明' }));
    await settle();
    expect(fake.payloads('feedback.addMessage')[0]).toMatchObject({ caseId: 'CASE1', text: '补一张照片说明', photos: [] });
    expect(screen.getByText('补一张照片说明')).toBeTruthy();
  });

  it('rating: stars are named buttons; 3 or below needs a reason before anything is sent', async () => {
    setRouterParams({ id: 'CASE1' });
    const fake = installFakeServer({
      'feedback.get': () => ok(resolved()),
      'feedback.rate': ({ payload }) => ok(resolved({ canRate: false, rating: { score: (payload as { score: number }).score, reason: (payload as { reason: string | null }).reason } })),
    });
    render(<CasePage />);
    await settle();
    expect(screen.getByText('补偿 100 积分')).toBeTruthy();
    const stars = within(screen.getByRole('group', { name: '评分' })).getAllByRole('button');
    expect(stars.map((s) => s.getAttribute('aria-label'))).toEqual(['1 星，很不满意', '2 星，不满意', '3 星，一般', '4 星，满意', '5 星，非常满意']);
    fireEvent.click(screen.getByRole('button', { name: '3 星，一般' }));
    expect(screen.getByRole('button', { name: '3 星，一般' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await settle();
    expect(screen.getByText('3 分及以下请说明原因')).toBeTruthy();
    expect(fake.count('feedback.rate')).toBe(0);
    // 4 needs none.
    fireEvent.click(screen.getByRole('button', { name: '4 星，满意' }));
    expect(screen.queryByText('3 分及以下请说明原因')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '2 星，不满意' }));
    await type('请告诉我们哪里不满意（必填）', '补偿太少');
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await settle();
    expect(fake.payloads('feedback.rate')).toEqual([{ caseId: 'CASE1', score: 2, reason: '补偿太少', requestId: expect.any(String) }]);
    expect(screen.getByText('您的评价：2 分（不满意）')).toBeTruthy();
    expect(screen.queryByRole('group', { name: '评分' })).toBeNull();
  });

  it('reopening: offered with its deadline only while allowed, and asks why', async () => {
    setRouterParams({ id: 'CASE1' });
    const fake = installFakeServer({
      'feedback.get': () => ok(resolved()),
      'feedback.reopen': () => ok(resolved({ status: 'answered', statusLabel: '处理中', canRate: false, canReopen: false, reopenUntil: null, canAddMessage: true })),
    });
    const { container } = render(<CasePage />);
    await settle();
    expect(container.querySelector('.svc-reopen')?.textContent).toContain('11月27日 10:30');
    fireEvent.click(screen.getByRole('button', { name: '重新打开这条反馈' }));
    await type('重新打开的原因', '好');
    fireEvent.click(screen.getByRole('button', { name: '确认重新打开' }));
    await settle();
    expect(screen.getByText('请说明原因（至少 2 个字）')).toBeTruthy();
    expect(fake.count('feedback.reopen')).toBe(0);
    await type('重新打开的原因', '补偿的积分没到账');
    fireEvent.click(screen.getByRole('button', { name: '确认重新打开' }));
    await settle();
    expect(fake.payloads('feedback.reopen')).toEqual([{ caseId: 'CASE1', reason: '补偿的积分没到账', requestId: expect.any(String) }]);
    expect(screen.queryByRole('button', { name: '重新打开这条反馈' })).toBeNull();
    expect(screen.getByRole('button', { name: '发送补充说明' })).toBeTruthy();
  });

  it('past the window (or closed by the timer): neither rating nor reopening is offered', async () => {
    setRouterParams({ id: 'CASE1' });
    installFakeServer({ 'feedback.get': () => ok(resolved({ status: 'closed', statusLabel: '已关闭', canRate: false, canReopen: false, reopenUntil: null })) });
    render(<CasePage />);
    await settle();
    expect(screen.getByText('已关闭')).toBeTruthy();
    expect(screen.queryByRole('group', { name: '评分' })).toBeNull();
    expect(screen.queryByRole('button', { name: '重新打开这条反馈' })).toBeNull();
  });
});

describe('满意度评价', () => {
  const offer = (orderId: string): SurveyOffer => ({ orderId, deliveredAt: T0, until: T0 + 5 * 86_400_000, summary: '上海青、西红柿' });

  it('three questions 1–5; a low answer offers 转为投诉 about that order', async () => {
    const fake = installFakeServer({
      'feedback.surveys': () => ok([offer('O0001')]),
      'feedback.answerSurvey': ({ payload }) => {
        const p = payload as { orderId: string; scores: { freshness: number; onTime: number; service: number }; comment: string | null };
        return ok({ ...p, low: Object.values(p.scores).some((s) => s <= 2) });
      },
    });
    render(<SurveyPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    expect(screen.getByText('请为三个问题都打分')).toBeTruthy();
    expect(fake.count('feedback.answerSurvey')).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: '新鲜度 4 分，满意' }));
    fireEvent.click(screen.getByRole('button', { name: '准时送达 1 分，很不满意' }));
    fireEvent.click(screen.getByRole('button', { name: '服务态度 5 分，非常满意' }));
    await type('其他意见（选填）', '  ');
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await settle();
    expect(fake.payloads('feedback.answerSurvey')).toEqual([{ orderId: 'O0001', scores: { freshness: 4, onTime: 1, service: 5 }, comment: null }]);
    fireEvent.click(screen.getByRole('link', { name: '转为投诉' }));
    // The lowest answer (on time) picks the category.
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/service/pages/new/index?fromSurvey=O0001&category=late' });
  });

  it('a good answer is thanked, with no complaint link', async () => {
    installFakeServer({
      'feedback.surveys': () => ok([offer('O0001'), { ...offer('O0002'), summary: '五花肉、东北大米' }]),
      'feedback.answerSurvey': ({ payload }) => ok({ ...(payload as object), comment: null, low: false }),
    });
    render(<SurveyPage />);
    await settle();
    // Two offers: pick one first.
    fireEvent.click(screen.getByRole('button', { name: /^五花肉、东北大米/ }));
    for (const q of ['新鲜度', '准时送达', '服务态度']) fireEvent.click(screen.getByRole('button', { name: `${q} 5 分，非常满意` }));
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await settle();
    expect(screen.getByText('感谢您的评价！')).toBeTruthy();
    expect(screen.queryByRole('link', { name: '转为投诉' })).toBeNull();
  });
});
