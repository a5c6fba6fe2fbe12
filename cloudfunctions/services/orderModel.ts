/**
 * The persistence model of the catalogue and of orders: what the `products`, `orders` and
 * `standing_lists` collections hold. Documents are the core's own types plus their `_id` and what
 * only storage needs (timeline, request fingerprint), so the core decides every figure and the
 * services only record it. Money is integer fen, instants epoch ms, days 'YYYY-MM-DD' (Shanghai).
 */
import { createHash } from 'node:crypto';
import type { Product } from '../core/catalog/product';
import type { ClientPayment } from '../ports/payment';
import type { AppliedCoupon, Quote, QuoteLine } from '../core/orders/pricing';
import type { OrderEvent, OrderStatus } from '../core/orders/stateMachine';
import type { WeightSettlement } from '../core/orders/weights';
import type { TierId } from '../core/tiers/rules';

// ---------------------------------------------------------------------------------------------
// Products

/** A catalogue product: the core's Product with its id as `_id` (index: `line`). */
export type ProductDoc = Omit<Product, 'id'> & { _id: string; updatedAt: number };

export const productFromDoc = (doc: ProductDoc): Product => {
  const { _id, updatedAt: _u, ...rest } = doc;
  return { id: _id, ...rest };
};

export const productDoc = (p: Product, updatedAt: number): ProductDoc => {
  const { id, ...rest } = p;
  return { _id: id, ...rest, updatedAt };
};

// ---------------------------------------------------------------------------------------------
// Orders

/** app: ordered in the mini-program; counter: an in-store sale by member code; import: POS/ERP file. */
export type OrderChannel = 'app' | 'counter' | 'import';

/** One order line: the pricing snapshot taken at submit (core/orders/pricing.ts), never repriced from the catalogue. */
export type OrderLineDoc = QuoteLine;

/** Delivery windows a customer can pick; the slot stores the id, the label is for display. */
export const DELIVERY_WINDOWS = [
  { id: 'early', label: '06:00–08:00' },
  { id: 'morning', label: '08:00–11:00' },
  { id: 'afternoon', label: '14:00–18:00' },
] as const;
export type DeliveryWindowId = (typeof DELIVERY_WINDOWS)[number]['id'];

/**
 * Where and when the order is handed over. `day` is indexed (`slot.day` + `status`) for the staff's
 * day list. A group leader's order goes to a pickup point (a name she keeps, e.g. "阳光花园3号门").
 */
export interface DeliverySlot {
  kind: 'delivery' | 'pickup';
  day: string;
  window: DeliveryWindowId;
  pickupPoint: string | null;
  /** The tier had priority delivery at submit (24-hour promise shown to the customer and to staff). */
  priority: boolean;
}

/** Who took a step. Staff ids stay on the server; customers see the kind and the staff name. */
export interface Actor {
  kind: 'customer' | 'staff' | 'system';
  /** OPENID of the customer or staff member; null for the system (jobs, seed, import). */
  id: string | null;
  name: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: null };
export const customerActor = (openid: string): Actor => ({ kind: 'customer', id: openid, name: null });

/** One entry of the status timeline; `event` is the state-machine event that led to it (null for the first). */
export interface TimelineEntry {
  status: OrderStatus;
  event: OrderEvent | null;
  at: number;
  by: Actor;
  note: string | null;
}

export interface OrderRefundDoc {
  refundId: string;
  fen: number;
  at: number;
  /** Points taken back by this refund (core/points rules). */
  points: number;
  /** Lines refunded, when the refund names them; empty for an amount-only refund. */
  lines: { productId: string; fen: number }[];
  reason: string | null;
  by: Actor;
}

/** Points of a completed order, as credited once by the lifecycle. */
export interface OrderPointsDoc {
  earned: number;
  multiplierPct: number;
  expiresAt: number | null;
  /** When the points leave the after-sales window (pending until then). */
  usableAt: number | null;
}

/** The weight settlement, recorded once (its `settlementKey`/`fingerprint` tell a retry from a second weighing). */
export type WeightSettlementDoc = WeightSettlement & { at: number; by: Actor };

export type PaymentMethod = 'on_account' | 'wechat_pay' | 'counter';

/** How the order is paid. Orders written before online payment lack the optional fields. */
export interface OrderPaymentDoc {
  method: PaymentMethod;
  /** WeChat Pay's out_trade_no (derived from the order id), or the POS number of a counter/import order. */
  outTradeNo: string | null;
  paidAt: number | null;
  /** WeChat Pay's transaction id, recorded by the payment notice. */
  transactionId?: string | null;
  /** What the client was last given to pay, and when: a retry within its lifetime gets the same. */
  prepared?: { client: ClientPayment; at: number } | null;
}

