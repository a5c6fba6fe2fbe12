/**
 * Subscribe-message field values: WeChat refuses a message (47003) when any value is longer than its
 * kind allows or holds characters the kind does not take, so every value is cut and cleaned here
 * before it is sent. The kind is the key's prefix (`thing1` is a `thing`).
 */
import { inZone } from '../time';

export const FIELD_KINDS = ['thing', 'name', 'phrase', 'character_string', 'number', 'letter', 'symbol', 'time', 'date', 'amount', 'phone_number', 'car_number'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Longest value per kind (characters; we count UTF-16 units, which is never less than characters). */
export const FIELD_LIMITS: Record<FieldKind, number> = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  time: 32,
  date: 32,
  amount: 16,
  phone_number: 17,
  car_number: 8,
};

/** `thing12` → 'thing'; null for a key WeChat templates do not use. */
export function fieldKindOf(key: string): FieldKind | null {
  const match = /^([a-z_]+?)(\d+)$/.exec(key);
  const kind = match?.[1];
  return kind !== undefined && (FIELD_KINDS as readonly string[]).includes(kind) ? (kind as FieldKind) : null;
}

export const FIELD_KEY_PATTERN = new RegExp(`^(${FIELD_KINDS.join('|')})\\d{1,2}$`);

/** Characters each restricted kind accepts; others are dropped rather than refused by WeChat. */
const ALLOWED: Partial<Record<FieldKind, RegExp>> = {
  character_string: /[\x21-\x7e]/u,
  number: /[0-9.]/u,
  letter: /[A-Za-z]/u,
  phone_number: /[0-9+\-() ]/u,
};

/** What an empty value becomes (WeChat refuses empty fields). */
const EMPTY: Partial<Record<FieldKind, string>> = { phrase: '无', number: '0', letter: 'x' };

// Marks that only make sense after the character they modify: a cut must not leave them dangling.
const DANGLING = /(?:\u200d|\ufe0e|\ufe0f|[\u0300-\u036f]|[\u20d0-\u20ff])+$/u;

/** Cuts to at most `limit` UTF-16 units on a code-point boundary, adding `ellipsis` when cut. */
export function cutText(text: string, limit: number, ellipsis = ''): string {
  if (text.length <= limit) return text;
  const room = Math.max(0, limit - ellipsis.length);
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > room) break;
    out += ch;
  }
  return out.replace(DANGLING, '') + ellipsis;
}

function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
}

/** One field's value, safe to send: cleaned for its kind, never longer than its limit, never empty. */
export function fieldValue(kind: FieldKind, raw: string): string {
  // Line breaks and other controls are not shown in a message card; collapse them to spaces.
  let text = Array.from(raw, (ch) => (isControl(ch) ? ' ' : ch)).join('').replace(/\s+/gu, ' ').trim();
  const allowed = ALLOWED[kind];
  if (allowed) text = Array.from(text).filter((ch) => allowed.test(ch)).join('');
  // A `thing` is free text: say it was cut. Codes, names and phrases are cut plainly.
  text = cutText(text, FIELD_LIMITS[kind], kind === 'thing' ? '…' : '').trim();
  return text === '' ? (EMPTY[kind] ?? '-') : text;
}

/**
 * The `data` of a send: each template key filled from the notice's named fields by the mapping
 * (`{ thing1: 'subject' }`); a missing field is sent as the kind's empty value, and a time or date
 * given as epoch milliseconds is written out in Asia/Shanghai.
 */
export function templateData(mapping: Record<string, string>, fields: Record<string, string>): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [key, source] of Object.entries(mapping)) {
    const kind = fieldKindOf(key);
    if (kind === null) continue; // the config schema refuses such keys; never send one
    data[key] = { value: fieldValue(kind, whenField(kind, fields[source] ?? '')) };
  }
  return data;
}

/** A `time` or `date` field may be given as epoch milliseconds; it is then written in Shanghai time. */
function whenField(kind: FieldKind, value: string): string {
  if ((kind !== 'time' && kind !== 'date') || !/^\d{12,15}$/.test(value)) return value;
  return kind === 'time' ? noticeTime(Number(value)) : noticeDate(Number(value));
}

/** A `time` field value in Asia/Shanghai, the form WeChat shows: 2026年12月02日 18:05. */
export const noticeTime = (ms: number): string => inZone(ms).format('YYYY年MM月DD日 HH:mm');

/** A `date` field value in Asia/Shanghai. */
export const noticeDate = (ms: number): string => inZone(ms).format('YYYY年MM月DD日');
