/**
 * The KPI formulas on a small fixture whose every figure was worked out by hand (the comments give
 * the arithmetic), so a changed definition fails here before it reaches the screen.
 */
import { buildSummary, csvField, dailyCsv, memberCounts, rollupDay, splitByLine, summaryCsv, sumDays, type CaseFact, type MemberFact, type OrderFact, type SurveyFact } from '../../../cloudfunctions/core/kpi';

const at = (iso: string) => Date.parse(`${iso}T10:00:00+08:00`);

describe('rollupDay', () => {
  const orders: OrderFact[] = [
    // Net 100.00 split 3:1 over two lines: 75.00 / 25.00.
    { memberId: 'a', status: 'completed', tier: 'core', region: '浦东新区', paidFen: 100_00, refundedFen: 0, lines: [{ line: '叶菜', paidFen: 60_00 }, { line: '菌菇', paidFen: 20_00 }] },
    // Net 50.00 − 10.00 refunded = 40.00, all 粮油.
    { memberId: 'a', status: 'partially_refunded', tier: 'core', region: '浦东新区', paidFen: 50_00, refundedFen: 10_00, lines: [{ line: '粮油', paidFen: 50_00 }] },
    // Fully refunded: an order with 0 sales.
    { memberId: 'b', status: 'refunded', tier: 'basic', region: '', paidFen: 30_00, refundedFen: 30_00, lines: [{ line: '叶菜', paidFen: 30_00 }] },
    // Not placed: neither counted nor summed; the cancelled one is counted as cancelled.
    { memberId: 'c', status: 'cancelled', tier: 'basic', region: '徐汇区', paidFen: 99_00, refundedFen: 0, lines: [] },
    { memberId: 'c', status: 'pending_payment', tier: 'basic', region: '徐汇区', paidFen: 99_00, refundedFen: 0, lines: [] },
  ];
  const cases: CaseFact[] = [
    { type: 'complaint', firstResponseAt: at('2026-11-03'), breachedFirstResponse: false, rating: { score: 5 } },
    { type: 'complaint', firstResponseAt: at('2026-11-04'), breachedFirstResponse: true, rating: { score: 3 } },
    { type: 'enquiry', firstResponseAt: null, breachedFirstResponse: false, rating: null },
  ];
  const surveys: SurveyFact[] = [
    { scores: { freshness: 4, onTime: 4, service: 4 } }, // sum 12: good
    { scores: { freshness: 5, onTime: 5, service: 1 } }, // sum 11: mean 3.67, not good
  ];
  const d = rollupDay('2026-11-03', orders, cases, surveys);

  it('counts placed orders and net sales, by tier, region and line', () => {
    expect(d).toMatchObject({ orders: 3, cancelled: 1, salesFen: 140_00, refundedFen: 40_00, buyers: 2 });
    expect(d.byTier).toEqual({ core: { orders: 2, salesFen: 140_00 }, basic: { orders: 1, salesFen: 0 } });
    expect(d.byRegion).toEqual({ 浦东新区: { orders: 2, salesFen: 140_00 }, 未填写: { orders: 1, salesFen: 0 } });
    expect(d.byLine).toEqual({ 叶菜: { orders: 2, salesFen: 75_00 }, 菌菇: { orders: 1, salesFen: 25_00 }, 粮油: { orders: 1, salesFen: 40_00 } });
  });

  it('counts cases, first-response outcomes, ratings and surveys', () => {
    expect(d).toMatchObject({ cases: 3, complaints: 2, firstResponse: { met: 1, breached: 1, pending: 1 }, ratings: { total: 2, good: 1 }, surveys: { total: 2, good: 1 } });
  });

  it('splits an order over its lines to the fen (the largest line takes the remainder)', () => {
    // 100 fen over 1:1:1 → 33 + 33 + 33, the remainder 1 to the first largest line.
    expect([...splitByLine(100, [{ line: 'A', paidFen: 1 }, { line: 'B', paidFen: 1 }, { line: 'C', paidFen: 1 }])]).toEqual([['A', 34], ['B', 33], ['C', 33]]);
    expect([...splitByLine(500, [])]).toEqual([['其他', 500]]);
  });

  it('refuses an amount that is not whole fen', () => {
    expect(() => rollupDay('2026-11-03', [{ ...(orders[0] as OrderFact), paidFen: 1.5 }], [], [])).toThrow('整数分');
  });
});

