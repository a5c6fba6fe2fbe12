import type { MemberCardView, MemberCodeView, WhoAmIView } from '@contracts/api';

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
