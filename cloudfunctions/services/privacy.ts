/**
 * Personal information (PIPL): the profile a customer gives with consent, the export of everything
 * FreshPal holds about them, and erasure.
 *
 * Erasure moves what must stay for the seller's books (orders, the points ledger, coupons, tier
 * history, complaints and surveys as counts) to a pseudonymous member id, `x<keyed hash of the
 * OPENID and member number>`, scrubbed of the member's name, phone and texts; it deletes what exists
 * only because of the person (staff notes, the relationship card, contact log, notices, opt-ins,
 * standing lists, search keys), and deletes the photos of their complaints from cloud storage. The
 * member document at the OPENID goes too, so the same WeChat user opening the app again enrols
 * afresh. Every step is keyed by what it reads (documents that still name the OPENID), so a second
 * request, or one resumed after a crash, finishes the job and changes nothing already done. One
 * transaction per page of one collection.
 */
import { ERASED_NAME, PRIVACY_POLICY_VERSION } from '../contracts/privacy';
import { DomainError } from '../core/errors';
import { ORDER_STATUSES, type OrderStatus } from '../core/orders/stateMachine';
import type { Db, Transaction } from '../ports/db';
import { fileStorage } from '../ports/storage';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { memberSources, writeSearchKeys } from './crmSearch';
import { findAccount, findMember, type MemberDoc } from './members';

// ---------------------------------------------------------------------------------------------
// Profile

export interface ProfileInput { name: string; phone: string; consentVersion: string }
export interface ProfileView { displayName: string; phone: string | null; consent: { version: string; at: number } | null; currentVersion: string }

export const profileView = (m: MemberDoc): ProfileView => ({ displayName: m.displayName, phone: m.phone, consent: m.consent ?? null, currentVersion: PRIVACY_POLICY_VERSION });

/** Name and phone, given with consent to the current policy (recorded with the time). */
export async function updateProfile(db: Db, member: MemberDoc, input: ProfileInput, now: number): Promise<ProfileView> {
  if (input.consentVersion !== PRIVACY_POLICY_VERSION) throw new DomainError('PROFILE.CONSENT_REQUIRED');
  return db.runTransaction(async (tx) => {
    const current = await txGet<MemberDoc>(tx, C.members, member._id);
    if (!current) throw new DomainError('MEMBER.NOT_FOUND');
    const sameConsent = current.consent?.version === input.consentVersion;
    const next: MemberDoc = { ...current, displayName: input.name, phone: input.phone, consent: sameConsent && current.consent ? current.consent : { version: input.consentVersion, at: now } };
    await tx.collection(C.members).doc(current._id).set({ data: asDoc(withoutId(next)) });
    // Staff find members by name and phone: the search projection follows (card sources untouched).
    await writeSearchKeys(tx, current._id, memberSources(current, null), memberSources(next, null));
    return profileView(next);
  });
}

// ---------------------------------------------------------------------------------------------
// Export

/** Per-section caps keep one answer well under the cloud's response limit; `truncated` says where one was hit. */
export const EXPORT_CAPS = { orders: 500, movements: 2000, coupons: 300, complaints: 100, surveys: 100, notes: 200, contacts: 200, tierHistory: 100 } as const;

type Section = keyof typeof EXPORT_CAPS;

export interface MyDataExport {
  format: 'freshpal-export/1';
  generatedAt: number;
  policyVersion: string;
  profile: Record<string, unknown>;
  points: { account: Record<string, unknown> | null; movements: Record<string, unknown>[] };
  orders: Record<string, unknown>[];
  coupons: Record<string, unknown>[];
  complaints: Record<string, unknown>[];
  surveys: Record<string, unknown>[];
  tierHistory: Record<string, unknown>[];
  /** What staff recorded about them: the relationship card, notes and the contact log. */
  staffRecords: { card: Record<string, unknown> | null; notes: Record<string, unknown>[]; contacts: Record<string, unknown>[] };
  truncated: Partial<Record<Section, true>>;
}

