/**
 * What a customer sees of their orders: the history page (one indexed query), an order's detail
 * (one read) and 再来一单 (the order, the member, the products of its lines: three reads).
 */
import type { Page } from '../contracts/api';
import { UNIT_LABELS, type SaleUnit } from '../core/catalog/product';
import { DomainError } from '../core/errors';
import type { AppliedCoupon } from '../core/orders/pricing';
import { reconcileOrder, type PastOrderLine, type Reconciliation } from '../core/orders/reorder';
import { isCancellable, STATUS_LABELS, type OrderStatus } from '../core/orders/stateMachine';
import type { WeightOutcome } from '../core/orders/weights';
import { startOfDayMs } from '../core/time';
import type { TierId } from '../core/tiers/rules';
import type { Db } from '../ports/db';
import { dbGet } from '../runtime/dbHelpers';
import { productsOfLines, toProductView, type ProductView, type TierPricing } from './catalogue';
import { C } from './collections';
import { DELIVERY_WINDOWS, type DeliverySlot, type OrderChannel, type OrderDoc, type PaymentMethod } from './orderModel';

/** A customer may cancel on their own only until the seller confirms; after that they ask staff. */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['pending_payment', 'submitted'];

export interface SlotView extends DeliverySlot { windowLabel: string }

const slotView = (slot: DeliverySlot | null): SlotView | null =>
  slot === null ? null : { ...slot, windowLabel: DELIVERY_WINDOWS.find((w) => w.id === slot.window)?.label ?? slot.window };

export interface OrderSummaryView {
  id: string;
  createdAt: number;
  status: OrderStatus;
  statusLabel: string;
  channel: OrderChannel;
  /** Up to three product names, for the row ("上海青、西红柿等8件"). */
  names: string[];
  lineCount: number;
  paidFen: number;
  refundedFen: number;
  hasWeightLines: boolean;
  weighed: boolean;
  slot: SlotView | null;
}

const summary = (o: OrderDoc): OrderSummaryView => ({
  id: o._id,
  createdAt: o.createdAt,
  status: o.status,
  statusLabel: STATUS_LABELS[o.status],
  channel: o.channel,
  names: o.lines.slice(0, 3).map((l) => l.name),
  lineCount: o.lines.length,
  paidFen: o.paidFen,
  refundedFen: o.refundedFen,
  hasWeightLines: o.hasWeightLines,
  weighed: o.weights !== null,
  slot: slotView(o.slot),
});

export interface HistoryQuery { page: number; pageSize: number; status?: OrderStatus | undefined; month?: string | undefined }

/** The caller's orders, newest first: one query on the index memberId + createdAt. */
export async function orderHistory(db: Db, memberId: string, q: HistoryQuery): Promise<Page<OrderSummaryView>> {
  const _ = db.command;
  const where: Record<string, unknown> = { memberId };
  if (q.month) {
    const [y, m] = q.month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    where.createdAt = _.and(_.gte(startOfDayMs(`${q.month}-01`)), _.lt(startOfDayMs(`${next}-01`)));
  }
  if (q.status) where.status = q.status;
  const { data } = await db
    .collection(C.orders)
    .where(where)
    .orderBy('createdAt', 'desc')
    .orderBy('_id', 'desc')
    .skip(q.page * q.pageSize)
    .limit(q.pageSize + 1)
    .get();
  const docs = data as unknown as OrderDoc[];
  return { items: docs.slice(0, q.pageSize).map(summary), page: q.page, pageSize: q.pageSize, hasMore: docs.length > q.pageSize };
}

export interface OrderLineView {
  productId: string;
  name: string;
  unit: SaleUnit;
  unitLabel: string;
  quantity: number;
  listUnitPriceFen: number;
  unitPriceFen: number;
  listAmountFen: number;
  tierDiscountFen: number;
  amountFen: number;
  couponShareFen: number;
  paidFen: number;
  /** By-weight lines: the estimate at submit and, once weighed, the outcome and the price difference. */
  weight: {
    estimatedGrams: number;
    toleranceBp: number;
    finalGrams: number | null;
    chargedGrams: number | null;
    waivedGrams: number | null;
    outcome: WeightOutcome | null;
    /** Settled − estimated amount: negative was refunded, positive charged. */
    differenceFen: number | null;
  } | null;
}

export interface TimelineView { status: OrderStatus; statusLabel: string; at: number; by: 'customer' | 'staff' | 'system'; staffName: string | null; note: string | null }

/** How the order is paid, as the customer sees it (what was prepared for the payer stays on the server). */
export interface PaymentView { method: PaymentMethod; outTradeNo: string | null; paidAt: number | null }

export type OrderPointsState = 'on_completion' | 'pending' | 'usable' | 'reversed' | 'none';

export interface OrderDetailView extends OrderSummaryView {
  tier: TierId;
  discountBp: number;
  lines: OrderLineView[];
  listTotalFen: number;
  tierDiscountFen: number;
  subtotalFen: number;
  coupon: AppliedCoupon | null;
  couponFen: number;
  /** Before a weighing changed it: what the customer agreed to at submit. */
  estimatedPaidFen: number;
  weightSettlement: { refundFen: number; chargeFen: number; at: number } | null;
  refunds: { refundId: string; fen: number; at: number; points: number; reason: string | null }[];
  points: { estimated: number; earned: number | null; state: OrderPointsState; usableOn: number | null };
  payment: PaymentView;
  /** Waiting for an online payment the customer can make now (去支付). */
  payable: boolean;
  note: string | null;
  timeline: TimelineView[];
  completedAt: number | null;
  cancelledAt: number | null;
  /** The customer may cancel it now (before the seller confirms). */
  cancellable: boolean;
}

