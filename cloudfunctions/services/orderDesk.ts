/**
 * The staff side of orders: the day's orders by delivery slot, and every step of an order through
 * the state machine (confirm, weigh, dispatch, deliver, complete, cancel, refund).
 *
 * Every step is audited in `audit_log` (who, what, status before → after, when) under the id
 * `<staff openid>:<request id>`, the same key space as the member desk, with a fingerprint of the
 * parameters: a retry returns the first answer, the same id with other parameters is refused
 * (REQUEST.ID_REUSED). Steps that only change the order are one transaction with their audit record.
 * Completion, cancellation and refunds go through services/orders.ts (points credited or reversed
 * once there), which runs its own transaction; for those the audit record is claimed first as
 * `pending` (after the transition is checked), the step runs, and the record is then closed with the
 * answer. A retry after a crash in between finds the pending claim and reruns the step, which the
 * order itself makes idempotent (completedAt, the refund id, the cancelled status).
 */
import { createHash } from 'node:crypto';
import type { Page } from '../contracts/api';
import { DomainError, isDomainError } from '../core/errors';
import { allowedEvents, applyTransition, STATUS_LABELS, type OrderEvent, type OrderStatus } from '../core/orders/stateMachine';
import { formatYuan } from '../core/orders/pricing';
import { previewWeights as previewInCore, settleWeights, type FinalWeight, type LineWeighing, type WeightSettlement } from '../core/orders/weights';
import { dayKey } from '../core/time';
import type { Db, Transaction } from '../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { C } from './collections';
import type { MemberDoc } from './members';
import { DELIVERY_WINDOWS, timelineEntry, type Actor, type DeliveryWindowId, type OrderChannel, type OrderDoc } from './orderModel';
import { cancelOrder, completeOrder, forTransition, refundOrder } from './orders';
import { assertSameRequest, requestFingerprint } from './requests';

// ---------------------------------------------------------------------------------------------
// Audit

export type DeskAuditAction =
  | 'order.confirm'
  | 'order.weigh'
  | 'order.dispatch'
  | 'order.deliver'
  | 'order.complete'
  | 'order.cancel'
  | 'order.refund'
  | 'order.counterSale'
  | 'product.update'
  | 'catalogue.import'
  | 'orders.import'
  | `case.${'claim' | 'assign' | 'reply' | 'ask' | 'resolve' | 'reverse' | 'close' | 'callback' | 'photo'}`
  | `crm.${'card' | 'note'}`
  | `care.${'done' | 'snooze' | 'contact' | 'assign'}`;

/** One audited staff step (collection `audit_log`, shared with the member desk; `target` tells them apart). */
export interface DeskAuditDoc<R = unknown> {
  _id: string;
  actor: string;
  actorName: string;
  role: StaffIdentity['role'];
  action: DeskAuditAction;
  /** `order:<id>`, `product:<id>`, `catalogue`, `import:<run>`: never a member number, so the member's trail stays as it is. */
  target: string;
  reason: string;
  at: number;
  details: Record<string, unknown>;
  before: unknown;
  after: unknown;
  /** `pending` while a step that runs its own transaction is under way. */
  state: 'pending' | 'done';
  result: R | null;
  fingerprint: string;
}

export interface AuditRequest {
  requestId: string;
  action: DeskAuditAction;
  target: string;
  reason: string;
  details: Record<string, unknown>;
  now: number;
}

export const auditId = (staff: StaffIdentity, requestId: string): string => `${staff.openid}:${requestId}`;

const fingerprintOf = (r: AuditRequest): string => requestFingerprint({ action: r.action, target: r.target, reason: r.reason, details: r.details });

export const staffActor = (staff: StaffIdentity): Actor => ({ kind: 'staff', id: staff.openid, name: staff.name });

