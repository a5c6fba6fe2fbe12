/**
 * The points ledger of one member: a small JSON document (the account) and pure commands that return
 * the next account plus the movements that explain the change. Commands never mutate their input.
 *
 * Balances
 * - `available`: usable now, held in `lots` grouped by expiry instant (one lot per expiry day).
 * - `pending`: earned on orders still inside their after-sales window (`pendingLots`, one per order).
 * - `owed`: points a refund should have taken back but the customer had already spent. Owed points
 *   are never taken from a balance later; they are recovered from later credits (a settlement or a
 *   positive adjustment pays `owed` first). Hence `owed > 0` implies `available === 0`.
 *
 * Time
 * - The account records `asOf`, the latest instant it has been brought to. The ledger never runs
 *   backwards: a command whose `now` is earlier than `asOf` is applied at `asOf`.
 * - `bringCurrent` replays what happened in (asOf, now] in chronological order: a pending lot settles
 *   at its `usableAt`, a lot expires at its `expiresAt` (at the same instant settlements come first).
 *   The result does not depend on how often it runs: bringing an account to t1 and then to t2 gives the
 *   same account as bringing it to t2 at once.
 * - A pending lot that is found due later than its `usableAt` (only when an order is recorded after
 *   its window already closed) settles at `asOf`; if its points expired before that instant they go
 *   straight from pending to expired (key `expire:order:<orderId>`) and never pay `owed`.
 *
 * Movement keys are deterministic (`earn:<orderId>`, `settle:<orderId>`, `expire:<lotId>`,
 * `expire:order:<orderId>`, `redeem:<redemptionId>`, `refund:<orderId>:<refundId>`,
 * `adjust:<adjustmentId>`); the caller stores each movement under its key, which makes retries
 * idempotent. A lot id is a 'YYYY-MM-DD' day (or 'never'), so `expire:order:…` cannot collide with it.
 */
import { DomainError } from '../errors';
import { DAY_MS, dayKey } from '../time';
import type { PointsConfig } from './config';
import { compareExpiry, expiresAtFor, lotIdFor, pointsForPayment } from './rules';

export interface PointsLot {
  /** 'YYYY-MM-DD', the last Shanghai day the points are usable; 'never' for no expiry. */
  id: string;
  /** Exclusive end: usable while now < expiresAt. */
  expiresAt: number | null;
  remaining: number;
}

export interface PendingLot {
  orderId: string;
  points: number;
  earnedAt: number;
  usableAt: number;
  expiresAt: number | null;
}

export interface PointsAccount {
  /** The latest instant the account has been brought to; null for a new account. */
  asOf: number | null;
  available: number;
  pending: number;
  owed: number;
  /** Sorted soonest expiry first, 'never' last; every lot has remaining > 0. */
  lots: PointsLot[];
  /** One per order, in the order they were earned; every lot has points > 0. */
  pendingLots: PendingLot[];
}

export type MovementType = 'earn' | 'settle' | 'redeem' | 'refund_reversal' | 'expire' | 'adjust';
export type MovementSourceKind = 'order' | 'refund' | 'redemption' | 'staff' | 'complaint' | 'system';

export interface Movement {
  /** Deterministic from the command's inputs: the document id that makes retries idempotent. */
  key: string;
  type: MovementType;
  at: number;
  availableDelta: number;
  pendingDelta: number;
  owedDelta: number;
  source: { kind: MovementSourceKind; id: string };
  /** Shown to the customer. */
  reason: string;
  /** The expiry of the points credited (earn, settle, positive adjust) or expired. */
  expiresAt?: number | null;
}

export interface CommandResult {
  account: PointsAccount;
  movements: Movement[];
}

export interface EarnInput {
  orderId: string;
  paidFen: number;
  /** Tier points multiplier in percent (150 = 1.5×). */
  multiplierPct: number;
  completedAt: number;
  /** When the order is recorded; defaults to completedAt. */
  now?: number;
}

export interface RedeemInput {
  redemptionId: string;
  cost: number;
  now: number;
  reason: string;
}

export interface RefundReversalInput {
  orderId: string;
  refundId: string;
  /** From `refundReversal(...)`; 0 is allowed and reverses nothing. */
  points: number;
  now: number;
  /**
   * The expiry the order's points were given (the `expiresAt` of its earn movement), so a reversal
   * after settlement takes from that order's own lot first. Read from the pending lot while the
   * order is still pending; when omitted after settlement, lots are used soonest-expiry first.
   */
  orderExpiresAt?: number | null;
}

