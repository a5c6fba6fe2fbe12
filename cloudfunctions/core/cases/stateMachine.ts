/**
 * The service-case state machine (投诉 / 咨询 / 建议) as one transition table, like the orders'.
 *
 *   open ─reply | ask_customer→ answered | waiting_customer          (the first staff answer)
 *   answered ─ask_customer→ waiting_customer ─customer_reply→ answered (the clock pauses while waiting)
 *   open | answered | waiting_customer ─resolve→ resolved              (the clock stops)
 *   resolved ─reopen→ answered   (the customer, within the reopen window; the clock starts again)
 *   resolved ─close→ closed      (staff, with a root cause; or the timer, after the confirm window)
 *   resolved | closed ─rate→ same status (the customer's 1–5, once)
 *
 * Replies and customer messages in other statuses keep the status: a customer may add to a case while
 * staff answer; staff may reply on a resolved case (a note) without reopening it.
 */
import { DomainError } from '../errors';
import { CASE_TYPES, type CaseType } from '../sla/config';
import { CASE_CATEGORIES, CASE_CATEGORY_LABELS, CASE_TYPE_LABELS as TYPE_LABELS, type CaseCategory } from './labels';

export { CASE_TYPES, type CaseType };
export const CASE_TYPE_LABELS: Record<CaseType, string> = TYPE_LABELS;
export { CASE_CATEGORIES, CASE_CATEGORY_LABELS, type CaseCategory };

export const CASE_STATUSES = ['open', 'answered', 'waiting_customer', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  open: '待响应',
  answered: '处理中',
  waiting_customer: '待客户补充',
  resolved: '已解决',
  closed: '已关闭',
};

export const CASE_EVENTS = ['reply', 'ask_customer', 'customer_reply', 'resolve', 'reopen', 'close', 'rate'] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];
const EVENT_LABELS: Record<CaseEvent, string> = {
  reply: '回复',
  ask_customer: '请客户补充',
  customer_reply: '补充说明',
  resolve: '解决',
  reopen: '重新打开',
  close: '关闭',
  rate: '评价',
};

/** Statuses in which the case counts as open work for the desk (queue, timer). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['open', 'answered', 'waiting_customer'];
export const isActive = (s: CaseStatus): boolean => ACTIVE_STATUSES.includes(s);

export interface CaseForTransition {
  status: CaseStatus;
  /** When it was last resolved (ms), for the reopen window. */
  resolvedAt: number | null;
  /** Already rated by the customer: a rating is given once. */
  rated: boolean;
  /** Closed by the timer, not confirmed: not offered a rating. */
  autoClosed: boolean;
}

export interface TransitionContext {
  now: number;
  reopenWindowMs: number;
}

type Guard = (c: CaseForTransition, ctx: TransitionContext) => DomainError | null;
interface Rule { to: CaseStatus | 'same'; guard?: Guard }

const withinReopenWindow: Guard = (c, ctx) =>
  c.resolvedAt !== null && ctx.now - c.resolvedAt <= ctx.reopenWindowMs ? null : new DomainError('CASE.REOPEN_WINDOW_PASSED', '已超过可重新打开的期限，请提交新的反馈');
const notRatedYet: Guard = (c) => {
  if (c.rated) return new DomainError('CASE.ALREADY_RATED', '该反馈已评价过');
  if (c.autoClosed) return new DomainError('CASE.ILLEGAL_TRANSITION', '该反馈已自动关闭，不能评价');
  return null;
};

const resolve: Rule = { to: 'resolved' };
const same: Rule = { to: 'same' };

/** The whole table: a (status, event) pair absent here is illegal. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, Partial<Record<CaseEvent, Rule>>>> = {
  open: { reply: { to: 'answered' }, ask_customer: { to: 'waiting_customer' }, customer_reply: same, resolve },
  answered: { reply: same, ask_customer: { to: 'waiting_customer' }, customer_reply: same, resolve },
  waiting_customer: { reply: same, ask_customer: same, customer_reply: { to: 'answered' }, resolve },
  resolved: { reply: same, reopen: { to: 'answered', guard: withinReopenWindow }, close: { to: 'closed' }, rate: { to: 'same', guard: notRatedYet } },
  closed: { rate: { to: 'same', guard: notRatedYet }, reopen: { to: 'answered', guard: withinReopenWindow } },
};

export type CaseTransitionResult = { ok: true; status: CaseStatus } | { ok: false; error: DomainError };

export function caseTransition(c: CaseForTransition, event: CaseEvent, ctx: TransitionContext): CaseTransitionResult {
  const rule = CASE_TRANSITIONS[c.status]?.[event];
  if (!rule) {
    const message = `反馈${CASE_STATUS_LABELS[c.status] ?? c.status}，不能${EVENT_LABELS[event] ?? event}`;
    return { ok: false, error: new DomainError('CASE.ILLEGAL_TRANSITION', message, { status: c.status, event }) };
  }
  const refusal = rule.guard?.(c, ctx) ?? null;
  if (refusal) return { ok: false, error: refusal };
  return { ok: true, status: rule.to === 'same' ? c.status : rule.to };
}

/** The next status, or throws the DomainError: for services, inside their transaction. */
export function applyCaseTransition(c: CaseForTransition, event: CaseEvent, ctx: TransitionContext): CaseStatus {
  const result = caseTransition(c, event, ctx);
  if (!result.ok) throw result.error;
  return result.status;
}

export const allowedCaseEvents = (c: CaseForTransition, ctx: TransitionContext): CaseEvent[] => CASE_EVENTS.filter((e) => caseTransition(c, e, ctx).ok);
