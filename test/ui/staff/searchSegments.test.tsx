/**
 * 客户搜索 → 按客户分群: the eight RFM segments as chips with their counts; a chip lists that
 * segment's customers (its meaning above them, tier, last order, orders and spend per row), paged with
 * 加载更多, a row opens the customer card; a search and a segment replace each other's list; the chips'
 * failure is shown with 重试 and leaves search working.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffSearchPage from '@/staff/pages/search/index';
import { openPage } from '@/lib/nav';
import { fail, installFakeServer, ok } from '../fakeServer';
import { advance } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));

type Segments = ApiResult<'crm', 'segments'>;
type SegmentPage = ApiResult<'crm', 'segment'>;
type Row = SegmentPage['items'][number];

const NOW = Date.parse('2026-12-02T10:00:00+08:00');
const DAY = 86_400_000;

beforeAll(() => {
  jest.useFakeTimers({ now: NOW });
});
afterAll(() => {
  jest.useRealTimers();
});
beforeEach(() => {
  (openPage as jest.Mock).mockClear();
});

const NAMES = ['重要价值', '重要发展', '重要保持', '重要挽留', '一般价值', '一般发展', '一般保持', '一般挽留'] as const;
const segments = (): Segments => ({
  items: NAMES.map((segment, i) => ({ segment, explanation: `${segment}的说明`, count: [3, 0, 12, 5, 7, 1, 9, 240][i] as number })),
  windowDays: 365,
});

const row = (n: number, over: Partial<Row> = {}): Row => ({
  memberNo: `FP0000000${n}`,
  displayName: `鲜丰超市${n}`,
  kind: 'chain',
  tier: { id: 'strategic', name: '战略' },
  region: '静安区',
  lastOrderAt: NOW - 2 * DAY,
  phone: '138****5678',
  frequency: 40 - n,
  monetaryFen: (600 - n) * 100_000,
  ...over,
});

const page = (segment: SegmentPage['segment'], p: number, items: Row[], hasMore: boolean): SegmentPage => ({ segment, explanation: `${segment}的说明`, windowDays: 365, items, page: p, pageSize: 20, hasMore });

describe('按客户分群', () => {
  it('shows the eight segments with counts; a chip lists its customers by spend, pages, and opens the card', async () => {
    const server = installFakeServer({
      'crm.segments': () => ok(segments()),
      'crm.segment': ({ payload }) => {
        const p = (payload as { page: number }).page;
        return ok(page('重要保持', p, p === 0 ? [row(1), row(2, { lastOrderAt: null, tier: { id: 'core', name: '核心' } })] : [row(3)], p === 0));
      },
    });
    const { container } = render(<StaffSearchPage />);
    // The Taro input renders its inner field a moment later.
    await advance(100);
    expect(server.payloads('crm.segments')).toEqual([{}]);
    const chips = container.querySelectorAll('.crm-segment-chip');
    expect(Array.from(chips, (c) => c.textContent)).toEqual(NAMES.map((s, i) => `${s}${segments().items[i]?.count}`));
    expect(container.textContent).toContain('近一年');
    expect(server.count('crm.segment')).toBe(0);

    const chip = screen.getByRole('button', { name: '重要保持，12 位客户' });
    expect(chip.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(chip);
    await advance();
    expect(server.payloads('crm.segment')).toEqual([{ segment: '重要保持', page: 0, pageSize: 20 }]);
    expect(screen.getByRole('button', { name: '重要保持，12 位客户' }).getAttribute('aria-pressed')).toBe('true');
    const results = container.querySelector('.crm-segment-results');
    expect(results?.textContent).toContain('重要保持客户');
    expect(results?.textContent).toContain('重要保持的说明');
    const rows = container.querySelectorAll('.crm-segment-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('鲜丰超市1');
    expect(rows[0]?.textContent).toContain('战略会员');
    expect(rows[0]?.textContent).toContain('近一年 39 单，¥599,000');
    expect(rows[0]?.textContent).toContain('138****5678');
    expect(rows[1]?.textContent).toContain('核心会员');
    expect(rows[1]?.textContent).toContain('最近下单：暂无');

    fireEvent.click(screen.getByText('加载更多'));
    await advance();
    expect(server.payloads('crm.segment')).toEqual([
      { segment: '重要保持', page: 0, pageSize: 20 },
      { segment: '重要保持', page: 1, pageSize: 20 },
    ]);
    expect(container.querySelectorAll('.crm-segment-row')).toHaveLength(3);
    expect(screen.getByText('没有更多了')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '鲜丰超市3，FP00000003，打开客户关系卡' }));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/customer/index?memberNo=FP00000003');
  });

  it('says when a segment is empty, and a search and a segment replace each other', async () => {
    const server = installFakeServer({
      'crm.segments': () => ok(segments()),
      'crm.segment': ({ payload }) => ok(page((payload as { segment: SegmentPage['segment'] }).segment, 0, [], false)),
      'crm.search': () => ok({ described: '', items: [], page: 0, pageSize: 20, hasMore: false }),
    });
    const { container } = render(<StaffSearchPage />);
    // The Taro input renders its inner field a moment later.
    await advance(100);
    fireEvent.click(screen.getByRole('button', { name: '重要发展，0 位客户' }));
    await advance();
    expect(screen.getByText('暂无重要发展客户')).toBeTruthy();

    fireEvent.input(container.querySelector('.crm-search-input input') as HTMLInputElement, { target: { value: '张' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索客户' }));
    await advance();
    expect(server.payloads('crm.search')).toHaveLength(1);
    expect(container.querySelector('.crm-segment-results')).toBeNull();
    expect(screen.getByText('没有找到客户')).toBeTruthy();
    expect(screen.getByRole('button', { name: '重要发展，0 位客户' }).getAttribute('aria-pressed')).toBe('false');

    fireEvent.click(screen.getByRole('button', { name: '一般挽留，240 位客户' }));
    await advance();
    expect(server.payloads('crm.segment')).toEqual([
      { segment: '重要发展', page: 0, pageSize: 20 },
      { segment: '一般挽留', page: 0, pageSize: 20 },
    ]);
    expect(screen.queryByText('没有找到客户')).toBeNull();
    expect(screen.getByText('暂无一般挽留客户')).toBeTruthy();
  });

  it('shows a failure to load the segments with 重试, and search still works', async () => {
    const server = installFakeServer({
      'crm.segments': ({ call }) => (call === 1 ? fail('SYSTEM.BUSY', '操作繁忙，请稍后重试') : ok(segments())),
      'crm.search': () => ok({ described: '', items: [], page: 0, pageSize: 20, hasMore: false }),
    });
    const { container } = render(<StaffSearchPage />);
    // The Taro input renders its inner field a moment later.
    await advance(100);
    expect(screen.getByText('客户分群加载失败')).toBeTruthy();
    expect(container.querySelectorAll('.crm-segment-chip')).toHaveLength(0);
    fireEvent.input(container.querySelector('.crm-search-input input') as HTMLInputElement, { target: { value: '张' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索客户' }));
    await advance();
    expect(screen.getByText('没有找到客户')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await advance();
    expect(server.count('crm.segments')).toBe(2);
    expect(container.querySelectorAll('.crm-segment-chip')).toHaveLength(8);
  });

  it('shows no chips to someone who is not staff', async () => {
    installFakeServer({ 'crm.segments': () => fail('AUTH.FORBIDDEN', '仅限员工使用') });
    const { container } = render(<StaffSearchPage />);
    // The Taro input renders its inner field a moment later.
    await advance(100);
    expect(container.querySelector('.crm-segments')).toBeNull();
    expect(screen.queryByText('客户分群加载失败')).toBeNull();
  });
});