export type AdjustSourceKind = 'staff' | 'complaint' | 'system';

export interface AdjustInput {
  adjustmentId: string;
  /** Non-zero integer; positive credits, negative debits. */
  delta: number;
  now: number;
  reason: string;
  source: { kind: AdjustSourceKind; id: string };
}

export interface ConsumedPart {
  lotId: string;
  expiresAt: number | null;
  points: number;
}

export interface PointsSummary {
  available: number;
  pending: number;
  owed: number;
  /** The earliest Shanghai day pending points become usable, and how many (before paying `owed`). */
  nextUsable: { points: number; on: string } | null;
  /**
   * The soonest-expiring lot if it expires within `expiringSoonDays`: its points and its last usable
   * day; `totalWithinWindow` adds up every lot expiring within the window.
   */
  expiringSoon: { points: number; on: string; totalWithinWindow: number } | null;
}

export interface Balances {
  available: number;
  pending: number;
  owed: number;
}

export interface ReconcileResult {
  ok: boolean;
  /** Sums of the movements' deltas. */
  expected: Balances;
  actual: Balances;
  problems: string[];
}

// ---------------------------------------------------------------------------------------------------
// helpers

const invalidInput = (what: string, details?: Record<string, unknown>) =>
  new DomainError('POINTS.INVALID_INPUT', `${what}无效`, details);
const invalidAmount = (what: string, details?: Record<string, unknown>) =>
  new DomainError('POINTS.INVALID_AMOUNT', `${what}无效`, details);

function requireId(value: unknown, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw invalidInput(what, { value });
}

function requireInstant(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidInput(what, { value });
}

function requireReason(value: unknown): void {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalidInput('说明', { value });
}

function clone(account: PointsAccount): PointsAccount {
  return {
    asOf: account.asOf,
    available: account.available,
    pending: account.pending,
    owed: account.owed,
    lots: account.lots.map((l) => ({ ...l })),
    pendingLots: account.pendingLots.map((p) => ({ ...p })),
  };
}

const effectiveNow = (account: PointsAccount, now: number): number =>
  account.asOf === null ? now : Math.max(account.asOf, now);

/** Adds points to the lot with that expiry (merging), keeping lots sorted. Mutates the draft. */
function creditLot(draft: PointsAccount, expiresAt: number | null, points: number): void {
  const existing = draft.lots.find((l) => l.expiresAt === expiresAt);
  if (existing) {
    existing.remaining += points;
  } else {
    draft.lots.push({ id: lotIdFor(expiresAt), expiresAt, remaining: points });
    draft.lots.sort((a, b) => compareExpiry(a.expiresAt, b.expiresAt));
  }
  draft.available += points;
}

/** Takes up to `points` from one lot; returns how many it took. Mutates the draft. */
function takeFromLot(draft: PointsAccount, lot: PointsLot, points: number, parts: ConsumedPart[]): number {
  const take = Math.min(lot.remaining, points);
  if (take > 0) {
    lot.remaining -= take;
    draft.available -= take;
    parts.push({ lotId: lot.id, expiresAt: lot.expiresAt, points: take });
  }
  return take;
}

/** Consumes up to `points`, soonest expiry first; returns what it could not take. Mutates the draft. */
function consumeSoonestFirst(draft: PointsAccount, points: number, parts: ConsumedPart[]): number {
  let left = points;
  for (const lot of draft.lots) {
    if (left === 0) break;
    left -= takeFromLot(draft, lot, left, parts);
  }
  draft.lots = draft.lots.filter((l) => l.remaining > 0);
  return left;
}

const fmtDay = (ms: number) => dayKey(ms);

/** Negation without -0, so movements serialise and compare cleanly. */
const neg = (n: number): number => (n === 0 ? 0 : -n);

// ---------------------------------------------------------------------------------------------------
// commands

export function emptyAccount(): PointsAccount {
  return { asOf: null, available: 0, pending: 0, owed: 0, lots: [], pendingLots: [] };
}

/**
 * Settles pending lots whose usableAt ≤ now and expires lots whose expiresAt ≤ now, in chronological
 * order. A settlement pays `owed` first; expiry takes only the points still remaining in the lot.
 */