function auditDoc<R>(staff: StaffIdentity, r: AuditRequest, before: unknown, after: unknown, state: DeskAuditDoc['state'], result: R | null): Omit<DeskAuditDoc<R>, '_id'> {
  return { actor: staff.openid, actorName: staff.name, role: staff.role, action: r.action, target: r.target, reason: r.reason, at: r.now, details: r.details, before, after, state, result, fingerprint: fingerprintOf(r) };
}

/**
 * Runs `change` and writes its audit record in the same transaction, once per (staff, request id).
 * `change` returns the answer and what the audit shows as before → after.
 */
export async function auditedStep<R>(db: Db, staff: StaffIdentity, r: AuditRequest, change: (tx: Transaction) => Promise<{ result: R; before: unknown; after: unknown; audit?: boolean }>): Promise<R> {
  const id = auditId(staff, r.requestId);
  const fingerprint = fingerprintOf(r);
  return db.runTransaction(async (tx) => {
    const done = await txGet<DeskAuditDoc<R>>(tx, C.audit, id);
    if (done) {
      assertSameRequest(done.fingerprint, fingerprint);
      if (done.state === 'done') return done.result as R;
    }
    const { result, before, after, audit = true } = await change(tx);
    if (audit) await tx.collection(C.audit).doc(id).set({ data: asDoc(auditDoc(staff, r, before, after, 'done', result)) });
    return result;
  });
}

/**
 * For steps that run their own transaction: claim the request (`check` refuses an illegal step before
 * anything is written), run the step, close the claim with its answer.
 */
