/**
 * Staff roles and one-time invites through the `team` function: who may invite whom, a code binds
 * the first OPENID that redeems it once within 24 hours, a staff member cannot redeem to change role,
 * removal takes effect on the very next call, and the audit by staff member.
 */
import type { AuditEntryView, Page } from '../../cloudfunctions/contracts/api';
import { C } from '../../cloudfunctions/services/collections';
import type { InviteView, TeamMemberView } from '../../cloudfunctions/services/team';
import { addStaffAs, createHarness, type Harness } from './harness';

const HOUR = 3_600_000;
let h: Harness;

beforeEach(async () => {
  h = await createHarness(Date.parse('2026-11-25T02:00:00Z'));
  await addStaffAs(h, 'o-admin', 'admin', '陈总');
  await addStaffAs(h, 'o-boss', 'manager', '王经理');
  await addStaffAs(h, 'o-clerk', 'staff', '李小鲜');
});
afterEach(() => h.close());

let seq = 0;
const rid = () => `team-req-${String((seq += 1)).padStart(4, '0')}`;
const invite = (by: string, role: string, requestId = rid()) => h.call<InviteView>('team', by, { action: 'createInvite', payload: { role, requestId } });
const redeem = (openid: string, code: string, name = '新同事') => h.call('team', openid, { action: 'redeemInvite', payload: { code, name } });
const codeOf = (res: Awaited<ReturnType<typeof invite>>): string => {
  if (!res.ok) throw new Error(res.error.code);
  return res.data.code;
};