type Row = Record<string, unknown>;

/** The care list's collections (contact log, per-member profiles, done/snooze marks), named here as the CRM stores them. */
const CRM_CONTACTS = 'crm_contacts';
const CRM_PROFILES = 'crm_profiles';
const CRM_CARE_MARKS = 'crm_care_marks';

async function newest(db: Db, collection: string, where: Record<string, unknown>, orderField: string, cap: number): Promise<{ rows: Row[]; more: boolean }> {
  const rows: Row[] = [];
  // Pages of at most 500 (a query returns at most 1000 rows); one row past the cap says there is more.
  while (rows.length <= cap) {
    const want = Math.min(500, cap + 1 - rows.length);
    const { data } = await db.collection(collection).where(where).orderBy(orderField, 'desc').orderBy('_id', 'desc').skip(rows.length).limit(want).get();
    rows.push(...(data as Row[]));
    if (data.length < want) break;
  }
  return { rows: rows.slice(0, cap), more: rows.length > cap };
}

const pick = (row: Row, keys: readonly string[]): Row => Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]));

const ORDER_FIELDS = ['_id', 'channel', 'status', 'createdAt', 'completedAt', 'cancelledAt', 'lines', 'listTotalFen', 'tierDiscountFen', 'couponFen', 'paidFen', 'refundedFen', 'slot', 'note', 'region', 'payment', 'points'] as const;
const MOVEMENT_FIELDS = ['type', 'at', 'availableDelta', 'pendingDelta', 'owedDelta', 'reason', 'expiresAt'] as const;
const CASE_FIELDS = ['_id', 'type', 'category', 'status', 'orderId', 'productIds', 'preferredContact', 'createdAt', 'resolvedAt', 'closedAt', 'rating'] as const;

/**
 * Everything about the caller, as JSON: never another member's (every query is by the caller's id)
 * and never staff-internal messages of a complaint.
 */
export async function exportMyData(db: Db, member: MemberDoc, now: number): Promise<MyDataExport> {
  const id = member._id;
  const truncated: MyDataExport['truncated'] = {};
  const section = async (name: Section, collection: string, where: Record<string, unknown>, orderField: string) => {
    const r = await newest(db, collection, where, orderField, EXPORT_CAPS[name]);
    if (r.more) truncated[name] = true;
    return r.rows;
  };
  const [account, orders, movements, coupons, complaints, surveys, tierHistory, card, notes, contacts] = await Promise.all([
    findAccount(db, id),
    section('orders', C.orders, { memberId: id }, 'createdAt'),
    section('movements', C.pointsMovements, { memberId: id }, 'at'),
    section('coupons', C.coupons, { memberId: id }, 'issuedAt'),
    section('complaints', C.complaints, { memberId: id }, 'createdAt'),
    section('surveys', C.surveys, { memberId: id }, 'at'),
    section('tierHistory', C.tierHistory, { memberId: id }, 'at'),
    dbGet<Row>(db, C.crmCards, id),
    section('notes', C.crmNotes, { memberId: id }, 'at'),
    section('contacts', CRM_CONTACTS, { memberId: id }, 'at'),
  ]);
  return {
    format: 'freshpal-export/1',
    generatedAt: now,
    policyVersion: PRIVACY_POLICY_VERSION,
    profile: pick(member as unknown as Row, ['memberNo', 'displayName', 'kind', 'region', 'phone', 'joinedAt', 'consent', 'referredAt', 'tierState', 'stats']),
    points: { account: account ? pick(account as unknown as Row, ['available', 'pending', 'owed', 'lots', 'pendingLots']) : null, movements: movements.map((m) => pick(m, MOVEMENT_FIELDS)) },
    orders: orders.map((o) => pick(o, ORDER_FIELDS)),
    coupons: coupons.map((c) => pick(c, ['_id', 'templateId', 'title', 'issuedAt', 'expiresAt', 'usedAt', 'usedOnOrderId', 'source'])),
    complaints: complaints.map((c) => ({
      ...pick(c, CASE_FIELDS),
      // Staff-internal notes on a case are the seller's working papers, not part of the thread the customer sees.
      thread: ((c.thread as Row[] | undefined) ?? []).filter((m) => m.internal !== true).map((m) => ({ by: (m.by as Row | undefined)?.kind ?? null, byName: (m.by as Row | undefined)?.name ?? null, text: m.text, photos: ((m.photos as Row[] | undefined) ?? []).map((p) => p.fileId), at: m.at })),
    })),
    surveys: surveys.map((s) => pick(s, ['orderId', 'scores', 'comment', 'at'])),
    // Without the member id: the export is about the person, not their OPENID.
    tierHistory: tierHistory.map(({ _id: _drop, memberId: _self, ...t }) => t),
    staffRecords: {
      card: card ? pick(card, ['contact', 'organisation', 'preferences', 'keyDates', 'updatedAt']) : null,
      notes: notes.map((n) => pick(n, ['text', 'byName', 'at'])),
      contacts: contacts.map((c) => pick(c, ['at', 'channel', 'note'])),
    },
    truncated,
  };
}

