/** Wording shared by the shop pages. Grams and fen are integers; no floating-point money. */

/** 5000 → "10", 300 → "0.6", 1250 → "2.5": grams as 斤 with at most one decimal (rounded half up). */
export function jinText(grams: number): string {
  const tenths = Math.floor((grams * 10 + 250) / 500);
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** "约 10 斤" for the estimated weight of a by-weight line. */
export const aboutJin = (grams: number): string => `约 ${jinText(grams)} 斤`;

/** What a by-weight line says about its price. */
export const WEIGHT_NOTE = '按实际称重计价，多退少补';

/** 500 → "5%": a discount in basis points. */
export function percentText(bp: number): string {
  return bp % 100 === 0 ? `${bp / 100}%` : `${(bp / 100).toFixed(1)}%`;
}
