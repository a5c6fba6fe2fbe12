/**
 * Capped clerk adjustments: over the per-action or per-day cap (Shanghai day), a clerk's or agent's
 * points adjustment and every non-manager tier override become approval requests; a manager approves
 * (applied exactly once, under retries and double taps) or rejects (with why); everything audited.
 */
import type { AdjustResultView, ApprovalPendingView, MovementView, Page, PointsSummaryView } from '../../cloudfunctions/contracts/api';
import type { ApprovalView } from '../../cloudfunctions/services/approvals';
import { C } from '../../cloudfunctions/services/collections';
import { forgetConfig } from '../../cloudfunctions/services/config';
import { completedOrder } from './fixtures';
import { addStaffAs, createHarness, type Harness } from './harness';

const DAY = 86_400_000;
let h: Harness;
let memberNo: string;

beforeEach(async () => {
  // 09:00 in Shanghai.
  h = await createHarness(Date.parse('2026-11-25T01:00:00Z'));
  await addStaffAs(h, 'o-clerk', 'staff', '李小鲜');
  await addStaffAs(h, 'o-agent', 'agent', '赵客服');
  await addStaffAs(h, 'o-boss', 'manager', '王经理');
  await addStaffAs(h, 'o-admin', 'admin', '陈总');
  memberNo = (await h.ok<{ memberNo: string }>('member', 'o-zhang', 'getCard')).memberNo;
  await completedOrder(h, 'o-zhang', 500_000_00);
  h.clock.now += 8 * DAY;
});
afterEach(() => h.close());

let seq = 0;
const rid = () => `appr-req-${String((seq += 1)).padStart(4, '0')}`;
const adjust = (by: string, delta: number, requestId = rid()) =>
  h.call<AdjustResultView | ApprovalPendingView>('staff', by, { action: 'adjustPoints', payload: { memberNo, delta, reason: '客情补偿', requestId } });
const available = async () => (await h.ok<PointsSummaryView>('points', 'o-zhang', 'getSummary')).available;
const pending = async (by = 'o-boss') => (await h.ok<Page<ApprovalView>>('team', by, 'approvals', { status: 'pending' })).items;
const decide = (by: string, approvalId: string, decision: 'approve' | 'reject', note?: string) =>
  h.call<ApprovalView>('team', by, { action: 'decide', payload: { approvalId, decision, ...(note ? { note } : {}) } });

