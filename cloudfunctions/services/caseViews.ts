/**
 * What a customer and a staff member see of a case. The customer's view leaves out internal notes
 * and photos that have not passed the content check; photo links are temporary and made per request.
 */
import { CASE_CATEGORY_LABELS, CASE_STATUS_LABELS, CASE_TYPE_LABELS, isActive, type CaseCategory, type CaseStatus, type CaseType } from '../core/cases/stateMachine';
import { OUTCOME_LABELS, ROOT_CAUSE_LABELS, type OutcomeKind, type RootCause } from '../core/cases/rules';
import type { CaseConfig } from '../core/cases/rules';
import type { TierId } from '../core/tiers/rules';
import { fileStorage } from '../ports/storage';
import { formatPromise } from './caseClock';
import type { CaseDoc, CaseMessage, CasePhoto, PhotoStatus } from './caseModel';

export interface CasePhotoView { fileId: string; url: string | null; status: PhotoStatus; staffOnly: boolean }
export interface CaseMessageView { id: string; by: 'customer' | 'staff' | 'system'; name: string; text: string; photos: CasePhotoView[]; at: number; internal: boolean; flagged: boolean }

export interface CaseSummaryView {
  id: string;
  type: CaseType;
  typeLabel: string;
  category: CaseCategory;
  categoryLabel: string;
  status: CaseStatus;
  statusLabel: string;
  excerpt: string;
  orderId: string | null;
  createdAt: number;
  updatedAt: number;
  unread: boolean;
}

export interface CaseCustomerView extends CaseSummaryView {
  /** The promise in plain words: "我们将在 12月3日 11:30 前回复您（工作时间 3 小时内）". */
  promise: string | null;
  thread: CaseMessageView[];
  resolution: { outcome: OutcomeKind; outcomeLabel: string; note: string; at: number; compensation: string | null; reversed: boolean } | null;
  rating: { score: number; reason: string | null } | null;
  canRate: boolean;
  canReopen: boolean;
  reopenUntil: number | null;
  canAddMessage: boolean;
  preferredContact: string | null;
}

export interface CaseQueueRow {
  id: string;
  type: CaseType;
  typeLabel: string;
  category: CaseCategory;
  categoryLabel: string;
  status: CaseStatus;
  statusLabel: string;
  memberName: string;
  memberNo: string;
  tier: TierId;
  tierName: string;
  excerpt: string;
  assignee: string | null;
  assigneeId: string | null;
  /** The running deadline (wall clock ms), null while paused. */
  dueAt: number | null;
  dueKind: 'first_response' | 'resolution' | null;
  warnAt: number | null;
  breached: boolean;
  paused: boolean;
  createdAt: number;
}

export interface CaseStaffView extends CaseQueueRow {
  orderId: string | null;
  productIds: string[];
  preferredContact: string | null;
  region: string;
  thread: CaseMessageView[];
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  firstResponseAt: number | null;
  breachedFirstResponse: boolean;
  breachedResolution: boolean;
  /** The deadline falls in a year whose public holidays are not entered yet (it may come early). */
  provisional: boolean;
  resolution: { round: number; outcome: OutcomeKind; outcomeLabel: string; note: string; by: string; at: number; compensation: string | null; compensationKind: 'points' | 'coupon' | 'refund' | null; reversed: { by: string; reason: string; at: number } | null } | null;
  rating: { score: number; reason: string | null } | null;
  callback: { assigneeName: string; dueAt: number; doneAt: number | null; note: string | null } | null;
  rootCause: RootCause | null;
  rootCauseLabel: string | null;
  autoClosed: boolean;
  /** Photos waiting for the check or a staff approval. */
  photosToReview: number;
}

const excerpt = (c: CaseDoc): string => (c.thread[0]?.text ?? '').slice(0, 60);

export const customerCanSee = (p: CasePhoto): boolean => p.status === 'passed' || p.status === 'approved';

/** What every view of a case starts with: its id, type, category and status, with their words. */
const heading = (c: CaseDoc) => ({
  id: c._id,
  type: c.type,
  typeLabel: CASE_TYPE_LABELS[c.type],
  category: c.category,
  categoryLabel: CASE_CATEGORY_LABELS[c.category],
  status: c.status,
  statusLabel: CASE_STATUS_LABELS[c.status],
});

function summary(c: CaseDoc): CaseSummaryView {
  return {
    ...heading(c),
    excerpt: excerpt(c),
    orderId: c.orderId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    unread: c.customerUnread,
  };
}

export const caseSummaryView = summary;

/** Temporary links for the photos a viewer may see, made in one storage call. */
async function photoUrls(photos: CasePhoto[]): Promise<Map<string, string>> {
  if (photos.length === 0) return new Map();
  try {
    const urls = await fileStorage().temporaryUrls(photos.map((p) => p.fileId), 3600);
    return new Map(Object.entries(urls));
  } catch {
    // A storage hiccup must not hide the case: the photos show as unavailable.
    return new Map();
  }
}

