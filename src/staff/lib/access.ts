/** The server refuses staff actions to anyone else with this code. */
export const FORBIDDEN = 'AUTH.FORBIDDEN';
export const STAFF_ONLY = '仅限员工使用';
