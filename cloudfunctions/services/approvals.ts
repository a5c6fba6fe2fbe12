/**
 * Approval requests (审批): a clerk's or agent's points adjustment over the caps, or their tier
 * override, waits in `approvals` until a manager approves or rejects it. Approving applies the change
 * through the same code a manager's own change runs (services/staffDesk.ts), under the key the
 * requester's direct change would have had, so it is applied exactly once however often it is
 * approved (retries, double taps). Both decisions are audited.
 */
import type { AdjustResultView, OverrideResultView, Page, StaffRole } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { DomainError } from '../core/errors';
import { APPROVAL_REASON_TEXT, type ApprovalReason } from '../core/staff/limits';
import { canDecide } from '../core/staff/roles';
import type { TierId } from '../core/tiers/rules';
import type { Db } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { C } from './collections';
import type { MemberDoc } from './members';
import { applyAdjustment, applyOverride, checkOverrideUntil, type ApprovalDoc, type AuditDoc } from './staffDesk';

export interface ApprovalView {
  approvalId: string;
  kind: ApprovalDoc['kind'];
  status: ApprovalDoc['status'];
  requesterName: string;
  requesterRole: StaffRole;
  memberNo: string;
  displayName: string;
  /** Points either way (adjustments), or the tier and its last day (overrides). */
  delta: number | null;
  tier: string | null;
  until: string | null;
  reason: string;
  why: ApprovalReason;
  whyText: string;
  createdAt: number;
  decidedAt: number | null;
  decidedByName: string | null;
  note: string | null;
}

export function approvalView(d: ApprovalDoc): ApprovalView {
  const p = d.params as { delta?: number; tier?: string; until?: string };
  return {
    approvalId: d._id,
    kind: d.kind,
    status: d.status,
    requesterName: d.requester.name,
    requesterRole: d.requester.role,
    memberNo: d.memberNo,
    displayName: d.displayName,
    delta: p.delta ?? null,
    tier: p.tier ?? null,
    until: p.until ?? null,
    reason: d.reason,
    why: d.why,
    whyText: APPROVAL_REASON_TEXT[d.why],
    createdAt: d.createdAt,
    decidedAt: d.decidedAt,
    decidedByName: d.decidedBy?.name ?? null,
    note: d.note,
  };
}

/** Requests waiting for a manager, oldest first (index status + createdAt). */
export async function listApprovals(db: Db, status: ApprovalDoc['status'], page: number, pageSize: number): Promise<Page<ApprovalView>> {
  const { data } = await db
    .collection(C.approvals)
    .where({ status })
    .orderBy('createdAt', status === 'pending' ? 'asc' : 'desc')
    .orderBy('_id', 'asc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .get();
  const docs = data as unknown as ApprovalDoc[];
  return { items: docs.slice(0, pageSize).map(approvalView), page, pageSize, hasMore: docs.length > pageSize };
}

export interface DecisionInput {
  approvalId: string;
  decision: 'approve' | 'reject';
  /** Why, for a rejection (required) or an approval (optional). */
  note?: string;
}

/**
 * Approves or rejects one request, in one transaction with its audit record. The same decision sent
 * again (a retry, a second tap, another manager agreeing) answers the stored outcome and changes
 * nothing; the opposite decision on a decided request is refused.
 */
export async function decideApproval(db: Db, manager: StaffIdentity, input: DecisionInput, config: AppConfig, now: number): Promise<ApprovalView> {
  const status = input.decision === 'approve' ? 'approved' : 'rejected';
  if (status === 'rejected' && !input.note) throw new DomainError('REQUEST.INVALID', '请填写驳回原因');
  return db.runTransaction(async (tx) => {
    const doc = await txGet<ApprovalDoc>(tx, C.approvals, input.approvalId);
    if (!doc) throw new DomainError('APPROVAL.NOT_FOUND');
    if (!canDecide(manager.role, manager.openid, doc.requester.openid)) throw new DomainError(doc.requester.openid === manager.openid ? 'APPROVAL.OWN_REQUEST' : 'AUTH.FORBIDDEN');
    if (doc.status !== 'pending') {
      if (doc.status === status) return approvalView(doc);
      throw new DomainError('APPROVAL.ALREADY_DECIDED', doc.status === 'approved' ? '该申请已批准' : '该申请已驳回');
    }
    let result: AdjustResultView | OverrideResultView | null = null;
    if (status === 'approved') {
      const request = { reason: doc.reason, requestId: doc.requestId };
      if (doc.kind === 'points.adjust') {
        const member = await txGet<MemberDoc>(tx, C.members, doc.memberId);
        if (!member) throw new DomainError('MEMBER.NOT_FOUND');
        result = await applyAdjustment(tx, doc.requester, member, { ...request, delta: (doc.params as { delta: number }).delta }, config, now);
      } else {
        const params = doc.params as { tier: TierId; until: string };
        // The override may have waited past its last day: a request for the past is refused, not applied.
        checkOverrideUntil(params.until, now);
        result = await applyOverride(tx, doc.requester, doc.memberId, { ...request, tier: params.tier, until: params.until }, now);
      }
    }
    const decided: ApprovalDoc = { ...doc, status, decidedAt: now, decidedBy: { openid: manager.openid, name: manager.name }, note: input.note ?? null, result };
    await tx.collection(C.approvals).doc(doc._id).set({ data: asDoc(withoutId(decided)) });
    const audit: Omit<AuditDoc, '_id'> = {
      actor: manager.openid,
      actorName: manager.name,
      role: manager.role,
      action: status === 'approved' ? 'approval.approve' : 'approval.reject',
      target: doc.memberNo,
      reason: input.note ?? doc.reason,
      at: now,
      details: { approvalId: doc._id, kind: doc.kind, requester: doc.requester.name, ...doc.params, ...(result ? { after: result } : {}) },
      result,
      fingerprint: '',
    };
    await tx.collection(C.audit).doc(`${manager.openid}:decide-${doc._id}`).set({ data: asDoc(audit) });
    return approvalView(decided);
  });
}
