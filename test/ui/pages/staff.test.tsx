import { fireEvent, render, screen, within } from '@testing-library/react';
import type { AuditEntryView, MovementView, TierHistoryView } from '@contracts/api';
import StaffHomePage from '@/staff/pages/home/index';
import StaffMemberPage from '@/staff/pages/member/index';
import { openPage } from '@/lib/nav';
import { switchTab } from '@/lib/routes';
import { askForCard } from '@/services/entry';
import { customerMe, movementFixture, staffMe, staffMemberFixture } from '../fixtures';
import { NETWORK_DOWN, fail, installFakeServer, ok, type FakeServer, type Handler } from '../fakeServer';
import { setRouterParams } from '../pageHooks';
import { advance, typeInto } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));
jest.mock('@/lib/routes', () => ({ ...jest.requireActual('@/lib/routes'), switchTab: jest.fn(() => Promise.resolve()) }));
jest.mock('@/services/entry', () => ({ ...jest.requireActual('@/services/entry'), askForCard: jest.fn() }));

/** Let pending fetches resolve and React commit, moving fake time forward by `ms`. */
/** Answer the ConfirmDialog; returns its name and message ("张姐|扣减 300 积分 · 原因：…"). */
async function answerDialog(confirm: boolean): Promise<string> {
  const dialog = screen.getByRole('dialog');
  const text = `${dialog.querySelector('.dialog-name')?.textContent ?? ''}|${dialog.querySelector('.dialog-message')?.textContent ?? ''}`;
  fireEvent.click(dialog.querySelector(confirm ? '.dialog-confirm' : '.dialog-cancel') as HTMLElement);
  await advance();
  await advance();
  return text;
}

function panel(container: HTMLElement, className: string): HTMLElement {
  const el = container.querySelector('.' + className);
  if (!el) throw new Error(`no panel .${className}`);
  return el as HTMLElement;
}

// One fake clock for the whole file: Taro's H5 components schedule their rendering on the timers they
// first see, so the clock must not be swapped between tests.
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

