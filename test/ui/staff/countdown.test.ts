/** The complaint desk's countdown: text to the second, words to the minute, and its colour states. */
import { clockText, countdown, rememberServerNow, serverOffset, spanWords, type CountdownInput } from '@/staff/lib/countdown';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const T0 = Date.UTC(2026, 11, 2, 2, 0); // 10:00 in Shanghai
const running = (over: Partial<CountdownInput> = {}): CountdownInput => ({ dueAt: T0 + 3 * HOUR, dueKind: 'first_response', warnAt: T0 + 3 * HOUR - 36 * MIN, paused: false, ...over });

describe('clockText', () => {
  it('shows hours, minutes and seconds, with whole days in front', () => {
    expect(clockText(0)).toBe('00:00:00');
    expect(clockText(999)).toBe('00:00:00');
    expect(clockText(HOUR + 20 * MIN + 5_000)).toBe('01:20:05');
    expect(clockText(23 * HOUR + 59 * MIN + 59_999)).toBe('23:59:59');
    expect(clockText(DAY)).toBe('1 天 00:00:00');
    expect(clockText(2 * DAY + 3 * HOUR + 7_000)).toBe('2 天 03:00:07');
    expect(clockText(-5_000)).toBe('00:00:00');
  });
});

describe('spanWords', () => {
  it('says the span to the minute, without seconds', () => {
    expect(spanWords(HOUR + 20 * MIN + 59_000)).toBe('1 小时 20 分');
    expect(spanWords(20 * MIN)).toBe('20 分');
    expect(spanWords(2 * HOUR)).toBe('2 小时');
    expect(spanWords(59_999)).toBe('不到 1 分');
    expect(spanWords(0)).toBe('不到 1 分');
  });

  it('leaves minutes out beyond a day', () => {
    expect(spanWords(2 * DAY + 3 * HOUR + 20 * MIN)).toBe('2 天 3 小时');
    expect(spanWords(DAY + 5 * MIN)).toBe('1 天');
  });
});

describe('countdown', () => {
  it('is green with the time left before 80 % of the target is used', () => {
    const c = countdown(running(), T0 + HOUR + 39 * MIN + 55_000);
    expect(c).toEqual({ tone: 'normal', text: '01:20:05', label: '距首次响应截止还有 1 小时 20 分' });
  });

  it('turns amber from warnAt, exactly', () => {
    const due = running();
    expect(countdown(due, (due.warnAt as number) - 1).tone).toBe('normal');
    expect(countdown(due, due.warnAt as number).tone).toBe('warning');
    expect(countdown(due, (due.dueAt as number) - 1).tone).toBe('warning');
  });

  it('turns red and says 已超时 at the deadline, counting up', () => {
    const due = running({ dueKind: 'resolution' });
    const at = countdown(due, due.dueAt as number);
    expect(at.tone).toBe('overdue');
    expect(at.text).toBe('已超时 00:00:00');
    const later = countdown(due, (due.dueAt as number) + 25 * MIN + 10_000);
    expect(later).toEqual({ tone: 'overdue', text: '已超时 00:25:10', label: '解决已超时 25 分' });
  });

  it('shows 待客户补充 while paused, whatever the deadline says', () => {
    expect(countdown(running({ paused: true, dueAt: null, warnAt: null }), T0)).toEqual({ tone: 'paused', text: '待客户补充', label: '待客户补充，计时已暂停' });
    expect(countdown(running({ paused: true }), T0 + 10 * HOUR).tone).toBe('paused');
  });

  it('shows nothing for a case without a running deadline', () => {
    expect(countdown(running({ dueAt: null, dueKind: null, warnAt: null }), T0).tone).toBe('none');
  });

  it('without a warning time stays green until the deadline', () => {
    const due = running({ warnAt: null });
    expect(countdown(due, (due.dueAt as number) - 1).tone).toBe('normal');
  });
});

describe('the server clock', () => {
  it('remembers the server minus the phone clock', () => {
    expect(rememberServerNow(T0, T0 - 7 * MIN)).toBe(7 * MIN);
    expect(serverOffset()).toBe(7 * MIN);
    rememberServerNow(T0, T0 + 90_000);
    expect(serverOffset()).toBe(-90_000);
    rememberServerNow(T0, T0);
    expect(serverOffset()).toBe(0);
  });
});
