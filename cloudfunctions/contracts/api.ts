/**
 * The wire contract between the mini-program and the cloud functions: types only, so the front end
 * can import it without pulling any server code into the bundle (every import here is `import type`).
 * Money is integer fen; instants are epoch milliseconds; calendar days are 'YYYY-MM-DD' strings in
 * Asia/Shanghai. Types that mirror the core are derived from it, not written twice. Which action
 * takes and returns what is derived from the functions themselves: see `apiMap.ts`.
 */
import type { CouponSource, CouponStatus } from '../core/coupons/coupon';
import type { ServerErrorCode } from '../core/errorCodes';
import type { Movement, MovementType } from '../core/points/account';
import type { StaffRole } from '../core/staff/roles';
import type { TierChangeKind } from '../core/tiers/membership';
import type { TierId } from '../core/tiers/rules';

export type { MovementType, TierId };
export type CustomerKind = 'household' | 'group_leader' | 'restaurant' | 'canteen' | 'chain';
export type { StaffRole };
export type Role = 'customer' | StaffRole;

export interface ErrorBody { code: ServerErrorCode; message: string }
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Every call is `{ action, payload }`; the caller's identity never travels in it. */
export interface CloudEvent<P = unknown> { action: string; payload?: P }

export interface TierBenefitsView {
  /** Discount off the list price in basis points (500 = 5% off, shown as 9.5折). */
  discountBp: number;
  /** Points multiplier in percent (150 = 1.5×). */
  pointsMultiplierPct: number;
  priorityDelivery: boolean;
  dedicatedContact: boolean;
  perks: string[];
}

export interface TierView { id: TierId; name: string; benefits: TierBenefitsView }

/** What is still missing to satisfy a tier rule; absent fields are already met. */
export interface TierGapView {
  spendFen?: number;
  tenureDays?: number;
  activeMonths?: number;
  repeatPurchases?: number;
}

export interface TierMetricsView {
  annualSpendFen: number;
  tenureDays: number;
  activeMonths: number;
  repeatPurchases: number;
}

export interface MemberCardView {
  memberNo: string;
  displayName: string;
  kind: CustomerKind;
  tier: TierView & { source: 'rules' | 'override'; overrideUntil: string | null };
  points: { available: number; pending: number; owed: number; expiringSoon: { points: number; on: string } | null };
  metrics: TierMetricsView;
  /** Null at the top tier. */
  progress: { next: { id: TierId; name: string }; gaps: TierGapView } | null;
  /** Present when the next review would move the member down: what keeps the tier. */
  downgradeWarning: { reviewOn: string; to: { id: TierId; name: string }; keep: TierGapView } | null;
  contact: { name: string; phone: string } | null;
}

export interface MemberCodeView { token: string; expiresAt: number; ttlSeconds: number }

export interface WhoAmIView { role: Role; displayName: string; memberNo: string | null }

/** Local mode only: the demo identities the H5 dev switch offers. */
export interface DemoIdentityView { openid: string; label: string; role: Role; tier: TierId | null; kind: CustomerKind | null }

/** Where an order's earned points are now: its one row changes state instead of a second credit. */
export type EarnStateView =
  /** Still in the order's after-sales window: usable from `until` ('YYYY-MM-DD'). */
  | { kind: 'pending'; until: string }
  /** Became usable on `on` (the settlement; any owed points it paid back are part of it). */
  | { kind: 'settled'; on: string }
  /** Expired before the window closed (an order recorded very late); the expiry row takes them back. */
  | { kind: 'expired'; on: string }
  /** Refunded in full before the window closed; the refund row takes them back. */
  | { kind: 'reversed' };

/**
 * One ledger movement as a row. Derived from the core's movement; `amount` is what a customer counts:
 * availableDelta + pendingDelta − owedDelta. A settlement always nets 0, so customers never see it as
 * a row, and the amounts of all customer rows add up to available + pending − owed.
 */
export type MovementView = Pick<Movement, 'key' | 'type' | 'at' | 'availableDelta' | 'pendingDelta' | 'owedDelta' | 'source' | 'reason'> & {
  amount: number;
  /** Earn rows only: the state of the order's points; null for every other type. */
  state: EarnStateView | null;
};

export interface Page<T> { items: T[]; page: number; pageSize: number; hasMore: boolean }

export interface PointsSummaryView {
  available: number;
  pending: number;
  owed: number;
  nextUsable: { points: number; on: string } | null;
  expiringSoon: { points: number; on: string; totalWithinWindow: number } | null;
  /** How the rules work, for the help text on the points page. */
  rules: { pointsPerYuan: number; settleAfterDays: number; expiry: string };
}

export interface CouponTemplateView {
  id: string;
  title: string;
  description: string;
  costPoints: number;
  validDays: number;
  perMemberLimit: number | null;
  redeemedByMe: number;
}

export type CouponStatusView = CouponStatus;

export interface CouponView {
  id: string;
  templateId: string;
  title: string;
  description: string;
  source: CouponSource;
  issuedAt: number;
  lastValidDay: string;
  status: CouponStatusView;
}

export interface RedeemResultView { coupon: CouponView; cost: number; availableAfter: number }

export interface TierHistoryView { kind: TierChangeKind; from: TierId; to: TierId; at: number; ruleId: string; reason: string; by: string | null }

export interface StaffMemberView {
  memberNo: string;
  displayName: string;
  kind: CustomerKind;
  region: string;
  phone: string | null;
  joinedAt: number;
  card: MemberCardView;
  /** Every tier, lowest first, with its configured name (for choosing one and naming history). */
  tiers: { id: TierId; name: string }[];
  tierOverride: { tier: TierId; until: string; reason: string; by: string } | null;
}

export type AuditAction = 'points.adjust' | 'tier.override' | 'approval.request' | 'approval.approve' | 'approval.reject' | 'team.invite' | 'team.join' | 'team.deactivate';

/** One entry of a member's audit trail: what staff changed, by whom and why. */
export interface AuditEntryView {
  id: string;
  actorName: string;
  role: StaffRole;
  action: AuditAction;
  target: string;
  reason: string;
  at: number;
  details: Record<string, unknown>;
}

export interface AdjustResultView { memberNo: string; delta: number; available: number; owed: number }
/** A clerk's adjustment over the cap, or a non-manager's tier override: a request, not applied (「已提交店长审批」). */
export interface ApprovalPendingView { status: 'pending'; approvalId: string; memberNo: string; message: string }
export interface OverrideResultView { memberNo: string; tier: TierId; until: string }