export async function claimedStep<R>(
  db: Db,
  staff: StaffIdentity,
  r: AuditRequest,
  check: (tx: Transaction) => Promise<{ before: unknown; after: unknown }>,
  step: () => Promise<R>,
): Promise<R> {
  const id = auditId(staff, r.requestId);
  const fingerprint = fingerprintOf(r);
  const claim = await db.runTransaction(async (tx) => {
    const existing = await txGet<DeskAuditDoc<R>>(tx, C.audit, id);
    if (existing) {
      assertSameRequest(existing.fingerprint, fingerprint);
      return existing;
    }
    const { before, after } = await check(tx);
    const pending = auditDoc<R>(staff, r, before, after, 'pending', null);
    await tx.collection(C.audit).doc(id).set({ data: asDoc(pending) });
    return { _id: id, ...pending };
  });
  if (claim.state === 'done') return claim.result as R;
  let result: R;
  try {
    result = await step();
  } catch (error) {
    // Refused by the domain: nothing changed, so the claim goes and the request id is free again.
    if (isDomainError(error)) await db.collection(C.audit).doc(id).remove().catch(() => undefined);
    throw error;
  }
  await db.runTransaction(async (tx) => {
    const current = await txGet<DeskAuditDoc<R>>(tx, C.audit, id);
    if (!current || current.state === 'done') return;
    await tx.collection(C.audit).doc(id).set({ data: asDoc(withoutId({ ...current, state: 'done', result })) });
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Views

export interface DeskLineView {
  productId: string;
  name: string;
  unit: OrderDoc['lines'][number]['unit'];
  quantity: number;
  estimatedGrams: number | null;
  finalGrams: number | null;
  unitPriceFen: number;
  amountFen: number;
  paidFen: number;
  /** Refunded so far on this line. */
  refundedFen: number;
}

export interface DeskOrderRow {
  id: string;
  memberNo: string | null;
  memberName: string | null;
  status: OrderStatus;
  statusLabel: string;
  channel: OrderChannel;
  externalNo: string | null;
  slot: { kind: 'delivery' | 'pickup'; day: string; window: DeliveryWindowId; windowLabel: string; pickupPoint: string | null; priority: boolean } | null;
  lineCount: number;
  names: string[];
  paidFen: number;
  refundedFen: number;
  hasWeightLines: boolean;
  weighed: boolean;
  /** The steps staff can take now (the buttons to show). */
  allowed: OrderEvent[];
  createdAt: number;
}

/** One weighed line as the desk shows it, in the preview and once saved (the same figures). */
/** A weighed line as staff see it: the core's figures as they are. */
export type WeighingLineView = LineWeighing;

/** A weight settlement's figures: what the customer paid before, pays now, and each weighed line. */
export interface WeighingView {
  paidBeforeFen: number;
  paidFen: number;
  refundFen: number;
  chargeFen: number;
  lines: WeighingLineView[];
}

/** The one mapping from a settlement to what staff see: the preview and the saved settlement both use it. */
export function weighingView(s: Pick<WeightSettlement, 'paidBeforeFen' | 'paidFen' | 'refundFen' | 'chargeFen' | 'weighings'>): WeighingView {
  return { paidBeforeFen: s.paidBeforeFen, paidFen: s.paidFen, refundFen: s.refundFen, chargeFen: s.chargeFen, lines: s.weighings };
}

export interface DeskOrderView extends DeskOrderRow {
  lines: DeskLineView[];
  /** Paid less refunded: the most any refund can still give back. */
  refundableFen: number;
  /**
   * Refund by amount offered: only orders without lines (counter sales and imports entered as a
   * total). An order with lines is refunded by line, so each line's refundable remainder stays true.
   */
  amountRefund: boolean;
  listTotalFen: number;
  tierDiscountFen: number;
  couponFen: number;
  coupon: { title: string; deductionFen: number } | null;
  note: string | null;
  weights: null | (WeighingView & { at: number; byName: string | null });
  refunds: { fen: number; at: number; points: number; reason: string | null; byName: string | null; lines: { productId: string; fen: number }[] }[];
  points: { earned: number; usableAt: number | null } | null;
  timeline: { status: OrderStatus; statusLabel: string; event: OrderEvent | null; at: number; by: Actor['kind']; byName: string | null; note: string | null }[];
}

const windowLabel = (w: DeliveryWindowId): string => DELIVERY_WINDOWS.find((d) => d.id === w)?.label ?? w;

function lineRefunds(o: OrderDoc): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of o.refunds) for (const l of r.lines) m.set(l.productId, (m.get(l.productId) ?? 0) + l.fen);
  return m;
}

function rowOf(o: OrderDoc, member: Pick<MemberDoc, 'memberNo' | 'displayName'> | null): DeskOrderRow {
  return {
    id: o._id,
    memberNo: member?.memberNo ?? null,
    memberName: member?.displayName ?? null,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    channel: o.channel,
    externalNo: o.externalNo,
    slot: o.slot ? { ...o.slot, windowLabel: windowLabel(o.slot.window) } : null,
    lineCount: o.lines.length,
    names: o.lines.slice(0, 3).map((l) => l.name),
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    hasWeightLines: o.hasWeightLines,
    weighed: o.weights !== null,
    allowed: allowedEvents(forTransition(o)).filter((e) => e !== 'pay'),
    createdAt: o.createdAt,
  };
}

export function deskOrderView(o: OrderDoc, member: Pick<MemberDoc, 'memberNo' | 'displayName'> | null): DeskOrderView {
  const refunded = lineRefunds(o);
  const finals = new Map((o.weights?.weighings ?? []).map((w) => [w.productId, w.finalGrams]));
  return {
    ...rowOf(o, member),
    lines: o.lines.map((l) => ({
      productId: l.productId,
      name: l.name,
      unit: l.unit,
      quantity: l.quantity,
      estimatedGrams: l.estimatedGrams,
      finalGrams: finals.get(l.productId) ?? null,
      unitPriceFen: l.unitPriceFen,
      amountFen: l.amountFen,
      paidFen: l.paidFen,
      refundedFen: refunded.get(l.productId) ?? 0,
    })),
    refundableFen: o.paidFen - o.refundedFen,
    amountRefund: o.lines.length === 0,
    listTotalFen: o.listTotalFen,
    tierDiscountFen: o.tierDiscountFen,
    couponFen: o.couponFen,
    coupon: o.coupon ? { title: o.coupon.title, deductionFen: o.coupon.deductionFen } : null,
    note: o.note,
    weights: o.weights ? { ...weighingView(o.weights), at: o.weights.at, byName: o.weights.by.name } : null,
    refunds: o.refunds.map((r) => ({ fen: r.fen, at: r.at, points: r.points, reason: r.reason, byName: r.by.name, lines: r.lines })),
    points: o.points ? { earned: o.points.earned, usableAt: o.points.usableAt } : null,
    timeline: o.timeline.map((t) => ({ status: t.status, statusLabel: STATUS_LABELS[t.status], event: t.event, at: t.at, by: t.by.kind, byName: t.by.kind === 'staff' ? t.by.name : null, note: t.note })),
  };
}

async function membersOf(db: Db, ids: readonly string[]): Promise<Map<string, MemberDoc>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { data } = await db.collection(C.members).where({ _id: db.command.in(unique) }).limit(1000).get();
  return new Map((data as unknown as MemberDoc[]).map((m) => [m._id, m]));
}

