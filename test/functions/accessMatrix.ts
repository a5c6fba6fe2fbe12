/**
 * The access matrix: one entry per action of every cloud function. Every later capability adds its
 * actions here; `access.test.ts` fails for any action without an entry, then checks for each that
 * forged identity fields change nothing, that customers cannot reach staff actions, and that a
 * customer's answer never contains another customer's data.
 */
import { PRIVACY_POLICY_VERSION } from '../../cloudfunctions/contracts/privacy';
import { issueReferralToken } from '../../cloudfunctions/core/referral/rules';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { DEV_CODE_SECRET } from '../../local/app';
import type { Access } from '../../cloudfunctions/runtime/router';
import { caseIdFor } from '../../cloudfunctions/services/caseModel';
import { appOrderId } from '../../cloudfunctions/services/orderModel';
import { standingListId } from '../../cloudfunctions/services/standingLists';

export interface MatrixEntry {
  access: Access;
  /** A valid payload for the action, given the seeded world below. */
  payload: (world: World) => Record<string, unknown>;
  /** A customer action whose matrix payload is refused on its merits (not for access): the code expected. */
  refusal?: string;
}

/** Two customers with distinct, recognisable data, and staff. */
export interface World {
  alice: { openid: string; memberNo: string; displayName: string };
  bob: { openid: string; memberNo: string; displayName: string };
  /** Staff OPENIDs, one per role: 店员 (clerk), 客服, 店长, 管理员. */
  staff: string;
  agent: string;
  manager: string;
  admin: string;
}

let counter = 0;
const freshRequestId = () => `matrix-${String((counter += 1)).padStart(6, '0')}`;

const MATRIX_CASE = { requestId: 'matrix-case-0001', type: 'enquiry', category: 'price', text: '请问下周五花肉的价格' };
export const MATRIX_RESOLVED_CASE = 'KMATRIXRESOLVED0';
export const MATRIX_SURVEY_ORDER = 'AMATRIXSURVEY000001';

/** List price as the confirmed price: any tier discount makes it a price drop, which submit accepts. */
const MATRIX_SUBMIT = {
  requestId: 'matrix-order-0001',
  items: [{ productId: 'GRAIN-08', unit: 'piece', quantity: 2, unitPriceFen: 890 }],
  slot: { kind: 'delivery', day: '2026-12-05', window: 'morning' },
};

/** Alice's unpaid WeChat Pay order (模拟支付 locally), placed by access.test's setup: orders.pay prepares its payment. */
export const MATRIX_PAY_SUBMIT = { ...MATRIX_SUBMIT, requestId: 'matrix-order-pay1', paymentMethod: 'wechat_pay' };

