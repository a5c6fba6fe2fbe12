/**
 * The complaint desk's countdown to a case's running deadline, in words and a colour state. Pure: the
 * time is passed in, already corrected to the server's clock (see `serverOffset`), so a phone whose
 * clock is wrong does not show a wrong countdown.
 */

export type DueKind = 'first_response' | 'resolution';

/** normal → warning from `warnAt` (80 % of the target used) → overdue; paused while waiting for the customer. */
export type CountdownTone = 'normal' | 'warning' | 'overdue' | 'paused' | 'none';

export interface CountdownInput {
  dueAt: number | null;
  dueKind: DueKind | null;
  warnAt: number | null;
  paused: boolean;
}

export interface Countdown {
  tone: CountdownTone;
  /** What the row shows, updated every second: "01:20:05", "2 天 03:20:05", "已超时 00:25:10", "待客户补充". */
  text: string;
  /** What a screen reader hears, to the minute: "距首次响应截止还有 1 小时 20 分". */
  label: string;
}

export const DUE_KIND_LABELS: Record<DueKind, string> = { first_response: '首次响应', resolution: '解决' };

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A span as a clock, with whole days in front: 4_805_000 → "01:20:05", 2 days 3 h → "2 天 03:00:00". */
export function clockText(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / SECOND);
  const days = Math.floor(total / 86_400);
  const rest = total % 86_400;
  const clock = `${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor((rest % 3600) / 60))}:${pad2(rest % 60)}`;
  return days > 0 ? `${days} 天 ${clock}` : clock;
}

/**
 * A span in words, to the minute, for screen readers: "1 小时 20 分", "2 天 3 小时", "不到 1 分".
 * Seconds are left out on purpose: a label that changes every second would be read out endlessly.
 */
export function spanWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes < 1) return '不到 1 分';
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} 天`);
  if (hours > 0) parts.push(`${hours} 小时`);
  // Beyond a day the minutes add nothing a reader needs.
  if (mins > 0 && days === 0) parts.push(`${mins} 分`);
  return parts.join(' ');
}

/** The countdown of a case at `now` (server time). */
export function countdown(c: CountdownInput, now: number): Countdown {
  if (c.paused) return { tone: 'paused', text: '待客户补充', label: '待客户补充，计时已暂停' };
  if (c.dueAt === null) return { tone: 'none', text: '', label: '' };
  const what = c.dueKind ? DUE_KIND_LABELS[c.dueKind] : '处理';
  const left = c.dueAt - now;
  if (left <= 0) {
    const over = now - c.dueAt;
    return { tone: 'overdue', text: `已超时 ${clockText(over)}`, label: `${what}已超时 ${spanWords(over)}` };
  }
  const tone: CountdownTone = c.warnAt !== null && now >= c.warnAt ? 'warning' : 'normal';
  return { tone, text: clockText(left), label: `距${what}截止还有 ${spanWords(left)}` };
}

/**
 * The server clock as seen from this phone: the difference between the server's `now` (sent with the
 * queue) and the phone's clock when the answer arrived. Kept for the session so the case page opened
 * from the queue counts with the same clock.
 */
let offsetMs = 0;

export function rememberServerNow(serverNow: number, localNow: number): number {
  offsetMs = serverNow - localNow;
  return offsetMs;
}

export function serverOffset(): number {
  return offsetMs;
}