export interface DayQuery { day?: string | undefined; window?: DeliveryWindowId | undefined; status?: OrderStatus | undefined; page: number; pageSize: number }

export interface DayPage extends Page<DeskOrderRow> {
  day: string;
  /** Orders of the day per delivery window (all statuses): the slot tabs' badges. */
  windows: { id: DeliveryWindowId; label: string; count: number }[];
}

/** The day's orders (Shanghai day, today by default), one indexed query on `slot.day` + `status`. */
export async function listDay(db: Db, q: DayQuery, now: number): Promise<DayPage> {
  const day = q.day ?? dayKey(now);
  const where: Record<string, unknown> = { 'slot.day': day };
  if (q.status) where.status = q.status;
  if (q.window) where['slot.window'] = q.window;
  const { data } = await db.collection(C.orders).where(where).orderBy('_id', 'asc').skip(q.page * q.pageSize).limit(q.pageSize + 1).get();
  const docs = (data as unknown as OrderDoc[]).slice(0, q.pageSize);
  const members = await membersOf(db, docs.map((d) => d.memberId));
  const windows = await Promise.all(
    DELIVERY_WINDOWS.map(async (w) => ({ id: w.id, label: w.label, count: (await db.collection(C.orders).where({ 'slot.day': day, 'slot.window': w.id }).count()).total })),
  );
  return { day, windows, items: docs.map((d) => rowOf(d, members.get(d.memberId) ?? null)), page: q.page, pageSize: q.pageSize, hasMore: data.length > q.pageSize };
}

export async function getDeskOrder(db: Db, orderId: string): Promise<DeskOrderView> {
  const order = await dbGet<OrderDoc>(db, C.orders, orderId);
  if (!order) throw new DomainError('ORDER.NOT_FOUND');
  return deskOrderView(order, await dbGet<MemberDoc>(db, C.members, order.memberId));
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface StepResult { orderId: string; status: OrderStatus; statusLabel: string }

const orderTarget = (orderId: string) => `order:${orderId}`;

async function orderIn(tx: Transaction, orderId: string): Promise<OrderDoc> {
  const order = await txGet<OrderDoc>(tx, C.orders, orderId);
  if (!order) throw new DomainError('ORDER.NOT_FOUND');
  return order;
}

const stepResult = (orderId: string, status: OrderStatus): StepResult => ({ orderId, status, statusLabel: STATUS_LABELS[status] });

/** Confirm, dispatch or deliver: the order's status and timeline only. */
export function simpleStep(db: Db, staff: StaffIdentity, input: { orderId: string; requestId: string; note?: string | undefined }, event: 'confirm' | 'dispatch' | 'deliver', now: number): Promise<StepResult> {
  const note = input.note ?? null;
  const r: AuditRequest = { requestId: input.requestId, action: `order.${event}`, target: orderTarget(input.orderId), reason: note ?? '', details: {}, now };
  return auditedStep(db, staff, r, async (tx) => {
    const order = await orderIn(tx, input.orderId);
    const status = applyTransition(forTransition(order), event);
    const updated: OrderDoc = { ...order, status, updatedAt: now, timeline: [...order.timeline, timelineEntry(status, event, now, staffActor(staff), note)] };
    await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId(updated)) });
    return { result: stepResult(order._id, status), before: order.status, after: status };
  });
}