// ---------------------------------------------------------------------------------------------
// Erasure

const CONFIRM_TTL_MS = 10 * 60_000;
const CONFIRM_PREFIX = 'E1';
/** Orders still being worked: the seller needs the contact to deliver, so erasure waits for them. */
const OPEN_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => !['completed', 'partially_refunded', 'refunded', 'cancelled'].includes(s));
const PAGE = 100;
const REMOVED_TEXT = '（用户已注销，内容已删除）';
const REDACTED = '〔已删除〕';

type Signer = { mac: (m: string) => string; macEqual: (a: string, b: string) => boolean };

/** The pseudonymous id an erased member's records keep: a keyed hash, so the OPENID cannot be recovered or guessed. */
export const pseudonymOf = (openid: string, memberNo: string, mac: Signer['mac']): string => `x${mac(`erase:${openid}:${memberNo}`)}`;

export type DeletionAnswer =
  /** `openOrders` > 0: erasure waits until they are completed or cancelled (the confirmation is refused). */
  | { state: 'confirm'; confirmToken: string; expiresAt: number; keeps: string[]; erases: string[]; openOrders: number }
  | { state: 'erased'; erasedAt: number };

const confirmBody = (openid: string, memberNo: string, expiresSec: number) => `${CONFIRM_PREFIX}.${expiresSec}.${openid}.${memberNo}`;

function checkConfirm(token: string, member: MemberDoc, now: number, signer: Signer): void {
  const [prefix, expires, sig, extra] = token.split('.');
  if (prefix !== CONFIRM_PREFIX || !expires || !sig || extra !== undefined || !/^\d+$/.test(expires)) throw new DomainError('PRIVACY.CONFIRM_INVALID');
  if (!signer.macEqual(signer.mac(confirmBody(member._id, member.memberNo, Number(expires))), sig)) throw new DomainError('PRIVACY.CONFIRM_INVALID');
  if (Number(expires) * 1000 <= now) throw new DomainError('PRIVACY.CONFIRM_INVALID');
}

interface Scrub {
  openid: string;
  pseudoId: string;
  /** [text, replacement], longest first. */
  texts: [string, string][];
}

function scrubString(s: string, scrub: Scrub): string {
  let out = s.split(scrub.openid).join(scrub.pseudoId);
  for (const [text, by] of scrub.texts) out = out.split(text).join(by);
  return out;
}

/** Every string in a document with the OPENID and the member's personal texts replaced. */
export function scrubDeep<T>(value: T, scrub: Scrub): T {
  if (typeof value === 'string') return scrubString(value, scrub) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)])) as T;
  return value;
}

