/**
 * The customer relationship card (客户关系卡): what staff know about a customer beyond their orders
 * (contact, organisation and key people, preferences and tags, key dates) in `crm_cards/<memberId>`,
 * a notes timeline in `crm_notes`, and the card view that puts it next to the tier, points, recent
 * orders, open cases and satisfaction history.
 *
 * Edits go through `auditedStep` (services/orderDesk.ts): one transaction with the audit record
 * (before → after of the sections changed) in the shared `audit_log`, keyed by (staff, request id), so
 * a retry returns the first answer and a reused id with other content is refused. The search
 * projection (services/crmSearch.ts) follows the card in the same transaction. Every view of a card
 * is logged in `crm_views` (who looked at whose card, when); managers read it with `crm.viewLog`.
 */
import { createHash } from 'node:crypto';
import type { CustomerKind, Page, TierView } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { CASE_CATEGORY_LABELS, CASE_STATUS_LABELS, CASE_TYPE_LABELS } from '../core/cases/stateMachine';
import { DomainError } from '../core/errors';
import { STATUS_LABELS } from '../core/orders/stateMachine';
import type { Db } from '../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { buildCard } from './card';
import type { CaseDoc } from './caseModel';
import { C } from './collections';
import { memberSources, writeSearchKeys } from './crmSearch';
import { findAccount, findMemberByNo, type MemberDoc } from './members';
import type { OrderDoc } from './orderModel';
import { auditedStep } from './orderDesk';
import type { SurveyDoc } from './surveys';

export interface CardContact { name: string; phone: string; employer: string; position: string; address: string }
export interface KeyPerson { name: string; role: string; phone: string; cares: string }
export interface CardOrganisation { name: string; keyPeople: KeyPerson[] }
export interface CardPreferences { text: string; tags: string[] }
/** `monthDay` is 'MM-DD' (the care list reads this exact shape for its reminders). */
export interface KeyDate { label: string; monthDay: string }

export interface CardSections {
  contact: CardContact;
  /** Null for households; businesses name the organisation and its key people. */
  organisation: CardOrganisation | null;
  preferences: CardPreferences;
  keyDates: KeyDate[];
}

export interface CrmCardDoc extends CardSections {
  _id: string;
  memberNo: string;
  updatedAt: number | null;
  updatedByName: string | null;
}

export interface CrmNoteDoc { _id: string; memberId: string; text: string; byName: string; byRole: StaffIdentity['role']; at: number }

export interface CrmViewDoc { _id: string; memberId: string; memberNo: string; memberName: string; viewer: string; viewerName: string; viewerRole: StaffIdentity['role']; at: number }