export interface WeighResult extends StepResult, WeighingView {}

function weighResult(order: OrderDoc): WeighResult {
  const w = order.weights;
  if (!w) throw new DomainError('ORDER.WEIGHT_PENDING');
  return { ...stepResult(order._id, order.status), ...weighingView(w) };
}

export interface WeighPreview extends WeighingView {
  orderId: string;
  /** By-weight lines with no weight entered yet (counted at their estimate in the totals). */
  pending: string[];
}

/**
 * 称重预览: what `enterWeights` would settle for the weights typed so far, by the same core rule.
 * Read only (no transaction, no write, no audit); refuses what `enterWeights` would refuse.
 */
export async function previewWeighing(db: Db, input: { orderId: string; weights: FinalWeight[] }): Promise<WeighPreview> {
  const order = await dbGet<OrderDoc>(db, C.orders, input.orderId);
  if (!order) throw new DomainError('ORDER.NOT_FOUND');
  if (order.weights) throw new DomainError('ORDER.WEIGHTS_SETTLED', `该订单已于${dayKey(order.weights.at)}称重结算`);
  applyTransition(forTransition(order), 'weigh');
  const p = previewInCore({ orderId: order._id, lines: order.lines, couponFen: order.couponFen, finalWeights: input.weights });
  return { orderId: order._id, pending: p.pending, ...weighingView(p) };
}

/**
 * Final weights, settled once per order: the same weights again (a retry, a second tap, another
 * clerk) answer the settlement already made; other weights after it are refused.
 */
export function enterWeights(db: Db, staff: StaffIdentity, input: { orderId: string; weights: FinalWeight[]; requestId: string }, now: number): Promise<WeighResult> {
  const weights = [...input.weights].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  const r: AuditRequest = { requestId: input.requestId, action: 'order.weigh', target: orderTarget(input.orderId), reason: '', details: { weights }, now };
  return auditedStep(db, staff, r, async (tx) => {
    const order = await orderIn(tx, input.orderId);
    if (order.weights) {
      const again = settleWeights({ orderId: order._id, lines: order.lines, couponFen: order.couponFen, finalWeights: weights });
      if (again.fingerprint !== order.weights.fingerprint) throw new DomainError('ORDER.WEIGHTS_SETTLED', `该订单已于${dayKey(order.weights.at)}按另一组重量结算，不能再次称重`);
      // Nothing changes: no audit record for a repeat that did nothing.
      return { result: weighResult(order), before: null, after: null, audit: false };
    }
    const status = applyTransition(forTransition(order), 'weigh');
    const s = settleWeights({ orderId: order._id, lines: order.lines, couponFen: order.couponFen, finalWeights: weights });
    const updated: OrderDoc = {
      ...order,
      status,
      lines: s.lines,
      listTotalFen: s.listTotalFen,
      tierDiscountFen: s.tierDiscountFen,
      subtotalFen: s.subtotalFen,
      couponFen: s.couponFen,
      paidFen: s.paidFen,
      weights: { ...s, at: now, by: staffActor(staff) },
      updatedAt: now,
      timeline: [...order.timeline, timelineEntry(status, 'weigh', now, staffActor(staff), s.refundFen > 0 ? `称重后退差价 ${s.refundFen} 分` : s.chargeFen > 0 ? `称重后补差价 ${s.chargeFen} 分` : '称重无差价')],
    };
    await tx.collection(C.orders).doc(order._id).set({ data: asDoc(withoutId(updated)) });
    return { result: weighResult(updated), before: { status: order.status, paidFen: order.paidFen }, after: { status, paidFen: s.paidFen } };
  });
}