type Row2 = Row & { _id: string };
type Mode = 'move' | 'delete';

interface Step {
  collection: string;
  /** The field naming the member; `_id` for documents keyed by the member. */
  field: string;
  mode: Mode;
  /** Collection-specific clean-up before the generic scrub (moved documents only). */
  clean?: (doc: Row2) => Row2;
  /** Match this value instead of the OPENID (audit targets by member number). */
  value?: (m: MemberDoc) => string;
  /** Storage files the document holds and `clean` drops: deleted before the document is rewritten. */
  files?: (doc: Row2) => string[];
}

const cleanOrder = (o: Row2): Row2 => ({ ...o, note: null, request: null, timeline: ((o.timeline as Row[] | undefined) ?? []).map((t) => ((t.by as Row | undefined)?.kind === 'customer' ? { ...t, note: null } : t)) });

function cleanCase(c: Row2): Row2 {
  const thread = ((c.thread as Row[] | undefined) ?? []).map((m) => ((m.by as Row | undefined)?.kind === 'customer' ? { ...m, text: REMOVED_TEXT, photos: [], by: { ...(m.by as Row), name: ERASED_NAME } } : { ...m, photos: [] }));
  const rating = c.rating ? { ...(c.rating as Row), reason: null } : null;
  return { ...c, memberName: ERASED_NAME, preferredContact: null, region: '', thread, rating };
}

/** Every photo in a case's thread (the customer's, and any staff attached): `cleanCase` drops them all. */
const casePhotoIds = (c: Row2): string[] =>
  ((c.thread as Row[] | undefined) ?? []).flatMap((m) => ((m.photos as Row[] | undefined) ?? []).map((p) => p.fileId)).filter((id): id is string => typeof id === 'string' && id !== '');

/** Storage is asked only when there is something to delete (a member without photos needs none). */
async function removeFiles(fileIds: readonly string[]): Promise<void> {
  if (fileIds.length > 0) await fileStorage().remove(fileIds);
}

/** Audits of what staff recorded about the person keep who did what and when, not what they wrote. */
const cleanRecordAudit = (a: Row2): Row2 => ({ ...a, reason: a.reason ? REDACTED : '', details: {}, before: null, after: null, result: null });

/** In this order: what staff hold about the person first (deleted), then the books (moved), the member last. */
const STEPS: Step[] = [
  { collection: C.crmCards, field: '_id', mode: 'delete' },
  { collection: C.crmNotes, field: 'memberId', mode: 'delete' },
  { collection: CRM_CONTACTS, field: 'memberId', mode: 'delete' },
  { collection: C.crmSearch, field: 'memberId', mode: 'delete' },
  { collection: CRM_PROFILES, field: '_id', mode: 'delete' },
  { collection: CRM_PROFILES, field: 'memberId', mode: 'delete' },
  { collection: CRM_CARE_MARKS, field: '_id', mode: 'delete' },
  { collection: C.notices, field: 'owner', mode: 'delete' },
  { collection: C.noticeOutbox, field: 'owner', mode: 'delete' },
  { collection: C.noticeOptIns, field: 'owner', mode: 'delete' },
  { collection: C.noticeOptInRequests, field: 'owner', mode: 'delete' },
  { collection: C.standingLists, field: 'memberId', mode: 'delete' },
  // Who viewed the card stays (staff accountability), about the pseudonym.
  { collection: C.crmViews, field: 'memberId', mode: 'move' },
  { collection: C.surveys, field: 'memberId', mode: 'move', clean: (s) => ({ ...s, comment: null }) },
  { collection: C.complaints, field: 'memberId', mode: 'move', clean: cleanCase, files: casePhotoIds },
  { collection: C.coupons, field: 'memberId', mode: 'move' },
  { collection: C.couponWallets, field: '_id', mode: 'move' },
  { collection: C.tierHistory, field: 'memberId', mode: 'move' },
  { collection: C.orders, field: 'memberId', mode: 'move', clean: cleanOrder },
  { collection: C.pointsMovements, field: 'memberId', mode: 'move' },
  { collection: C.pointsAccounts, field: '_id', mode: 'move' },
  // Members they invited keep the link (the referral figure), to the pseudonym.
  { collection: C.members, field: 'referredBy', mode: 'move' },
  // Staff audits name the member by number; their texts may quote the name or phone.
  { collection: C.audit, field: 'target', mode: 'move', value: (m) => m.memberNo },
  { collection: C.audit, field: 'target', mode: 'move', value: (m) => `crm:${m.memberNo}`, clean: cleanRecordAudit },
  { collection: C.audit, field: 'target', mode: 'move', value: (m) => `care:${m._id}`, clean: cleanRecordAudit },
];

