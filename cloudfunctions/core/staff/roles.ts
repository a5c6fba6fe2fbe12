/**
 * Staff roles, their ranks and what each may do: the one place the router (access levels) and the
 * services (invites, removal, capped adjustments, approvals) ask. Pure: no database, no clock.
 *
 * Stored values: `staff` is 店员 (clerk) and `manager` is 店长, as before this module, so existing
 * staff documents keep working; `agent` (客服) and `admin` (管理员) are new.
 */
export const STAFF_ROLES = ['staff', 'agent', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_NAMES: Record<StaffRole, string> = { staff: '店员', agent: '客服', manager: '店长', admin: '管理员' };

/** Clerks and agents share a rank: they differ in the work they do, not in what they may change. */
export const STAFF_ROLE_RANK: Record<StaffRole, number> = { staff: 1, agent: 1, manager: 2, admin: 3 };

/** Who an action admits. `system` is a timer (no caller) or a manager running a job by hand. */
export type AccessLevel = 'customer' | 'staff' | 'manager' | 'admin' | 'system';

export const isStaffRole = (value: unknown): value is StaffRole => typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);

/** 店长 and 管理员: manager access, no caps, approve requests. */
export const isManagerRole = (role: StaffRole | null | undefined): boolean => role !== null && role !== undefined && STAFF_ROLE_RANK[role] >= STAFF_ROLE_RANK.manager;

/** Whether a caller with `role` (null: not staff) passes an action's access level, the caller being known. */
export function meetsAccess(access: AccessLevel, role: StaffRole | null): boolean {
  switch (access) {
    case 'customer':
      return true;
    case 'staff':
      return role !== null;
    case 'manager':
    case 'system':
      return isManagerRole(role);
    case 'admin':
      return role === 'admin';
  }
}

/** A manager invites clerks and agents; an admin also managers. Nobody invites an admin (the first is set up by hand). */
export const canInvite = (inviter: StaffRole, role: StaffRole): boolean => isManagerRole(inviter) && STAFF_ROLE_RANK[role] < STAFF_ROLE_RANK[inviter];

/** Removal goes strictly down the ranks, never oneself: a manager removes clerks and agents, an admin also managers. */
export const canDeactivate = (actor: { openid: string; role: StaffRole }, target: { openid: string; role: StaffRole }): boolean =>
  actor.openid !== target.openid && isManagerRole(actor.role) && STAFF_ROLE_RANK[target.role] < STAFF_ROLE_RANK[actor.role];

/** Managers and admins change points and tiers directly; everyone else within the caps, or by request. */
export const actsDirectly = (role: StaffRole): boolean => isManagerRole(role);

/** Only managers and admins decide approval requests, and never their own. */
export const canDecide = (role: StaffRole, decider: string, requester: string): boolean => isManagerRole(role) && decider !== requester;
