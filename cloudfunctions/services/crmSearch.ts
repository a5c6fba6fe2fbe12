/**
 * Staff search (crm.search): by whole phone, the last 4 digits, a name or company prefix, or the
 * member number. Names and last-4 digits cannot use `members` indexes, so every member has a small
 * projection in `crm_search`: one document per (member, kind) with an indexed `key` — `t:<normalised
 * text>` for the name, the card's contact name and organisation, `p:<last 4>` for the member's and the
 * card's phone. A search is one indexed query (prefix as a key range) and one read of the members on
 * the page. The projection is written with the member (enrolment, seed) and with the card
 * (crm.updateCard), through `writeSearchKeys` in the same transaction. Prefix matching only: a
 * full-text engine (a word in the middle of a name) is out of scope.
 */
import { describeMemberQuery, maskPhone, parseMemberQuery } from '../contracts/memberQuery';
import type { CustomerKind } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { CARD_LIMITS, prefixUpperBound, readSearchText, SEARCH_KINDS, searchKeys, type SearchKind, type SearchSources } from '../core/crm/card';
import { DomainError } from '../core/errors';
import { effectiveTier } from '../core/tiers/membership';
import { tierDefinition, type TierId } from '../core/tiers/rules';
import type { Db, DocData, Transaction } from '../ports/db';
import { C } from './collections';
// Type only: members.ts calls writeSearchKeys on enrolment, so this module must not import it at run time.
import type { MemberDoc } from './members';

export interface SearchDoc {
  _id: string;
  memberId: string;
  kind: SearchKind;
  /** Null once the source is emptied (the document stays; null never matches a range). */
  key: string | null;
  /** The whole phone for phone kinds (a whole-number search checks it). */
  full: string | null;
  /** What is shown as "matched by": the original text, or the masked phone. */
  label: string | null;
}

async function findMemberByNo(db: Db, memberNo: string): Promise<MemberDoc | null> {
  const { data } = await db.collection(C.members).where({ memberNo }).limit(1).get();
  return (data[0] as MemberDoc | undefined) ?? null;
}

const searchDocId = (memberId: string, kind: SearchKind): string => `${memberId}~${kind}`;

function labelOf(kind: SearchKind, s: SearchSources): string | null {
  switch (kind) {
    case 'name':
      return s.displayName;
    case 'contact':
      return s.contactName;
    case 'organisation':
      return s.organisation;
    case 'phone':
      return s.phone === null ? null : maskPhone(s.phone);
    case 'contactPhone':
      return s.contactPhone === null ? null : maskPhone(s.contactPhone.replace(/\D/g, ''));
  }
}

/** The projection documents of one member (only the kinds that have something to find by). */
export function searchDocs(memberId: string, sources: SearchSources): SearchDoc[] {
  const keys = searchKeys(sources);
  return SEARCH_KINDS.flatMap((kind) => {
    const k = keys[kind];
    return k ? [{ _id: searchDocId(memberId, kind), memberId, kind, key: k.key, full: k.full, label: labelOf(kind, sources) }] : [];
  });
}

export const memberSources = (member: Pick<MemberDoc, 'displayName' | 'phone'>, card: { contact: { name: string; phone: string }; organisation: { name: string } | null } | null): SearchSources => ({
  displayName: member.displayName,
  phone: member.phone,
  contactName: card?.contact.name || null,
  contactPhone: card?.contact.phone || null,
  organisation: card?.organisation?.name || null,
});

/**
 * Brings a member's projection from `before` (null: none written yet) to `after`, inside the caller's
 * transaction: kinds that changed are set, kinds that were emptied keep their document with key null
 * (a transaction cannot remove a document it has not read).
 */
export async function writeSearchKeys(tx: Transaction, memberId: string, before: SearchSources | null, after: SearchSources): Promise<void> {
  const old = before ? searchDocs(memberId, before) : [];
  const next = searchDocs(memberId, after);
  for (const kind of SEARCH_KINDS) {
    const was = old.find((d) => d.kind === kind);
    const now = next.find((d) => d.kind === kind);
    if (!was && !now) continue;
    if (was && now && was.key === now.key && was.full === now.full && was.label === now.label) continue;
    const data = now ?? { memberId, kind, key: null, full: null, label: null };
    const { _id: _ignored, ...rest } = data as SearchDoc;
    await tx.collection(C.crmSearch).doc(searchDocId(memberId, kind)).set({ data: rest as unknown as DocData });
  }
}

// ---------------------------------------------------------------------------------------------
// Search

export type MatchKind = SearchKind | 'memberNo';

/** A customer in a staff list (search results, an RFM segment). */
export interface CustomerRowView {
  memberNo: string;
  displayName: string;
  kind: CustomerKind;
  tier: { id: TierId; name: string };
  region: string;
  lastOrderAt: number | null;
  /** 138****5678: staff see the whole number on the card, not in a list. */
  phone: string | null;
}

export interface SearchRowView extends CustomerRowView {
  matched: { kind: MatchKind; label: string };
}