/** Runs one step page by page (one transaction each); the cursor is the last `_id` handled. */
async function runStep(db: Db, step: Step, member: MemberDoc, scrub: Scrub): Promise<number> {
  const _ = db.command;
  const value = step.value ? step.value(member) : scrub.openid;
  let cursor = '';
  let done = 0;
  for (;;) {
    const where = step.field === '_id' ? { _id: value } : { [step.field]: value, _id: _.gt(cursor) };
    const { data } = await db.collection(step.collection).where(where).orderBy('_id', 'asc').limit(PAGE).get();
    const rows = data as Row2[];
    if (rows.length === 0) return done;
    // Files first, then the documents: a crash in between leaves the documents naming the OPENID, so
    // the rerun finds them again and deletes again (a file already gone is fine).
    const removed = step.files ? rows.flatMap(step.files) : [];
    await removeFiles(removed);
    let held: string[] = [];
    await db.runTransaction(async (tx: Transaction) => {
      held = [];
      for (const row of rows) {
        const doc = await txGet<Row2>(tx, step.collection, row._id);
        if (!doc) continue;
        if (step.files) held.push(...step.files(doc));
        if (step.mode === 'delete') {
          await tx.collection(step.collection).doc(doc._id).remove();
          continue;
        }
        const next = scrubDeep(step.clean ? step.clean(doc) : doc, scrub);
        if (next._id !== doc._id) await tx.collection(step.collection).doc(doc._id).remove();
        await tx.collection(step.collection).doc(next._id).set({ data: asDoc(withoutId(next)) });
      }
    });
    // A photo the customer added between the page read and the transaction was dropped with the rest.
    const seen = new Set(removed);
    await removeFiles(held.filter((id) => !seen.has(id)));
    done += rows.length;
    const last = rows[rows.length - 1] as Row2;
    if (step.field === '_id' || rows.length < PAGE) return done;
    cursor = last._id;
  }
}

/** The strings to remove wherever the member's records carry them: their name and phone, and what staff wrote on their card. */
function personalTexts(member: MemberDoc, card: Row | null): [string, string][] {
  const contact = (card?.contact as Row | undefined) ?? {};
  const org = (card?.organisation as Row | undefined) ?? null;
  const people = ((org?.keyPeople as Row[] | undefined) ?? []).flatMap((p) => [p.name, p.phone]);
  const names = [member.displayName, contact.name].filter((s): s is string => typeof s === 'string');
  const others = [member.phone, contact.phone, contact.address, contact.employer, org?.name, ...people].filter((s): s is string => typeof s === 'string');
  const pairs: [string, string][] = [...names.map((n): [string, string] => [n, ERASED_NAME]), ...others.map((o): [string, string] => [o, REDACTED])];
  // Very short strings (one character) would mangle unrelated text; the fields holding them are cleared anyway.
  return pairs.filter(([t]) => t.trim().length >= 2 && t !== ERASED_NAME).sort((a, b) => b[0].length - a[0].length);
}