describe('the caps', () => {
  it('a clerk applies up to 2,000 points at once; 2,001 becomes a request, plainly 「已提交店长审批」', async () => {
    const start = await available();
    expect(await adjust('o-clerk', 2_000)).toMatchObject({ ok: true, data: { delta: 2_000, available: start + 2_000 } });
    const over = await adjust('o-clerk', -2_001);
    expect(over).toMatchObject({ ok: true, data: { status: 'pending', message: '已提交店长审批', memberNo } });
    expect(await available()).toBe(start + 2_000);
    expect(await pending()).toEqual([expect.objectContaining({ kind: 'points.adjust', delta: -2_001, requesterName: '李小鲜', requesterRole: 'staff', why: 'per_action', status: 'pending' })]);
  });

  it("the day's total per clerk counts additions and deductions, and starts again at Shanghai midnight", async () => {
    for (const delta of [2_000, -2_000, 2_000, 2_000]) expect(await adjust('o-clerk', delta)).toMatchObject({ ok: true, data: { delta } });
    // 8,000 moved today: 2,000 more is the cap exactly, one more point is over it.
    expect(await adjust('o-clerk', 2_000)).toMatchObject({ ok: true, data: { delta: 2_000 } });
    expect(await adjust('o-clerk', 1)).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect((await pending())[0]).toMatchObject({ why: 'per_day', delta: 1 });
    // Another clerk has their own total.
    expect(await adjust('o-agent', 500)).toMatchObject({ ok: true, data: { delta: 500 } });
    // 23:59:59 in Shanghai is still today; from midnight the clerk's total starts again.
    h.clock.now = Date.parse('2026-12-03T15:59:59Z');
    expect(await adjust('o-clerk', 1_500)).toMatchObject({ ok: true, data: { status: 'pending' } });
    h.clock.now = Date.parse('2026-12-03T16:00:00Z');
    expect(await adjust('o-clerk', 1_500)).toMatchObject({ ok: true, data: { delta: 1_500 } });
  });

  it('a retried over-cap request files one request, and the same id with another delta is refused', async () => {
    const requestId = rid();
    const first = await adjust('o-clerk', 5_000, requestId);
    expect(await adjust('o-clerk', 5_000, requestId)).toEqual(first);
    expect(await adjust('o-clerk', 5_001, requestId)).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
    expect(await pending()).toHaveLength(1);
  });

  it('managers and admins act directly, without caps', async () => {
    const start = await available();
    expect(await adjust('o-boss', 50_000)).toMatchObject({ ok: true, data: { delta: 50_000 } });
    expect(await adjust('o-admin', 60_000)).toMatchObject({ ok: true, data: { delta: 60_000 } });
    expect(await available()).toBe(start + 110_000);
    expect(await pending()).toEqual([]);
  });

  it('the caps are configuration (staffLimits)', async () => {
    await h.db.collection(C.config).doc('app').set({ data: { staffLimits: { maxPointsPerAction: 100, maxPointsPerDay: 150 } } });
    forgetConfig();
    expect(await adjust('o-clerk', 101)).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect(await adjust('o-clerk', 100)).toMatchObject({ ok: true, data: { delta: 100 } });
    expect(await adjust('o-clerk', 51)).toMatchObject({ ok: true, data: { status: 'pending' } });
  });

  it("every tier override by a clerk or agent is a request; a manager's applies", async () => {
    const override = (by: string) => h.call('staff', by, { action: 'overrideTier', payload: { memberNo, tier: 'core', until: '2027-01-31', reason: '签约', requestId: rid() } });
    expect(await override('o-agent')).toMatchObject({ ok: true, data: { status: 'pending', message: '已提交店长审批' } });
    expect((await h.ok<{ tier: { source: string } }>('member', 'o-zhang', 'getCard')).tier.source).toBe('rules');
    expect(await override('o-boss')).toMatchObject({ ok: true, data: { tier: 'core', until: '2027-01-31' } });
    expect((await h.ok<{ tier: { id: string; source: string } }>('member', 'o-zhang', 'getCard')).tier).toMatchObject({ id: 'core', source: 'override' });
  });
});

