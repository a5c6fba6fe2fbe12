import { DomainError } from '../../../cloudfunctions/core/errors';
import {
  allowedEvents,
  applyTransition,
  isCancellable,
  ORDER_EVENTS,
  ORDER_STATUSES,
  transition,
  type OrderEvent,
  type OrderForTransition,
  type OrderStatus,
} from '../../../cloudfunctions/core/orders/stateMachine';
import { codeOf } from '../helpers';

/**
 * The expected machine, written out independently of the module's table. `when` narrows a legal
 * pair to the orders it holds for; outside it the pair is refused with `otherwise`.
 */
interface Expected {
  to: OrderStatus;
  when?: (o: OrderForTransition) => boolean;
  otherwise?: string;
}
const legal: Partial<Record<`${OrderStatus} ${OrderEvent}`, Expected>> = {
  'pending_payment pay': { to: 'submitted' },
  'pending_payment cancel': { to: 'cancelled' },
  'submitted confirm': { to: 'confirmed' },
  'submitted cancel': { to: 'cancelled' },
  'confirmed weigh': { to: 'weighed', when: (o) => o.hasWeightLines, otherwise: 'ORDER.ILLEGAL_TRANSITION' },
  'confirmed dispatch': { to: 'dispatched', when: (o) => !o.hasWeightLines, otherwise: 'ORDER.WEIGHT_PENDING' },
  'confirmed cancel': { to: 'cancelled' },
  'weighed dispatch': { to: 'dispatched' },
  'weighed cancel': { to: 'cancelled' },
  'dispatched deliver': { to: 'delivered' },
  'delivered complete': { to: 'completed' },
  'delivered refund_partial': { to: 'partially_refunded' },
  'delivered refund_full': { to: 'refunded' },
  'completed refund_partial': { to: 'partially_refunded' },
  'completed refund_full': { to: 'refunded' },
  'partially_refunded refund_partial': { to: 'partially_refunded' },
  'partially_refunded refund_full': { to: 'refunded' },
  'partially_refunded complete': { to: 'completed', when: (o) => !o.completed, otherwise: 'ORDER.ILLEGAL_TRANSITION' },
};

const cases = ORDER_STATUSES.flatMap((status) =>
  ORDER_EVENTS.flatMap((event) =>
    [false, true].flatMap((hasWeightLines) => [false, true].map((completed) => ({ order: { status, hasWeightLines, completed }, event }))),
  ),
);

describe('order state machine, every status × event × order kind', () => {
  it('covers all of them', () => {
    expect(cases).toHaveLength(10 * 9 * 4);
  });

  it.each(cases.map((c) => [c.order.status, c.event, c.order.hasWeightLines, c.order.completed, c] as const))('%s + %s (weight lines %s, completed before %s)', (_s, _e, _w, _c, { order, event }) => {
    const expected = legal[`${order.status} ${event}`];
    const result = transition(order, event);
    if (expected && (!expected.when || expected.when(order))) {
      expect(result).toEqual({ ok: true, status: expected.to });
      expect(applyTransition(order, event)).toBe(expected.to);
    } else {
      const code = expected?.otherwise ?? 'ORDER.ILLEGAL_TRANSITION';
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(DomainError);
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(codeOf(() => applyTransition(order, event))).toBe(code);
    }
  });
});

describe('order journeys', () => {
  const walk = (start: OrderForTransition, events: OrderEvent[]): OrderStatus[] => {
    let order = start;
    return events.map((e) => {
      order = { ...order, status: applyTransition(order, e), completed: order.completed || e === 'complete' };
      return order.status;
    });
  };

  it('a weighed order paid online goes all the way, then is refunded in two steps', () => {
    expect(walk({ status: 'pending_payment', hasWeightLines: true, completed: false }, ['pay', 'confirm', 'weigh', 'dispatch', 'deliver', 'complete', 'refund_partial', 'refund_full'])).toEqual([
      'submitted',
      'confirmed',
      'weighed',
      'dispatched',
      'delivered',
      'completed',
      'partially_refunded',
      'refunded',
    ]);
  });

  it('a line refunded on delivery, then the order completes once', () => {
    const statuses = walk({ status: 'dispatched', hasWeightLines: false, completed: false }, ['deliver', 'refund_partial', 'complete', 'refund_partial']);
    expect(statuses).toEqual(['delivered', 'partially_refunded', 'completed', 'partially_refunded']);
    expect(codeOf(() => applyTransition({ status: 'partially_refunded', hasWeightLines: false, completed: true }, 'complete'))).toBe('ORDER.ILLEGAL_TRANSITION');
  });

  it('weights are settled once: a weighed order cannot be weighed again', () => {
    const r = transition({ status: 'weighed', hasWeightLines: true, completed: false }, 'weigh');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.message]).toEqual(['ORDER.ILLEGAL_TRANSITION', '订单已称重，不能录入称重']);
  });

  it('lists what staff may do next and when a customer may still cancel', () => {
    expect(allowedEvents({ status: 'confirmed', hasWeightLines: true, completed: false })).toEqual(['weigh', 'cancel']);
    expect(allowedEvents({ status: 'confirmed', hasWeightLines: false, completed: false })).toEqual(['dispatch', 'cancel']);
    expect(allowedEvents({ status: 'delivered', hasWeightLines: false, completed: false })).toEqual(['complete', 'refund_partial', 'refund_full']);
    expect(allowedEvents({ status: 'cancelled', hasWeightLines: false, completed: false })).toEqual([]);
    expect(ORDER_STATUSES.filter((status) => isCancellable({ status, hasWeightLines: false, completed: false }))).toEqual(['pending_payment', 'submitted', 'confirmed', 'weighed']);
  });
});
