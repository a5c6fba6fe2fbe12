/** Calendar days on the wire are 'YYYY-MM-DD' (Asia/Shanghai); show them as "2026年12月1日". */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(day);
  if (!m) return day;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The Shanghai wall clock of an instant, read through the UTC getters of a shifted Date. */
function shanghai(ms: number): Date {
  return new Date(ms + SHANGHAI_OFFSET_MS);
}

/** An instant (epoch ms) as Shanghai 'YYYY-MM-DD HH:mm'. */
export function formatTime(ms: number): string {
  const d = shanghai(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** The Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(ms: number): string {
  const d = shanghai(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Day arithmetic is shared with the server's limits. */
export { addDays } from '@contracts/limits';

/*
 * The one display format for dates and times (issue 7): "12月8日" within the current year,
 * "2026年12月8日" otherwise, "08:19" for times. Inputs are epoch ms or a 'YYYY-MM-DD' day, read in
 * Asia/Shanghai; `now` (epoch ms) decides what "the current year" is.
 */

type DateInput = number | string;

/** Year, month and day of an instant or a 'YYYY-MM-DD' day; null for anything else. */
function ymd(value: DateInput): { y: number; m: number; d: number } | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const s = shanghai(value);
    return { y: s.getUTCFullYear(), m: s.getUTCMonth() + 1, d: s.getUTCDate() };
  }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** "12月8日" in the current year, "2026年12月8日" in any other; unparseable input is returned as is. */
export function formatDate(value: DateInput, now: number = Date.now()): string {
  const p = ymd(value);
  if (!p) return String(value);
  const thisYear = shanghai(now).getUTCFullYear();
  return p.y === thisYear ? `${p.m}月${p.d}日` : `${p.y}年${p.m}月${p.d}日`;
}

/** "08:19" (Shanghai wall clock, 24 h). */
export function formatClock(ms: number): string {
  const d = shanghai(ms);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "12月8日 08:19" / "2025年12月8日 08:19". */
export function formatDateTime(ms: number, now: number = Date.now()): string {
  return `${formatDate(ms, now)} ${formatClock(ms)}`;
}

/**
 * Text that must never wrap inside running text (a date in a reason): every gap between characters
 * gets a WORD JOINER (U+2060) and spaces become no-break spaces. Components use CSS nowrap instead.
 */
export function noBreak(text: string): string {
  return Array.from(text.replace(/ /g, '\u00a0')).join('\u2060');
}
