/**
 * The service case as stored (collection `complaints`; one document per case, its thread inside) and
 * the ids that make its writes idempotent. Complaints, enquiries and suggestions share the model.
 */
import { createHash } from 'node:crypto';
import type { CaseCategory, CaseStatus, CaseType } from '../core/cases/stateMachine';
import type { OutcomeKind, RootCause } from '../core/cases/rules';
import type { TierId } from '../core/tiers/rules';

/** The most messages a thread keeps (a case that needs more is a phone call). */
export const MAX_THREAD = 200;
export const MAX_CASE_PHOTOS = 6;
export const MAX_CASE_TEXT = 500;
export const MAX_REPLY_TEXT = 500;

export type PhotoStatus = 'pending' | 'passed' | 'unchecked' | 'approved' | 'rejected';

export interface CasePhoto {
  fileId: string;
  /** pending/unchecked: staff only until it passes or a staff member approves it. */
  status: PhotoStatus;
  traceId: string | null;
}

export interface CaseAuthor { kind: 'customer' | 'staff' | 'system'; id: string | null; name: string }

export interface CaseMessage {
  id: string;
  by: CaseAuthor;
  text: string;
  photos: CasePhoto[];
  at: number;
  /** Staff-only note (not shown to the customer). */
  internal: boolean;
  /** What the content check said of the text. */
  check: 'pass' | 'review' | 'unchecked';
}

/** The resolution clock's log: `start`, `pause` (待客户补充), `resume`, `stop` (resolved), `reopen`. */
export interface ClockEntry { type: 'start' | 'pause' | 'resume' | 'stop' | 'reopen'; at: number }

export type CompensationDoc =
  | { kind: 'points'; points: number; key: string }
  | { kind: 'coupon'; couponId: string; templateId: string; title: string }
  | { kind: 'refund'; orderId: string; refundFen: number; requestId: string };

export interface ResolutionDoc {
  round: number;
  outcome: OutcomeKind;
  note: string;
  by: CaseAuthor;
  at: number;
  compensation: CompensationDoc | null;
  reversed: { by: CaseAuthor; reason: string; at: number } | null;
}

export interface CaseSlaDoc {
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  /** When 80 % (configurable) of the running target is used; null when nothing runs. */
  warnAt: number | null;
  breachedFirstResponse: boolean;
  breachedResolution: boolean;
  /** The manager was told of the breach (once per target). */
  breachNotified: { firstResponse: boolean; resolution: boolean };
  warned: { firstResponse: boolean; resolution: boolean };
  /**
   * The running deadline lies after the years the holiday data covers: it may move once next year's
   * public holidays are entered (core/sla: such days count as plain weekdays until then).
   */
  provisional: boolean;
  /** Target minutes used, for the view (business minutes). */
  firstResponseTarget: number;
  resolutionTarget: number;
}

export interface CaseDoc {
  _id: string;
  memberId: string;
  memberNo: string;
  memberName: string;
  /** The tier when filed: it sets the targets. */
  tier: TierId;
  tierName: string;
  region: string;
  type: CaseType;
  category: CaseCategory;
  orderId: string | null;
  productIds: string[];
  preferredContact: string | null;
  source: 'customer' | 'survey' | 'staff';
  status: CaseStatus;
  /**
   * 1 while isActive(status): the desk's open work (index with dueAt). A number, not a boolean: the
   * local engine's expression indexes serve numbers, and the cloud database indexes either.
   */
  active: 0 | 1;
  /** Sort key of the queue: the nearest running deadline; far future while paused or resolved. */
  dueAt: number;
  assignee: { id: string; name: string } | null;
  /** `assignee.id` or '' (an index cannot hold null reliably in every engine). */
  assigneeId: string;
  thread: CaseMessage[];
  /** Photos of the case (the first message's), with their check status. */
  firstResponseAt: number | null;
  clock: ClockEntry[];
  sla: CaseSlaDoc;
  resolution: ResolutionDoc | null;
  resolutions: number;
  rating: { score: number; reason: string | null; at: number } | null;
  callback: { assigneeId: string; assigneeName: string; dueAt: number; doneAt: number | null; note: string | null } | null;
  rootCause: RootCause | null;
  autoClosed: boolean;
  resolvedAt: number | null;
  closedAt: number | null;
  /** Unread by the customer (a staff reply they have not opened). */
  customerUnread: boolean;
  request: { id: string; fingerprint: string } | null;
  createdAt: number;
  updatedAt: number;
}

/** A case's id from the member and the client request id: a retried submit finds the case it wrote. */
export const caseIdFor = (memberId: string, requestId: string): string =>
  `K${createHash('sha256').update(`case:${memberId}:${requestId}`).digest('hex').slice(0, 15).toUpperCase()}`;

/** A message's id from the case and the request that wrote it: a retried reply finds itself in the thread. */
export const messageIdFor = (caseId: string, requestId: string): string =>
  `M${createHash('sha256').update(`msg:${caseId}:${requestId}`).digest('hex').slice(0, 11).toUpperCase()}`;

/** Far beyond any deadline: paused and resolved cases sort after every running one. */
export const NO_DEADLINE = 8_000_000_000_000_000;
