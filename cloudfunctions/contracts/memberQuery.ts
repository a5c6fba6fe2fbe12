/**
 * What staff type into 查找会员, read one way by the staff page and the `staff.findMember` action:
 * a member number in any spelling people use (FP00000003, fp3, 3, "FP 0000 0003", full-width digits)
 * or an 11-digit mobile number. Nothing is cut or guessed: what cannot be one of the two is refused
 * with a message saying what to type. Plain functions only (the mini-program imports this module).
 */

export type MemberQuery = { kind: 'memberNo'; memberNo: string } | { kind: 'phone'; phone: string };

export type MemberQueryResult = { ok: true; query: MemberQuery } | { ok: false; message: string };

/** Longer input is refused before parsing (a paste of something else entirely). */
export const MEMBER_QUERY_MAX_LENGTH = 40;

const MEMBER_NO_DIGITS = 8;
const PHONE_DIGITS = 11;

const HINT = '请输入会员号（如 FP00000003 或 3）或 11 位手机号';

/** Full-width letters and digits (what Chinese IMEs type) to ASCII; separators people type removed. */
function normalize(raw: string): string {
  return raw
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase()
    .replace(/[\s\u3000\-‐－—_.·]/g, '');
}

export function parseMemberQuery(raw: string): MemberQueryResult {
  if (raw.length > MEMBER_QUERY_MAX_LENGTH) return { ok: false, message: HINT };
  const text = normalize(raw);
  if (text === '') return { ok: false, message: '请输入会员号或手机号' };

  const fp = /^FP(\d*)$/.exec(text);
  if (fp) {
    const digits = fp[1] ?? '';
    if (digits === '') return { ok: false, message: '会员号是 FP 加数字，如 FP00000003' };
    if (digits.length > MEMBER_NO_DIGITS) return { ok: false, message: `会员号是 FP 加 ${MEMBER_NO_DIGITS} 位数字，这里有 ${digits.length} 位` };
    return memberNo(digits);
  }

  // A country code before a mobile number: +86 / 0086 / 86 then 11 digits.
  const intl = /^(?:\+86|0086|86)(1\d{10})$/.exec(text);
  const digits = intl ? intl[1]! : text.replace(/^\+/, '');
  if (!/^\d+$/.test(digits)) return { ok: false, message: HINT };
  if (digits.length === PHONE_DIGITS && digits.startsWith('1')) return { ok: true, query: { kind: 'phone', phone: digits } };
  if (digits.length <= MEMBER_NO_DIGITS) return memberNo(digits);
  if (digits.startsWith('1') && digits.length < PHONE_DIGITS) return { ok: false, message: `手机号应为 ${PHONE_DIGITS} 位，这里有 ${digits.length} 位` };
  return { ok: false, message: HINT };
}

function memberNo(digits: string): MemberQueryResult {
  if (/^0+$/.test(digits)) return { ok: false, message: '会员号不能为 0' };
  return { ok: true, query: { kind: 'memberNo', memberNo: 'FP' + digits.padStart(MEMBER_NO_DIGITS, '0') } };
}

/** 13800000000 → 138****0000 (what is shown back, so a phone number is not repeated in full). */
export function maskPhone(phone: string): string {
  return phone.length === PHONE_DIGITS ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** "按会员号 FP00000003 查找" / "按手机号 138****0000 查找". */
export function describeMemberQuery(query: MemberQuery): string {
  return query.kind === 'memberNo' ? `按会员号 ${query.memberNo} 查找` : `按手机号 ${maskPhone(query.phone)} 查找`;
}