export function bringCurrent(account: PointsAccount, now: number): CommandResult {
  requireInstant(now, '时间');
  const draft = clone(account);
  const movements: Movement[] = [];
  const until = effectiveNow(account, now);
  const from = account.asOf;

  const due = draft.pendingLots
    .filter((p) => p.usableAt <= until)
    .map((p) => ({ at: from === null ? p.usableAt : Math.max(p.usableAt, from), lot: p }))
    .sort((a, b) => a.at - b.at || compareExpiry(a.lot.expiresAt, b.lot.expiresAt) || (a.lot.orderId < b.lot.orderId ? -1 : a.lot.orderId > b.lot.orderId ? 1 : 0));
  draft.pendingLots = draft.pendingLots.filter((p) => p.usableAt > until);

  let i = 0;
  for (;;) {
    const settle = due[i];
    const head = draft.lots[0];
    const expiring = head && head.expiresAt !== null && head.expiresAt <= until ? head : undefined;
    if (!settle && !expiring) break;

    if (settle && (!expiring || settle.at <= (expiring.expiresAt as number))) {
      i += 1;
      const { lot, at } = settle;
      draft.pending -= lot.points;
      if (lot.expiresAt !== null && lot.expiresAt <= at) {
        movements.push({
          key: `expire:order:${lot.orderId}`,
          type: 'expire',
          at,
          availableDelta: 0,
          pendingDelta: neg(lot.points),
          owedDelta: 0,
          source: { kind: 'order', id: lot.orderId },
          reason: `订单积分${lot.points}分在到账前已过期（有效期至${lotIdFor(lot.expiresAt)}）`,
          expiresAt: lot.expiresAt,
        });
        continue;
      }
      const repay = Math.min(draft.owed, lot.points);
      draft.owed -= repay;
      const credit = lot.points - repay;
      if (credit > 0) creditLot(draft, lot.expiresAt, credit);
      movements.push({
        key: `settle:${lot.orderId}`,
        type: 'settle',
        at,
        availableDelta: credit,
        pendingDelta: neg(lot.points),
        owedDelta: neg(repay),
        source: { kind: 'order', id: lot.orderId },
        reason:
          repay > 0
            ? `订单售后期结束，${lot.points}积分到账，其中${repay}分抵扣此前退款应扣回的积分`
            : `订单售后期结束，${lot.points}积分到账`,
        expiresAt: lot.expiresAt,
      });
      continue;
    }

    const lot = expiring as PointsLot;
    draft.lots.shift();
    draft.available -= lot.remaining;
    movements.push({
      key: `expire:${lot.id}`,
      type: 'expire',
      at: lot.expiresAt as number,
      availableDelta: neg(lot.remaining),
      pendingDelta: 0,
      owedDelta: 0,
      source: { kind: 'system', id: lot.id },
      reason: `${lot.remaining}积分已过期（有效期至${lot.id}）`,
      expiresAt: lot.expiresAt,
    });
  }

  draft.asOf = until;
  return { account: draft, movements };
}

/**
 * Records the points an order earned as a pending lot (usable after the after-sales window, expiry
 * from the policy counted from completion). Zero points produce no movement.
 */
export function earn(account: PointsAccount, input: EarnInput, config: PointsConfig): CommandResult & { points: number } {
  requireId(input.orderId, '订单号');
  requireInstant(input.completedAt, '完成时间');
  if (input.now !== undefined) requireInstant(input.now, '时间');
  const points = pointsForPayment(input.paidFen, input.multiplierPct, config);

  const before = bringCurrent(account, input.now ?? input.completedAt);
  if (before.account.pendingLots.some((p) => p.orderId === input.orderId)) {
    throw new DomainError('POINTS.DUPLICATE_ORDER', '该订单的积分已记录', { orderId: input.orderId });
  }
  if (points === 0) return { ...before, points };

  const draft = clone(before.account);
  const usableAt = input.completedAt + config.settleAfterDays * DAY_MS;
  const expiresAt = expiresAtFor(input.completedAt, config.expiry);
  draft.pendingLots.push({ orderId: input.orderId, points, earnedAt: input.completedAt, usableAt, expiresAt });
  draft.pending += points;
  const earned: Movement = {
    key: `earn:${input.orderId}`,
    type: 'earn',
    at: input.completedAt,
    availableDelta: 0,
    pendingDelta: points,
    owedDelta: 0,
    source: { kind: 'order', id: input.orderId },
    reason: `订单完成获得${points}积分，售后期结束后（${fmtDay(usableAt)}）到账`,
    expiresAt,
  };
  // An order recorded after its window closed settles at once.
  const after = bringCurrent(draft, draft.asOf ?? usableAt);
  return { account: after.account, movements: [...before.movements, earned, ...after.movements], points };
}