describe('who may invite whom', () => {
  it.each([
    ['o-boss', 'staff', true],
    ['o-boss', 'agent', true],
    ['o-boss', 'manager', false],
    ['o-boss', 'admin', false],
    ['o-admin', 'manager', true],
    ['o-admin', 'agent', true],
    ['o-admin', 'admin', false],
  ])('%s inviting a %s: %s', async (by, role, allowed) => {
    const res = await invite(by, role);
    if (allowed) expect(res).toMatchObject({ ok: true, data: { role, expiresAt: h.clock.now + 24 * HOUR } });
    else expect(res).toMatchObject({ ok: false, error: { code: 'TEAM.ROLE_NOT_ALLOWED' } });
  });

  it('a clerk or an agent cannot create invites at all', async () => {
    await addStaffAs(h, 'o-agent', 'agent');
    expect(await invite('o-clerk', 'staff')).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await invite('o-agent', 'staff')).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('an invite', () => {
  it('is stored hashed: the code appears nowhere in the database, and a retry shows the same code', async () => {
    const requestId = rid();
    const first = codeOf(await invite('o-boss', 'agent', requestId));
    expect(first).toMatch(/^[A-Z2-9]{10}$/);
    expect(codeOf(await invite('o-boss', 'agent', requestId))).toBe(first);
    expect((await h.db.collection(C.staffInvites).count()).total).toBe(1);
    for (const name of [C.staffInvites, C.audit]) {
      const { data } = await h.db.collection(name).limit(100).get();
      expect(JSON.stringify(data)).not.toContain(first);
    }
    // The same request id for another role is refused, not a second invite.
    expect(await invite('o-boss', 'staff', requestId)).toMatchObject({ ok: false, error: { code: 'REQUEST.ID_REUSED' } });
  });

  it('makes the redeemer staff with its role, once: a second redemption by anyone is refused; a retry by the redeemer answers the same', async () => {
    const code = codeOf(await invite('o-boss', 'agent'));
    expect(await h.ok('member', 'o-new', 'whoami')).toMatchObject({ role: 'customer' });
    // Typed with spaces and in lower case, as people do.
    const joined = await redeem('o-new', ` ${code.slice(0, 5).toLowerCase()} ${code.slice(5)} `, '赵客服');
    expect(joined).toEqual({ ok: true, data: { role: 'agent', roleName: '客服', name: '赵客服' } });
    expect(await h.ok('member', 'o-new', 'whoami')).toMatchObject({ role: 'agent', displayName: '赵客服' });
    // The new agent reaches staff actions at once.
    expect(await h.call('desk', 'o-new', { action: 'queue', payload: { filter: 'all', page: 0, pageSize: 20 } })).toMatchObject({ ok: true });
    expect(await redeem('o-new', code, '赵客服')).toEqual(joined);
    expect(await redeem('o-other', code)).toMatchObject({ ok: false, error: { code: 'TEAM.INVITE_USED' } });
    expect(await h.db.collection(C.staff).doc('o-other').get().catch(() => null)).toBeNull();
  });

  it('expires after 24 hours', async () => {
    const code = codeOf(await invite('o-boss', 'staff'));
    h.clock.now += 24 * HOUR;
    expect(await redeem('o-late', code)).toMatchObject({ ok: false, error: { code: 'TEAM.INVITE_EXPIRED' } });
    h.clock.now -= 1;
    expect(await redeem('o-late', code)).toMatchObject({ ok: true, data: { role: 'staff' } });
  });

  it('an unknown code is refused and changes nothing', async () => {
    const before = (await h.db.collection(C.staff).count()).total;
    expect(await redeem('o-guess', 'ABCDEFGHJK')).toMatchObject({ ok: false, error: { code: 'TEAM.INVITE_INVALID' } });
    expect((await h.db.collection(C.staff).count()).total).toBe(before);
  });

  it('an existing staff member cannot redeem one to change role', async () => {
    const code = codeOf(await invite('o-admin', 'manager'));
    expect(await redeem('o-clerk', code)).toMatchObject({ ok: false, error: { code: 'TEAM.ALREADY_STAFF' } });
    expect(await h.ok('member', 'o-clerk', 'whoami')).toMatchObject({ role: 'staff' });
    // The code is still good for the person it was meant for.
    expect(await redeem('o-meant', code)).toMatchObject({ ok: true, data: { role: 'manager' } });
  });
});

describe('removal', () => {
  it('takes effect on the next call: deactivated or deleted, the person is a customer again', async () => {
    const call = () => h.call('staff', 'o-clerk', { action: 'findMember', payload: { query: 'FP00000001' } });
    expect(await call()).not.toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
    await h.ok('team', 'o-boss', 'deactivate', { staffId: 'o-clerk', reason: '离职', requestId: rid() });
    expect(await call()).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await h.ok('member', 'o-clerk', 'whoami')).toMatchObject({ role: 'customer' });

    await addStaffAs(h, 'o-gone', 'agent');
    expect(await h.call('desk', 'o-gone', { action: 'queue', payload: {} })).toMatchObject({ ok: true });
    await h.db.collection(C.staff).doc('o-gone').remove();
    expect(await h.call('desk', 'o-gone', { action: 'queue', payload: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('goes strictly down the ranks and never to oneself', async () => {
    await addStaffAs(h, 'o-boss2', 'manager');
    const deactivate = (by: string, staffId: string) => h.call('team', by, { action: 'deactivate', payload: { staffId, reason: '调整', requestId: rid() } });
    expect(await deactivate('o-boss', 'o-boss2')).toMatchObject({ ok: false, error: { code: 'TEAM.ROLE_NOT_ALLOWED' } });
    expect(await deactivate('o-boss', 'o-admin')).toMatchObject({ ok: false, error: { code: 'TEAM.ROLE_NOT_ALLOWED' } });
    expect(await deactivate('o-admin', 'o-admin')).toMatchObject({ ok: false, error: { code: 'TEAM.ROLE_NOT_ALLOWED' } });
    expect(await deactivate('o-boss', 'o-nobody')).toMatchObject({ ok: false, error: { code: 'TEAM.STAFF_NOT_FOUND' } });
    expect(await deactivate('o-admin', 'o-boss2')).toMatchObject({ ok: true, data: { active: false, role: 'manager' } });
  });

  it('a removed person may rejoin with a new invite', async () => {
    await h.ok('team', 'o-boss', 'deactivate', { staffId: 'o-clerk', reason: '离职', requestId: rid() });
    const code = codeOf(await invite('o-boss', 'agent'));
    expect(await redeem('o-clerk', code, '李小鲜')).toMatchObject({ ok: true, data: { role: 'agent' } });
  });
});

describe('the team list and the audit by staff member', () => {
  it('lists every member with role and state, active first', async () => {
    await h.ok('team', 'o-boss', 'deactivate', { staffId: 'o-clerk', reason: '离职', requestId: rid() });
    const list = await h.ok<Page<TeamMemberView>>('team', 'o-boss', 'list', {});
    expect(list.items.map((m) => [m.staffId, m.roleName, m.active, m.isMe])).toEqual([
      ['o-boss', '店长', true, true],
      ['o-admin', '管理员', true, false],
      ['o-clerk', '店员', false, false],
    ]);
  });

  it("pages one staff member's audit entries, newest first, and nobody else's", async () => {
    for (let i = 0; i < 3; i += 1) {
      await invite('o-boss', 'staff');
      h.clock.now += 1_000;
    }
    await invite('o-admin', 'staff');
    const first = await h.ok<Page<AuditEntryView>>('team', 'o-admin', 'auditByStaff', { staffId: 'o-boss', page: 0, pageSize: 2 });
    const second = await h.ok<Page<AuditEntryView>>('team', 'o-admin', 'auditByStaff', { staffId: 'o-boss', page: 1, pageSize: 2 });
    expect(first.items.map((e) => [e.actorName, e.action])).toEqual([
      ['王经理', 'team.invite'],
      ['王经理', 'team.invite'],
    ]);
    expect(first.items[0]!.at).toBeGreaterThan(first.items[1]!.at);
    expect([first.hasMore, second.items.length, second.hasMore]).toEqual([true, 1, false]);
  });
});
