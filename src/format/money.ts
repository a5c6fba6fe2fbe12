/**
 * Money is integer fen on the wire. Formatting uses integer arithmetic only (division of exact
 * multiples and modulo), never floating-point yuan.
 */

/** "1234567" → "1,234,567" for a non-negative integer. */
export function groupThousands(n: number): string {
  const s = String(Math.abs(Math.trunc(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? '-' + grouped : grouped;
}

function toFen(fen: number): number {
  // The contract says integers; round once at the edge in case a float slipped through.
  return Number.isInteger(fen) ? fen : Math.round(fen);
}

/** 123456 → "¥1,234.56"; -5 → "-¥0.05". */
export function formatFen(fen: number): string {
  const value = toFen(fen);
  const abs = Math.abs(value);
  const cents = abs % 100;
  const yuan = (abs - cents) / 100;
  const text = `¥${groupThousands(yuan)}.${String(cents).padStart(2, '0')}`;
  return value < 0 ? '-' + text : text;
}

/** Like formatFen, but whole yuan drop ".00": 123400 → "¥1,234", 123456 → "¥1,234.56". */
export function formatFenShort(fen: number): string {
  const value = toFen(fen);
  if (value % 100 !== 0) return formatFen(value);
  const text = `¥${groupThousands(Math.abs(value) / 100)}`;
  return value < 0 ? '-' + text : text;
}

/**
 * An amount still to spend, rounded UP to whole yuan (spending that much is always enough):
 * 123401 → "¥1,235", 123400 → "¥1,234".
 */
export function formatFenToSpend(fen: number): string {
  const value = Math.max(0, toFen(fen));
  const rest = value % 100;
  const yuan = (value - rest) / 100 + (rest > 0 ? 1 : 0);
  return `¥${groupThousands(yuan)}`;
}

/** Points are integers: 12345 → "12,345". */
export function formatPoints(points: number): string {
  return groupThousands(Math.trunc(points));
}
