/**
 * 消息: the list (title, body, time, pushed or in the app only, unread marks), a tap that marks read
 * and opens the notice's page, 全部标为已读; the card's entry with its unread badge; and the
 * subscribe prompt, which H5 does not have.
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import NoticesPage, { noticeTarget } from '@/packages/notices/pages/list/index';
import CardPage from '@/pages/card/index';
import { askToNotify } from '@/services/subscribe';
import { formatDateTime } from '@/format/date';
import { cardFixture, codeFixture, customerMe } from '../fixtures';
import { fail, installFakeServer, ok, type FakeServer } from '../fakeServer';
import { firePageHide, firePageShow } from '../pageHooks';

type NoticeView = ApiResult<'notices', 'list'>['items'][number];

const T0 = Date.parse('2026-12-02T10:05:00+08:00');

const notice = (over: Partial<NoticeView>): NoticeView => ({
  id: 'n1',
  kind: 'reply',
  title: '客服回复了您的反馈',
  body: '已联系配送员，今天下午补送。',
  createdAt: T0,
  read: false,
  page: 'packages/service/pages/case/index?id=C1',
  delivery: 'pushed',
  ...over,
});

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

let navigateTo: jest.SpyInstance;
beforeEach(() => {
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
  window.localStorage.clear();
});
afterEach(() => jest.restoreAllMocks());

function listServer(items: NoticeView[], hasMore = false): FakeServer {
  return installFakeServer({
    'notices.list': ({ payload }) => ok({ items: (payload as { page: number }).page === 0 ? items : [], page: (payload as { page: number }).page, pageSize: 20, hasMore }),
    'notices.markRead': () => ok({ unread: 0 }),
  });
}

describe('消息', () => {
  it('shows each notice with its time, whether it was pushed, and which are unread', async () => {
    listServer([
      notice({ id: 'n3', title: '您的反馈已处理', body: '退款：已退回 12.50 元', delivery: 'in_app', kind: 'result' }),
      notice({ id: 'n2', read: true, delivery: 'pushed', createdAt: T0 - 3_600_000 }),
      notice({ id: 'n1', delivery: 'unknown', body: '<b>不是标签</b>' }),
    ]);
    render(<NoticesPage />);
    expect(screen.getByText('正在加载消息…')).toBeTruthy();
    await settle();

    const rows = screen.getAllByRole('button').filter((b) => b.classList.contains('notice'));
    expect(rows).toHaveLength(3);
    expect(rows[0]!.getAttribute('aria-label')).toBe('未读，您的反馈已处理：退款：已退回 12.50 元');
    expect(within(rows[0]!).getByText('仅应用内')).toBeTruthy();
    expect(rows[1]!.getAttribute('aria-label')).toBe('客服回复了您的反馈：已联系配送员，今天下午补送。');
    expect(within(rows[1]!).getByText('已推送到微信')).toBeTruthy();
    expect(within(rows[1]!).getByText(formatDateTime(T0 - 3_600_000))).toBeTruthy();
    expect(within(rows[2]!).getByText('推送情况未知')).toBeTruthy();
    // Hostile text is shown as text.
    expect(within(rows[2]!).getByText('<b>不是标签</b>')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('2 条未读');
  });

  it('a tap marks the notice read and opens its page', async () => {
    const server = listServer([notice({ id: 'n1' })]);
    render(<NoticesPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^未读，客服回复了您的反馈/ }));
    await settle();
    expect(server.payloads('notices.markRead')).toEqual([{ ids: ['n1'] }]);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/service/pages/case/index?id=C1' });
    expect(screen.getByRole('button', { name: /^客服回复了您的反馈/ })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('全部已读');
    // Read already: opening it again sends no second mark.
    fireEvent.click(screen.getByRole('button', { name: /^客服回复了您的反馈/ }));
    await settle();
    expect(server.count('notices.markRead')).toBe(1);
    expect(navigateTo).toHaveBeenCalledTimes(2);
  });

  it('全部标为已读 marks them all at once', async () => {
    const server = listServer([notice({ id: 'n2' }), notice({ id: 'n1' })], true);
    render(<NoticesPage />);
    await settle();
    expect(screen.getByRole('status').textContent).toBe('2+ 条未读');
    fireEvent.click(screen.getByRole('button', { name: '全部标为已读' }));
    await settle();
    expect(server.payloads('notices.markRead')).toEqual([{ all: true }]);
    expect(screen.queryByRole('button', { name: /^未读/ })).toBeNull();
  });

  it('says when there is nothing, and offers a retry when loading fails', async () => {
    const server = installFakeServer({ 'notices.list': () => fail('SYSTEM.BUSY', '操作繁忙，请稍后重试') });
    render(<NoticesPage />);
    await settle();
    expect(screen.getByText('消息加载失败')).toBeTruthy();
    server.on('notices.list', () => ok({ items: [], page: 0, pageSize: 20, hasMore: false }));
    fireEvent.click(screen.getByRole('button', { name: /重试|重新加载/ }));
    await settle();
    expect(screen.getByText('暂无消息')).toBeTruthy();
  });

  it('opens only pages the app has', () => {
    expect(noticeTarget('packages/service/pages/case/index?id=C%201')).toEqual({ route: '/packages/service/pages/case/index', params: { id: 'C 1' } });
    expect(noticeTarget('/pages/card/index')).toEqual({ route: '/pages/card/index', params: {} });
    expect(noticeTarget('pages/nowhere/index?id=1')).toBeNull();
    expect(noticeTarget(null)).toBeNull();
  });
});

describe('the card’s 消息 entry', () => {
  const cardServer = (unread: () => number) =>
    installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
      'notices.unreadCount': () => ok({ unread: unread() }),
    });

  it('shows the unread count as a badge with a spoken label, refreshed when the card is shown again', async () => {
    let unread = 3;
    const server = cardServer(() => unread);
    render(<CardPage />);
    await settle();
    await settle();
    const entry = screen.getByRole('button', { name: '消息，3 条未读' });
    expect(within(entry).getByText('3')).toBeTruthy();
    fireEvent.click(entry);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/notices/pages/list/index' });

    unread = 0;
    act(() => firePageHide());
    act(() => firePageShow());
    await settle();
    await settle();
    expect(server.count('notices.unreadCount')).toBeGreaterThanOrEqual(2);
    const quiet = screen.getByRole('button', { name: '消息' });
    expect(quiet.querySelector('.unread-badge')).toBeNull();
  });

  it('caps the badge at 99+ and leaves it out when the count cannot be loaded', async () => {
    cardServer(() => 120);
    const { unmount } = render(<CardPage />);
    await settle();
    await settle();
    expect(within(screen.getByRole('button', { name: '消息，120 条未读' })).getByText('99+')).toBeTruthy();
    unmount();

    installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
      'notices.unreadCount': () => fail('SYSTEM.BUSY', '操作繁忙'),
    });
    render(<CardPage />);
    await settle();
    await settle();
    expect(screen.getByRole('button', { name: '消息' }).querySelector('.unread-badge')).toBeNull();
  });
});

describe('the subscribe prompt', () => {
  const templates = { pushConfigured: true, templates: { reply: { templateId: 'tplReply', title: '回复' }, result: { templateId: 'tplResult', title: '结果' }, breach: null } };
  const asWeapp = async <T,>(run: () => Promise<T>): Promise<T> => {
    const was = process.env.TARO_ENV;
    process.env.TARO_ENV = 'weapp';
    try {
      return await run();
    } finally {
      process.env.TARO_ENV = was;
    }
  };

  it('in weapp asks in the same tick as the tap, then records the answers once', async () => {
    const server = installFakeServer({ 'notices.recordOptIns': () => ok({ counted: ['reply'] }) });
    const order: string[] = [];
    (Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = jest.fn((opts: { tmplIds: string[] }) => {
      order.push(`ask ${opts.tmplIds.join(',')}`);
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', tplReply: 'accept', tplResult: 'reject' });
    });
    const outcome = await asWeapp(() => {
      const pending = askToNotify(['reply', 'result', 'breach'], templates);
      // The popup was requested synchronously, before anything was awaited.
      order.push('returned');
      return pending;
    });
    expect(order).toEqual(['ask tplReply,tplResult', 'returned']);
    expect(outcome).toEqual({ status: 'answered', accepted: ['reply'], counted: ['reply'] });
    const sent = server.payloads('notices.recordOptIns') as { requestId: string; answers: unknown }[];
    expect(sent).toHaveLength(1);
    expect(sent[0]!.answers).toEqual({ tplReply: 'accept', tplResult: 'reject' });
    expect(sent[0]!.requestId).toMatch(/^r[0-9a-z]+$/);
  });

  it('in weapp asks nothing while push is not configured, and reports a refused popup', async () => {
    const ask = jest.fn(() => Promise.reject({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail' }));
    (Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = ask;
    expect(await asWeapp(() => askToNotify(['reply'], { ...templates, pushConfigured: false }))).toEqual({ status: 'not_configured' });
    expect(await asWeapp(() => askToNotify(['reply'], null))).toEqual({ status: 'not_configured' });
    expect(ask).not.toHaveBeenCalled();
    expect(await asWeapp(() => askToNotify(['reply'], templates))).toEqual({ status: 'failed', errCode: 20004 });
  });

  it('in H5 asks nothing and says it is unsupported', async () => {
    const server = installFakeServer({});
    const ask = jest.fn();
    (Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = ask;
    const templates = { pushConfigured: true, templates: { reply: { templateId: 't1', title: '回复' }, result: null, breach: null } };
    expect(await askToNotify(['reply'], templates)).toEqual({ status: 'unsupported' });
    expect(ask).not.toHaveBeenCalled();
    expect(server.calls).toHaveLength(0);
  });
});