describe('staff home', () => {
  it('greets the staff member by name and offers their own card, which is what enrols them', async () => {
    installFakeServer({ 'member.whoami': () => ok({ role: 'manager', displayName: '王店长', memberNo: null }) });
    render(<StaffHomePage />);
    await advance();
    expect(screen.getByRole('heading', { name: '员工工作台' })).toBeTruthy();
    expect(screen.getByText('王店长（店长）')).toBeTruthy();
    const own = screen.getByRole('link', { name: '我的会员卡' });
    fireEvent.click(own);
    expect(switchTab).toHaveBeenCalledWith('/pages/card/index');
    expect(askForCard).toHaveBeenCalled();
  });

  it('tells a customer it is for staff only', async () => {
    installFakeServer({ 'member.whoami': () => ok(customerMe) });
    render(<StaffHomePage />);
    await advance();
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
    expect(screen.queryByText('查找会员')).toBeNull();
  });

  it('every control is a named button or link', async () => {
    installFakeServer({ 'member.whoami': () => ok(staffMe) });
    render(<StaffHomePage />);
    await advance();
    await advance(100);
    // (The H5 dev switch handle is a button too.)
    const names = screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'));
    expect(names.filter((n) => !n?.startsWith('演示身份'))).toEqual(['查询会员', '识别会员码']);
  });

  async function openHome(routes: Record<string, Handler>) {
    const server = installFakeServer({ 'member.whoami': () => ok(staffMe), ...routes });
    const view = render(<StaffHomePage />);
    await advance();
    // Taro's H5 inputs render their inner <input> a frame later.
    await advance(100);
    return { server, ...view };
  }

  it.each([
    ['FP00000003', '按会员号 FP00000003 查找'],
    ['fp3', '按会员号 FP00000003 查找'],
    ['3', '按会员号 FP00000003 查找'],
    ['FP 0000 0003', '按会员号 FP00000003 查找'],
    ['ｆｐ３', '按会员号 FP00000003 查找'],
    ['13800000000', '按手机号 138****0000 查找'],
  ])('looks %j up, says what it searched for, and opens the member', async (typed, said) => {
    const { server, container } = await openHome({ 'staff.findMember': () => ok({ query: { kind: 'memberNo', memberNo: 'FP00000003' }, member: staffMemberFixture({ memberNo: 'FP00000003' }) }) });
    typeInto(container, '.member-no-input input', typed);
    fireEvent.click(screen.getByRole('button', { name: '查询会员' }));
    expect(screen.getByText(said + '…')).toBeTruthy();
    await advance();
    // The whole text goes to the server, which reads it with the same parser.
    expect(server.payloads('staff.findMember')).toEqual([{ query: typed }]);
    expect(openPage).toHaveBeenCalledWith('/staff/pages/member/index?memberNo=FP00000003');
  });

  it('refuses what is neither a member number nor a whole phone, and the message goes when the input is corrected', async () => {
    const { server, container } = await openHome({});
    typeInto(container, '.member-no-input input', '1380000000');
    fireEvent.click(screen.getByRole('button', { name: '查询会员' }));
    expect(screen.getByRole('alert').textContent).toBe('手机号应为 11 位，这里有 10 位');
    // Nothing was cut to fit: the field still holds all ten digits.
    expect((container.querySelector('.member-no-input input') as HTMLInputElement).value).toBe('1380000000');
    typeInto(container, '.member-no-input input', '13800000000');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(server.count('staff.findMember')).toBe(0);
  });

  it('says when there is no such member, with what it searched for', async () => {
    const { container } = await openHome({ 'staff.findMember': () => fail('MEMBER.NOT_FOUND', '没有手机号为 138****0001 的会员') });
    typeInto(container, '.member-no-input input', '138 0000 0001');
    fireEvent.click(screen.getByRole('button', { name: '查询会员' }));
    await advance();
    expect(screen.getByText('按手机号 138****0001 查找')).toBeTruthy();
    expect(screen.getByText('没有手机号为 138****0001 的会员')).toBeTruthy();
    expect(openPage).not.toHaveBeenCalled();
  });

  it('resolves a pasted member code (H5 has no camera scan)', async () => {
    const { server, container } = await openHome({
      'staff.scanMemberCode': ({ call }) => (call === 1 ? fail('MEMBER_CODE.EXPIRED', '会员码已过期，请让顾客刷新') : ok(staffMemberFixture())),
    });
    expect(screen.queryByText('扫描会员码')).toBeNull();
    fireEvent.click(screen.getByText('识别会员码'));
    expect(screen.getByText('请粘贴顾客的会员码')).toBeTruthy();

    typeInto(container, '.member-token-input input', '  FP1.FP00000005.1795579980.sig  ');
    fireEvent.click(screen.getByText('识别会员码'));
    await advance();
    expect(screen.getByText('会员码已过期，请让顾客刷新')).toBeTruthy();
    fireEvent.click(screen.getByText('识别会员码'));
    await advance();
    expect(server.payloads('staff.scanMemberCode')).toEqual([{ token: 'FP1.FP00000005.1795579980.sig' }, { token: 'FP1.FP00000005.1795579980.sig' }]);
    expect(openPage).toHaveBeenCalledWith('/staff/pages/member/index?memberNo=FP00000005');
  });
});

const history: TierHistoryView[] = [
  { kind: 'upgrade', from: 'potential', to: 'core', at: Date.UTC(2025, 10, 5, 8, 14), ruleId: 'wholesale.core', reason: '订单完成后达到升级条件', by: null },
];
const ledger: MovementView[] = [
  movementFixture(0, { key: 'adjust:x', type: 'adjust', availableDelta: 200, pendingDelta: 0, source: { kind: 'staff', id: '王店长' }, reason: '节日回馈' }),
  movementFixture(1),
];
const audit: AuditEntryView[] = [
  { id: 'a1', actorName: '王店长', role: 'manager', action: 'points.adjust', target: 'FP00000005', reason: '节日回馈', at: Date.UTC(2026, 10, 20, 2, 0), details: { delta: 200 } },
  { id: 'a2', actorName: '李小鲜', role: 'staff', action: 'tier.override', target: 'FP00000005', reason: '年度合作', at: Date.UTC(2026, 10, 19, 2, 0), details: { tier: 'strategic', until: '2027-03-31' } },
];