/** Spends points, soonest-expiring first (never-expiring last). */
export function redeem(account: PointsAccount, input: RedeemInput): CommandResult & { consumed: ConsumedPart[] } {
  requireId(input.redemptionId, '兑换单号');
  requireReason(input.reason);
  if (!Number.isSafeInteger(input.cost) || input.cost <= 0) throw invalidAmount('兑换积分', { cost: input.cost });
  const before = bringCurrent(account, input.now);
  if (before.account.available < input.cost) {
    throw new DomainError('POINTS.INSUFFICIENT_BALANCE', '积分不足', {
      available: before.account.available,
      cost: input.cost,
    });
  }
  const draft = clone(before.account);
  const consumed: ConsumedPart[] = [];
  consumeSoonestFirst(draft, input.cost, consumed);
  const movement: Movement = {
    key: `redeem:${input.redemptionId}`,
    type: 'redeem',
    at: draft.asOf as number,
    availableDelta: neg(input.cost),
    pendingDelta: 0,
    owedDelta: 0,
    source: { kind: 'redemption', id: input.redemptionId },
    reason: input.reason,
  };
  return { account: draft, movements: [...before.movements, movement], consumed };
}

/**
 * Takes back the points a refund reverses: from the order's pending lot first, then from available
 * points (the order's own expiry lot first, then soonest expiry); what was already spent becomes
 * `owed`, recovered from later credits.
 */
export function reverseForRefund(
  account: PointsAccount,
  input: RefundReversalInput,
): CommandResult & { fromPending: number; fromAvailable: number; owed: number } {
  requireId(input.orderId, '订单号');
  requireId(input.refundId, '退款单号');
  if (!Number.isSafeInteger(input.points) || input.points < 0) throw invalidAmount('扣回积分', { points: input.points });
  if (input.orderExpiresAt !== undefined && input.orderExpiresAt !== null) requireInstant(input.orderExpiresAt, '到期时间');
  const before = bringCurrent(account, input.now);
  if (input.points === 0) return { ...before, fromPending: 0, fromAvailable: 0, owed: 0 };

  const draft = clone(before.account);
  let left = input.points;

  let fromPending = 0;
  let ownExpiry: number | null | undefined = input.orderExpiresAt;
  const pendingLot = draft.pendingLots.find((p) => p.orderId === input.orderId);
  if (pendingLot) {
    ownExpiry = pendingLot.expiresAt;
    fromPending = Math.min(pendingLot.points, left);
    pendingLot.points -= fromPending;
    draft.pending -= fromPending;
    left -= fromPending;
    draft.pendingLots = draft.pendingLots.filter((p) => p.points > 0);
  }

  const parts: ConsumedPart[] = [];
  if (left > 0 && ownExpiry !== undefined) {
    const own = draft.lots.find((l) => l.expiresAt === ownExpiry);
    if (own) left -= takeFromLot(draft, own, left, parts);
  }
  if (left > 0) left = consumeSoonestFirst(draft, left, parts);
  draft.lots = draft.lots.filter((l) => l.remaining > 0);
  const fromAvailable = parts.reduce((s, p) => s + p.points, 0);
  const owed = left;
  draft.owed += owed;

  const reason =
    owed > 0
      ? `订单退款，扣回${input.points}积分，其中${owed}分已使用，将从之后到账的积分中抵扣`
      : `订单退款，扣回${input.points}积分`;
  const movement: Movement = {
    key: `refund:${input.orderId}:${input.refundId}`,
    type: 'refund_reversal',
    at: draft.asOf as number,
    availableDelta: neg(fromAvailable),
    pendingDelta: neg(fromPending),
    owedDelta: owed,
    source: { kind: 'refund', id: input.refundId },
    reason,
  };
  return { account: draft, movements: [...before.movements, movement], fromPending, fromAvailable, owed };
}

/**
 * A staff adjustment. Positive: pays `owed` first, the rest becomes a lot with the policy's expiry
 * counted from `now`. Negative: consumes soonest expiry first; more than available is refused.
 */
