/**
 * The access matrix: one entry per action of every cloud function. Every later capability adds its
 * actions here; `access.test.ts` fails for any action without an entry, then checks for each that
 * forged identity fields change nothing, that customers cannot reach staff actions, and that a
 * customer's answer never contains another customer's data.
 */
import type { Access } from '../../cloudfunctions/runtime/router';

export interface MatrixEntry {
  access: Access;
  /** A valid payload for the action, given the seeded world below. */
  payload: (world: World) => Record<string, unknown>;
}

/** Two customers with distinct, recognisable data, and staff. */
export interface World {
  alice: { openid: string; memberNo: string; displayName: string };
  bob: { openid: string; memberNo: string; displayName: string };
  staff: string;
  manager: string;
}

let counter = 0;
const freshRequestId = () => `matrix-${String((counter += 1)).padStart(6, '0')}`;

export const MATRIX: Record<string, Record<string, MatrixEntry>> = {
  member: {
    getCard: { access: 'customer', payload: () => ({}) },
    getCode: { access: 'customer', payload: () => ({}) },
    whoami: { access: 'customer', payload: () => ({}) },
  },
  points: {
    getSummary: { access: 'customer', payload: () => ({}) },
    listMovements: { access: 'customer', payload: () => ({ page: 0, pageSize: 20 }) },
    listCouponTemplates: { access: 'customer', payload: () => ({}) },
    listMyCoupons: { access: 'customer', payload: () => ({ page: 0, pageSize: 20 }) },
    redeemCoupon: { access: 'customer', payload: () => ({ templateId: 'pts-100-10', requestId: freshRequestId() }) },
  },
  staff: {
    getMember: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    findMember: { access: 'staff', payload: (w) => ({ query: w.bob.memberNo.toLowerCase() }) },
    scanMemberCode: { access: 'staff', payload: () => ({ token: 'FP1.FP00000002.9999999999.forgedsignature' }) },
    getLedger: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    getTierHistory: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    getAuditTrail: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, page: 0, pageSize: 20 }) },
    adjustPoints: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, delta: 10, reason: '矩阵测试', requestId: freshRequestId() }) },
    overrideTier: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, tier: 'core', until: '2026-12-31', reason: '矩阵测试', requestId: freshRequestId() }) },
  },
  jobs: {
    run: { access: 'system', payload: () => ({ job: 'reconcileBalances', runKey: 'matrix' }) },
    status: { access: 'manager', payload: () => ({ job: 'reconcileBalances', runKey: 'matrix' }) },
  },
};

/** Payloads no schema accepts: a caller without access must learn nothing of the schema from them. */
export const MALFORMED_PAYLOADS: unknown[] = ['text', [1, 2], { bogus: true }, { memberNo: 42, page: -1, job: 'nope', delta: 'x' }];

/** Identity fields an attacker might put in a payload, hoping the server trusts them. */
export const forgedIdentity = (world: World): Record<string, unknown> => ({
  openid: world.bob.openid,
  _openid: world.bob.openid,
  userId: world.bob.openid,
  role: 'manager',
});
