/** Checks of the staff forms, with the server's own limits (contracts/limits.ts), so mistakes show before sending. */
import type { TierId } from '@contracts/api';
import { isCalendarDay, lastOverrideDay, REASON_MAX_LENGTH, REASON_MIN_LENGTH } from '@contracts/limits';
import { formatDate } from '../../format/date';
import { formatPoints } from '../../format/money';

export { lastOverrideDay };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function checkReason(reason: string): Checked<string> {
  const text = reason.trim();
  if (text.length < REASON_MIN_LENGTH) return { ok: false, error: `请填写原因（至少 ${REASON_MIN_LENGTH} 个字）` };
  // TextField refuses longer input already; this guards a value set any other way.
  if (text.length > REASON_MAX_LENGTH) return { ok: false, error: `原因不能超过 ${REASON_MAX_LENGTH} 字` };
  return { ok: true, value: text };
}

/** What NumberField reported: the signed value when valid and complete, else what is wrong. */
export interface AmountInput {
  value: number | null;
  error: string | null;
}

/** The signed delta as NumberField read it; deducting more than is available is refused. */
export function checkAdjust(amount: AmountInput, reason: string, available: number): Checked<{ delta: number; reason: string }> {
  if (amount.error) return { ok: false, error: amount.error };
  if (amount.value === null) return { ok: false, error: '请输入要调整的积分，并选择“加”或“减”' };
  const delta = amount.value;
  if (delta < 0 && -delta > available) return { ok: false, error: `扣减不能超过可用积分（${formatPoints(available)}）` };
  const why = checkReason(reason);
  if (!why.ok) return why;
  return { ok: true, value: { delta, reason: why.value } };
}

export function checkOverride(tier: TierId | null, until: string, reason: string, today: string): Checked<{ tier: TierId; until: string; reason: string }> {
  if (!tier) return { ok: false, error: '请选择等级' };
  if (!until) return { ok: false, error: '请选择截止日期' };
  if (!isCalendarDay(until)) return { ok: false, error: '截止日期无效' };
  if (until < today) return { ok: false, error: '截止日期不能早于今天' };
  const last = lastOverrideDay(today);
  if (until > last) return { ok: false, error: `截止日期最晚为${formatDate(last)}` };
  const why = checkReason(reason);
  if (!why.ok) return why;
  return { ok: true, value: { tier, until, reason: why.value } };
}
