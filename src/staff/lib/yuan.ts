/**
 * Yuan as typed by staff → integer fen, by string arithmetic only (no floats: '0.29' * 100 would be
 * 28.999…). At most two decimals; signs, exponents and grouping commas are refused rather than
 * guessed; full-width digits and point (from a Chinese keyboard) are read as ASCII.
 */
export type YuanParse = { ok: true; fen: number | null } | { ok: false; message: string };

/** The largest amount the cloud functions accept (fen). */
export const MAX_YUAN_FEN = 100_000_000;

function normalise(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/^[¥￥]/, '')
    .trim();
}

export function parseYuan(raw: string, opts: { max?: number; allowZero?: boolean } = {}): YuanParse {
  const max = opts.max ?? MAX_YUAN_FEN;
  const text = normalise(raw.trim());
  if (text === '') return { ok: true, fen: null };
  if (/[eE]/.test(text)) return { ok: false, message: '请直接输入金额，如 88.50' };
  if (/^[+-]/.test(text)) return { ok: false, message: '金额不能带正负号' };
  if (text.includes(',') || text.includes('，')) return { ok: false, message: '金额不要加逗号，如 1234.50' };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return { ok: false, message: '金额只能包含数字和小数点，如 88.50' };
  const whole = m[1] as string;
  const decimals = m[2];
  if (decimals !== undefined && decimals.length === 0) return { ok: false, message: '小数点后请写上角分，如 88.50' };
  if (decimals !== undefined && decimals.length > 2) return { ok: false, message: '金额最多两位小数（精确到分）' };
  // Leading zeros are harmless; cap the digits before Number() so nothing loses precision.
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  if (wholeDigits.length > 9) return { ok: false, message: `金额不能超过 ${max / 100} 元` };
  const fen = Number(wholeDigits) * 100 + Number((decimals ?? '').padEnd(2, '0'));
  if (fen > max) return { ok: false, message: `金额不能超过 ${max / 100} 元` };
  if (fen === 0 && !opts.allowZero) return { ok: false, message: '金额须大于 0' };
  return { ok: true, fen };
}
