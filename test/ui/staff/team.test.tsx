/**
 * 团队管理, 审批, 加入团队 and the adjust form's 「已提交店长审批」 outcome, against a fake server.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import type { AuditEntryView, WhoAmIView } from '@contracts/api';
import StaffTeamPage from '@/staff/pages/team/index';
import StaffApprovalsPage from '@/staff/pages/approvals/index';
import StaffHomePage from '@/staff/pages/home/index';
import JoinTeamPage from '@/packages/join/pages/redeem/index';
import { AdjustPointsForm } from '@/staff/pages/member/AdjustPointsForm';
import { auditSummary } from '@/staff/pages/member/Records';
import { openPage } from '@/lib/nav';
import { staffMe } from '../fixtures';
import { fail, installFakeServer, ok } from '../fakeServer';
import { advance, typeInto } from '../interact';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));

type Member = ApiResult<'team', 'list'>['items'][number];
type Approval = ApiResult<'team', 'approvals'>['items'][number];

const NOW = new Date('2026-11-25T10:00:00+08:00');
const managerMe: WhoAmIView = { role: 'manager', displayName: '王经理', memberNo: null };
const adminMe: WhoAmIView = { role: 'admin', displayName: '陈总', memberNo: null };

beforeAll(() => {
  jest.useFakeTimers({ now: NOW });
});
afterAll(() => {
  jest.useRealTimers();
});
beforeEach(() => {
  jest.setSystemTime(NOW);
  (openPage as jest.Mock).mockClear();
});

const member = (over: Partial<Member>): Member => ({ staffId: 'o-x', name: '某人', role: 'staff', roleName: '店员', active: true, joinedAt: null, isMe: false, ...over });
const page = <T,>(items: T[]) => ok({ items, page: 0, pageSize: 50, hasMore: false });

describe('团队管理', () => {
  const team = [member({ staffId: 'o-boss', name: '王经理', role: 'manager', roleName: '店长', isMe: true }), member({ staffId: 'o-clerk', name: '李小鲜' }), member({ staffId: 'o-old', name: '张旧', active: false })];

  it('lists members with role and state; an invite shows its code and expiry; a manager cannot invite managers', async () => {
    const server = installFakeServer({
      'member.whoami': () => ok(managerMe),
      'team.list': () => page(team),
      'team.createInvite': ({ payload }) => ok({ code: 'ABCDE23456', role: (payload as { role: string }).role, roleName: '客服', expiresAt: NOW.getTime() + 86_400_000 }),
    });
    const { container } = render(<StaffTeamPage />);
    await advance();
    const rows = Array.from(container.querySelectorAll('.team-member')).map((r) => r.textContent);
    expect(rows).toEqual(['王经理（我）店长 · 在职', '李小鲜店员 · 在职停用', '张旧店员 · 已停用']);
    const invite = container.querySelector('.team-invite') as HTMLElement;
    expect(within(invite).queryByText('店长')).toBeNull();
    fireEvent.click(within(invite).getByText('客服'));
    fireEvent.click(within(invite).getByText('生成邀请码'));
    await advance();
    expect(server.payloads('team.createInvite')).toEqual([{ role: 'agent', requestId: expect.any(String) }]);
    expect(within(invite).getByText('ABCDE23456')).toBeTruthy();
    expect(invite.textContent).toContain('有效期至');
    expect(invite.textContent).toContain('只能使用一次');
  });

  it('an admin may invite a manager', async () => {
    installFakeServer({ 'member.whoami': () => ok(adminMe), 'team.list': () => page(team) });
    const { container } = render(<StaffTeamPage />);
    await advance();
    expect(within(container.querySelector('.team-invite') as HTMLElement).getByText('店长')).toBeTruthy();
  });

  it('deactivates only after the confirmation, then reloads the list', async () => {
    let active = true;
    const server = installFakeServer({
      'member.whoami': () => ok(managerMe),
      'team.list': () => page([team[0]!, member({ staffId: 'o-clerk', name: '李小鲜', active })]),
      'team.deactivate': () => {
        active = false;
        return ok(member({ staffId: 'o-clerk', name: '李小鲜', active: false }));
      },
    });
    const { container } = render(<StaffTeamPage />);
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '停用 李小鲜' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('李小鲜（店员）将无法再使用员工功能');
    fireEvent.click(dialog.querySelector('.dialog-cancel') as HTMLElement);
    await advance();
    expect(server.count('team.deactivate')).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: '停用 李小鲜' }));
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    await advance();
    expect(server.payloads('team.deactivate')).toEqual([{ staffId: 'o-clerk', reason: '店长停用', requestId: expect.any(String) }]);
    expect(container.textContent).toContain('已停用 李小鲜');
    expect(Array.from(container.querySelectorAll('.team-member')).map((r) => r.textContent)).toContain('李小鲜店员 · 已停用');
  });

  it('a clerk sees that the page is for managers', async () => {
    installFakeServer({ 'member.whoami': () => ok(staffMe) });
    render(<StaffTeamPage />);
    await advance();
    expect(screen.getByText('仅店长可以管理团队')).toBeTruthy();
  });
});

const approval = (over: Partial<Approval> = {}): Approval => ({
  approvalId: 'a'.repeat(24),
  kind: 'points.adjust',
  status: 'pending',
  requesterName: '李小鲜',
  requesterRole: 'staff',
  memberNo: 'FP00000005',
  displayName: '张姐',
  delta: 3000,
  tier: null,
  until: null,
  reason: '客情补偿',
  why: 'per_action',
  whyText: '超过单次调整上限',
  createdAt: NOW.getTime(),
  decidedAt: null,
  decidedByName: null,
  note: null,
  ...over,
});

describe('审批', () => {
  it('shows what, who and why; approving sends the decision and reloads', async () => {
    let decided = false;
    const server = installFakeServer({
      'team.approvals': () => page(decided ? [] : [approval()]),
      'team.decide': () => {
        decided = true;
        return ok(approval({ status: 'approved', decidedByName: '王经理' }));
      },
    });
    const { container } = render(<StaffApprovalsPage />);
    await advance();
    const row = container.querySelector('.approval-row') as HTMLElement;
    expect(row.textContent).toContain('张姐（FP00000005）：+3,000 积分');
    expect(row.textContent).toContain('李小鲜（店员）· 超过单次调整上限');
    fireEvent.click(screen.getByRole('button', { name: '批准 李小鲜 的申请' }));
    await advance();
    await advance();
    expect(server.payloads('team.decide')).toEqual([{ approvalId: 'a'.repeat(24), decision: 'approve' }]);
    expect(container.textContent).toContain('已批准：李小鲜 为 张姐 +3,000 积分');
    expect(container.textContent).toContain('没有待审批的申请');
  });

  it('rejecting asks for the reason first and sends it', async () => {
    const server = installFakeServer({
      'team.approvals': () => page([approval({ kind: 'tier.override', delta: null, tier: 'strategic', until: '2027-03-31', why: 'tier_override', whyText: '等级调整需店长审批' })]),
      'team.decide': () => ok(approval({ status: 'rejected' })),
    });
    const { container } = render(<StaffApprovalsPage />);
    await advance();
    expect(container.textContent).toContain('等级调整为战略，至 2027-03-31');
    fireEvent.click(screen.getByRole('button', { name: '驳回 李小鲜 的申请' }));
    fireEvent.click(screen.getByRole('button', { name: '确认驳回 李小鲜 的申请' }));
    await advance(100);
    expect(screen.getByRole('alert').textContent).toBe('请填写驳回原因');
    expect(server.count('team.decide')).toBe(0);
    typeInto(container, '.reject-note input', '合作尚未签约');
    fireEvent.click(screen.getByRole('button', { name: '确认驳回 李小鲜 的申请' }));
    await advance();
    expect(server.payloads('team.decide')).toEqual([{ approvalId: 'a'.repeat(24), decision: 'reject', note: '合作尚未签约' }]);
  });

  it('a refusal is shown on the row', async () => {
    installFakeServer({ 'team.approvals': () => page([approval()]), 'team.decide': () => fail('APPROVAL.ALREADY_DECIDED', '该申请已驳回') });
    render(<StaffApprovalsPage />);
    await advance();
    fireEvent.click(screen.getByRole('button', { name: '批准 李小鲜 的申请' }));
    await advance();
    expect(screen.getByRole('alert').textContent).toBe('操作失败：该申请已驳回');
  });
});

describe('the staff home', () => {
  it.each([
    [managerMe, true],
    [adminMe, true],
    [staffMe, false],
  ])('team entries for %o: %s', async (me, shown) => {
    installFakeServer({ 'member.whoami': () => ok(me) });
    render(<StaffHomePage />);
    await advance();
    expect(screen.queryByRole('link', { name: '团队管理' }) !== null).toBe(shown);
    if (shown) {
      fireEvent.click(screen.getByRole('link', { name: '审批' }));
      expect(openPage).toHaveBeenCalledWith('/staff/pages/approvals/index');
    }
  });
});

describe('加入团队', () => {
  it('checks the code, sends it with the name, and says which role was granted', async () => {
    const server = installFakeServer({ 'team.redeemInvite': () => ok({ role: 'agent', roleName: '客服', name: '赵敏' }) });
    const { container } = render(<JoinTeamPage />);
    await advance();
    // Taro's H5 inputs render their inner <input> a frame later.
    await advance(100);
    typeInto(container, '.join-code input', 'abc');
    fireEvent.click(screen.getByRole('button', { name: '加入团队' }));
    expect(screen.getByRole('alert').textContent).toBe('邀请码为 10 位字母或数字');
    typeInto(container, '.join-code input', 'ABCDE 23456');
    typeInto(container, '.join-name input', ' 赵敏 ');
    fireEvent.click(screen.getByRole('button', { name: '加入团队' }));
    await advance();
    expect(server.payloads('team.redeemInvite')).toEqual([{ code: 'ABCDE23456', name: '赵敏' }]);
    expect(screen.getByRole('status').textContent).toBe('赵敏，你已成为客服');
  });

  it('shows a refusal in plain words', async () => {
    installFakeServer({ 'team.redeemInvite': () => fail('TEAM.INVITE_USED', '邀请码已被使用') });
    const { container } = render(<JoinTeamPage />);
    await advance();
    // Taro's H5 inputs render their inner <input> a frame later.
    await advance(100);
    typeInto(container, '.join-code input', 'ABCDE23456');
    typeInto(container, '.join-name input', '赵敏');
    fireEvent.click(screen.getByRole('button', { name: '加入团队' }));
    await advance();
    expect(screen.getByRole('alert').textContent).toBe('邀请码已被使用');
  });
});

describe('调整积分 over the cap', () => {
  it('says plainly 「已提交店长审批」 instead of a new balance', async () => {
    const server = installFakeServer({ 'staff.adjustPoints': () => ok({ status: 'pending', approvalId: 'b'.repeat(24), memberNo: 'FP00000005', message: '已提交店长审批' }) });
    const onChanged = jest.fn();
    const { container } = render(<AdjustPointsForm memberNo='FP00000005' displayName='张姐' available={86_000} onChanged={onChanged} />);
    await advance();
    await advance(100);
    fireEvent.click(screen.getByRole('button', { name: '加' }));
    typeInto(container, '.adjust-amount input', '3000');
    typeInto(container, '.adjust-reason textarea', '客情补偿');
    fireEvent.click(screen.getByText('提交积分调整'));
    await advance();
    fireEvent.click(screen.getByRole('dialog').querySelector('.dialog-confirm') as HTMLElement);
    await advance();
    await advance();
    expect(server.count('staff.adjustPoints')).toBe(1);
    expect(container.querySelector('.form-pending')?.textContent).toBe('已提交店长审批：店长批准后生效');
    expect(container.textContent).not.toContain('当前可用');
  });
});

describe("the member's audit trail", () => {
  const tiers = [{ id: 'core' as const, name: '核心' }];
  const entry = (action: AuditEntryView['action'], details: Record<string, unknown>): AuditEntryView => ({ id: 'x', actorName: '王经理', role: 'manager', action, target: 'FP00000005', reason: '客情补偿', at: NOW.getTime(), details });

  it.each([
    [entry('approval.request', { delta: 3000 }), '申请（待店长审批）：调整积分 +3,000'],
    [entry('approval.approve', { approvalId: 'a', kind: 'points.adjust', requester: '李小鲜', delta: -2500 }), '批准李小鲜 的申请：调整积分 -2,500'],
    [entry('approval.reject', { approvalId: 'a', kind: 'tier.override', requester: '李小鲜', tier: 'core', until: '2027-03-31' }), '驳回李小鲜 的申请：人工调整等级为核心'],
  ])('says what was asked and decided (%#)', (e, start) => {
    const { container } = render(<>{auditSummary(e, tiers)}</>);
    expect(container.textContent?.startsWith(start)).toBe(true);
  });
});