function pointsView(o: OrderDoc, now: number): OrderDetailView['points'] {
  if (o.status === 'cancelled') return { estimated: o.estimatedPoints, earned: null, state: 'none', usableOn: null };
  if (o.points === null) return { estimated: o.estimatedPoints, earned: null, state: 'on_completion', usableOn: null };
  const reversed = o.refunds.reduce((s, r) => s + r.points, 0);
  const state: OrderPointsState = o.points.earned === 0 ? 'none' : reversed >= o.points.earned ? 'reversed' : o.points.usableAt !== null && now < o.points.usableAt ? 'pending' : 'usable';
  return { estimated: o.estimatedPoints, earned: o.points.earned, state, usableOn: o.points.usableAt };
}

export function orderDetailView(o: OrderDoc, now: number): OrderDetailView {
  const weighings = new Map((o.weights?.weighings ?? []).map((w) => [w.productId, w]));
  return {
    ...summary(o),
    tier: o.tier,
    discountBp: o.discountBp,
    lines: o.lines.map((l) => {
      const w = weighings.get(l.productId);
      return {
        productId: l.productId,
        name: l.name,
        unit: l.unit,
        unitLabel: UNIT_LABELS[l.unit],
        quantity: l.quantity,
        listUnitPriceFen: l.listUnitPriceFen,
        unitPriceFen: l.unitPriceFen,
        listAmountFen: l.listAmountFen,
        tierDiscountFen: l.tierDiscountFen,
        amountFen: l.amountFen,
        couponShareFen: l.couponShareFen,
        paidFen: l.paidFen,
        weight:
          l.estimatedGrams === null
            ? null
            : {
                estimatedGrams: l.estimatedGrams,
                toleranceBp: l.toleranceBp ?? 0,
                finalGrams: w?.finalGrams ?? null,
                chargedGrams: w?.chargedGrams ?? null,
                waivedGrams: w?.waivedGrams ?? null,
                outcome: w?.outcome ?? null,
                differenceFen: w?.differenceFen ?? null,
              },
      };
    }),
    listTotalFen: o.listTotalFen,
    tierDiscountFen: o.tierDiscountFen,
    subtotalFen: o.subtotalFen,
    coupon: o.coupon,
    couponFen: o.couponFen,
    estimatedPaidFen: o.weights?.paidBeforeFen ?? o.paidFen,
    weightSettlement: o.weights === null ? null : { refundFen: o.weights.refundFen, chargeFen: o.weights.chargeFen, at: o.weights.at },
    refunds: o.refunds.map((r) => ({ refundId: r.refundId, fen: r.fen, at: r.at, points: r.points, reason: r.reason })),
    points: pointsView(o, now),
    payment: { method: o.payment.method, outTradeNo: o.payment.outTradeNo, paidAt: o.payment.paidAt },
    payable: o.status === 'pending_payment' && o.payment.method === 'wechat_pay' && o.payment.paidAt === null,
    note: o.note,
    // Staff OPENIDs never leave the server: the customer sees who (kind) and the staff name.
    timeline: o.timeline.map((t) => ({ status: t.status, statusLabel: STATUS_LABELS[t.status], at: t.at, by: t.by.kind, staffName: t.by.kind === 'staff' ? t.by.name : null, note: t.note })),
    completedAt: o.completedAt,
    cancelledAt: o.cancelledAt,
    cancellable: CUSTOMER_CANCELLABLE.includes(o.status) && isCancellable({ status: o.status, hasWeightLines: o.hasWeightLines, completed: o.completedAt !== null }),
  };
}

/** The caller's own order; another member's order is answered exactly like a missing one. */
export async function ownOrder(db: Db, memberId: string, orderId: string): Promise<OrderDoc> {
  const order = await dbGet<OrderDoc>(db, C.orders, orderId);
  if (!order || order.memberId !== memberId) throw new DomainError('ORDER.NOT_FOUND', '订单不存在');
  return order;
}

export interface ReorderView extends Reconciliation {
  sourceId: string;
  /** Today's product cards of the proposed lines and the substitutes, for quantity steppers. */
  products: ProductView[];
  pricing: { tier: TierId; tierName: string; discountBp: number };
}

/** Reconciles past lines (an order's or a standing list's) with today's catalogue of their lines. */
export async function reconcileLines(db: Db, sourceId: string, lines: readonly PastOrderLine[], pricing: TierPricing, now: number): Promise<ReorderView> {
  const catalog = await productsOfLines(db, [...new Set(lines.map((l) => l.line))], lines.map((l) => l.productId));
  const discountBp = pricing.benefits.discountBp;
  const reconciliation = reconcileOrder({ lines, catalog, discountBp, now });
  const shown = new Set([...reconciliation.lines.map((l) => l.productId), ...reconciliation.lines.flatMap((l) => l.substitutes.map((s) => s.productId))]);
  return {
    sourceId,
    ...reconciliation,
    products: catalog.filter((p) => shown.has(p.id)).map((p) => toProductView(p, discountBp, now)),
    pricing: { tier: pricing.tier, tierName: pricing.tierName, discountBp },
  };
}

export const pastLines = (o: OrderDoc): PastOrderLine[] =>
  o.lines.map((l) => ({ productId: l.productId, name: l.name, line: l.line, unit: l.unit, quantity: l.quantity, unitPriceFen: l.unitPriceFen, estimatedGrams: l.estimatedGrams }));
