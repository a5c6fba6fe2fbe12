import { downgradeSentence, gapClauses, hasNoPurchases, progressSentence, tenureText } from '@/format/progress';

const metrics = { annualSpendFen: 8766000, tenureDays: 320, activeMonths: 4, repeatPurchases: 9 };

describe('progress sentence', () => {
  it('names one missing amount', () => {
    expect(progressSentence({ metrics, progress: { next: { id: 'core', name: '核心会员' }, gaps: { spendFen: 123400 } } })).toBe(
      '再消费 ¥1,234 即可升级为核心会员',
    );
  });

  it('joins several gaps', () => {
    expect(
      progressSentence({
        metrics,
        progress: { next: { id: 'core', name: '核心会员' }, gaps: { spendFen: 1234000, activeMonths: 2, tenureDays: 45 } },
      }),
    ).toBe('再消费 ¥12,340，再有 2 个月下单，合作满 1 年（还差 45 天），即可升级为核心会员');
  });

  it('names the next tier as 会员 even when configured short', () => {
    expect(progressSentence({ metrics, progress: { next: { id: 'core', name: '核心' }, gaps: { spendFen: 100 } } })).toBe(
      '再消费 ¥1 即可升级为核心会员',
    );
  });

  it('says so at the top tier', () => {
    expect(progressSentence({ metrics, progress: null })).toBe('您已是最高等级');
  });

  it('handles all rules already met', () => {
    expect(progressSentence({ metrics, progress: { next: { id: 'core', name: '核心会员' }, gaps: {} } })).toBe(
      '您已满足核心会员的全部条件，下次评审后即可升级',
    );
  });

  it('words a single non-money gap without a stray space', () => {
    expect(progressSentence({ metrics, progress: { next: { id: 'potential', name: '潜力会员' }, gaps: { repeatPurchases: 2 } } })).toBe(
      '再复购 2 次即可升级为潜力会员',
    );
    expect(progressSentence({ metrics, progress: { next: { id: 'core', name: '核心会员' }, gaps: { tenureDays: 45 } } })).toBe(
      '合作满 1 年（还差 45 天）即可升级为核心会员',
    );
  });

  it('tells a member who never ordered how to start, not "再复购 2 次"', () => {
    const none = { annualSpendFen: 0, tenureDays: 0, activeMonths: 0, repeatPurchases: 0 };
    const sentence = progressSentence({ metrics: none, progress: { next: { id: 'potential', name: '潜力会员' }, gaps: { repeatPurchases: 2, spendFen: 100000 } } });
    expect(sentence).toBe('完成首单即可开始累积，满足条件后可升级为潜力会员');
    expect(hasNoPurchases(none)).toBe(true);
    // One order today: tenure 0 but an active month; the gaps apply.
    const first = { annualSpendFen: 5000, tenureDays: 0, activeMonths: 1, repeatPurchases: 0 };
    expect(hasNoPurchases(first)).toBe(false);
    expect(progressSentence({ metrics: first, progress: { next: { id: 'potential', name: '潜力会员' }, gaps: { repeatPurchases: 2 } } })).toBe('再复购 2 次即可升级为潜力会员');
  });

  it('tells a member quiet for a year to order again before the gaps', () => {
    const lapsed = { annualSpendFen: 0, tenureDays: 800, activeMonths: 0, repeatPurchases: 5 };
    expect(progressSentence({ metrics: lapsed, progress: { next: { id: 'core', name: '核心会员' }, gaps: { spendFen: 100000 } } })).toBe(
      '近 12 个月暂无订单，下单即可重新累积。再消费 ¥1,000 即可升级为核心会员',
    );
  });

  it('names tenure targets', () => {
    expect(tenureText(365)).toBe('1 年');
    expect(tenureText(1095)).toBe('3 年');
    expect(tenureText(180)).toBe('6 个月');
    expect(tenureText(200)).toBe('200 天');
    expect(gapClauses({ tenureDays: 10, spendFen: 0 }, { tenureDays: 720 })).toEqual(['合作满 2 年（还差 10 天）']);
  });
});

describe('downgrade warning', () => {
  const tier = { name: '核心' };

  it('is absent without a warning', () => {
    expect(downgradeSentence({ metrics, tier, downgradeWarning: null })).toBeNull();
  });

  it('says by when, what keeps the current tier, and what happens otherwise', () => {
    expect(
      downgradeSentence({
        metrics,
        tier,
        downgradeWarning: { reviewOn: '2026-12-01', to: { id: 'potential', name: '潜力会员' }, keep: { spendFen: 1200000 } },
      }),
    ).toBe('下次评审（2026年12月1日）前再消费 ¥12,000 即可保持核心会员，否则将调整为潜力会员');
    expect(
      downgradeSentence({
        metrics,
        tier,
        downgradeWarning: { reviewOn: '2026-12-01', to: { id: 'potential', name: '潜力会员' }, keep: { spendFen: 500000, activeMonths: 1 } },
      }),
    ).toBe('下次评审（2026年12月1日）前再消费 ¥5,000，再有 1 个月下单，即可保持核心会员，否则将调整为潜力会员');
  });

  it('asks only for regular orders when no amount is missing', () => {
    expect(
      downgradeSentence({
        metrics,
        tier: { name: '潜力会员' },
        downgradeWarning: { reviewOn: '2027-01-01', to: { id: 'basic', name: '基础' }, keep: {} },
      }),
    ).toBe('下次评审（2027年1月1日）前保持下单即可保持潜力会员，否则将调整为基础会员');
  });
});
