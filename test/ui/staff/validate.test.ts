import { newRequestId, isOutcomeUnknown } from '@/lib/requestId';
import { CloudError } from '@/services/errors';
import { checkAdjust, checkOverride, lastOverrideDay } from '@/staff/lib/validate';

describe('request ids', () => {
  it('are what the server accepts, and different every time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('are kept for a retry only when the outcome is unknown', () => {
    expect(isOutcomeUnknown(new CloudError('CLIENT.NETWORK', 'x'))).toBe(true);
    expect(isOutcomeUnknown(new CloudError('CLIENT.BAD_RESPONSE', 'x'))).toBe(true);
    expect(isOutcomeUnknown(new CloudError('SYSTEM.BUSY', 'x'))).toBe(true);
    expect(isOutcomeUnknown(new Error('boom'))).toBe(true);
    expect(isOutcomeUnknown(new CloudError('POINTS.INSUFFICIENT_BALANCE', '积分不足'))).toBe(false);
    expect(isOutcomeUnknown(new CloudError('REQUEST.INVALID', 'x'))).toBe(false);
  });
});

describe('staff form checks', () => {
  it('checks an adjustment as NumberField read it', () => {
    const amount = (value: number | null, error: string | null = null) => ({ value, error });
    expect(checkAdjust(amount(100), ' 补偿 ', 0)).toEqual({ ok: true, value: { delta: 100, reason: '补偿' } });
    expect(checkAdjust(amount(-100), '扣回', 100)).toEqual({ ok: true, value: { delta: -100, reason: '扣回' } });
    expect(checkAdjust(amount(-101), '扣回', 100)).toEqual({ ok: false, error: '扣减不能超过可用积分（100）' });
    expect(checkAdjust(amount(null), '补偿', 0)).toEqual({ ok: false, error: '请输入要调整的积分，并选择“加”或“减”' });
    expect(checkAdjust(amount(null, '请输入整数，不支持小数'), '补偿', 0)).toEqual({ ok: false, error: '请输入整数，不支持小数' });
    expect(checkAdjust(amount(10), 'x'.repeat(201), 0)).toEqual({ ok: false, error: '原因不能超过 200 字' });
    expect(checkAdjust(amount(10), ' 好 ', 0)).toEqual({ ok: false, error: '请填写原因（至少 2 个字）' });
  });

  it('checks an override against today and the last day the server accepts', () => {
    const today = '2026-11-25';
    expect(lastOverrideDay(today)).toBe('2027-11-25');
    expect(checkOverride('core', '2026-11-25', '观察期', today)).toEqual({ ok: true, value: { tier: 'core', until: '2026-11-25', reason: '观察期' } });
    expect(checkOverride('core', '2027-11-25', '观察期', today).ok).toBe(true);
    expect(checkOverride('core', '2026-11-24', '观察期', today)).toEqual({ ok: false, error: '截止日期不能早于今天' });
    expect(checkOverride('core', '2027-11-26', '观察期', today)).toEqual({ ok: false, error: '截止日期最晚为2027年11月25日' });
    expect(checkOverride(null, '2026-12-01', '观察期', today)).toEqual({ ok: false, error: '请选择等级' });
  });
});
