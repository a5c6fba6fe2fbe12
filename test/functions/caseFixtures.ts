/** Builders for complaint-desk tests: members of a given tier, delivered orders, filed cases. */
import type { TierId } from '../../cloudfunctions/core/tiers/rules';
import { C } from '../../cloudfunctions/services/collections';
import type { CaseCustomerView } from '../../cloudfunctions/services/caseViews';
import type { MemberDoc } from '../../cloudfunctions/services/members';
import { deliveredOrder, ensureCatalogue } from './fixtures';
import type { Harness } from './harness';

const HOUR = 3_600_000;
let seq = 0;
export const rid = (label = 'r'): string => `${label}-${String((seq += 1)).padStart(6, '0')}`;

/** Enrols a member and puts them on a tier (the tier sets the response targets). */
export async function memberOfTier(h: Harness, openid: string, tier: TierId): Promise<MemberDoc> {
  await h.ok('member', openid, 'getCard');
  const doc = (await h.db.collection(C.members).doc(openid).get()).data as unknown as MemberDoc;
  const { _id, ...rest } = { ...doc, tierState: { ...doc.tierState, tier } };
  await h.db.collection(C.members).doc(openid).set({ data: rest });
  return { _id, ...rest };
}

/** A delivered app order of the member (not completed), delivered at `at`. */
export async function deliveredAppOrder(h: Harness, memberId: string, id: string, at: number, paidFen = 100_00): Promise<string> {
  await ensureCatalogue(h);
  const { _id, ...order } = deliveredOrder(memberId, paidFen, id, at);
  await h.db.collection(C.orders).doc(_id).set({ data: order });
  return id;
}

export function fileComplaint(h: Harness, openid: string, extra: Record<string, unknown> = {}): Promise<CaseCustomerView> {
  return h.ok<CaseCustomerView>('feedback', openid, 'submit', { requestId: rid('file'), type: 'complaint', category: 'quality', text: '青菜送到时叶子发黄，有一部分烂了', ...extra });
}

/**
 * For the access matrix: a resolved case of the member (so rate and reopen have one) and an app order
 * delivered three days ago (so the survey is offered).
 */
export async function seedMatrixCases(h: Harness, openid: string, caseId: string, surveyOrderId: string): Promise<void> {
  const filed = await fileComplaint(h, openid, { requestId: 'matrix-seed-case-1' });
  const { _id: _drop, ...doc } = (await h.db.collection(C.complaints).doc(filed.id).get()).data as Record<string, unknown>;
  await h.db.collection(C.complaints).doc(filed.id).remove();
  const resolvedAt = h.clock.now - HOUR;
  await h.db.collection(C.complaints).doc(caseId).set({
    data: { ...doc, status: 'resolved', active: 0, resolvedAt, resolutions: 1, firstResponseAt: resolvedAt, clock: [{ type: 'start', at: h.clock.now - 2 * HOUR }, { type: 'stop', at: resolvedAt }], resolution: { round: 1, outcome: 'explanation', note: '已说明', by: { kind: 'staff', id: 'o-staff', name: '测试员工' }, at: resolvedAt, compensation: null, reversed: null } },
  });
  await deliveredAppOrder(h, openid, surveyOrderId, h.clock.now - 3 * 24 * HOUR);
}