export interface OrderDoc {
  _id: string;
  memberId: string;
  channel: OrderChannel;
  /** POS/ERP order number for imports (the import derives `_id` from it, so it needs no index). */
  externalNo: string | null;
  /** The client request that created it, with the fingerprint of its parameters (app orders). */
  request: { id: string; fingerprint: string } | null;
  status: OrderStatus;
  timeline: TimelineEntry[];
  lines: OrderLineDoc[];
  /** The member's tier and discount when the order was priced. */
  tier: TierId;
  discountBp: number;
  listTotalFen: number;
  tierDiscountFen: number;
  subtotalFen: number;
  coupon: AppliedCoupon | null;
  couponFen: number;
  /** listTotalFen − tierDiscountFen − couponFen; after a weight settlement, the settled amount. */
  paidFen: number;
  hasWeightLines: boolean;
  /** Points the quote promised at submit (the credited figure is `points.earned`). */
  estimatedPoints: number;
  payment: OrderPaymentDoc;
  slot: DeliverySlot | null;
  note: string | null;
  region: string;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  cancelledAt: number | null;
  points: OrderPointsDoc | null;
  refundedFen: number;
  refunds: OrderRefundDoc[];
  weights: WeightSettlementDoc | null;
}

/**
 * An app order's id is derived from the member and the client request id, so a retried or double
 * tapped submit finds the order it already wrote inside its own transaction (no query in a
 * transaction). Hashed: an order number must not reveal the OPENID.
 */
export const appOrderId = (memberId: string, requestId: string): string =>
  `A${createHash('sha256').update(`order:${memberId}:${requestId}`).digest('hex').slice(0, 19).toUpperCase()}`;

/**
 * The WeChat Pay trade number of an app order: its id behind a prefix, so the payment notice finds the
 * order by id inside a transaction (no query) and one order is one trade, however often it is retried.
 */
export const outTradeNoFor = (orderId: string): string => `FP${orderId}`;
export const orderIdOfTradeNo = (outTradeNo: string): string | null => (/^FP[A-Za-z0-9_-]{1,30}$/.test(outTradeNo) ? outTradeNo.slice(2) : null);

/** An imported order's id, from its external number: importing the same file twice writes nothing new. */
export const importedOrderId = (externalNo: string): string =>
  `X${createHash('sha256').update(`import:${externalNo}`).digest('hex').slice(0, 19).toUpperCase()}`;

export const timelineEntry = (status: OrderStatus, event: OrderEvent | null, at: number, by: Actor, note: string | null = null): TimelineEntry => ({ status, event, at, by, note });

/** The priced figures of a new order: a core Quote (app orders) or the amounts a till recorded. */
export type OrderFigures = Quote;

/** No lines yet (the demo seed prices its orders later, at the tier the member has by then). */
export const EMPTY_FIGURES: OrderFigures = { lines: [], listTotalFen: 0, tierDiscountFen: 0, subtotalFen: 0, coupon: null, couponFen: 0, paidFen: 0, estimatedPoints: 0, hasWeightLines: false };

export interface NewOrderInput {
  id: string;
  memberId: string;
  channel: OrderChannel;
  externalNo?: string | null;
  request?: OrderDoc['request'];
  /** The first status (its timeline entry has no event): submitted, pending_payment, delivered. */
  status: OrderStatus;
  figures: OrderFigures;
  tier: TierId;
  discountBp: number;
  payment: OrderDoc['payment'];
  slot: DeliverySlot | null;
  note?: string | null;
  /** The first timeline entry's note (defaults to none). */
  timelineNote?: string | null;
  region: string;
  /** Creation instant: createdAt, updatedAt and the first timeline entry. */
  at: number;
  by: Actor;
}

/**
 * The one constructor of an order document: every channel (app, counter, import, seed) builds it
 * here, so a field added to OrderDoc is filled in once and nothing is left undefined.
 */
export function newOrderDoc(input: NewOrderInput): OrderDoc {
  const f = input.figures;
  return {
    _id: input.id,
    memberId: input.memberId,
    channel: input.channel,
    externalNo: input.externalNo ?? null,
    request: input.request ?? null,
    status: input.status,
    timeline: [timelineEntry(input.status, null, input.at, input.by, input.timelineNote ?? null)],
    lines: f.lines,
    tier: input.tier,
    discountBp: input.discountBp,
    listTotalFen: f.listTotalFen,
    tierDiscountFen: f.tierDiscountFen,
    subtotalFen: f.subtotalFen,
    coupon: f.coupon,
    couponFen: f.couponFen,
    paidFen: f.paidFen,
    hasWeightLines: f.hasWeightLines,
    estimatedPoints: f.estimatedPoints,
    payment: input.payment,
    slot: input.slot,
    note: input.note ?? null,
    region: input.region,
    createdAt: input.at,
    updatedAt: input.at,
    completedAt: null,
    cancelledAt: null,
    points: null,
    refundedFen: 0,
    refunds: [],
    weights: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Standing lists (常购清单)

export interface StandingListItem {
  productId: string;
  /** Name when saved, shown if the product is later discontinued. */
  name: string;
  line: string;
  unit: Product['unit'];
  quantity: number;
  /** Tier unit price when saved: 再来一单 compares today's price with it. */
  unitPriceFen: number;
  estimatedGrams: number | null;
}

/** A group leader's named list (index `memberId` + `updatedAt`). */
export interface StandingListDoc {
  _id: string;
  memberId: string;
  name: string;
  pickupPoint: string | null;
  items: StandingListItem[];
  createdAt: number;
  updatedAt: number;
}
