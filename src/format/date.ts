/** Calendar days on the wire are 'YYYY-MM-DD' (Asia/Shanghai); show them as "2026年12月1日". */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(day);
  if (!m) return day;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