export interface CompleteResult extends StepResult { earnedPoints: number; tierChanged: boolean }

/** Completes a delivered order; points are credited once, by services/orders.ts. */
export function completeStep(db: Db, staff: StaffIdentity, input: { orderId: string; requestId: string }, now: number): Promise<CompleteResult> {
  const r: AuditRequest = { requestId: input.requestId, action: 'order.complete', target: orderTarget(input.orderId), reason: '', details: {}, now };
  return claimedStep(
    db,
    staff,
    r,
    async (tx) => {
      const order = await orderIn(tx, input.orderId);
      return { before: order.status, after: applyTransition(forTransition(order), 'complete') };
    },
    async () => {
      const done = await completeOrder(db, input.orderId, now, staffActor(staff));
      return { ...stepResult(input.orderId, 'completed'), earnedPoints: done.earnedPoints, tierChanged: done.tierChanged };
    },
  );
}

export interface CancelStepResult extends StepResult { couponReturned: boolean }

/** Cancels before dispatch: coupon back, stock back, nothing credited (services/orders.ts). */
export function cancelStep(db: Db, staff: StaffIdentity, input: { orderId: string; reason: string; requestId: string }, now: number): Promise<CancelStepResult> {
  const r: AuditRequest = { requestId: input.requestId, action: 'order.cancel', target: orderTarget(input.orderId), reason: input.reason, details: {}, now };
  return claimedStep(
    db,
    staff,
    r,
    async (tx) => {
      const order = await orderIn(tx, input.orderId);
      return { before: order.status, after: applyTransition(forTransition(order), 'cancel') };
    },
    async () => {
      const done = await cancelOrder(db, { orderId: input.orderId, memberId: null, by: staffActor(staff), reason: input.reason }, now);
      return { ...stepResult(done.orderId, 'cancelled'), couponReturned: done.couponReturned };
    },
  );
}

export interface RefundInput {
  orderId: string;
  reason: string;
  requestId: string;
  /** Lines refunded, each in part (`fen`) or whole (`fen` absent: what is left of the line). */
  lines?: { productId: string; fen?: number | undefined }[] | undefined;
  /** An amount not tied to lines (counter sales and imports without lines). */
  amountFen?: number | undefined;
  /** Everything still refundable. */
  whole?: boolean | undefined;
}

export interface RefundStepResult extends StepResult { refundFen: number; reversedPoints: number; owedPoints: number; refundedFen: number; full: boolean }

/** A refund id per staff request: services/orders.ts records it on the order, so it applies once. */
const refundIdFor = (staff: StaffIdentity, requestId: string) => `RF${createHash('sha256').update(`refund:${staff.openid}:${requestId}`).digest('hex').slice(0, 16).toUpperCase()}`;

