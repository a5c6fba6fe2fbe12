/**
 * The customer relationship card (客户关系卡), pure parts: field limits (the staff page uses the same
 * numbers), key dates as 'MM-DD', and the normalised search keys a member is found by. No imports:
 * the staff pages read the limits from here too.
 */

export const CARD_LIMITS = {
  name: 40,
  phone: 20,
  employer: 60,
  position: 40,
  address: 120,
  organisation: 60,
  keyPeople: 10,
  cares: 200,
  preferences: 500,
  tags: 12,
  tag: 16,
  keyDates: 10,
  dateLabel: 20,
  note: 500,
  /** Search text: longer input is refused before it reaches the database. */
  query: 40,
} as const;

/** A mainland mobile (11 digits from 1) or a landline with area code (0 + 9–11 digits, one dash allowed). */
export const CARD_PHONE_PATTERN = /^(?:1\d{10}|0\d{2,3}-?\d{7,8})$/;

export const MONTH_DAY_PATTERN = /^(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** 'MM-DD' of a day that exists in some year: '02-29' yes (leap birthdays), '02-30' and '13-01' no. */
export function isMonthDay(text: string): boolean {
  const m = MONTH_DAY_PATTERN.exec(text);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] as number);
}

/**
 * Text as it is indexed and searched: full-width forms to ASCII (what Chinese IMEs type), lower case,
 * and without spaces and punctuation, so "鲜丰 连锁" and "鲜丰连锁", "ABC" and "ａｂｃ" match.
 */
export function normaliseSearchText(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** The last four digits of a phone ('' when it has fewer than four digits). */
export function phoneLast4(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : '';
}

/** Where a member can be found from: the member document and their card. */
export interface SearchSources {
  displayName: string;
  phone: string | null;
  contactName: string | null;
  contactPhone: string | null;
  organisation: string | null;
}

export type SearchKind = 'name' | 'phone' | 'contact' | 'contactPhone' | 'organisation';

export const SEARCH_KINDS: readonly SearchKind[] = ['name', 'phone', 'contact', 'contactPhone', 'organisation'];

/** One row of the search projection: `key` is `t:<text>` or `p:<last 4>`; `full` the whole phone. */
export interface SearchKey { key: string; full: string | null }

const textKey = (raw: string | null): SearchKey | null => {
  const text = raw === null ? '' : normaliseSearchText(raw);
  return text === '' ? null : { key: `t:${text}`, full: null };
};

const phoneKey = (raw: string | null): SearchKey | null => {
  const digits = raw === null ? '' : raw.replace(/\D/g, '');
  const last4 = phoneLast4(digits);
  return last4 === '' ? null : { key: `p:${last4}`, full: digits };
};

/**
 * The keys per kind (null: nothing to find by). A contact name or phone equal to the member's own is
 * left out, so one member does not fill a page of results twice.
 */
export function searchKeys(s: SearchSources): Record<SearchKind, SearchKey | null> {
  const name = textKey(s.displayName);
  const phone = phoneKey(s.phone);
  const contact = textKey(s.contactName);
  const contactPhone = phoneKey(s.contactPhone);
  return {
    name,
    phone,
    contact: contact && contact.key !== name?.key ? contact : null,
    contactPhone: contactPhone && contactPhone.full !== phone?.full ? contactPhone : null,
    organisation: textKey(s.organisation),
  };
}

/** The exclusive upper bound of every string starting with `prefix` (its last code point plus one). */
export function prefixUpperBound(prefix: string): string {
  const points = [...prefix];
  const last = points.pop();
  if (last === undefined) return '\u{10ffff}';
  return points.join('') + String.fromCodePoint((last.codePointAt(0) as number) + 1);
}

export type SearchQuery =
  | { kind: 'last4'; last4: string }
  | { kind: 'text'; text: string };

/**
 * How free text is searched when it is not a member number or a whole phone (contracts/memberQuery
 * reads those): exactly four digits are a phone's last four, anything else a name/company prefix.
 */
export function readSearchText(raw: string): SearchQuery | null {
  const text = normaliseSearchText(raw);
  if (text === '') return null;
  if (/^\d{4}$/.test(text)) return { kind: 'last4', last4: text };
  return { kind: 'text', text };
}