function memberServer(extra: Record<string, Handler> = {}): FakeServer {
  return installFakeServer({
    'staff.getMember': () => ok(staffMemberFixture()),
    'staff.getTierHistory': () => ok({ items: history, page: 0, pageSize: 10, hasMore: false }),
    'staff.getLedger': ({ payload }) => ok({ items: (payload as { page: number }).page === 0 ? ledger : [], page: 0, pageSize: 20, hasMore: false }),
    'staff.getAuditTrail': () => ok({ items: audit, page: 0, pageSize: 10, hasMore: false }),
    ...extra,
  });
}

async function openMember(memberNo = 'FP00000005') {
  setRouterParams({ memberNo });
  const view = render(<StaffMemberPage />);
  await advance();
  // Taro's H5 inputs render their inner <input>/<textarea> a frame later.
  await advance(100);
  return view;
}

type AdjustPayload = { memberNo: string; delta: number; reason: string; requestId: string };
type OverridePayload = { memberNo: string; tier: string; until: string; reason: string; requestId: string };

describe('staff member detail', () => {
  it('shows the card, tier history, ledger and audit trail', async () => {
    const server = memberServer();
    const { container } = await openMember();

    const card = panel(container, 'member-card');
    expect(card.textContent).toContain('张姐');
    expect(card.textContent).toContain('核心会员');
    expect(card.textContent).toContain('会员号 FP00000005 · 社区团长 · 普陀区');
    expect(card.textContent).toContain('等级来源：按规则评定');
    expect(within(card).getByText('86,000')).toBeTruthy();
    expect(card.textContent).toContain('下次评审（2026年12月1日）前再消费 ¥5,000 即可保持核心会员，否则将调整为潜力会员');

    expect(panel(container, 'tier-history').textContent).toContain('升级：潜力会员 → 核心会员');
    const rows = panel(container, 'ledger').querySelectorAll('.movement');
    expect(rows).toHaveLength(2);
    // Staff see who adjusted.
    expect(rows[0]?.textContent).toContain('店员调整（王店长）');
    expect(rows[0]?.textContent).toContain('+200');
    const auditText = panel(container, 'audit').textContent;
    expect(auditText).toContain('调整积分 +200');
    expect(auditText).toContain('原因：节日回馈');
    expect(auditText).toContain('王店长（店长）');
    expect(auditText).toContain('11月20日 10:00');
    expect(auditText).toContain('人工调整等级为战略会员，至2027年3月31日');
    expect(server.payloads('staff.getAuditTrail')).toEqual([{ memberNo: 'FP00000005', page: 0, pageSize: 10 }]);
    expect(server.payloads('staff.getLedger')).toEqual([{ memberNo: 'FP00000005', page: 0, pageSize: 20 }]);
  });

  it('shows a tier override with its end date', async () => {
    const base = staffMemberFixture();
    memberServer({
      'staff.getMember': () =>
        ok({
          ...base,
          card: { ...base.card, tier: { ...base.card.tier, id: 'strategic', name: '战略', source: 'override', overrideUntil: '2027-03-31' }, downgradeWarning: null },
          tierOverride: { tier: 'strategic', until: '2027-03-31', reason: '年度合作签约', by: '王店长' },
        }),
    });
    const { container } = await openMember();
    expect(panel(container, 'member-card').textContent).toContain('人工调整等级，有效期至2027年3月31日（战略会员；原因：年度合作签约；操作人：王店长）');
  });

  it('names the tiers as the configuration does, not as the client would guess', async () => {
    const base = staffMemberFixture();
    const tiers = base.tiers.map((t) => ({ ...t, name: { basic: '普通', potential: '银牌', core: '金牌', strategic: '钻石' }[t.id] }));
    memberServer({ 'staff.getMember': () => ok({ ...base, tiers }) });
    const { container } = await openMember();
    expect(panel(container, 'tier-history').textContent).toContain('升级：银牌会员 → 金牌会员');
    const chips = Array.from(panel(container, 'override-form').querySelectorAll('.chips')[0]?.children ?? []).map((c) => c.textContent);
    expect(chips).toEqual(['普通会员', '银牌会员', '金牌会员', '钻石会员']);
    expect(panel(container, 'audit').textContent).toContain('人工调整等级为钻石会员');
  });

  it('tells a customer it is for staff only', async () => {
    const server = memberServer({ 'staff.getMember': () => fail('AUTH.FORBIDDEN', '仅限员工使用') });
    await openMember();
    expect(screen.getByText('仅限员工使用')).toBeTruthy();
    expect(screen.queryByText('调整积分')).toBeNull();
    expect(server.count('staff.getLedger')).toBe(0);
  });

  it('reads the amount exactly, refuses what it cannot read, and drops a stale message once corrected', async () => {
    const server = memberServer();
    const { container } = await openMember();
    const form = panel(container, 'adjust-form');
    const submit = () => fireEvent.click(within(form).getByRole('button', { name: '提交积分调整' }));
    const amountError = () => form.querySelector('.adjust-amount .field-error')?.textContent ?? null;

    submit();
    expect(within(form).getByRole('alert').textContent).toBe('请输入要调整的积分，并选择“加”或“减”');
    // A typed minus is not silently dropped (it used to become +50): the sign is chosen with 加 / 减.
    typeInto(container, '.adjust-amount input', '-50');
    expect(amountError()).toBe('请用“加 / 减”选择方向，这里只填数字');
    // The submit-time message went with the change; the field says what is wrong now.
    expect(form.querySelector('.form-error')).toBeNull();
    typeInto(container, '.adjust-amount input', '12.5');
    expect(amountError()).toBe('请输入整数，不支持小数');
    typeInto(container, '.adjust-amount input', '1e6');
    expect(amountError()).toBe('请直接写出完整数字，不支持 1e6 这样的写法');
    typeInto(container, '.adjust-amount input', '1000001');
    expect(amountError()).toBe('最多 1,000,000');
    typeInto(container, '.adjust-amount input', '５０');
    expect(amountError()).toBe('请选择“加”或“减”');
    fireEvent.click(within(form).getByRole('button', { name: '减' }));
    expect(amountError()).toBeNull();
    expect(within(form).getByRole('button', { name: '减' }).getAttribute('aria-pressed')).toBe('true');

    submit();
    expect(within(form).getByRole('alert').textContent).toBe('请填写原因（至少 2 个字）');
    typeInto(container, '.adjust-reason textarea', '退货');
    expect(form.querySelector('.form-error')).toBeNull();
    // A 5,000-character paste is refused whole, with a message, never cut to fit.
    typeInto(container, '.adjust-reason textarea', '长'.repeat(5000));
    expect(within(form).getByRole('alert').textContent).toBe('最多 200 字，这次输入有 5,000 字，未填入，请删减后再输入');
    expect(within(form).getByText('2/200')).toBeTruthy();
    typeInto(container, '.adjust-reason textarea', '退货扣回');
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(within(form).getByText('4/200')).toBeTruthy();
    // Deducting more than the member has.
    typeInto(container, '.adjust-amount input', '90000');
    submit();
    expect(within(form).getByRole('alert').textContent).toBe('扣减不能超过可用积分（86,000）');
    await advance();
    expect(server.count('staff.adjustPoints')).toBe(0);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('adjusts points after confirmation, shows the result and reloads the member', async () => {
    const server = memberServer({
      'staff.adjustPoints': ({ payload }) => ok({ memberNo: 'FP00000005', delta: (payload as AdjustPayload).delta, available: 85700, owed: 0 }),
    });
    const { container } = await openMember();
    const form = panel(container, 'adjust-form');
    fireEvent.click(within(form).getByRole('button', { name: '减' }));
    typeInto(container, '.adjust-amount input', '300');
    typeInto(container, '.adjust-reason textarea', '  退货扣回积分 ');
    fireEvent.click(within(form).getByText('提交积分调整'));
    await advance();
    expect(server.count('staff.adjustPoints')).toBe(0);
    // Cancelling sends nothing.
    expect(await answerDialog(false)).toBe('张姐|扣减 300 积分 · 原因：退货扣回积分');
    expect(server.count('staff.adjustPoints')).toBe(0);
    fireEvent.click(within(form).getByText('提交积分调整'));
    expect(screen.getByRole('dialog').querySelector('.dialog-confirm')?.textContent).toBe('确认扣减');
    await answerDialog(true);

    const [sent] = server.payloads('staff.adjustPoints') as AdjustPayload[];
    expect(sent).toEqual({ memberNo: 'FP00000005', delta: -300, reason: '退货扣回积分', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });
    expect(within(form).getByText('已扣减 300 积分，当前可用 85,700 积分')).toBeTruthy();
    // The form is cleared and everything on the page loads again.
    await advance(100);
    expect((container.querySelector('.adjust-amount input') as HTMLInputElement).value).toBe('');
    expect(server.count('staff.getMember')).toBe(2);
    expect(server.count('staff.getLedger')).toBe(2);
    expect(server.count('staff.getAuditTrail')).toBe(2);
    expect(server.count('staff.getTierHistory')).toBe(2);
  });

  it('retries an adjustment lost to the network with the same request id', async () => {
    const server = memberServer({
      'staff.adjustPoints': ({ call }) => (call === 1 ? NETWORK_DOWN : ok({ memberNo: 'FP00000005', delta: 100, available: 86100, owed: 0 })),
    });
    const { container } = await openMember();
    const form = panel(container, 'adjust-form');
    fireEvent.click(within(form).getByRole('button', { name: '加' }));
    typeInto(container, '.adjust-amount input', '100');
    typeInto(container, '.adjust-reason textarea', '配送延误补偿');
    fireEvent.click(within(form).getByText('提交积分调整'));
    await advance();
    await answerDialog(true);

    expect(within(form).getByText('网络异常，提交结果未确认。请点击“重试提交”（不会重复执行）')).toBeTruthy();
    // Locked to what was sent until the outcome is known.
    expect(container.querySelector('.adjust-amount .number-field-input')?.getAttribute('disabled')).not.toBeNull();
    expect(container.querySelector('.adjust-reason .field')?.getAttribute('disabled')).not.toBeNull();
    fireEvent.click(within(form).getByText('重试提交'));
    await advance();

    const [first, second] = server.payloads('staff.adjustPoints') as AdjustPayload[];
    expect(second).toEqual(first);
    expect(first?.delta).toBe(100);
    expect(within(form).getByText('已增加 100 积分，当前可用 86,100 积分')).toBeTruthy();
  });

  it('shows a refusal and sends a new request id next time', async () => {
    const server = memberServer({ 'staff.adjustPoints': () => fail('POINTS.INSUFFICIENT_BALANCE', '积分不足') });
    const { container } = await openMember();
    const form = panel(container, 'adjust-form');
    fireEvent.click(within(form).getByRole('button', { name: '减' }));
    typeInto(container, '.adjust-amount input', '500');
    typeInto(container, '.adjust-reason textarea', '退货扣回');
    fireEvent.click(within(form).getByText('提交积分调整'));
    await advance();
    await answerDialog(true);
    expect(within(form).getByText('扣减失败：会员可用积分不足')).toBeTruthy();
    expect(within(form).queryByText('重试提交')).toBeNull();

    fireEvent.click(within(form).getByText('提交积分调整'));
    await advance();
    await answerDialog(true);
    const ids = (server.payloads('staff.adjustPoints') as AdjustPayload[]).map((p) => p.requestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('overrides the tier with a tier, an end date and a reason', async () => {
    const server = memberServer({
      'staff.overrideTier': ({ payload }) => ok({ memberNo: 'FP00000005', tier: (payload as OverridePayload).tier, until: (payload as OverridePayload).until }),
    });
    const { container } = await openMember();
    const form = panel(container, 'override-form');
    const submit = () => fireEvent.click(within(form).getByText('提交等级调整'));

    expect(form.querySelectorAll('.field-label')[1]?.textContent).toBe('有效期至（最晚 2027年11月25日）');
    submit();
    expect(within(form).getByText('请选择等级')).toBeTruthy();
    fireEvent.click(within(form).getByText('战略会员'));
    submit();
    expect(form.querySelector('.form-error')?.textContent).toBe('请选择截止日期');
    fireEvent.click(within(form).getByText('90 天'));
    expect(within(form).getByText('2027年2月23日')).toBeTruthy();
    submit();
    expect(within(form).getByText('请填写原因（至少 2 个字）')).toBeTruthy();
    typeInto(container, '.override-reason textarea', '年度战略合作签约');
    expect(form.querySelector('.form-error')).toBeNull();
    submit();
    await advance();
    expect(await answerDialog(true)).toBe('张姐|调整为战略会员，有效期至2027年2月23日 · 原因：年度战略合作签约');

    expect(server.payloads('staff.overrideTier')).toEqual([
      { memberNo: 'FP00000005', tier: 'strategic', until: '2027-02-23', reason: '年度战略合作签约', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) },
    ]);
    expect(form.querySelector('.form-ok')?.textContent).toBe('已将等级调整为战略会员，有效期至2027年2月23日');
    expect(server.count('staff.getMember')).toBe(2);
    expect(server.count('staff.getTierHistory')).toBe(2);
  });

  it('picks the end date with the date picker', async () => {
    memberServer();
    const { container } = await openMember();
    const form = panel(container, 'override-form');
    expect(within(form).getByText('请选择截止日期')).toBeTruthy();
    fireEvent.click(container.querySelector('.override-until') as HTMLElement);
    await advance(500);
    const confirm = Array.from(document.querySelectorAll('.weui-picker__action')).find((e) => e.textContent === '确定') as HTMLElement;
    fireEvent.click(confirm);
    await advance(500);
    // The picker opens on today (the earliest allowed day), shown in the one date format.
    expect(within(form).getByText('11月25日')).toBeTruthy();
  });

  it('shows the server refusal of an override and retries a lost one with the same id', async () => {
    const server = memberServer({
      'staff.overrideTier': ({ call }) =>
        call === 1 ? fail('TIER.OVERRIDE_TOO_LONG', '人工调整最长 366 天') : call === 2 ? NETWORK_DOWN : ok({ memberNo: 'FP00000005', tier: 'core', until: '2026-12-25' }),
    });
    const { container } = await openMember();
    const form = panel(container, 'override-form');
    fireEvent.click(within(form).getByText('核心会员'));
    fireEvent.click(within(form).getByText('30 天'));
    typeInto(container, '.override-reason textarea', '团长保级观察期');
    fireEvent.click(within(form).getByText('提交等级调整'));
    await advance();
    await answerDialog(true);
    expect(within(form).getByText('调整失败：人工调整最长 366 天')).toBeTruthy();

    fireEvent.click(within(form).getByText('提交等级调整'));
    await advance();
    await answerDialog(true);
    expect(within(form).getByText('网络异常，提交结果未确认。请点击“重试提交”（不会重复执行）')).toBeTruthy();
    fireEvent.click(within(form).getByText('重试提交'));
    await advance();

    const [refused, lost, retried] = server.payloads('staff.overrideTier') as OverridePayload[];
    expect(lost?.requestId).not.toBe(refused?.requestId);
    expect(retried).toEqual(lost);
    expect(retried?.until).toBe('2026-12-25');
    expect(form.querySelector('.form-ok')?.textContent).toBe('已将等级调整为核心会员，有效期至12月25日');
  });
});
