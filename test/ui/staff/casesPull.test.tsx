/** Pull to refresh: the hook reloads and ends the spinner; 投诉处理 reloads page 0 and settles on success and failure. */
import { act, render } from '@testing-library/react';
import { useEffect } from 'react';
import StaffCasesPage from '@/staff/pages/cases/index';
import { NETWORK_DOWN, installFakeServer, ok } from '../fakeServer';
import { advance } from '../interact';

// Taro's pull-down hooks need a running app: the handler the hook registers is captured and called by hand.
const mockPull: { handler: (() => void) | null } = { handler: null };
const mockStop = jest.fn();
jest.mock('@tarojs/taro', () => ({
  usePullDownRefresh: (handler: () => void) => {
    mockPull.handler = handler;
  },
  stopPullDownRefresh: () => mockStop(),
}));
// The page's side: what it does with the pull, with the hook replaced by a recorder.
const mockHook: { reload: (() => void) | null; settled: jest.Mock } = { reload: null, settled: jest.fn() };
jest.mock('@/staff/lib/pullRefresh', () => {
  const actual = jest.requireActual('@/staff/lib/pullRefresh');
  return {
    ...actual,
    usePullRefresh: (reload: () => void) => {
      mockHook.reload = reload;
      return mockHook.settled;
    },
  };
});

beforeAll(() => jest.useFakeTimers({ now: Date.parse('2026-12-02T10:00:00+08:00') }));
afterAll(() => jest.useRealTimers());

const row = {
  id: 'case-1',
  type: 'complaint',
  typeLabel: '投诉',
  category: 'quality',
  categoryLabel: '不新鲜/质量',
  status: 'open',
  statusLabel: '待响应',
  memberName: '顾客1',
  memberNo: 'FP00000001',
  tier: 'core',
  tierName: '核心',
  excerpt: '青菜发黄',
  assignee: null,
  assigneeId: null,
  dueAt: Date.parse('2026-12-02T11:00:00+08:00'),
  dueKind: 'first_response',
  warnAt: null,
  breached: false,
  paused: false,
  createdAt: Date.parse('2026-12-02T09:00:00+08:00'),
};

it('usePullRefresh reloads on a pull and stops the spinner once, when the loader says it settled', () => {
  const { usePullRefresh } = jest.requireActual<typeof import('@/staff/lib/pullRefresh')>('@/staff/lib/pullRefresh');
  const reload = jest.fn();
  let settled: () => void = () => undefined;
  function Harness() {
    const s = usePullRefresh(reload);
    useEffect(() => {
      settled = s;
    });
    return null;
  }
  render(<Harness />);
  // A load that was no pull stops nothing.
  settled();
  expect(mockStop).not.toHaveBeenCalled();
  act(() => mockPull.handler?.());
  expect(reload).toHaveBeenCalledTimes(1);
  settled();
  settled();
  expect(mockStop).toHaveBeenCalledTimes(1);
});

it('投诉处理 reloads the first page on a pull and reports it settled, also when the reload fails', async () => {
  const server = installFakeServer({ 'desk.queue': ({ call }) => (call === 3 ? NETWORK_DOWN : ok({ items: [row], page: 0, pageSize: 20, hasMore: false, now: Date.now() })) });
  const { container } = render(<StaffCasesPage />);
  await advance();
  expect(mockHook.settled).toHaveBeenCalledTimes(1);
  act(() => mockHook.reload?.());
  await advance();
  expect(server.payloads('desk.queue')).toEqual([
    { filter: 'all', page: 0, pageSize: 20 },
    { filter: 'all', page: 0, pageSize: 20 },
  ]);
  expect(mockHook.settled).toHaveBeenCalledTimes(2);
  act(() => mockHook.reload?.());
  await advance();
  expect(server.count('desk.queue')).toBe(3);
  expect(mockHook.settled).toHaveBeenCalledTimes(3);
  // A failed refresh keeps the rows on screen.
  expect(container.querySelectorAll('.case-row')).toHaveLength(1);
});