describe('memberCounts', () => {
  const m = (months: Record<string, number>, extra: Partial<MemberFact> = {}): MemberFact => ({
    joinedAt: at('2024-01-10'),
    tier: 'basic',
    months: Object.fromEntries(Object.entries(months).map(([k, orders]) => [k, { orders }])),
    ...extra,
  });

  it('active, repurchase, churn, 6-month retention and new, for the month and the one before', () => {
    // Current month 2026-11 (prev 2026-10). Ordered twice in 11, once in 10, once in 05 (11 − 6).
    expect(memberCounts(m({ '2026-11': 2, '2026-10': 1, '2026-05': 1 }), '2026-11')).toEqual({
      'tier_basic': 1,
      'cur_active': 1,
      'cur_repeat': 1,
      'cur_churnBase': 1, // active in 10
      'cur_retBase': 1, // active in 05
      'cur_retained': 1, // and again in 06–11
      'prev_active': 1, // 10
      // prev churn base is 09: not active then; prev retention base is 04: not active then.
    });
    // Lost: active in 10, nothing in 11; active in 04 and again in 10 → retained for prev.
    expect(memberCounts(m({ '2026-10': 1, '2026-04': 1 }, { tier: 'strategic' }), '2026-11')).toEqual({
      'tier_strategic': 1,
      'cur_churnBase': 1,
      'cur_churned': 1,
      'prev_active': 1,
      'prev_retBase': 1,
      'prev_retained': 1,
    });
  });

  it('new customers by enrolment month; referred only with a non-empty referredBy', () => {
    expect(memberCounts(m({}, { joinedAt: at('2026-11-30') }), '2026-11')).toEqual({ 'tier_basic': 1, 'cur_new': 1 });
    expect(memberCounts(m({}, { joinedAt: at('2026-10-01'), referredBy: 'x' }), '2026-11')).toEqual({ 'tier_basic': 1, referralTracked: 1, 'prev_new': 1, 'prev_newReferred': 1 });
    expect(memberCounts(m({}, { joinedAt: at('2026-10-01'), referredBy: null }), '2026-11')).toEqual({ 'tier_basic': 1, referralTracked: 1, 'prev_new': 1 });
  });
});

