/**
 * The order state machine as one transition table. A pure `transition(order, event)` answers the
 * next status or a DomainError; services apply it inside the transaction that records the step, after
 * their idempotency check (a retried step is answered from the order, never re-run through here).
 *
 *   pending_payment ─pay→ submitted ─confirm→ confirmed ─weigh→ weighed ─dispatch→ dispatched
 *   confirmed ─dispatch→ dispatched (only when no line is sold by weight)
 *   dispatched ─deliver→ delivered ─complete→ completed
 *   cancel: any status before dispatch → cancelled
 *   refund_partial: delivered | completed | partially_refunded → partially_refunded
 *   refund_full:    delivered | completed | partially_refunded → refunded
 *   partially_refunded ─complete→ completed, when refunded in part before it was completed
 *
 * `pending_payment` is for online payment (WeChat Pay); on-account orders (货到付款/月结) start at
 * `submitted`.
 */
import { DomainError } from '../errors';

export const ORDER_STATUSES = [
  'pending_payment',
  'submitted',
  'confirmed',
  'weighed',
  'dispatched',
  'delivered',
  'completed',
  'partially_refunded',
  'refunded',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = ['pay', 'confirm', 'weigh', 'dispatch', 'deliver', 'complete', 'cancel', 'refund_partial', 'refund_full'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: '待支付',
  submitted: '待确认',
  confirmed: '已确认',
  weighed: '已称重',
  dispatched: '配送中',
  delivered: '已送达',
  completed: '已完成',
  partially_refunded: '部分退款',
  refunded: '已退款',
  cancelled: '已取消',
};

export const EVENT_LABELS: Record<OrderEvent, string> = {
  pay: '支付',
  confirm: '确认订单',
  weigh: '录入称重',
  dispatch: '发货',
  deliver: '送达',
  complete: '完成',
  cancel: '取消',
  refund_partial: '部分退款',
  refund_full: '全额退款',
};

/** What the guards need to know about the order besides its status. */
export interface OrderForTransition {
  status: OrderStatus;
  /** Some line is sold by weight: it must be weighed before dispatch. */
  hasWeightLines: boolean;
  /** Completed at some point (points credited): a partially refunded order cannot complete twice. */
  completed: boolean;
}

type Guard = (order: OrderForTransition) => DomainError | null;

interface Rule {
  to: OrderStatus;
  guard?: Guard;
}

const mustBeWeighed: Guard = (o) => (o.hasWeightLines ? new DomainError('ORDER.WEIGHT_PENDING', '订单中有称重商品，请先录入实际重量再发货') : null);
const needsWeightLines: Guard = (o) => (o.hasWeightLines ? null : new DomainError('ORDER.ILLEGAL_TRANSITION', '该订单没有称重商品，无需称重', { status: o.status, event: 'weigh' }));
const notCompletedYet: Guard = (o) => (o.completed ? new DomainError('ORDER.ILLEGAL_TRANSITION', '订单已完成过，不能再次完成', { status: o.status, event: 'complete' }) : null);

const cancelled: Rule = { to: 'cancelled' };
const refunds = { refund_partial: { to: 'partially_refunded' }, refund_full: { to: 'refunded' } } satisfies Partial<Record<OrderEvent, Rule>>;

/** The whole table: a (status, event) pair absent here is illegal. */
export const TRANSITIONS: Readonly<Record<OrderStatus, Partial<Record<OrderEvent, Rule>>>> = {
  pending_payment: { pay: { to: 'submitted' }, cancel: cancelled },
  submitted: { confirm: { to: 'confirmed' }, cancel: cancelled },
  confirmed: { weigh: { to: 'weighed', guard: needsWeightLines }, dispatch: { to: 'dispatched', guard: mustBeWeighed }, cancel: cancelled },
  weighed: { dispatch: { to: 'dispatched' }, cancel: cancelled },
  dispatched: { deliver: { to: 'delivered' } },
  delivered: { complete: { to: 'completed' }, ...refunds },
  completed: { ...refunds },
  partially_refunded: { complete: { to: 'completed', guard: notCompletedYet }, ...refunds },
  refunded: {},
  cancelled: {},
};

export type TransitionResult = { ok: true; status: OrderStatus } | { ok: false; error: DomainError };

export function transition(order: OrderForTransition, event: OrderEvent): TransitionResult {
  const rule = TRANSITIONS[order.status]?.[event];
  if (!rule) {
    const message = `订单${STATUS_LABELS[order.status] ?? order.status}，不能${EVENT_LABELS[event] ?? event}`;
    return { ok: false, error: new DomainError('ORDER.ILLEGAL_TRANSITION', message, { status: order.status, event }) };
  }
  const refusal = rule.guard?.(order) ?? null;
  return refusal ? { ok: false, error: refusal } : { ok: true, status: rule.to };
}

/** The next status, or throws the DomainError: for services, inside their transaction. */
export function applyTransition(order: OrderForTransition, event: OrderEvent): OrderStatus {
  const result = transition(order, event);
  if (!result.ok) throw result.error;
  return result.status;
}

/** Events legal for this order now (staff buttons, the customer's cancel). */
export const allowedEvents = (order: OrderForTransition): OrderEvent[] => ORDER_EVENTS.filter((e) => transition(order, e).ok);

/** Before dispatch: cancelling returns the coupon and credits nothing. */
export const isCancellable = (order: OrderForTransition): boolean => transition(order, 'cancel').ok;
