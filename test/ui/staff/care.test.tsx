/**
 * 今日待办: each item with the customer, tier and the reason in plain words; 已联系 by a channel logs
 * the contact against the item in one tap (a double tap sends once), 记备注 adds a note, 完成 and 稍后
 * answer in one tap and the list reloads; members are named by number; a lost answer retried keeps
 * its request id; the name opens the 客户关系卡; customers are refused; the entry on the staff home.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffCarePage from '@/staff/pages/care/index';
import StaffHomePage from '@/staff/pages/home/index';
import { openPage } from '@/lib/nav';
import { NETWORK_DOWN, fail, installFakeServer, ok } from '../fakeServer';
import { advance } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));
jest.mock('@/staff/lib/pullRefresh', () => ({ usePullRefresh: () => () => undefined }));

type Page = ApiResult<'care', 'today'>;
type Row = Page['items'][number];

const NOW = Date.parse('2026-12-02T10:00:00+08:00');

beforeAll(() => {
  jest.useFakeTimers({ now: NOW });
});
afterAll(() => {
  jest.useRealTimers();
});

const row = (over: Partial<Row> = {}): Row => ({
  itemId: 'churn@2026-11-27',
  memberNo: 'FP00000005',
  name: '张姐',
  tier: 'core',
  kind: 'churn',
  reason: '通常每 3 天下单，近 30 天只下了 1 单',
  dueAt: NOW,
  priority: 1,
  segment: '重要价值',
  assigned: true,
  ...over,
});
const CHAIN = row({ itemId: 'cadence@2026-12-02', memberNo: 'FP00000002', name: '鲜丰连锁超市', tier: 'strategic', kind: 'cadence', reason: '战略客户每周三固定沟通：库存与下周需求', priority: 3 });

const page = (items: Row[], over: Partial<Page> = {}): Page => ({ items, total: items.length, page: 0, pageSize: 20, hasMore: false, computedDay: '2026-12-02', ...over });

async function open(routes: Parameters<typeof installFakeServer>[0]) {
  const server = installFakeServer(routes);
  const view = render(<StaffCarePage />);
  await advance();
  await advance(100);
  return { server, ...view };
}

describe('今日待办', () => {
  it('lists each item with the customer, tier and the reason in plain words', async () => {
    const { server } = await open({ 'care.today': () => ok(page([row(), CHAIN])) });
    expect(server.last('care.today')?.payload).toEqual({ page: 0, pageSize: 20 });
    expect(screen.getByText('通常每 3 天下单，近 30 天只下了 1 单')).toBeTruthy();
    expect(screen.getByRole('group', { name: '张姐，核心会员，流失预警：通常每 3 天下单，近 30 天只下了 1 单' })).toBeTruthy();
    expect(screen.getByRole('group', { name: '鲜丰连锁超市，战略会员，定期联系：战略客户每周三固定沟通：库存与下周需求' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /：已联系张姐$/ }).map((b) => b.textContent)).toEqual(['电话', '上门', '微信', '寄样']);
  });

  it('one tap on 电话 logs the contact against the item; a double tap sends once; the item leaves', async () => {
    let items = [row(), CHAIN];
    const { server } = await open({
      'care.today': () => ok(page(items)),
      'care.logContact': () => {
        items = [CHAIN];
        return ok({ id: 'T1', at: NOW, byName: '李小鲜', channel: 'phone', channelLabel: '电话', note: '' });
      },
    });
    const phone = screen.getByRole('button', { name: '电话：已联系张姐' });
    fireEvent.click(phone);
    fireEvent.click(phone);
    await advance();
    await advance(100);
    expect(server.payloads('care.logContact')).toEqual([{ memberNo: 'FP00000005', itemId: 'churn@2026-11-27', channel: 'phone', note: '', requestId: expect.stringMatching(/^r/) }]);
    expect(screen.getByRole('status').textContent).toBe('已记录与张姐的联系');
    expect(screen.queryByText(/^张姐：/)).toBeNull();
    expect(server.count('care.today')).toBe(2);
  });

  it('记备注 logs the chosen channel and note against the item, then reloads', async () => {
    let items = [row(), CHAIN];
    const { server, container } = await open({
      'care.today': () => ok(page(items)),
      'care.logContact': () => {
        items = [CHAIN];
        return ok({ id: 'T1', at: NOW, byName: '李小鲜', channel: 'visit', channelLabel: '上门', note: '下周恢复团购' });
      },
    });
    fireEvent.click(screen.getByRole('button', { name: '记备注：张姐' }));
    fireEvent.click(screen.getByRole('button', { name: '上门' }));
    await advance(50);
    const note = await waitFor(() => {
      const el = container.querySelector('.care-note textarea');
      if (!el) throw new Error('note not rendered yet');
      return el;
    });
    fireEvent.input(note, { target: { value: ' 下周恢复团购 ' } });
    fireEvent.click(screen.getByRole('button', { name: '保存联系记录' }));
    await advance();
    await advance(100);
    expect(server.last('care.logContact')?.payload).toEqual({ memberNo: 'FP00000005', itemId: 'churn@2026-11-27', channel: 'visit', note: '下周恢复团购', requestId: expect.stringMatching(/^r/) });
    expect(screen.getByRole('status').textContent).toBe('已记录与张姐的联系');
    expect(screen.queryByText(/^张姐：/)).toBeNull();
    expect(server.count('care.today')).toBe(2);
  });

  it('完成 and 稍后 answer in one tap; 稍后 asks again tomorrow', async () => {
    const { server } = await open({ 'care.today': () => ok(page([row(), CHAIN])), 'care.done': () => ok({}), 'care.snooze': () => ok({}) });
    fireEvent.click(screen.getByRole('button', { name: '完成：张姐' }));
    await advance();
    expect(server.last('care.done')?.payload).toEqual({ memberNo: 'FP00000005', itemId: 'churn@2026-11-27', requestId: expect.any(String) });
    fireEvent.click(screen.getByRole('button', { name: '稍后（明天再提醒）：鲜丰连锁超市' }));
    await advance();
    expect(server.last('care.snooze')?.payload).toEqual({ memberNo: 'FP00000002', itemId: 'cadence@2026-12-02', until: '2026-12-03', requestId: expect.any(String) });
    expect(screen.getByRole('status').textContent).toBe('明天再提醒：鲜丰连锁超市');
  });

  it('a lost answer retried keeps its request id; a refusal starts afresh', async () => {
    let calls = 0;
    const { server } = await open({
      'care.today': () => ok(page([row()])),
      'care.done': () => {
        calls += 1;
        return calls === 1 ? NETWORK_DOWN : ok({});
      },
    });
    fireEvent.click(screen.getByRole('button', { name: '完成：张姐' }));
    await advance();
    expect(screen.getByRole('status').textContent).toMatch(/^操作失败/);
    fireEvent.click(screen.getByRole('button', { name: '完成：张姐' }));
    await advance();
    const [first, second] = server.payloads('care.done') as { requestId: string }[];
    expect(second?.requestId).toBe(first?.requestId);
    server.on('care.snooze', () => fail('CARE.BAD_SNOOZE', '稍后提醒的日期应在明天到 90 天之内'));
    fireEvent.click(screen.getByRole('button', { name: '稍后（明天再提醒）：张姐' }));
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '稍后（明天再提醒）：张姐' }));
    await advance();
    const [a, b] = server.payloads('care.snooze') as { requestId: string }[];
    expect(b?.requestId).not.toBe(a?.requestId);
  });

  it("the customer's name opens their 客户关系卡 by member number", async () => {
    await open({ 'care.today': () => ok(page([row()])) });
    fireEvent.click(screen.getByRole('link', { name: '张姐：客户关系卡' }));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/customer/index?memberNo=FP00000005');
  });

  it('an empty day and a customer are told plainly', async () => {
    await open({ 'care.today': () => ok(page([])) });
    expect(screen.getByText('今天没有待办，客户都照顾到了')).toBeTruthy();
  });

  it('a customer is refused', async () => {
    await open({ 'care.today': () => fail('AUTH.FORBIDDEN', '仅限员工使用') });
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
  });
});

it('the staff home opens 今日待办', async () => {
  installFakeServer({ 'member.whoami': () => ok({ role: 'staff', displayName: '李小鲜', memberNo: null }) });
  render(<StaffHomePage />);
  await advance();
  fireEvent.click(screen.getByRole('link', { name: '今日待办' }));
  expect(openPage).toHaveBeenCalledWith('/staff/pages/care/index');
});