export interface SearchPageView {
  /** How the text was read ("按手机号后四位 5678 查找"). */
  described: string;
  items: SearchRowView[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

interface Hit { memberId: string; kind: MatchKind; label: string }

/** What a staff list shows of a member: the tier in force now, the phone masked. */
export function customerRow(member: Pick<MemberDoc, 'memberNo' | 'displayName' | 'kind' | 'tierState' | 'region' | 'stats' | 'phone'>, config: AppConfig, now: number): CustomerRowView {
  const tier = effectiveTier(member.tierState, now).tier;
  return {
    memberNo: member.memberNo,
    displayName: member.displayName,
    kind: member.kind,
    tier: { id: tier, name: tierDefinition(config.tiers, tier).name },
    region: member.region,
    lastOrderAt: member.stats.lastOrderAt,
    phone: member.phone === null ? null : maskPhone(member.phone),
  };
}

const row = (member: MemberDoc, hit: Hit, config: AppConfig, now: number): SearchRowView => ({ ...customerRow(member, config, now), matched: { kind: hit.kind, label: hit.label } });

/** The members behind the hits, in the hits' order, one row per member. */
async function rows(db: Db, hits: Hit[], config: AppConfig, now: number): Promise<SearchRowView[]> {
  const unique = hits.filter((h, i) => hits.findIndex((o) => o.memberId === h.memberId) === i);
  if (unique.length === 0) return [];
  const ids = unique.map((h) => h.memberId);
  const { data } = await db.collection(C.members).where({ _id: db.command.in(ids) }).limit(ids.length).get();
  const byId = new Map((data as unknown as MemberDoc[]).map((m) => [m._id, m]));
  return unique.flatMap((h) => {
    const m = byId.get(h.memberId);
    return m ? [row(m, h, config, now)] : [];
  });
}

const hitOf = (d: SearchDoc): Hit => ({ memberId: d.memberId, kind: d.kind, label: d.label ?? '' });

async function projectionPage(db: Db, where: DocData, page: number, pageSize: number): Promise<{ hits: Hit[]; hasMore: boolean }> {
  const { data } = await db.collection(C.crmSearch).where(where).orderBy('key', 'asc').skip(page * pageSize).limit(pageSize + 1).get();
  const docs = data as unknown as SearchDoc[];
  return { hits: docs.slice(0, pageSize).map(hitOf), hasMore: docs.length > pageSize };
}

/**
 * One page of members matching what staff typed. Member number: the unique index; whole phone: the
 * projection's last-4 key narrowed by the whole number, with `members.phone` too (members written
 * before the projection existed); four digits: the last 4 (and the member number they also spell, on
 * the first page); anything else: a prefix of a name, contact name or organisation, ordered by it.
 */
export async function searchMembers(db: Db, raw: string, page: number, pageSize: number, config: AppConfig, now: number): Promise<SearchPageView> {
  if (raw.length > CARD_LIMITS.query) throw new DomainError('CRM.QUERY_INVALID', `最多输入 ${CARD_LIMITS.query} 个字`);
  const free = readSearchText(raw);
  if (free === null) throw new DomainError('CRM.QUERY_INVALID', '请输入手机号、手机号后四位、姓名、单位名或会员号');
  const parsed = parseMemberQuery(raw);
  const done = (described: string, items: SearchRowView[], hasMore: boolean): SearchPageView => ({ described, items, page, pageSize, hasMore });

  if (parsed.ok && parsed.query.kind === 'phone') {
    const phone = parsed.query.phone;
    if (page > 0) return done(describeMemberQuery(parsed.query), [], false);
    const [projected, direct] = await Promise.all([
      db.collection(C.crmSearch).where({ key: `p:${phone.slice(-4)}`, full: phone }).limit(pageSize).get(),
      db.collection(C.members).where({ phone }).limit(pageSize).get(),
    ]);
    const hits = [...(direct.data as unknown as MemberDoc[]).map((m) => ({ memberId: m._id, kind: 'phone' as const, label: maskPhone(phone) })), ...(projected.data as unknown as SearchDoc[]).map(hitOf)];
    return done(describeMemberQuery(parsed.query), (await rows(db, hits, config, now)).slice(0, pageSize), false);
  }

  if (free.kind === 'last4') {
    const [byNo, found] = await Promise.all([
      page === 0 && parsed.ok && parsed.query.kind === 'memberNo' ? findMemberByNo(db, parsed.query.memberNo) : Promise.resolve(null),
      projectionPage(db, { key: `p:${free.last4}` }, page, pageSize),
    ]);
    const hits = [...(byNo ? [{ memberId: byNo._id, kind: 'memberNo' as const, label: byNo.memberNo }] : []), ...found.hits];
    return done(`按手机号后四位 ${free.last4}${byNo ? ` 或会员号 ${byNo.memberNo}` : ''} 查找`, await rows(db, hits, config, now), found.hasMore);
  }

  if (parsed.ok && parsed.query.kind === 'memberNo') {
    const member = page === 0 ? await findMemberByNo(db, parsed.query.memberNo) : null;
    const items = member ? [row(member, { memberId: member._id, kind: 'memberNo', label: member.memberNo }, config, now)] : [];
    return done(describeMemberQuery(parsed.query), items, false);
  }

  const _ = db.command;
  const low = `t:${free.text}`;
  const found = await projectionPage(db, { key: _.and(_.gte(low), _.lt(prefixUpperBound(low))) }, page, pageSize);
  return done(`按姓名或单位「${free.text}」开头查找`, await rows(db, found.hits, config, now), found.hasMore);
}
