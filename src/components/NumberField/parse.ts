/**
 * The number a person typed, read exactly: whole numbers only, full-width digits accepted, nothing
 * silently dropped or changed. Anything else is refused with a message saying what to fix.
 */

export type ParseFailure = 'decimal' | 'exponent' | 'sign' | 'separator' | 'invalid' | 'max' | 'min' | 'required';

export type ParseResult = { ok: true; value: number | null } | { ok: false; reason: ParseFailure; message: string };

export interface ParseRules {
  /** Largest accepted value (inclusive). */
  max: number;
  /** Smallest accepted value (inclusive), default 0. */
  min?: number;
  /** An empty field is an error instead of `null`. */
  required?: boolean;
  /** The sign is chosen by a separate control, so a typed sign is refused with that hint. */
  signed?: boolean;
}

const FULL_WIDTH_ZERO = 0xff10;

/**
 * Full-width forms typed by Chinese IMEs to their ASCII meaning: ０-９ → 0-9, －/− → '-', ＋ → '+',
 * ．/。 → '.', ，→ ',', ｅ/Ｅ → 'e', full-width space → space. Trimmed at both ends.
 */
export function normalizeNumberText(raw: string): string {
  return raw
    .replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - FULL_WIDTH_ZERO))
    .replace(/[－−﹣]/g, '-')
    .replace(/[＋﹢]/g, '+')
    .replace(/[．。]/g, '.')
    .replace(/[，､、]/g, ',')
    .replace(/[ｅＥ]/g, 'e')
    .replace(/\u3000/g, ' ')
    .trim();
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Parse a whole number from what was typed; see ParseRules. */
export function parseWholeNumber(raw: string, rules: ParseRules): ParseResult {
  const { max, min = 0, required = false, signed = false } = rules;
  const text = normalizeNumberText(raw);
  if (text === '') {
    return required ? { ok: false, reason: 'required', message: '请输入数量' } : { ok: true, value: null };
  }
  if (/^[+-]/.test(text)) {
    if (signed) return { ok: false, reason: 'sign', message: '请用“加 / 减”选择方向，这里只填数字' };
    if (text.startsWith('-')) return { ok: false, reason: 'sign', message: '不能为负数' };
    return { ok: false, reason: 'sign', message: '只需填写数字，不要加“+”号' };
  }
  if (/^\d*\.\d*$/.test(text) && /\d/.test(text)) {
    return { ok: false, reason: 'decimal', message: '请输入整数，不支持小数' };
  }
  if (/^[\d.]+e[+-]?\d*$/i.test(text)) {
    return { ok: false, reason: 'exponent', message: '请直接写出完整数字，不支持 1e6 这样的写法' };
  }
  if (!/^\d+$/.test(text)) {
    if (/^\d[\d,\s]*$/.test(text)) return { ok: false, reason: 'separator', message: '请只输入数字，不要带逗号或空格' };
    return { ok: false, reason: 'invalid', message: '只能输入数字' };
  }
  // Beyond 2^53 Number() rounds, but any such value is far over every max we use.
  const value = Number(text);
  if (value > max) return { ok: false, reason: 'max', message: `最多 ${fmt(max)}` };
  if (value < min) return { ok: false, reason: 'min', message: min === 1 ? '请输入大于 0 的数' : `至少 ${fmt(min)}` };
  return { ok: true, value };
}
