/** The pure rules of core/staff: ranks and access, who invites and removes whom, the caps, invite codes. */
import { adjustmentNeedsApproval, defaultStaffLimits, overrideNeedsApproval } from '../../cloudfunctions/core/staff/limits';
import { INVITE_PATTERN, inviteCodeFrom, inviteState, normalizeInviteCode } from '../../cloudfunctions/core/staff/invites';
import { canDeactivate, canDecide, canInvite, isStaffRole, meetsAccess, type StaffRole } from '../../cloudfunctions/core/staff/roles';
import { defaultAppConfig, resolveConfig } from '../../cloudfunctions/core/config';

const ROLES: (StaffRole | null)[] = [null, 'staff', 'agent', 'manager', 'admin'];

it.each([
  ['customer', [true, true, true, true, true]],
  ['staff', [false, true, true, true, true]],
  ['manager', [false, false, false, true, true]],
  ['system', [false, false, false, true, true]],
  ['admin', [false, false, false, false, true]],
] as const)('access %s admits (none, clerk, agent, manager, admin) = %j', (access, expected) => {
  expect(ROLES.map((r) => meetsAccess(access, r))).toEqual(expected);
});

it('only the four stored role values are roles', () => {
  expect(['staff', 'agent', 'manager', 'admin'].every(isStaffRole)).toBe(true);
  expect(['customer', 'Manager', '', null, 1].some(isStaffRole)).toBe(false);
});

it('invites go strictly down the ranks from a manager', () => {
  const table = (['staff', 'agent', 'manager', 'admin'] as const).map((inviter) => (['staff', 'agent', 'manager', 'admin'] as const).filter((r) => canInvite(inviter, r)));
  expect(table).toEqual([[], [], ['staff', 'agent'], ['staff', 'agent', 'manager']]);
});

it('removal goes strictly down the ranks and never to oneself; nobody decides their own request', () => {
  expect(canDeactivate({ openid: 'm', role: 'manager' }, { openid: 'c', role: 'agent' })).toBe(true);
  expect(canDeactivate({ openid: 'm', role: 'manager' }, { openid: 'm2', role: 'manager' })).toBe(false);
  expect(canDeactivate({ openid: 'a', role: 'admin' }, { openid: 'm', role: 'manager' })).toBe(true);
  expect(canDeactivate({ openid: 'a', role: 'admin' }, { openid: 'a', role: 'admin' })).toBe(false);
  expect(canDeactivate({ openid: 'c', role: 'staff' }, { openid: 'g', role: 'agent' })).toBe(false);
  expect([canDecide('manager', 'm', 'c'), canDecide('manager', 'm', 'm'), canDecide('agent', 'g', 'c')]).toEqual([true, false, false]);
});

describe('the caps', () => {
  const L = defaultStaffLimits;
  it('default to 2,000 per action and 10,000 per day, and are part of the configuration', () => {
    expect(L).toEqual({ maxPointsPerAction: 2_000, maxPointsPerDay: 10_000 });
    expect(defaultAppConfig.staffLimits).toEqual(L);
    expect(() => resolveConfig({ staffLimits: { maxPointsPerAction: -1, maxPointsPerDay: 10 } })).toThrow();
  });
  it.each([
    ['staff', 2_000, 0, null],
    ['staff', -2_001, 0, 'per_action'],
    ['agent', 2_001, 0, 'per_action'],
    ['staff', 1_000, 9_000, null],
    ['staff', -1_001, 9_000, 'per_day'],
    ['manager', 1_000_000, 10_000_000, null],
    ['admin', -50_000, 0, null],
  ] as const)('%s moving %d with %d used today → %s', (role, delta, used, expected) => {
    expect(adjustmentNeedsApproval(role, delta, used, L)).toBe(expected);
  });
  it('every override by a clerk or agent needs a manager', () => {
    expect((['staff', 'agent', 'manager', 'admin'] as const).map(overrideNeedsApproval)).toEqual(['tier_override', 'tier_override', null, null]);
  });
});

describe('invite codes', () => {
  it('are 10 characters without look-alikes, from the given bytes', () => {
    const code = inviteCodeFrom(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    expect(code).toBe('ABCDEFGHJK'.slice(0, 9) + 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[255 % 31]);
    expect(code).toMatch(INVITE_PATTERN);
    expect(() => inviteCodeFrom(new Uint8Array(9))).toThrow(RangeError);
  });
  it('are read as people type them', () => {
    expect(normalizeInviteCode(' abcde-23456 ')).toBe('ABCDE23456');
  });
  it('are open until used or 24 hours have passed', () => {
    const invite = { expiresAt: 1_000, redeemedBy: null };
    expect([inviteState(invite, 999), inviteState(invite, 1_000), inviteState({ ...invite, redeemedBy: 'o-x' }, 0), inviteState({ ...invite, revoked: true }, 0)]).toEqual(['open', 'expired', 'redeemed', 'revoked']);
  });
});
