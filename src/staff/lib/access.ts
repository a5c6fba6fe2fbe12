import type { Role } from '@contracts/api';

/** The server refuses staff actions to anyone else with this code. */
export const FORBIDDEN = 'AUTH.FORBIDDEN';
export const STAFF_ONLY = '仅限员工使用';

/** 店长 and 管理员 see the manager's controls (the server checks the same rule in core/staff/roles.ts). */
export const isManagerRole = (role: Role): role is 'manager' | 'admin' => role === 'manager' || role === 'admin';