/** What a refund request comes to on this order: the amount and the lines it names. */
export function planRefund(order: OrderDoc, input: Pick<RefundInput, 'lines' | 'amountFen' | 'whole'>): { fen: number; lines: { productId: string; fen: number }[] } {
  const left = order.paidFen - order.refundedFen;
  const given = [input.lines !== undefined, input.amountFen !== undefined, input.whole === true].filter(Boolean).length;
  if (given !== 1) throw new DomainError('REQUEST.INVALID', '请选择退款的商品、填写退款金额或选择全额退款（三选一）');
  if (input.whole) return { fen: left, lines: order.lines.map((l) => ({ productId: l.productId, fen: l.paidFen - (lineRefunds(order).get(l.productId) ?? 0) })).filter((l) => l.fen > 0) };
  if (input.amountFen !== undefined) {
    // Lines keep their own remainders (line refunds, `whole`); an amount tied to no line would leave them wrong.
    if (order.lines.length > 0) throw new DomainError('REQUEST.INVALID', '该订单有商品明细，请按商品退款');
    if (input.amountFen > left) throw new DomainError('ORDER.REFUND_TOO_LARGE', `该订单最多还可退 ${formatYuan(left)} 元`);
    return { fen: input.amountFen, lines: [] };
  }
  const refunded = lineRefunds(order);
  const seen = new Set<string>();
  const lines = (input.lines ?? []).map((want) => {
    if (seen.has(want.productId)) throw new DomainError('ORDER.DUPLICATE_LINE', '同一商品在退款中出现了两次');
    seen.add(want.productId);
    const line = order.lines.find((l) => l.productId === want.productId);
    if (!line) throw new DomainError('ORDER.INVALID_AMOUNT', `订单中没有商品 ${want.productId}`);
    const open = line.paidFen - (refunded.get(line.productId) ?? 0);
    const fen = want.fen ?? open;
    if (fen <= 0 || fen > open) throw new DomainError('ORDER.REFUND_TOO_LARGE', `${line.name}最多还可退 ${open} 分`);
    return { productId: line.productId, fen };
  });
  if (lines.length === 0) throw new DomainError('REQUEST.INVALID', '请选择要退款的商品');
  return { fen: lines.reduce((s, l) => s + l.fen, 0), lines };
}

/** Refunds a completed order in part or whole; points reversed once by the ledger's rules (services/orders.ts). */
export function refundStep(db: Db, staff: StaffIdentity, input: RefundInput, now: number): Promise<RefundStepResult> {
  const details = { lines: input.lines ?? null, amountFen: input.amountFen ?? null, whole: input.whole ?? false };
  const r: AuditRequest = { requestId: input.requestId, action: 'order.refund', target: orderTarget(input.orderId), reason: input.reason, details, now };
  const refundId = refundIdFor(staff, input.requestId);
  let plan: { fen: number; lines: { productId: string; fen: number }[] } | null = null;
  return claimedStep(
    db,
    staff,
    r,
    async (tx) => {
      const order = await orderIn(tx, input.orderId);
      if (order.completedAt === null) throw new DomainError('ORDER.NOT_COMPLETED');
      // A refunded order is refused as an illegal step before any amount is looked at.
      applyTransition(forTransition(order), 'refund_partial');
      const p = planRefund(order, input);
      if (p.fen <= 0) throw new DomainError('ORDER.REFUND_TOO_LARGE', '该订单已全部退款');
      const full = order.refundedFen + p.fen === order.paidFen;
      const after = applyTransition(forTransition(order), full ? 'refund_full' : 'refund_partial');
      plan = p;
      return { before: { status: order.status, refundedFen: order.refundedFen }, after: { status: after, refundedFen: order.refundedFen + p.fen, fen: p.fen, lines: p.lines } };
    },
    async () => {
      // A retry after a crash has no plan in memory: the order already records this refund id.
      const current = await dbGet<OrderDoc>(db, C.orders, input.orderId);
      if (!current) throw new DomainError('ORDER.NOT_FOUND');
      const recorded = current.refunds.find((x) => x.refundId === refundId);
      const p = recorded ? { fen: recorded.fen, lines: recorded.lines } : (plan ?? planRefund(current, input));
      const done = await refundOrder(db, { orderId: input.orderId, refundId, refundFen: p.fen, lines: p.lines, reason: input.reason, by: staffActor(staff) }, now);
      const after = await dbGet<OrderDoc>(db, C.orders, input.orderId);
      const status = after?.status ?? current.status;
      return { ...stepResult(input.orderId, status), refundFen: p.fen, reversedPoints: done.reversedPoints, owedPoints: done.owedPoints, refundedFen: after?.refundedFen ?? current.refundedFen, full: status === 'refunded' };
    },
  );
}
