import { defaultCrmConfig, rfmConfigSchema, type RfmConfig } from '../../../cloudfunctions/core/crm/config';
import { amountScore, recencyScore, RFM_SEGMENTS, rfmOf, segmentOf, SEGMENT_EXPLANATIONS } from '../../../cloudfunctions/core/crm/rfm';
import { DAY_MS } from '../../../cloudfunctions/core/time';
import { sh } from '../helpers';

const cfg: RfmConfig = { windowDays: 365, recencyDays: [7, 14, 30, 90], frequencyOrders: [2, 6, 12, 48], monetaryFen: [1_000, 5_000, 10_000, 50_000], highScore: 3 };
const now = sh('2026-12-02T15:00:00');
const daysAgo = (n: number, netFen = 1_000) => ({ at: now - n * DAY_MS, netFen });

describe('RFM', () => {
  it('scores recency the right way round: fewer days since the last order is better', () => {
    expect(recencyScore(0, cfg.recencyDays)).toBe(5);
    expect(recencyScore(7, cfg.recencyDays)).toBe(5);
    expect(recencyScore(8, cfg.recencyDays)).toBe(4);
    expect(recencyScore(30, cfg.recencyDays)).toBe(3);
    expect(recencyScore(90, cfg.recencyDays)).toBe(2);
    expect(recencyScore(200, cfg.recencyDays)).toBe(1);
    expect(recencyScore(null, cfg.recencyDays)).toBe(1);
    // the common public recipe's mistake: a long-lapsed big spender must not be 重要价值
    const lapsed = rfmOf(Array.from({ length: 20 }, (_, i) => daysAgo(200 + i, 10_000)), now, cfg);
    expect(lapsed.scores.r).toBe(1);
    expect(lapsed.segment).toBe('重要保持');
    expect(lapsed.segment).not.toBe('重要价值');
    const recent = rfmOf(Array.from({ length: 20 }, (_, i) => daysAgo(2 + i * 10, 10_000)), now, cfg);
    expect(recent.scores.r).toBe(5);
    expect(recent.segment).toBe('重要价值');
  });

  it('scores frequency and money by fixed cut points, ties staying together', () => {
    expect([0, 1, 2, 5, 6, 11, 12, 47, 48, 100].map((n) => amountScore(n, cfg.frequencyOrders))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(amountScore(999, cfg.monetaryFen)).toBe(1);
    expect(amountScore(50_000, cfg.monetaryFen)).toBe(5);
  });

  it('counts only the window for F and M, and recency in Shanghai days', () => {
    const r = rfmOf([daysAgo(1, 500), daysAgo(100, 700), daysAgo(400, 99_999)], now, cfg);
    expect(r).toMatchObject({ recencyDays: 1, frequency: 2, monetaryFen: 1_200 });
    // 23:30 yesterday is 1 day ago at 00:30 today
    expect(rfmOf([{ at: sh('2026-12-01T23:30:00'), netFen: 1 }], sh('2026-12-02T00:30:00'), cfg).recencyDays).toBe(1);
    expect(rfmOf([], now, cfg)).toMatchObject({ recencyDays: null, frequency: 0, monetaryFen: 0, segment: '一般挽留' });
  });

  it('maps every combination of high and low to its own segment with an explanation', () => {
    const seen = new Set<string>();
    for (const r of [true, false]) for (const f of [true, false]) for (const m of [true, false]) seen.add(segmentOf(r, f, m));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(segmentOf(true, true, true)).toBe('重要价值');
    expect(segmentOf(true, false, true)).toBe('重要发展');
    expect(segmentOf(false, true, true)).toBe('重要保持');
    expect(segmentOf(false, false, true)).toBe('重要挽留');
    expect(segmentOf(true, true, false)).toBe('一般价值');
    expect(segmentOf(true, false, false)).toBe('一般发展');
    expect(segmentOf(false, true, false)).toBe('一般保持');
    expect(segmentOf(false, false, false)).toBe('一般挽留');
    for (const s of RFM_SEGMENTS) expect(SEGMENT_EXPLANATIONS[s].length).toBeGreaterThan(5);
  });

  it('builds the segment from hand-made histories with a configurable cut', () => {
    // 3 orders 40 days ago and before: R=2 (low), F=2 (low), M=60,000 → 5 (high)
    const h = [daysAgo(40, 20_000), daysAgo(50, 20_000), daysAgo(60, 20_000)];
    expect(rfmOf(h, now, cfg)).toMatchObject({ scores: { r: 2, f: 2, m: 5 }, segment: '重要挽留' });
    expect(rfmOf(h, now, { ...cfg, highScore: 2 }).segment).toBe('重要价值');
  });

  it('validates its thresholds', () => {
    expect(rfmConfigSchema.safeParse(defaultCrmConfig.rfm).success).toBe(true);
    expect(rfmConfigSchema.safeParse({ ...cfg, recencyDays: [7, 7, 30, 90] }).success).toBe(false);
    expect(rfmConfigSchema.safeParse({ ...cfg, frequencyOrders: [1, 2, 3] }).success).toBe(false);
  });
});
