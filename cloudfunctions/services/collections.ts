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
  // One-time staff invites (code stored hashed), approval requests, each clerk's points moved per day.
  staffInvites: 'staff_invites',
  approvals: 'approvals',
  staffDaily: 'staff_daily',
  audit: 'audit_log',
  jobRuns: 'job_runs',
  complaints: 'complaints',
  // Notifications: the in-app 消息 list, the outbox that pushes them, and the accepted opt-ins.
  notices: 'notices',
  noticeOutbox: 'notice_outbox',
  noticeOptIns: 'notice_optins',
  noticeOptInRequests: 'notice_optin_requests',
  surveys: 'surveys',
  // The manager's KPI screen: one rollup per day, the ready-to-serve summary per month (and `latest`).
  kpiDaily: 'kpi_daily',
  kpiSummary: 'kpi_summary',
  // The customer relationship card (客户关系卡), its notes, who viewed it, and the staff search projection.
  crmCards: 'crm_cards',
  crmNotes: 'crm_notes',
  crmViews: 'crm_views',
  crmSearch: 'crm_search',
  // The care list (今日待办): per-member profiles (nightly job), the contact log, done/snooze marks.
  crmProfiles: 'crm_profiles',
  crmContacts: 'crm_contacts',
  crmCareMarks: 'crm_care_marks',
} as const;
