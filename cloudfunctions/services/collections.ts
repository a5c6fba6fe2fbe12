/** Collection names, in one place: the cloud console needs the same list (see README). */
export const C = {
  members: 'members',
  pointsAccounts: 'points_accounts',
  pointsMovements: 'points_movements',
  tierHistory: 'tier_history',
  orders: 'orders',
  products: 'products',
  standingLists: 'standing_lists',
  coupons: 'coupons',
  couponWallets: 'coupon_wallets',
  couponTemplates: 'coupon_templates',
  counters: 'counters',
  config: 'config',
  staff: 'staff',
  audit: 'audit_log',
  jobRuns: 'job_runs',
  complaints: 'complaints',
  // Notifications: the in-app 消息 list, the outbox that pushes them, and the accepted opt-ins.
  notices: 'notices',
  noticeOutbox: 'notice_outbox',
  noticeOptIns: 'notice_optins',
  noticeOptInRequests: 'notice_optin_requests',
} as const;
