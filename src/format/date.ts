/** Calendar days on the wire are 'YYYY-MM-DD' (Asia/Shanghai); show them as "2026年12月1日". */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(day);
  if (!m) return day;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

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

/** 'YYYY-MM-DD' plus `days` calendar days ('2026-12-31' + 1 → '2027-01-01'). */
export function addDays(day: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(start + days * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
