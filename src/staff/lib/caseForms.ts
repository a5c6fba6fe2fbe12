/** Checks of the complaint desk's forms before sending, so mistakes show at once (the server checks again). */
import { formatFen } from '../../format/money';
import { CASE_TEXT_MAX, OUTCOME_LABELS, type Outcome, type ResolvePayload } from './caseDesk';
import type { AmountInput, Checked } from './validate';
import { parseYuan } from './yuan';

/** The most points the server accepts as compensation (core/cases/rules.ts HARD_MAX_COMPENSATION_POINTS). */
export const MAX_COMPENSATION_POINTS = 100_000;

export interface ResolveDraft {
  outcome: Outcome | null;
  note: string;
  /** What the points NumberField reported (null before anything was typed). */
  points: AmountInput | null;
  couponTemplateId: string;
  refundWhole: boolean;
  refundYuan: string;
}

export interface ResolveContext {
  /** The case concerns an order: only then can it be refunded. */
  hasOrder: boolean;
  /** What the order can still refund (paid − refunded), when the order was read; null when unknown. */
  refundableFen: number | null;
}

export const emptyResolveDraft: ResolveDraft = { outcome: null, note: '', points: null, couponTemplateId: '', refundWhole: false, refundYuan: '' };

export function checkText(text: string, what: string): Checked<string> {
  const t = text.trim();
  if (t.length === 0) return { ok: false, error: `请填写${what}` };
  if (t.length > CASE_TEXT_MAX) return { ok: false, error: `${what}不能超过 ${CASE_TEXT_MAX} 字` };
  return { ok: true, value: t };
}

/** The resolve payload (without case and request id), or what to fix first. */
export function checkResolve(d: ResolveDraft, ctx: ResolveContext): Checked<ResolvePayload> {
  if (!d.outcome) return { ok: false, error: '请选择处理结果' };
  const outcome = d.outcome;
  let extra: Partial<ResolvePayload> = {};
  if (outcome === 'points') {
    if (d.points?.error) return { ok: false, error: d.points.error };
    const points = d.points?.value ?? null;
    if (points === null) return { ok: false, error: '请填写补偿积分' };
    if (!Number.isInteger(points) || points < 1) return { ok: false, error: '补偿积分须为正整数' };
    if (points > MAX_COMPENSATION_POINTS) return { ok: false, error: `补偿积分不能超过 ${MAX_COMPENSATION_POINTS}` };
    extra = { points };
  }
  if (outcome === 'coupon') {
    const id = d.couponTemplateId.trim();
    if (!id) return { ok: false, error: '请选择优惠券' };
    extra = { couponTemplateId: id };
  }
  if (outcome === 'refund') {
    if (!ctx.hasOrder) return { ok: false, error: '该反馈没有关联订单，不能退款' };
    if (ctx.refundableFen !== null && ctx.refundableFen <= 0) return { ok: false, error: '该订单已没有可退金额' };
    if (d.refundWhole) {
      extra = { refund: { whole: true } };
    } else {
      const parsed = parseYuan(d.refundYuan);
      if (!parsed.ok) return { ok: false, error: parsed.message };
      if (parsed.fen === null) return { ok: false, error: '请填写退款金额或选择全额退款' };
      if (ctx.refundableFen !== null && parsed.fen > ctx.refundableFen) return { ok: false, error: `退款金额不能超过该订单可退的 ${formatFen(ctx.refundableFen)}` };
      extra = { refund: { amountFen: parsed.fen } };
    }
  }
  const note = checkText(d.note, '处理说明');
  if (!note.ok) return note;
  return { ok: true, value: { outcome, note: note.value, ...extra } };
}

/** The outcome in a sentence for the confirmation: "补偿 50 积分", "全额退款（可退 ¥123.50）". */
export function describeResolve(p: ResolvePayload, refundableFen: number | null): string {
  switch (p.outcome) {
    case 'points':
      return `补偿 ${p.points ?? 0} 积分`;
    case 'coupon':
      return `补偿优惠券（${p.couponTemplateId ?? ''}）`;
    case 'refund':
      if (p.refund?.whole) return refundableFen !== null ? `全额退款 ${formatFen(refundableFen)}` : '全额退款（订单剩余可退金额）';
      return `退款 ${formatFen(p.refund?.amountFen ?? 0)}`;
    default:
      return OUTCOME_LABELS[p.outcome];
  }
}
