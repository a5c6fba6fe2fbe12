import type { TagTone } from '../../components/Tag';
import type { OrderStatus } from '../../services/orders';

/** The tag colour of an order status: under way is neutral, needs the seller warning, done positive. */
export function statusTone(status: OrderStatus): TagTone {
  switch (status) {
    case 'completed':
    case 'delivered':
      return 'positive';
    case 'cancelled':
    case 'refunded':
    case 'partially_refunded':
      return 'negative';
    case 'pending_payment':
    case 'submitted':
      return 'warning';
    default:
      return 'neutral';
  }
}

/** "上海青、西红柿、红富士等8种": the first names and how many lines in all. */
export function namesText(names: string[], lineCount: number): string {
  const shown = names.join('、');
  return lineCount > names.length ? `${shown}等${lineCount}种` : shown;
}