export const SECTION_NAMES = ['contact', 'organisation', 'preferences', 'keyDates'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export const emptySections = (): CardSections => ({
  contact: { name: '', phone: '', employer: '', position: '', address: '' },
  organisation: null,
  preferences: { text: '', tags: [] },
  keyDates: [],
});

const sectionsOf = (doc: CrmCardDoc | null): CardSections => (doc ? { contact: doc.contact, organisation: doc.organisation, preferences: doc.preferences, keyDates: doc.keyDates } : emptySections());

async function memberByNo(db: Db, memberNo: string): Promise<MemberDoc> {
  const member = await findMemberByNo(db, memberNo);
  if (!member) throw new DomainError('MEMBER.NOT_FOUND', `没有会员号为 ${memberNo} 的会员`);
  return member;
}

const auditTarget = (memberNo: string): string => `crm:${memberNo}`;

// ---------------------------------------------------------------------------------------------
// The card view

export interface NoteView { id: string; text: string; byName: string; at: number }

export interface CrmCardView {
  member: {
    memberNo: string;
    displayName: string;
    kind: CustomerKind;
    region: string;
    /** In full: staff call the customer from the card (the list shows it masked). */
    phone: string | null;
    joinedAt: number;
    lastOrderAt: number | null;
    orderCount: number;
    tier: TierView & { source: 'rules' | 'override'; overrideUntil: string | null };
    points: { available: number; pending: number; owed: number };
  };
  card: CardSections & { updatedAt: number | null; updatedByName: string | null };
  recentOrders: { id: string; createdAt: number; statusLabel: string; paidFen: number; names: string[]; lineCount: number }[];
  openCases: { id: string; typeLabel: string; categoryLabel: string; statusLabel: string; createdAt: number; text: string }[];
  satisfaction: ({ kind: 'case'; id: string; at: number; score: number; reason: string | null } | { kind: 'survey'; orderId: string; at: number; scores: SurveyDoc['scores']; comment: string | null })[];
  notes: NoteView[];
  notesHasMore: boolean;
}

const RECENT_ORDERS = 3;
const CASES_READ = 30;
const SURVEYS_READ = 10;
export const NOTES_SHOWN = 20;

const noteView = (d: CrmNoteDoc): NoteView => ({ id: d._id.split(':').pop() as string, text: d.text, byName: d.byName, at: d.at });

/**
 * The card of one member: the member by its number, then every other part in parallel (each a get
 * or an indexed query), then the view logged. Cases: the latest 30 give the open ones and the rated
 * ones; surveys: the latest 10.
 */
export async function crmCard(db: Db, staff: StaffIdentity, memberNo: string, config: AppConfig, now: number): Promise<CrmCardView> {
  const member = await memberByNo(db, memberNo);
  const [account, cardDoc, orders, cases, surveys, notes] = await Promise.all([
    findAccount(db, member._id),
    dbGet<CrmCardDoc>(db, C.crmCards, member._id),
    db.collection(C.orders).where({ memberId: member._id }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(RECENT_ORDERS).get(),
    db.collection(C.complaints).where({ memberId: member._id }).orderBy('createdAt', 'desc').limit(CASES_READ).get(),
    db.collection(C.surveys).where({ memberId: member._id }).orderBy('at', 'desc').limit(SURVEYS_READ).get(),
    db.collection(C.crmNotes).where({ memberId: member._id }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(NOTES_SHOWN + 1).get(),
  ]);
  const view: Omit<CrmViewDoc, '_id'> = { memberId: member._id, memberNo: member.memberNo, memberName: member.displayName, viewer: staff.openid, viewerName: staff.name, viewerRole: staff.role, at: now };
  await db.collection(C.crmViews).add({ data: asDoc(view) });

  const card = buildCard(member, account, config, now);
  const caseDocs = cases.data as unknown as CaseDoc[];
  const noteDocs = notes.data as unknown as CrmNoteDoc[];
  const satisfaction: CrmCardView['satisfaction'] = [
    ...caseDocs.flatMap((c) => (c.rating ? [{ kind: 'case' as const, id: c._id, at: c.rating.at, score: c.rating.score, reason: c.rating.reason }] : [])),
    ...(surveys.data as unknown as SurveyDoc[]).map((s) => ({ kind: 'survey' as const, orderId: s.orderId, at: s.at, scores: s.scores, comment: s.comment })),
  ].sort((a, b) => b.at - a.at);
  return {
    member: {
      memberNo: member.memberNo,
      displayName: member.displayName,
      kind: member.kind,
      region: member.region,
      phone: member.phone,
      joinedAt: member.joinedAt,
      lastOrderAt: member.stats.lastOrderAt,
      orderCount: member.stats.orderCount,
      tier: card.tier,
      points: { available: card.points.available, pending: card.points.pending, owed: card.points.owed },
    },
    card: { ...sectionsOf(cardDoc), updatedAt: cardDoc?.updatedAt ?? null, updatedByName: cardDoc?.updatedByName ?? null },
    recentOrders: (orders.data as unknown as OrderDoc[]).map((o) => ({ id: o._id, createdAt: o.createdAt, statusLabel: STATUS_LABELS[o.status], paidFen: o.paidFen, names: o.lines.slice(0, 3).map((l) => l.name), lineCount: o.lines.length })),
    openCases: caseDocs
      .filter((c) => c.active === 1)
      .map((c) => ({ id: c._id, typeLabel: CASE_TYPE_LABELS[c.type], categoryLabel: CASE_CATEGORY_LABELS[c.category], statusLabel: CASE_STATUS_LABELS[c.status], createdAt: c.createdAt, text: (c.thread[0]?.text ?? '').slice(0, 60) })),
    satisfaction,
    notes: noteDocs.slice(0, NOTES_SHOWN).map(noteView),
    notesHasMore: noteDocs.length > NOTES_SHOWN,
  };
}

// ---------------------------------------------------------------------------------------------
// Edits

export type CardPatch = Partial<CardSections>;

export interface UpdateCardResult { memberNo: string; changed: SectionName[]; updatedAt: number }

/** Replaces the sections sent (each whole); the audit shows each changed section before → after. */
export async function updateCard(db: Db, staff: StaffIdentity, input: CardPatch & { memberNo: string; requestId: string }, now: number): Promise<UpdateCardResult> {
  const found = await memberByNo(db, input.memberNo);
  const patch: CardPatch = {};
  for (const name of SECTION_NAMES) if (input[name] !== undefined) Object.assign(patch, { [name]: input[name] });
  const details = { ...patch };
  return auditedStep(db, staff, { requestId: input.requestId, action: 'crm.card', target: auditTarget(found.memberNo), reason: '', details, now }, async (tx) => {
    const [member, doc] = await Promise.all([txGet<MemberDoc>(tx, C.members, found._id), txGet<CrmCardDoc>(tx, C.crmCards, found._id)]);
    if (!member) throw new DomainError('MEMBER.NOT_FOUND');
    const beforeSections = sectionsOf(doc);
    const afterSections: CardSections = { ...beforeSections, ...patch };
    const changed = SECTION_NAMES.filter((n) => JSON.stringify(beforeSections[n]) !== JSON.stringify(afterSections[n]));
    const next: CrmCardDoc = { _id: member._id, memberNo: member.memberNo, ...afterSections, updatedAt: now, updatedByName: staff.name };
    await tx.collection(C.crmCards).doc(member._id).set({ data: asDoc(withoutId(next)) });
    await writeSearchKeys(tx, member._id, doc ? memberSources(member, beforeSections) : null, memberSources(member, afterSections));
    const pick = (s: CardSections) => Object.fromEntries(changed.map((n) => [n, s[n]]));
    return { result: { memberNo: member.memberNo, changed, updatedAt: now }, before: pick(beforeSections), after: pick(afterSections) };
  });
}

const noteIdFor = (memberId: string, staff: StaffIdentity, requestId: string): string =>
  `${memberId}:N${createHash('sha256').update(`note:${staff.openid}:${requestId}`).digest('hex').slice(0, 15).toUpperCase()}`;

export async function addNote(db: Db, staff: StaffIdentity, input: { memberNo: string; text: string; requestId: string }, now: number): Promise<NoteView> {
  const member = await memberByNo(db, input.memberNo);
  const id = noteIdFor(member._id, staff, input.requestId);
  return auditedStep(db, staff, { requestId: input.requestId, action: 'crm.note', target: auditTarget(member.memberNo), reason: '', details: { text: input.text }, now }, async (tx) => {
    const note: Omit<CrmNoteDoc, '_id'> = { memberId: member._id, text: input.text, byName: staff.name, byRole: staff.role, at: now };
    await tx.collection(C.crmNotes).doc(id).set({ data: asDoc(note) });
    const view = noteView({ _id: id, ...note });
    return { result: view, before: null, after: { note: view.id, text: input.text } };
  });
}

export async function listNotes(db: Db, memberNo: string, page: number, pageSize: number): Promise<Page<NoteView>> {
  const member = await memberByNo(db, memberNo);
  const { data } = await db.collection(C.crmNotes).where({ memberId: member._id }).orderBy('at', 'desc').orderBy('_id', 'desc').skip(page * pageSize).limit(pageSize + 1).get();
  const docs = data as unknown as CrmNoteDoc[];
  return { items: docs.slice(0, pageSize).map(noteView), page, pageSize, hasMore: docs.length > pageSize };
}

// ---------------------------------------------------------------------------------------------
// The view log (managers)

export interface CardViewEntry { at: number; viewerName: string; viewerRole: StaffIdentity['role']; memberNo: string; memberName: string }

/** Who opened which card, newest first; one member's when a member number is given. */
export async function viewLog(db: Db, input: { memberNo?: string | undefined; page: number; pageSize: number }): Promise<Page<CardViewEntry>> {
  const where = input.memberNo === undefined ? {} : { memberId: (await memberByNo(db, input.memberNo))._id };
  const { data } = await db.collection(C.crmViews).where(where).orderBy('at', 'desc').orderBy('_id', 'desc').skip(input.page * input.pageSize).limit(input.pageSize + 1).get();
  const docs = data as unknown as CrmViewDoc[];
  return {
    items: docs.slice(0, input.pageSize).map((d) => ({ at: d.at, viewerName: d.viewerName, viewerRole: d.viewerRole, memberNo: d.memberNo, memberName: d.memberName })),
    page: input.page,
    pageSize: input.pageSize,
    hasMore: docs.length > input.pageSize,
  };
}