export const MATRIX: Record<string, Record<string, MatrixEntry>> = {
  member: {
    getCard: { access: 'customer', payload: () => ({}) },
    getCode: { access: 'customer', payload: () => ({}) },
    whoami: { access: 'customer', payload: () => ({}) },
    getReferral: { access: 'customer', payload: () => ({}) },
    // Alice's own card: a valid token, refused as her own (binds nothing).
    acceptReferral: { access: 'customer', payload: (w) => ({ token: issueReferralToken(w.alice.memberNo, hmacSigner(DEV_CODE_SECRET).mac) }) },
    getProfile: { access: 'customer', payload: () => ({}) },
    updateProfile: { access: 'customer', payload: (w) => ({ name: w.alice.displayName, phone: '13900000001', consentVersion: PRIVACY_POLICY_VERSION }) },
    exportMyData: { access: 'customer', payload: () => ({}) },
    // Without a confirmation token only the confirmation is answered: nothing is erased.
    requestDeletion: { access: 'customer', payload: () => ({}) },
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
  // Alice's order and list are made by the submit and saveList entries, which run before the
  // entries that read them (actions run in definition order); a retried submit is idempotent.
  orders: {
    catalogue: { access: 'customer', payload: () => ({ line: '粮油', page: 0, pageSize: 20 }) },
    quote: { access: 'customer', payload: () => ({ items: [{ productId: 'GRAIN-08', quantity: 2 }] }) },
    submit: { access: 'customer', payload: () => MATRIX_SUBMIT },
    pay: { access: 'customer', payload: (w) => ({ orderId: appOrderId(w.alice.openid, MATRIX_PAY_SUBMIT.requestId) }) },
    history: { access: 'customer', payload: () => ({ page: 0, pageSize: 20 }) },
    detail: { access: 'customer', payload: (w) => ({ orderId: appOrderId(w.alice.openid, MATRIX_SUBMIT.requestId) }) },
    reorder: { access: 'customer', payload: (w) => ({ orderId: appOrderId(w.alice.openid, MATRIX_SUBMIT.requestId) }) },
    cancel: { access: 'customer', payload: (w) => ({ orderId: appOrderId(w.alice.openid, MATRIX_SUBMIT.requestId) }) },
    lists: { access: 'customer', payload: () => ({}) },
    saveList: { access: 'customer', payload: () => ({ listId: 'matrix-list-1', name: '周三团', pickupPoint: '小区北门', items: [{ productId: 'GRAIN-08', quantity: 3 }] }) },
    reorderList: { access: 'customer', payload: (w) => ({ listId: standingListId(w.alice.openid, 'matrix-list-1') }) },
    deleteList: { access: 'customer', payload: () => ({ listId: 'matrix-list-gone' }) },
  },
  jobs: {
    run: { access: 'system', payload: () => ({ job: 'reconcileBalances', runKey: 'matrix' }) },
    status: { access: 'manager', payload: () => ({ job: 'reconcileBalances', runKey: 'matrix' }) },
  },
  // The 消息 list: own notices only; an opt-in for a template that is not configured counts nothing.
  notices: {
    list: { access: 'customer', payload: () => ({ page: 0, pageSize: 20 }) },
    unreadCount: { access: 'customer', payload: () => ({}) },
    markRead: { access: 'customer', payload: () => ({ all: true }) },
    templates: { access: 'customer', payload: () => ({}) },
    recordOptIns: { access: 'customer', payload: () => ({ requestId: freshRequestId(), answers: { 'PLACEHOLDER-reply': 'accept' } }) },
  },
  // Staff side of orders: the order ids need not exist (a refusal is fine for staff entries).
  orderDesk: {
    listDay: { access: 'staff', payload: () => ({ page: 0, pageSize: 20 }) },
    getOrder: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001' }) },
    confirm: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', requestId: freshRequestId() }) },
    enterWeights: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', weights: [{ productId: 'VEG-01', grams: 500 }], requestId: freshRequestId() }) },
    previewWeights: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', weights: [{ productId: 'VEG-01', grams: 500 }] }) },
    dispatch: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', requestId: freshRequestId() }) },
    deliver: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', requestId: freshRequestId() }) },
    complete: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', requestId: freshRequestId() }) },
    cancel: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', reason: '矩阵测试', requestId: freshRequestId() }) },
    refund: { access: 'staff', payload: () => ({ orderId: 'AMATRIX0000000000001', reason: '矩阵测试', amountFen: 100, requestId: freshRequestId() }) },
    counterSale: { access: 'staff', payload: () => ({ token: 'FP1.FP00000002.9999999999.forgedsignature', amountFen: 1_000, requestId: freshRequestId() }) },
    listProducts: { access: 'manager', payload: () => ({ line: '粮油', page: 0, pageSize: 20 }) },
    updateProduct: { access: 'manager', payload: () => ({ productId: 'GRAIN-08', stock: 'unlimited', requestId: freshRequestId() }) },
    importCatalogue: { access: 'manager', payload: () => ({ csv: 'id,name,line,unit,listPriceFen\n', dryRun: true }) },
    importOrders: { access: 'manager', payload: () => ({ fileId: 'cloud://matrix.env/imports/none.csv', mode: 'dryRun' }) },
    importStatus: { access: 'manager', payload: () => ({ runId: `orderImport:dryRun:${'0'.repeat(32)}` }) },
    continueImport: { access: 'system', payload: () => ({ fileId: 'cloud://matrix.env/imports/none.csv', mode: 'dryRun' }) },
  },
  // The complaint desk. Alice's case comes from the submit entry; the resolved case and the order to
  // survey are seeded by caseFixtures.seedMatrixCases (rate and reopen need a resolved case).
  feedback: {
    submit: { access: 'customer', payload: () => MATRIX_CASE },
    mine: { access: 'customer', payload: () => ({ page: 0, pageSize: 20 }) },
    get: { access: 'customer', payload: (w) => ({ caseId: caseIdFor(w.alice.openid, MATRIX_CASE.requestId) }) },
    addMessage: { access: 'customer', payload: (w) => ({ caseId: caseIdFor(w.alice.openid, MATRIX_CASE.requestId), text: '补充一下情况', requestId: freshRequestId() }) },
    rate: { access: 'customer', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, score: 5, requestId: 'matrix-rate-0001' }) },
    reopen: { access: 'customer', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, reason: '还有问题', requestId: 'matrix-reopen-0001' }) },
    uploadFolder: { access: 'customer', payload: () => ({}) },
    surveys: { access: 'customer', payload: () => ({}) },
    answerSurvey: { access: 'customer', payload: () => ({ orderId: MATRIX_SURVEY_ORDER, scores: { freshness: 5, onTime: 4, service: 5 } }) },
  },
  desk: {
    queue: { access: 'staff', payload: () => ({ filter: 'all', page: 0, pageSize: 20 }) },
    get: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE }) },
    claim: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, requestId: freshRequestId() }) },
    assign: { access: 'manager', payload: (w) => ({ caseId: MATRIX_RESOLVED_CASE, staffId: w.staff, requestId: freshRequestId() }) },
    reply: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, text: '您好', requestId: freshRequestId() }) },
    resolve: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, outcome: 'explanation', note: '已说明', requestId: freshRequestId() }) },
    reverse: { access: 'manager', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, reason: '矩阵测试', requestId: freshRequestId() }) },
    callback: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, note: '客户满意', requestId: freshRequestId() }) },
    close: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, rootCause: 'other', requestId: freshRequestId() }) },
    reviewPhoto: { access: 'staff', payload: () => ({ caseId: MATRIX_RESOLVED_CASE, fileId: 'cloud://matrix.env/feedback/x/p.jpg', approve: true, requestId: freshRequestId() }) },
    tick: { access: 'manager', payload: () => ({}) },
  },
  // The KPI screen (经营指标): managers only.
  kpi: {
    summary: { access: 'manager', payload: () => ({}) },
    exportCsv: { access: 'manager', payload: () => ({ kind: 'daily', from: '2026-11-01', to: '2026-11-30' }) },
  },
  // Staff search and the customer relationship card: every staff member; the view log is the manager's.
  crm: {
    search: { access: 'staff', payload: (w) => ({ query: w.bob.displayName.slice(0, 2) }) },
    segments: { access: 'staff', payload: () => ({}) },
    segment: { access: 'staff', payload: () => ({ segment: '一般挽留', page: 0 }) },
    card: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    updateCard: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, preferences: { text: '每周三上午来', tags: ['周三'] }, requestId: freshRequestId() }) },
    addNote: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, text: '矩阵测试备注', requestId: freshRequestId() }) },
    listNotes: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    viewLog: { access: 'manager', payload: () => ({ page: 0, pageSize: 20 }) },
  },
  // The care list (今日待办) and the contact log: every staff member; naming an account manager is the manager's.
  care: {
    today: { access: 'staff', payload: () => ({ page: 0, pageSize: 20 }) },
    done: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, itemId: 'noContact@2026-11-25', requestId: freshRequestId() }) },
    snooze: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, itemId: 'noContact@2026-11-25', until: '2026-12-01', requestId: freshRequestId() }) },
    logContact: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo, channel: 'phone', note: '矩阵测试', requestId: freshRequestId() }) },
    contacts: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    profile: { access: 'staff', payload: (w) => ({ memberNo: w.bob.memberNo }) },
    assign: { access: 'manager', payload: (w) => ({ memberNo: w.bob.memberNo, staffId: w.staff, requestId: freshRequestId() }) },
  },
  // Staff roles, invites and approvals. A customer's redemption of an unknown code is refused on its
  // merits (a valid one would make Alice staff for the rest of the matrix).
  team: {
    createInvite: { access: 'manager', payload: () => ({ role: 'staff', requestId: freshRequestId() }) },
    redeemInvite: { access: 'customer', payload: () => ({ code: 'ABCDEFGHJK', name: '矩阵测试' }), refusal: 'TEAM.INVITE_INVALID' },
    list: { access: 'manager', payload: () => ({ page: 0, pageSize: 20 }) },
    deactivate: { access: 'manager', payload: () => ({ staffId: 'o-matrix-nobody', reason: '矩阵测试', requestId: freshRequestId() }) },
    auditByStaff: { access: 'manager', payload: (w) => ({ staffId: w.staff, page: 0, pageSize: 20 }) },
    approvals: { access: 'manager', payload: () => ({ status: 'pending', page: 0, pageSize: 20 }) },
    decide: { access: 'manager', payload: () => ({ approvalId: '0'.repeat(24), decision: 'approve' }) },
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
