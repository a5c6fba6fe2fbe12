import type { MovementView } from '@contracts/api';
import { addDays, formatTime, shanghaiDay } from '@/format/date';
import { formatSignedPoints, movementAmount, movementSource, rulesText } from '@/format/points';

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

  it('shows the usable change first, then pending, then owed', () => {
    expect(movementAmount(m({ type: 'earn', pendingDelta: 120 }))).toEqual({ delta: 120, bucket: 'pending', note: null });
    expect(movementAmount(m({ type: 'settle', availableDelta: 2590, pendingDelta: -2590 }))).toEqual({ delta: 2590, bucket: 'available', note: null });
    expect(movementAmount(m({ type: 'settle', availableDelta: 80, pendingDelta: -200, owedDelta: -120 }))).toEqual({
      delta: 80,
      bucket: 'available',
      note: '待扣回 -120',
    });
    // Everything went to pay owed points back.
    expect(movementAmount(m({ type: 'settle', availableDelta: 0, pendingDelta: -100, owedDelta: -100 }))).toEqual({
      delta: -100,
      bucket: 'pending',
      note: '待扣回 -100',
    });
    expect(movementAmount(m({ type: 'refund_reversal', availableDelta: -80, pendingDelta: -20, owedDelta: 120 }))).toEqual({
      delta: -80,
      bucket: 'available',
      note: '待入账 -20 · 待扣回 +120',
    });
    expect(movementAmount(m({ type: 'refund_reversal', owedDelta: 50 }))).toEqual({ delta: 50, bucket: 'owed', note: null });
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