interface ErasureMark { pseudoId: string; startedAt: number; texts: [string, string][] }

/**
 * 注销: the first call (no token) answers what will be erased and a confirmation token valid 10
 * minutes; the call with that token erases. Calling again after success answers `erased` (the
 * member is gone, nothing is enrolled). Refused while an order is still open.
 */
export async function requestDeletion(db: Db, openid: string, confirmToken: string | undefined, now: number, signer: Signer): Promise<DeletionAnswer> {
  const member = await findMember(db, openid);
  if (!member) return { state: 'erased', erasedAt: now };
  const mark = (member as MemberDoc & { erasure?: ErasureMark }).erasure;
  if (!mark) {
    const { total: open } = await db.collection(C.orders).where({ memberId: openid, status: db.command.in([...OPEN_STATUSES]) }).count();
    if (confirmToken === undefined) {
      const expiresSec = Math.floor((now + CONFIRM_TTL_MS) / 1000);
      return {
        state: 'confirm',
        confirmToken: `${CONFIRM_PREFIX}.${expiresSec}.${signer.mac(confirmBody(openid, member.memberNo, expiresSec))}`,
        expiresAt: expiresSec * 1000,
        erases: ['姓名、手机号、地区', '员工为您记录的客户资料、备注、联系记录', '投诉与评价中的文字和照片', '消息与订阅设置', '常购清单'],
        keeps: ['订单与积分流水（已匿名，仅用于商家对账）'],
        openOrders: open,
      };
    }
    checkConfirm(confirmToken, member, now, signer);
    if (open > 0) throw new DomainError('PRIVACY.OPEN_ORDERS');
  }
  // Mark first: a crash part-way leaves the member marked, and the next call resumes with the same texts.
  const started = mark ?? { pseudoId: pseudonymOf(openid, member.memberNo, signer.mac), startedAt: now, texts: personalTexts(member, await dbGet<Row>(db, C.crmCards, openid)) };
  if (!mark) {
    await db.runTransaction(async (tx) => {
      const current = await txGet<MemberDoc>(tx, C.members, openid);
      if (current) await tx.collection(C.members).doc(openid).set({ data: asDoc(withoutId({ ...current, erasure: started })) });
    });
  }
  const scrub: Scrub = { openid, pseudoId: started.pseudoId, texts: started.texts };
  const counts: Record<string, number> = {};
  for (const step of STEPS) {
    const n = await runStep(db, step, member, scrub);
    if (n > 0) counts[step.collection] = (counts[step.collection] ?? 0) + n;
  }
  await db.runTransaction(async (tx) => {
    const current = await txGet<MemberDoc>(tx, C.members, openid);
    if (!current) return;
    const erased: Omit<MemberDoc, '_id'> = {
      memberNo: current.memberNo,
      displayName: ERASED_NAME,
      kind: current.kind,
      region: '未填写',
      phone: null,
      joinedAt: current.joinedAt,
      stats: current.stats,
      // A staff override's reason may quote the name.
      tierState: scrubDeep(current.tierState, scrub),
      contact: null,
      referredBy: current.referredBy ?? null,
      referredAt: current.referredAt ?? null,
      consent: null,
      erasedAt: now,
    };
    await tx.collection(C.members).doc(openid).remove();
    await tx.collection(C.members).doc(started.pseudoId).set({ data: asDoc(erased) });
    // The audit names only the pseudonym; what was erased is counted, never quoted.
    const audit = { actor: started.pseudoId, actorName: ERASED_NAME, role: null, action: 'member.erase', target: started.pseudoId, reason: '用户申请注销', at: now, details: { counts, startedAt: started.startedAt }, before: null, after: null, state: 'done', result: null, fingerprint: '' };
    await tx.collection(C.audit).doc(`erase:${started.pseudoId}`).set({ data: asDoc(audit) });
  });
  return { state: 'erased', erasedAt: now };
}