function compensationText(c: CaseDoc['resolution']): string | null {
  const comp = c?.compensation;
  if (!comp) return null;
  if (comp.kind === 'points') return `补偿 ${comp.points} 积分`;
  if (comp.kind === 'coupon') return `补偿优惠券「${comp.title}」`;
  return `退款 ¥${(comp.refundFen / 100).toFixed(2)}`;
}

async function threadView(thread: CaseMessage[], forStaff: boolean): Promise<CaseMessageView[]> {
  const visible = forStaff ? thread : thread.filter((m) => !m.internal);
  // The customer sees their own uploads at once (they sent them); staff photos only once they pass.
  const mayShow = (m: CaseMessage, p: CasePhoto) => forStaff || customerCanSee(p) || m.by.kind === 'customer';
  const photos = visible.flatMap((m) => m.photos.filter((p) => mayShow(m, p)));
  const urls = await photoUrls(photos);
  return visible.map((m) => ({
    id: m.id,
    by: m.by.kind,
    name: m.by.kind === 'staff' && !forStaff ? `客服 ${m.by.name}` : m.by.name,
    text: m.text,
    photos: m.photos
      .filter((p) => mayShow(m, p))
      .map((p) => ({ fileId: p.fileId, url: urls.get(p.fileId) ?? null, status: p.status, staffOnly: !customerCanSee(p) })),
    at: m.at,
    internal: m.internal,
    flagged: m.check !== 'pass',
  }));
}

export async function caseCustomerView(c: CaseDoc, config: CaseConfig, now: number): Promise<CaseCustomerView> {
  const reopenUntil = c.resolvedAt !== null ? c.resolvedAt + config.reopenDays * 86_400_000 : null;
  const resolvedish = c.status === 'resolved' || c.status === 'closed';
  return {
    ...summary(c),
    promise: formatPromise(c, now),
    thread: await threadView(c.thread, false),
    resolution: c.resolution
      ? { outcome: c.resolution.outcome, outcomeLabel: OUTCOME_LABELS[c.resolution.outcome], note: c.resolution.note, at: c.resolution.at, compensation: compensationText(c.resolution), reversed: c.resolution.reversed !== null }
      : null,
    rating: c.rating ? { score: c.rating.score, reason: c.rating.reason } : null,
    canRate: resolvedish && c.rating === null && !c.autoClosed,
    canReopen: resolvedish && reopenUntil !== null && now <= reopenUntil,
    reopenUntil: resolvedish ? reopenUntil : null,
    canAddMessage: isActive(c.status),
    preferredContact: c.preferredContact,
  };
}

/** The deadline the queue sorts by: first response until answered, then resolution. */
export function queueRow(c: CaseDoc): CaseQueueRow {
  const answered = c.firstResponseAt !== null;
  const dueAt = answered ? c.sla.resolutionDueAt : c.sla.firstResponseDueAt;
  return {
    ...heading(c),
    memberName: c.memberName,
    memberNo: c.memberNo,
    tier: c.tier,
    tierName: c.tierName,
    excerpt: excerpt(c),
    assignee: c.assignee?.name ?? null,
    assigneeId: c.assignee?.id ?? null,
    dueAt: isActive(c.status) ? dueAt : null,
    dueKind: !isActive(c.status) ? null : answered ? 'resolution' : 'first_response',
    warnAt: isActive(c.status) ? c.sla.warnAt : null,
    breached: c.sla.breachedFirstResponse || c.sla.breachedResolution,
    paused: c.status === 'waiting_customer',
    createdAt: c.createdAt,
  };
}

export async function caseStaffView(c: CaseDoc): Promise<CaseStaffView> {
  const r = c.resolution;
  return {
    ...queueRow(c),
    orderId: c.orderId,
    productIds: c.productIds,
    preferredContact: c.preferredContact,
    region: c.region,
    thread: await threadView(c.thread, true),
    firstResponseDueAt: c.sla.firstResponseDueAt,
    resolutionDueAt: c.sla.resolutionDueAt,
    firstResponseAt: c.firstResponseAt,
    breachedFirstResponse: c.sla.breachedFirstResponse,
    breachedResolution: c.sla.breachedResolution,
    provisional: c.sla.provisional ?? false,
    resolution: r
      ? {
          round: r.round,
          outcome: r.outcome,
          outcomeLabel: OUTCOME_LABELS[r.outcome],
          note: r.note,
          by: r.by.name,
          at: r.at,
          compensation: compensationText(r),
          compensationKind: r.compensation?.kind ?? null,
          reversed: r.reversed ? { by: r.reversed.by.name, reason: r.reversed.reason, at: r.reversed.at } : null,
        }
      : null,
    rating: c.rating ? { score: c.rating.score, reason: c.rating.reason } : null,
    callback: c.callback ? { assigneeName: c.callback.assigneeName, dueAt: c.callback.dueAt, doneAt: c.callback.doneAt, note: c.callback.note } : null,
    rootCause: c.rootCause,
    rootCauseLabel: c.rootCause ? ROOT_CAUSE_LABELS[c.rootCause] : null,
    autoClosed: c.autoClosed,
    photosToReview: c.thread.flatMap((m) => m.photos).filter((p) => !customerCanSee(p) && p.status !== 'rejected').length,
  };
}