export function adjust(account: PointsAccount, input: AdjustInput, config: PointsConfig): CommandResult {
  requireId(input.adjustmentId, '调整单号');
  requireReason(input.reason);
  requireId(input.source?.id, '调整来源');
  if (!['staff', 'complaint', 'system'].includes(input.source.kind)) throw invalidInput('调整来源', { kind: input.source.kind });
  if (!Number.isSafeInteger(input.delta) || input.delta === 0) throw invalidAmount('调整积分', { delta: input.delta });
  const before = bringCurrent(account, input.now);
  const draft = clone(before.account);
  const at = draft.asOf as number;
  const base = {
    key: `adjust:${input.adjustmentId}`,
    type: 'adjust' as const,
    at,
    source: { kind: input.source.kind, id: input.source.id },
    reason: input.reason,
  };

  let movement: Movement;
  if (input.delta > 0) {
    const repay = Math.min(draft.owed, input.delta);
    draft.owed -= repay;
    const credit = input.delta - repay;
    const expiresAt = expiresAtFor(at, config.expiry);
    if (credit > 0) creditLot(draft, expiresAt, credit);
    movement = { ...base, availableDelta: credit, pendingDelta: 0, owedDelta: neg(repay), expiresAt };
  } else {
    const debit = -input.delta;
    if (draft.available < debit) {
      throw new DomainError('POINTS.INSUFFICIENT_BALANCE', '积分不足', { available: draft.available, cost: debit });
    }
    consumeSoonestFirst(draft, debit, []);
    movement = { ...base, availableDelta: neg(debit), pendingDelta: 0, owedDelta: 0 };
  }
  return { account: draft, movements: [...before.movements, movement] };
}

/** What the member card shows, as of `now` (the account is brought current first). */
export function summary(account: PointsAccount, now: number, config: PointsConfig): PointsSummary {
  const current = bringCurrent(account, now).account;
  const asOf = current.asOf as number;

  let nextUsable: PointsSummary['nextUsable'] = null;
  const willSettle = current.pendingLots
    .filter((p) => p.expiresAt === null || p.expiresAt > p.usableAt)
    .sort((a, b) => a.usableAt - b.usableAt);
  const first = willSettle[0];
  if (first) {
    const on = fmtDay(first.usableAt);
    const points = willSettle.filter((p) => fmtDay(p.usableAt) === on).reduce((s, p) => s + p.points, 0);
    nextUsable = { points, on };
  }

  let expiringSoon: PointsSummary['expiringSoon'] = null;
  if (config.expiringSoonDays > 0) {
    const horizon = asOf + config.expiringSoonDays * DAY_MS;
    const soon = current.lots.filter((l) => l.expiresAt !== null && l.expiresAt <= horizon);
    const head = soon[0];
    if (head) {
      expiringSoon = {
        points: head.remaining,
        on: head.id,
        totalWithinWindow: soon.reduce((s, l) => s + l.remaining, 0),
      };
    }
  }

  return { available: current.available, pending: current.pending, owed: current.owed, nextUsable, expiringSoon };
}

/**
 * Checks an account against its movements: balances equal the sums of the deltas, available equals
 * the lots, pending equals the pending lots, nothing is negative, movement keys are unique.
 */
export function reconcile(account: PointsAccount, movements: readonly Movement[]): ReconcileResult {
  const expected: Balances = { available: 0, pending: 0, owed: 0 };
  const keys = new Set<string>();
  const problems: string[] = [];
  for (const m of movements) {
    expected.available += m.availableDelta;
    expected.pending += m.pendingDelta;
    expected.owed += m.owedDelta;
    if (keys.has(m.key)) problems.push(`duplicate movement key ${m.key}`);
    keys.add(m.key);
  }
  const actual: Balances = { available: account.available, pending: account.pending, owed: account.owed };
  for (const k of ['available', 'pending', 'owed'] as const) {
    if (expected[k] !== actual[k]) problems.push(`${k}: movements say ${expected[k]}, account says ${actual[k]}`);
    if (!Number.isSafeInteger(actual[k]) || actual[k] < 0) problems.push(`${k} is ${actual[k]}`);
  }
  const lotSum = account.lots.reduce((s, l) => s + l.remaining, 0);
  if (lotSum !== account.available) problems.push(`lots hold ${lotSum}, available is ${account.available}`);
  const pendingSum = account.pendingLots.reduce((s, p) => s + p.points, 0);
  if (pendingSum !== account.pending) problems.push(`pending lots hold ${pendingSum}, pending is ${account.pending}`);
  for (const l of account.lots) {
    if (!Number.isSafeInteger(l.remaining) || l.remaining <= 0) problems.push(`lot ${l.id} holds ${l.remaining}`);
  }
  for (const p of account.pendingLots) {
    if (!Number.isSafeInteger(p.points) || p.points <= 0) problems.push(`pending lot ${p.orderId} holds ${p.points}`);
  }
  if (account.owed > 0 && account.available > 0) problems.push('owed points while points are available');
  return { ok: problems.length === 0, expected, actual, problems };
}
