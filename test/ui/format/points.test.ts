import type { MovementView } from '@contracts/api';
import { addDays, formatTime, shanghaiDay } from '@/format/date';
import { earnStateText, formatSignedPoints, movementBreakdown, movementSource, movementTitle, pointsTotal, rulesText } from '@/format/points';

const m = (over: Partial<MovementView>): MovementView => ({
  key: 'k',
  type: 'earn',
  at: 0,
  availableDelta: 0,
  pendingDelta: 0,
  owedDelta: 0,
  source: { kind: 'order', id: 'O1' },
  reason: '',
  amount: 0,
  state: null,
  ...over,
});

describe('points formatting', () => {
  it('signs amounts', () => {
    expect(formatSignedPoints(1806)).toBe('+1,806');
    expect(formatSignedPoints(-500)).toBe('-500');
    expect(formatSignedPoints(0)).toBe('0');
  });

  it('names the source of a movement', () => {
    expect(movementSource({ kind: 'order', id: 'O20261125000477' })).toBe('订单 O20261125000477');
    expect(movementSource({ kind: 'refund', id: 'R1' })).toBe('退款 R1');
    expect(movementSource({ kind: 'redemption', id: 'req-123' })).toBe('积分兑换');
    expect(movementSource({ kind: 'staff', id: '李小鲜' })).toBe('店员调整');
    expect(movementSource({ kind: 'staff', id: '李小鲜' }, true)).toBe('店员调整（李小鲜）');
    expect(movementSource({ kind: 'system', id: 'expire' })).toBe('系统');
  });

  it('names the balances a movement moved, for staff, when the amount alone does not say it', () => {
    expect(movementBreakdown(m({ type: 'adjust', availableDelta: 200 }))).toBeNull();
    expect(movementBreakdown(m({ type: 'settle', availableDelta: 80, pendingDelta: -200, owedDelta: -120 }))).toBe('可用 +80 · 待入账 -200 · 待扣回 -120');
    expect(movementBreakdown(m({ type: 'earn', pendingDelta: 120 }))).toBe('待入账 +120');
  });

  it('titles rows in plain words for customers, the stored reason for staff', () => {
    const earned = m({ type: 'earn', reason: '订单完成获得120积分，售后期结束后（2026-12-02）到账' });
    expect(movementTitle(earned)).toBe('订单完成获得积分');
    expect(movementTitle(earned, true)).toBe(earned.reason);
    expect(movementTitle(m({ type: 'expire', source: { kind: 'system', id: '2025-12-31' } }), false)).toMatch(/^积分过期（有效期至(2025年)?12月31日）$/);
    expect(movementTitle(m({ type: 'expire', source: { kind: 'order', id: 'O1' } }))).toBe('订单积分到账前已过期');
    expect(movementTitle(m({ type: 'redeem', reason: '兑换优惠券「满100减10」' }))).toBe('兑换优惠券「满100减10」');
  });

  it('states where an order’s points are: 待入账 until a day, then 已到账 on it', () => {
    expect(earnStateText({ kind: 'pending', until: '2026-12-02' })).toEqual({ tag: '待入账', tone: 'warning', day: '2026-12-02', dayText: '到账' });
    expect(earnStateText({ kind: 'settled', on: '2026-12-02' })).toEqual({ tag: '已到账', tone: 'positive', day: '2026-12-02', dayText: '' });
    expect(earnStateText({ kind: 'reversed' })).toMatchObject({ tag: '已退回', day: null });
  });

  it('the total is usable + pending − owed', () => {
    expect(pointsTotal({ available: 0, pending: 300, owed: 120 })).toBe(180);
    expect(pointsTotal({ available: 1000, pending: 0, owed: 0 })).toBe(1000);
  });

  it('states the rules', () => {
    expect(rulesText({ pointsPerYuan: 1, settleAfterDays: 7, expiry: '积分永久有效' })).toBe('每消费 1 元得 1 积分，订单完成 7 天后到账；积分永久有效');
    expect(rulesText({ pointsPerYuan: 0, settleAfterDays: 0, expiry: '积分永久有效' })).toBe('暂停累积积分，订单完成后即时到账；积分永久有效');
  });
});

describe('Shanghai dates', () => {
  it('formats instants on the Shanghai clock whatever the machine zone', () => {
    expect(formatTime(Date.UTC(2026, 10, 24, 16, 5))).toBe('2026-11-25 00:05');
    expect(formatTime(Date.UTC(2026, 11, 31, 15, 59))).toBe('2026-12-31 23:59');
    expect(shanghaiDay(Date.UTC(2026, 11, 31, 16, 0))).toBe('2027-01-01');
  });

  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-11-25', 365)).toBe('2027-11-25');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-25', 0)).toBe('2026-11-25');
  });
});