describe('deciding', () => {
  it('approve applies the adjustment exactly once under double taps and retries, by two managers too', async () => {
    const start = await available();
    const res = await adjust('o-clerk', 3_000);
    const { approvalId } = (res as { data: ApprovalPendingView }).data;
    h.clock.now += 60_000;
    // A double tap: both at once; then a retry, and the admin agreeing later.
    const [a, b] = await Promise.all([decide('o-boss', approvalId, 'approve'), decide('o-boss', approvalId, 'approve')]);
    expect(a).toMatchObject({ ok: true, data: { status: 'approved', decidedByName: '王经理' } });
    expect(b).toEqual(a);
    expect(await decide('o-boss', approvalId, 'approve')).toEqual(a);
    expect(await decide('o-admin', approvalId, 'approve')).toEqual(a);
    expect(await available()).toBe(start + 3_000);
    const movements = await h.ok<Page<MovementView>>('points', 'o-zhang', 'listMovements', {});
    expect(movements.items.filter((m) => m.type === 'adjust')).toHaveLength(1);
    expect(await pending()).toEqual([]);
    // Deciding the other way afterwards is refused.
    expect(await decide('o-admin', approvalId, 'reject', '金额不对')).toMatchObject({ ok: false, error: { code: 'APPROVAL.ALREADY_DECIDED' } });
    // Audited: the clerk's request and the manager's approval, on the member's trail.
    const trail = await h.ok<Page<{ action: string; actorName: string }>>('staff', 'o-boss', 'getAuditTrail', { memberNo });
    expect(trail.items.map((e) => [e.action, e.actorName])).toEqual([
      ['approval.approve', '王经理'],
      ['approval.request', '李小鲜'],
    ]);
  });

  it('approving an override applies it; the requester is named on the tier history', async () => {
    const res = await h.ok<ApprovalPendingView>('staff', 'o-clerk', 'overrideTier', { memberNo, tier: 'strategic', until: '2027-03-31', reason: '年度战略合作签约', requestId: rid() });
    await h.ok('team', 'o-boss', 'decide', { approvalId: res.approvalId, decision: 'approve' });
    expect((await h.ok<{ tier: { id: string } }>('member', 'o-zhang', 'getCard')).tier.id).toBe('strategic');
    const history = await h.ok<Page<{ kind: string; by: string }>>('staff', 'o-boss', 'getTierHistory', { memberNo });
    expect(history.items[0]).toMatchObject({ kind: 'override', by: '李小鲜' });
  });

  it('an override that waited past its last day is refused on approval, not applied', async () => {
    const res = await h.ok<ApprovalPendingView>('staff', 'o-clerk', 'overrideTier', { memberNo, tier: 'core', until: '2026-12-04', reason: '短期活动', requestId: rid() });
    h.clock.now += 10 * DAY;
    expect(await decide('o-boss', res.approvalId, 'approve')).toMatchObject({ ok: false, error: { code: 'TIER.OVERRIDE_IN_PAST' } });
    expect(await pending()).toHaveLength(1);
  });

  it('reject records why and changes no points', async () => {
    const start = await available();
    const { approvalId } = (await h.ok<ApprovalPendingView>('staff', 'o-clerk', 'adjustPoints', { memberNo, delta: 9_000, reason: '客情补偿', requestId: rid() }));
    expect(await decide('o-boss', approvalId, 'reject')).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    expect(await decide('o-boss', approvalId, 'reject', '补偿过高，请按 500 处理')).toMatchObject({ ok: true, data: { status: 'rejected', note: '补偿过高，请按 500 处理' } });
    expect(await available()).toBe(start);
    const rejected = await h.ok<Page<ApprovalView>>('team', 'o-boss', 'approvals', { status: 'rejected' });
    expect(rejected.items).toEqual([expect.objectContaining({ approvalId, note: '补偿过高，请按 500 处理', decidedByName: '王经理' })]);
    expect(await decide('o-boss', approvalId, 'approve')).toMatchObject({ ok: false, error: { code: 'APPROVAL.ALREADY_DECIDED' } });
  });

  it('a clerk or agent cannot list or decide', async () => {
    const { approvalId } = (await h.ok<ApprovalPendingView>('staff', 'o-clerk', 'adjustPoints', { memberNo, delta: 9_000, reason: '客情补偿', requestId: rid() }));
    for (const by of ['o-clerk', 'o-agent']) {
      expect(await decide(by, approvalId, 'approve')).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await h.call('team', by, { action: 'approvals', payload: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await pending()).toHaveLength(1);
    expect(await decide('o-boss', '0'.repeat(24), 'approve')).toMatchObject({ ok: false, error: { code: 'APPROVAL.NOT_FOUND' } });
  });

  it('nobody approves their own request, even after being made a manager', async () => {
    const { approvalId } = await h.ok<ApprovalPendingView>('staff', 'o-clerk', 'adjustPoints', { memberNo, delta: 9_000, reason: '客情补偿', requestId: rid() });
    await h.ok('team', 'o-admin', 'deactivate', { staffId: 'o-clerk', reason: '转岗', requestId: rid() });
    const { code } = await h.ok<{ code: string }>('team', 'o-admin', 'createInvite', { role: 'manager', requestId: rid() });
    await h.ok('team', 'o-clerk', 'redeemInvite', { code, name: '李店长' });
    expect(await decide('o-clerk', approvalId, 'approve')).toMatchObject({ ok: false, error: { code: 'APPROVAL.OWN_REQUEST' } });
    expect(await pending()).toHaveLength(1);
  });
});
