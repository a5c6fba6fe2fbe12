/**
 * Staff search and the customer relationship card: the query sent as typed with paging, rows with
 * tier, masked phone and what matched, a row opens the card; the card's sections, a tag removed only
 * after a confirmation and saved once (the request id kept through a lost answer), a note added, the
 * entries from the staff home and the member page, and customers refused.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import StaffSearchPage from '@/staff/pages/search/index';
import StaffCustomerPage from '@/staff/pages/customer/index';
import StaffHomePage from '@/staff/pages/home/index';
import StaffMemberPage from '@/staff/pages/member/index';
import { openPage } from '@/lib/nav';
import { NETWORK_DOWN, fail, installFakeServer, ok } from '../fakeServer';
import { staffMemberFixture } from '../fixtures';
import { setRouterParams } from '../pageHooks';
import { advance, typeInto } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));

type SearchPage = ApiResult<'crm', 'search'>;
type Row = SearchPage['items'][number];
type Card = ApiResult<'crm', 'card'>;

const NOW = Date.parse('2026-12-02T10:00:00+08:00');

beforeAll(() => {
  jest.useFakeTimers({ now: NOW });
});
afterAll(() => {
  jest.useRealTimers();
});
beforeEach(() => {
  (openPage as jest.Mock).mockClear();
});

const row = (n: number, over: Partial<Row> = {}): Row => ({
  memberNo: `FP0000000${n}`,
  displayName: `王记餐饮${n}`,
  kind: 'restaurant',
  tier: { id: 'core', name: '核心' },
  region: '静安区',
  lastOrderAt: NOW - 3 * 86_400_000,
  phone: '138****5678',
  matched: { kind: 'phone', label: '138****5678' },
  ...over,
});

function card(over: Partial<Card['card']> = {}): Card {
  return {
    member: {
      memberNo: 'FP00000003',
      displayName: '张姐（阳光花园团长）',
      kind: 'group_leader',
      region: '普陀区',
      phone: '13916620817',
      joinedAt: NOW - 900 * 86_400_000,
      lastOrderAt: NOW - 40 * 86_400_000,
      orderCount: 120,
      tier: { id: 'core', name: '核心', benefits: {} as Card['member']['tier']['benefits'], source: 'rules', overrideUntil: null },
      points: { available: 1_250, pending: 80, owed: 0 },
    },
    card: {
      contact: { name: '张桂芳', phone: '13916620817', employer: '阳光花园社区团购', position: '团长', address: '普陀区阳光花园' },
      organisation: { name: '阳光花园社区团购', keyPeople: [{ name: '李阿姨', role: '副团长', phone: '13700001111', cares: '叶菜要嫩' }] },
      preferences: { text: '周二晚上统计订单', tags: ['每周三上午来', '价格敏感'] },
      keyDates: [{ label: '生日', monthDay: '03-08' }],
      updatedAt: NOW - 86_400_000,
      updatedByName: '王经理',
      ...over,
    },
    recentOrders: [{ id: 'A0000000001', createdAt: NOW - 40 * 86_400_000, statusLabel: '已完成', paidFen: 123_400, names: ['上海青', '西红柿'], lineCount: 8 }],
    openCases: [{ id: 'case-1', typeLabel: '咨询', categoryLabel: '价格', statusLabel: '待响应', createdAt: NOW - 3_600_000, text: '草莓批发价能不能再优惠' }],
    satisfaction: [{ kind: 'case', id: 'case-0', at: NOW - 10 * 86_400_000, score: 4, reason: null }],
    notes: [{ id: 'N1', text: '电话没接通，微信留言问候', byName: '王经理', at: NOW - 20 * 86_400_000 }],
    notesHasMore: false,
  };
}

describe('客户搜索', () => {
  it('sends what was typed, shows tier, masked phone and what matched, pages, and opens the card', async () => {
    const server = installFakeServer({
      'crm.search': ({ payload }) => {
        const page = (payload as { page: number }).page;
        return ok({ described: '', items: page === 0 ? [row(1), row(2, { matched: { kind: 'organisation', label: '王记餐饮有限公司' } })] : [row(3)], page, pageSize: 20, hasMore: page === 0 });
      },
    });
    const { container } = render(<StaffSearchPage />);
    await advance(100);
    fireEvent.click(screen.getByRole('button', { name: '搜索客户' }));
    expect(screen.getByText('请输入要查找的内容')).toBeTruthy();
    expect(server.count('crm.search')).toBe(0);
    typeInto(container, '.crm-search-input input', '5678');
    fireEvent.click(screen.getByRole('button', { name: '搜索客户' }));
    await advance();
    expect(server.payloads('crm.search')).toEqual([{ query: '5678', page: 0, pageSize: 20 }]);
    const rows = container.querySelectorAll('.crm-result');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('核心会员');
    expect(rows[0]?.textContent).toContain('138****5678');
    expect(rows[0]?.textContent).toContain('匹配手机号');
    expect(rows[1]?.textContent).toContain('匹配单位：王记餐饮有限公司');
    expect(container.textContent).not.toContain('13812345678');
    fireEvent.click(screen.getByText('加载更多'));
    await advance();
    expect(container.querySelectorAll('.crm-result')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: '王记餐饮1，FP00000001，打开客户关系卡' }));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/customer/index?memberNo=FP00000001');
  });

  it('says when nothing matched and shows a refusal in words', async () => {
    const server = installFakeServer({ 'crm.search': () => ok({ described: '', items: [], page: 0, pageSize: 20, hasMore: false }) });
    const { container } = render(<StaffSearchPage />);
    await advance(100);
    typeInto(container, '.crm-search-input input', '阳光');
    fireEvent.click(screen.getByRole('button', { name: '搜索客户' }));
    await advance();
    expect(screen.getByText('没有找到客户')).toBeTruthy();
    server.on('crm.search', () => fail('AUTH.FORBIDDEN', '仅限员工使用'));
    typeInto(container, '.crm-search-input input', '张');
    fireEvent.click(screen.getByRole('button', { name: '搜索客户' }));
    await advance();
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
  });
});

describe('客户关系卡', () => {
  async function openCard(routes: Parameters<typeof installFakeServer>[0]) {
    setRouterParams({ memberNo: 'FP00000003' });
    const server = installFakeServer({ 'care.contacts': () => ok([]), 'care.profile': () => ok(null), ...routes });
    const view = render(<StaffCustomerPage />);
    await advance();
    await advance(100);
    return { server, ...view };
  }

  it('shows every section of the card', async () => {
    const { server, container } = await openCard({ 'crm.card': () => ok(card()) });
    expect(server.payloads('crm.card')).toEqual([{ memberNo: 'FP00000003' }]);
    const text = container.textContent ?? '';
    for (const title of ['会员与积分', '联系方式', '单位与关键人', '偏好与习惯', '重要日期', '最近订单', '投诉与满意度', '备注', '联系记录']) expect(text).toContain(title);
    expect(container.querySelector('.crm-member')?.textContent).toContain('1,250');
    expect(container.querySelector('.crm-org')?.textContent).toContain('李阿姨（副团长）');
    expect(container.querySelector('.crm-org')?.textContent).toContain('关注：叶菜要嫩');
    expect(container.querySelector('.crm-prefs')?.textContent).toContain('每周三上午来');
    expect(container.querySelector('.crm-dates')?.textContent).toContain('生日：3月8日');
    expect(container.querySelector('.crm-cases')?.textContent).toContain('草莓批发价能不能再优惠');
    expect(container.querySelector('.crm-cases')?.textContent).toContain('评分 4/5');
    expect(container.querySelector('.crm-notes')?.textContent).toContain('电话没接通，微信留言问候');
    fireEvent.click(screen.getByRole('button', { name: '咨询：草莓批发价能不能再优惠' }));
    expect(openPage).toHaveBeenCalledWith('/staff/pages/case/index?id=case-1');
  });

  it("shows the care list's profile and contact log for the member", async () => {
    const { server, container } = await openCard({
      'crm.card': () => ok(card()),
      'care.profile': () =>
        ok({
          memberNo: 'FP00000003',
          name: '张姐',
          tier: 'core',
          lastOrderAt: NOW - 40 * 86_400_000,
          rhythm: { orderDays: 80, medianDays: 3, p90Days: 5 },
          churn: { reason: '通常每 3 天下单，已 40 天未下单', expectedEveryDays: 5, daysSince: 40 },
          rfm: { recencyDays: 40, frequency: 80, monetaryFen: 1_000_000, r: 2, f: 5, m: 5, segment: '重要保持', explanation: '消费高、频次高，但最近没来' },
          lastContactAt: NOW - 20 * 86_400_000,
          accountManager: { name: '李小鲜' },
          computedAt: NOW,
        }),
      'care.contacts': () => ok([{ id: 'C1', at: NOW - 20 * 86_400_000, byName: '李小鲜', channel: 'phone', channelLabel: '电话', note: '没接通' }]),
    });
    // by member number: the card never sends a member's OPENID
    expect(server.payloads('care.contacts')).toEqual([{ memberNo: 'FP00000003', limit: 10 }]);
    expect(server.payloads('care.profile')).toEqual([{ memberNo: 'FP00000003' }]);
    expect(container.querySelector('.crm-profile')?.textContent).toContain('通常每 3 天下单，已 40 天未下单');
    expect(container.querySelector('.crm-profile')?.textContent).toContain('重要保持');
    expect(container.querySelector('.crm-profile')?.textContent).toContain('客户经理：李小鲜');
    expect(container.querySelector('.crm-contacts')?.textContent).toContain('李小鲜 · 电话');
    expect(container.querySelector('.crm-contacts')?.textContent).toContain('没接通');
  });

  it('removes a tag only after a confirmation and saves it once, keeping the request id through a lost answer', async () => {
    const { server } = await openCard({
      'crm.card': () => ok(card()),
      'crm.updateCard': ({ call }) => (call === 1 ? NETWORK_DOWN : ok({ memberNo: 'FP00000003', changed: ['preferences'], updatedAt: NOW })),
    });
    fireEvent.click(screen.getByRole('button', { name: '编辑偏好与习惯' }));
    await advance(100);
    fireEvent.click(screen.getByRole('button', { name: '删除标签 价格敏感' }));
    expect(screen.getByText('删除标签')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.getByRole('button', { name: '删除标签 价格敏感' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '删除标签 价格敏感' }));
    fireEvent.click(screen.getByRole('button', { name: '删除' }));
    expect(screen.queryByRole('button', { name: '删除标签 价格敏感' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '保存偏好与习惯' }));
    await advance();
    expect(screen.getByText(/提交结果未确认/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重试保存偏好与习惯' }));
    await advance();
    const sent = server.payloads('crm.updateCard') as { requestId: string }[];
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({ memberNo: 'FP00000003', requestId: expect.stringMatching(/^r/), preferences: { text: '周二晚上统计订单', tags: ['每周三上午来'] } });
    expect(sent[1]?.requestId).toBe(sent[0]?.requestId);
    // Saved: the card loads again.
    expect(server.count('crm.card')).toBe(2);
  });

  it('checks a key date before sending it', async () => {
    const { server, container } = await openCard({ 'crm.card': () => ok(card()), 'crm.updateCard': () => ok({ memberNo: 'FP00000003', changed: ['keyDates'], updatedAt: NOW }) });
    fireEvent.click(screen.getByRole('button', { name: '编辑重要日期' }));
    await advance(100);
    fireEvent.click(screen.getByRole('button', { name: '添加日期' }));
    await advance(100);
    const labels = container.querySelectorAll('.crm-date-form input');
    fireEvent.input(labels[2] as HTMLInputElement, { target: { value: '公司成立日' } });
    fireEvent.input(labels[3] as HTMLInputElement, { target: { value: '02-30' } });
    fireEvent.click(screen.getByRole('button', { name: '保存重要日期' }));
    await advance();
    expect(screen.getByText('日期应为有效的 月-日，如 03-08')).toBeTruthy();
    expect(server.count('crm.updateCard')).toBe(0);
    fireEvent.input(labels[3] as HTMLInputElement, { target: { value: '09-18' } });
    fireEvent.click(screen.getByRole('button', { name: '保存重要日期' }));
    await advance();
    expect(server.payloads('crm.updateCard')).toEqual([{ memberNo: 'FP00000003', requestId: expect.any(String), keyDates: [{ label: '生日', monthDay: '03-08' }, { label: '公司成立日', monthDay: '09-18' }] }]);
  });

  it('adds a note and loads the card again', async () => {
    const { server, container } = await openCard({ 'crm.card': () => ok(card()), 'crm.addNote': () => ok({ id: 'N2', text: '想要更多菌菇', byName: '李小鲜', at: NOW }) });
    fireEvent.click(screen.getByRole('button', { name: '添加备注' }));
    expect(screen.getByText('请填写备注')).toBeTruthy();
    typeInto(container, '.crm-note-input textarea', '想要更多菌菇');
    fireEvent.click(screen.getByRole('button', { name: '添加备注' }));
    await advance();
    expect(server.payloads('crm.addNote')).toEqual([{ memberNo: 'FP00000003', text: '想要更多菌菇', requestId: expect.any(String) }]);
    expect(server.count('crm.card')).toBe(2);
  });

  it('tells a customer the card is for staff only', async () => {
    await openCard({ 'crm.card': () => fail('AUTH.FORBIDDEN', '仅限员工使用') });
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
  });
});

it('the staff home opens 客户搜索', async () => {
  installFakeServer({ 'member.whoami': () => ok({ role: 'staff', displayName: '李小鲜', memberNo: null }) });
  render(<StaffHomePage />);
  await advance();
  fireEvent.click(screen.getByRole('link', { name: '客户搜索' }));
  expect(openPage).toHaveBeenCalledWith('/staff/pages/search/index');
});

it('the member page opens the member\'s 客户关系卡', async () => {
  const member = staffMemberFixture();
  setRouterParams({ memberNo: member.memberNo });
  installFakeServer({
    'staff.getMember': () => ok(member),
    'staff.getTierHistory': () => ok({ items: [], page: 0, pageSize: 10, hasMore: false }),
    'staff.getLedger': () => ok({ items: [], page: 0, pageSize: 20, hasMore: false }),
    'staff.getAuditTrail': () => ok({ items: [], page: 0, pageSize: 10, hasMore: false }),
  });
  render(<StaffMemberPage />);
  await advance();
  await advance(100);
  fireEvent.click(screen.getByRole('link', { name: '客户关系卡' }));
  expect(openPage).toHaveBeenCalledWith(`/staff/pages/customer/index?memberNo=${member.memberNo}`);
});
