import type {
  CouponTemplateView,
  CouponView,
  MemberCardView,
  MemberCodeView,
  MovementView,
  Page,
  PointsSummaryView,
  StaffMemberView,
  WhoAmIView,
} from '@contracts/api';

export function cardFixture(overrides: Partial<MemberCardView> = {}): MemberCardView {
  return {
    memberNo: 'FP000123',
    displayName: '陈阿姨',
    kind: 'household',
    tier: {
      id: 'potential',
      name: '潜力会员',
      benefits: { discountBp: 300, pointsMultiplierPct: 120, priorityDelivery: false, dedicatedContact: false, perks: ['手写感谢卡'] },
      source: 'rules',
      overrideUntil: null,
    },
    points: { available: 12345, pending: 300, owed: 0, expiringSoon: { points: 200, on: '2026-12-31' } },
    metrics: { annualSpendFen: 8766000, tenureDays: 320, activeMonths: 4, repeatPurchases: 9 },
    progress: { next: { id: 'core', name: '核心会员' }, gaps: { spendFen: 1234000, activeMonths: 2, tenureDays: 45 } },
    downgradeWarning: null,
    contact: null,
    ...overrides,
  };
}

export const coreCard = (): MemberCardView =>
  cardFixture({
    displayName: '张姐',
    kind: 'group_leader',
    tier: {
      id: 'core',
      name: '核心会员',
      benefits: { discountBp: 500, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: true, perks: [] },
      source: 'rules',
      overrideUntil: null,
    },
    points: { available: 86000, pending: 0, owed: 150, expiringSoon: null },
    progress: { next: { id: 'strategic', name: '战略会员' }, gaps: { spendFen: 123400 } },
    downgradeWarning: { reviewOn: '2026-12-01', to: { id: 'potential', name: '潜力会员' }, keep: { spendFen: 500000 } },
    contact: { name: '小李', phone: '13800000000' },
  });

export function codeFixture(token: string, ttlSeconds = 60, now = Date.now()): MemberCodeView {
  return { token, ttlSeconds, expiresAt: now + ttlSeconds * 1000 };
}

export const customerMe: WhoAmIView = { role: 'customer', displayName: '陈阿姨', memberNo: 'FP000123' };

export function summaryFixture(overrides: Partial<PointsSummaryView> = {}): PointsSummaryView {
  return {
    available: 12345,
    pending: 300,
    owed: 0,
    nextUsable: { points: 120, on: '2026-11-27' },
    expiringSoon: null,
    rules: { pointsPerYuan: 1, settleAfterDays: 7, expiry: '当年获得的积分于次年12月31日到期' },
    ...overrides,
  };
}

/** 2026-11-25 00:05 in Shanghai (still 11-24 in UTC). */
export const LATE_EVENING_UTC = Date.UTC(2026, 10, 24, 16, 5);

/** The n-th movement, newest first: an order earning every time. */
export function movementFixture(n: number, overrides: Partial<MovementView> = {}): MovementView {
  const m = {
    key: `earn:O${String(n).padStart(6, '0')}`,
    type: 'earn' as const,
    at: LATE_EVENING_UTC - n * 3_600_000,
    availableDelta: 0,
    pendingDelta: 100 + n,
    owedDelta: 0,
    source: { kind: 'order' as const, id: `O${String(n).padStart(6, '0')}` },
    reason: `订单完成获得${100 + n}积分`,
    state: { kind: 'pending' as const, until: '2026-12-01' },
    ...overrides,
  };
  // The customer amount follows the deltas unless a test sets it (as the server computes it).
  return { ...m, amount: overrides.amount ?? m.availableDelta + m.pendingDelta - m.owedDelta, state: m.type === 'earn' ? m.state : (overrides.state ?? null) };
}

/** Page `page` of `total` movements, `pageSize` a page. */
export function movementPage(page: number, pageSize: number, total: number): Page<MovementView> {
  const items: MovementView[] = [];
  for (let i = page * pageSize; i < Math.min(total, (page + 1) * pageSize); i++) items.push(movementFixture(i));
  return { items, page, pageSize, hasMore: (page + 1) * pageSize < total };
}

export function templatesFixture(): CouponTemplateView[] {
  return [
    { id: 'pts-100-10', title: '满100减10', description: '满100减10', costPoints: 500, validDays: 30, perMemberLimit: null, redeemedByMe: 0 },
    { id: 'pts-eggs', title: '免费鲜鸡蛋一盒', description: '免费领取：农家鲜鸡蛋一盒（10枚）', costPoints: 300, validDays: 14, perMemberLimit: 2, redeemedByMe: 2 },
    { id: 'pts-big', title: '满1000减150', description: '满1000减150', costPoints: 20000, validDays: 30, perMemberLimit: null, redeemedByMe: 0 },
  ];
}

export function couponFixture(overrides: Partial<CouponView> = {}): CouponView {
  return {
    id: 'CP0001',
    templateId: 'pts-100-10',
    title: '满100减10',
    description: '满100减10',
    source: 'redeem',
    issuedAt: LATE_EVENING_UTC,
    lastValidDay: '2026-12-25',
    status: 'usable',
    ...overrides,
  };
}

export function staffMemberFixture(overrides: Partial<StaffMemberView> = {}): StaffMemberView {
  const card = coreCard();
  return {
    memberNo: 'FP00000005',
    displayName: '张姐',
    kind: 'group_leader',
    region: '普陀区',
    phone: '13800000005',
    joinedAt: Date.UTC(2023, 10, 6, 2, 0),
    card: { ...card, memberNo: 'FP00000005' },
    tiers: [
      { id: 'basic', name: '基础' },
      { id: 'potential', name: '潜力' },
      { id: 'core', name: '核心' },
      { id: 'strategic', name: '战略' },
    ],
    tierOverride: null,
    ...overrides,
  };
}

export const staffMe: WhoAmIView = { role: 'staff', displayName: '李小鲜', memberNo: null };