describe('buildSummary', () => {
  const tiers = [
    { id: 'basic', name: '基础' },
    { id: 'potential', name: '潜力' },
    { id: 'core', name: '核心' },
    { id: 'strategic', name: '战略' },
  ];
  const cur = rollupDay('2026-11-03', [{ memberId: 'a', status: 'completed', tier: 'core', region: '浦东新区', paidFen: 200_00, refundedFen: 0, lines: [{ line: '叶菜', paidFen: 200_00 }] }], [{ type: 'complaint', firstResponseAt: 1, breachedFirstResponse: false, rating: { score: 4 } }], []);
  const prev = sumDays('2026-10', [
    rollupDay('2026-10-01', [{ memberId: 'a', status: 'completed', tier: 'core', region: '浦东新区', paidFen: 100_00, refundedFen: 0, lines: [{ line: '叶菜', paidFen: 1 }] }], [], [{ scores: { freshness: 3, onTime: 3, service: 3 } }]),
    rollupDay('2026-10-02', [{ memberId: 'b', status: 'completed', tier: 'basic', region: '徐汇区', paidFen: 100_00, refundedFen: 0, lines: [{ line: '粮油', paidFen: 1 }] }], [], []),
  ]);
  const counts = {
    'tier_basic': 60, 'tier_core': 30, 'tier_strategic': 10,
    'cur_active': 40, 'cur_repeat': 26, 'cur_churnBase': 50, 'cur_churned': 3, 'cur_retBase': 20, 'cur_retained': 17, 'cur_new': 8,
    'prev_active': 50, 'prev_repeat': 25, 'prev_churnBase': 40, 'prev_churned': 8, 'prev_retBase': 0, 'prev_new': 5,
  };
  const s = buildSummary({ period: '2026-11', previousPeriod: '2026-10', asOf: at('2026-12-02'), current: cur, previous: prev, counts, tiers, before: { strategic: 8, tiers: [] } });
  const f = (id: string) => s.figures.find((x) => x.id === id);

  it('computes each figure against its target and the previous period', () => {
    // 26/40 = 65.0 % ≥ 60 (met); previous 25/50 = 50.0 %; +15.0 points.
    expect(f('repurchase')).toMatchObject({ name: '复购率', value: 65, previous: 50, change: 15, met: true, detail: '26 / 40' });
    // 3/50 = 6.0 % ≤ 8 (met); previous 8/40 = 20.0 %.
    expect(f('churn')).toMatchObject({ value: 6, previous: 20, change: -14, met: true, better: 'lower' });
    // 17/20 = 85.0 % ≥ 80; previous base 0 → no data (null, not 0).
    expect(f('retention6m')).toMatchObject({ value: 85, previous: null, change: null, met: true });
    // 1 rating of 4 → 100 %; previous 1 survey with mean 3 → 0 %.
    expect(f('satisfaction')).toMatchObject({ value: 100, previous: 0, met: true });
    // 1 complaint / 1 order × 100 = 100 per 100 orders; previous 0 / 2 = 0.
    expect(f('complaintRate')).toMatchObject({ value: 100, previous: 0, target: null, met: null });
    expect(f('firstResponse')).toMatchObject({ value: 100, previous: null });
    // No member carries referredBy: no data, with the formula still shown.
    expect(f('referralShare')).toMatchObject({ value: null, previous: null, met: null, formula: '本月新客中由老客推荐的人数 ÷ 本月新客' });
    expect(f('referralShare')?.detail).toContain('暂无数据');
    // 10 strategic < 50; previous summary had 8.
    expect(f('strategic')).toMatchObject({ value: 10, previous: 8, change: 2, met: false });
    expect(f('sales')).toMatchObject({ value: 200_00, previous: 200_00, change: 0 });
  });

  it('gives the tier distribution and the sales composition', () => {
    expect(s.tiers).toEqual([
      { key: 'basic', label: '基础', count: 60, pct: 60 },
      { key: 'potential', label: '潜力', count: 0, pct: 0 },
      { key: 'core', label: '核心', count: 30, pct: 30 },
      { key: 'strategic', label: '战略', count: 10, pct: 10 },
    ]);
    expect(s.sales.previous.byRegion).toEqual([
      { key: '徐汇区', label: '徐汇区', salesFen: 100_00, orders: 1, pct: 50 },
      { key: '浦东新区', label: '浦东新区', salesFen: 100_00, orders: 1, pct: 50 },
    ]);
    expect(s.sales.current.byTier.map((t) => [t.label, t.salesFen, t.pct])).toEqual([['基础', 0, 0], ['潜力', 0, 0], ['核心', 200_00, 100], ['战略', 0, 0]]);
  });

  it('a referral share once members carry referredBy', () => {
    const r = buildSummary({ period: '2026-11', previousPeriod: '2026-10', asOf: 0, current: cur, previous: prev, counts: { ...counts, referralTracked: 3, 'cur_newReferred': 3 }, tiers, before: null });
    // 3/8 = 37.5 % ≥ 30; previous 0/5 = 0 %.
    expect(r.figures.find((x) => x.id === 'referralShare')).toMatchObject({ value: 37.5, previous: 0, met: true, detail: '3 / 8' });
    expect(r.figures.find((x) => x.id === 'strategic')).toMatchObject({ previous: null, change: null });
  });

  it('exports CSV with a BOM, CRLF, quoting and no formulas', () => {
    const csv = summaryCsv(s);
    expect(csv.startsWith('\uFEFF指标,本期（2026-11）')).toBe(true);
    expect(csv).toContain('\r\n复购率,65,50,%,≥60,本月下单≥2次的客户 ÷ 本月下单客户,26 / 40\r\n');
    expect(csv).toContain('转介绍占比,暂无数据,暂无数据,%,≥30');
    expect(csv).toContain('销售额,200.00,200.00,元');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(dailyCsv([cur]).split('\r\n')[1]).toBe('2026-11-03,1,0,200.00,0.00,1,1,1,1,0,1,1,0,0');
  });
});
