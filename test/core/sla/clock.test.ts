/** Clocks read from case event logs: pauses, resolve and reopen, breaches, and policy changes. */
import { clockStatus, compileCalendar, type ClockEvent } from '../../../cloudfunctions/core/sla';
import { sh } from '../helpers';
import { defaultCalendar, officialYears, spec, wall } from './fixtures';

const cal = defaultCalendar();
const ev = (type: ClockEvent['type'], local: string): ClockEvent => ({ type, at: sh(local) });
const at = (ms: number | null) => (ms === null ? null : wall(ms));

describe('a running clock', () => {
  it('counts business minutes since the start and names the deadline', () => {
    const s = clockStatus(cal, [ev('start', '2026-11-30T09:00:00')], 180, sh('2026-11-30T11:00:00'));
    expect(s).toMatchObject({ state: 'running', elapsedMinutes: 120, remainingMinutes: 60, warn: false, breached: false, breachedAt: null, provisional: false });
    expect(at(s.deadline)).toBe('2026-11-30 12:00');
    expect(at(s.warnAt)).toBe('2026-11-30 11:24');
  });

  it('warns once the configured share of the target is used', () => {
    const log = [ev('start', '2026-11-30T09:00:00')];
    expect(clockStatus(cal, log, 180, sh('2026-11-30T11:23:00')).warn).toBe(false);
    expect(clockStatus(cal, log, 180, sh('2026-11-30T11:24:00')).warn).toBe(true);
    expect(clockStatus(cal, log, 180, sh('2026-11-30T10:30:00'), { warnAtPct: 50 }).warn).toBe(true);
  });

  it('is idle before a start and has no deadline', () => {
    const s = clockStatus(cal, [], 180, sh('2026-11-30T11:00:00'));
    expect(s).toMatchObject({ state: 'idle', elapsedMinutes: 0, deadline: null, warnAt: null, breached: false });
    expect(clockStatus(cal, [ev('start', '2026-11-30T12:00:00')], 180, sh('2026-11-30T11:00:00')).state).toBe('idle');
  });

  it('counts nothing outside business hours: a case filed on Friday night', () => {
    const s = clockStatus(cal, [ev('start', '2026-11-27T21:00:00')], 180, sh('2026-11-29T23:00:00'));
    expect(s.elapsedMinutes).toBe(0);
    expect(at(s.deadline)).toBe('2026-11-30 12:00');
  });
});

describe('pauses (待客户补充)', () => {
  it('stops counting while paused, across days and a weekend (GLPI #10594)', () => {
    const log = [ev('start', '2026-11-27T16:00:00'), ev('pause', '2026-11-27T17:00:00'), ev('resume', '2026-12-01T10:00:00')];
    const paused = clockStatus(cal, log.slice(0, 2), 180, sh('2026-11-30T16:00:00'));
    expect(paused).toMatchObject({ state: 'paused', elapsedMinutes: 60, remainingMinutes: 120, deadline: null, warnAt: null });
    const resumed = clockStatus(cal, log, 180, sh('2026-12-01T11:00:00'));
    expect(resumed).toMatchObject({ state: 'running', elapsedMinutes: 120 });
    expect(at(resumed.deadline)).toBe('2026-12-01 12:00');
  });

  it('ignores a repeated pause or resume (a double tap)', () => {
    const once = [ev('start', '2026-11-30T09:00:00'), ev('pause', '2026-11-30T10:00:00'), ev('resume', '2026-11-30T14:00:00')];
    const twice = [ev('start', '2026-11-30T09:00:00'), ev('pause', '2026-11-30T10:00:00'), ev('pause', '2026-11-30T10:05:00'), ev('resume', '2026-11-30T14:00:00'), ev('resume', '2026-11-30T14:30:00'), ev('start', '2026-11-30T15:00:00')];
    const now = sh('2026-11-30T16:00:00');
    expect(clockStatus(cal, twice, 1440, now)).toEqual(clockStatus(cal, once, 1440, now));
    expect(clockStatus(cal, once, 1440, now).elapsedMinutes).toBe(60 + 120);
  });

  it('reads a log in time order whatever order it is stored in', () => {
    const log = [ev('resume', '2026-11-30T14:00:00'), ev('start', '2026-11-30T09:00:00'), ev('pause', '2026-11-30T10:00:00')];
    expect(clockStatus(cal, log, 1440, sh('2026-11-30T16:00:00')).elapsedMinutes).toBe(180);
  });
});

describe('resolve and reopen', () => {
  const log = [ev('start', '2026-11-30T09:00:00'), ev('stop', '2026-11-30T10:30:00')];

  it('stops the clock on resolve: nothing runs on after it (Chatwoot #10178)', () => {
    const s = clockStatus(cal, log, 180, sh('2026-12-31T10:00:00'));
    expect(s).toMatchObject({ state: 'stopped', elapsedMinutes: 90, remainingMinutes: 90, deadline: null, breached: false });
  });

  it('starts again on reopen, with the time already used', () => {
    const reopened = [...log, ev('reopen', '2026-12-01T09:00:00')];
    const s = clockStatus(cal, reopened, 180, sh('2026-12-01T09:30:00'));
    expect(s).toMatchObject({ state: 'running', elapsedMinutes: 120 });
    expect(at(s.deadline)).toBe('2026-12-01 10:30');
  });

  it('can stop a paused clock', () => {
    const s = clockStatus(cal, [ev('start', '2026-11-30T09:00:00'), ev('pause', '2026-11-30T10:00:00'), ev('stop', '2026-11-30T15:00:00')], 180, sh('2026-12-02T10:00:00'));
    expect(s).toMatchObject({ state: 'stopped', elapsedMinutes: 60 });
  });
});

describe('breaches', () => {
  const start = [ev('start', '2026-11-30T09:00:00')];

  it('is not breached at the deadline itself, and is right after it', () => {
    expect(clockStatus(cal, start, 180, sh('2026-11-30T12:00:00')).breached).toBe(false);
    const lunch = clockStatus(cal, start, 180, sh('2026-11-30T12:30:00'));
    expect(lunch).toMatchObject({ elapsedMinutes: 180, remainingMinutes: 0, breached: true });
    expect(at(lunch.breachedAt)).toBe('2026-11-30 12:00');
    expect(at(lunch.deadline)).toBe('2026-11-30 12:00');
    expect(clockStatus(cal, start, 180, sh('2026-11-30T14:00:00')).remainingMinutes).toBe(-30);
  });

  it('is not breached when resolved exactly at the deadline', () => {
    const s = clockStatus(cal, [...start, ev('stop', '2026-11-30T12:00:00')], 180, sh('2026-12-10T12:00:00'));
    expect(s).toMatchObject({ state: 'stopped', breached: false, elapsedMinutes: 180 });
  });

  it('keeps the breach after resolve and after reopen', () => {
    const late = [...start, ev('stop', '2026-11-30T14:00:00')];
    expect(clockStatus(cal, late, 180, sh('2026-12-10T12:00:00'))).toMatchObject({ state: 'stopped', breached: true, elapsedMinutes: 210 });
    const again = [...late, ev('reopen', '2026-12-01T09:00:00')];
    const s = clockStatus(cal, again, 180, sh('2026-12-01T09:10:00'));
    expect(s).toMatchObject({ state: 'running', breached: true, elapsedMinutes: 220 });
    expect(at(s.breachedAt)).toBe('2026-11-30 12:00');
  });
});

describe('policy and calendar changes', () => {
  const log = [ev('start', '2026-11-30T09:00:00'), ev('pause', '2026-11-30T10:00:00'), ev('resume', '2026-12-02T09:00:00')];
  const now = sh('2026-12-02T09:30:00');

  it('recomputes the deadline under a new target without losing paused time (GLPI #15605)', () => {
    const before = clockStatus(cal, log, 24 * 60, now);
    expect(before.elapsedMinutes).toBe(90);
    const after = clockStatus(cal, log, 180, now);
    expect(after.elapsedMinutes).toBe(90);
    expect(at(after.deadline)).toBe('2026-12-02 11:00');
  });

  it('recomputes the deadline under a new calendar (a closure added), paused time still excluded', () => {
    const closed = compileCalendar(spec({ closures: [{ from: '2026-12-03', to: '2026-12-03' }] }), officialYears);
    const s = clockStatus(closed, log, 600, now);
    expect(s.elapsedMinutes).toBe(90);
    // 510 minutes left: the rest of Wednesday (420) and 90 on Friday (Thursday is closed).
    expect(at(s.deadline)).toBe('2026-12-04 10:30');
  });

  it('marks a deadline after the holiday data coverage as provisional', () => {
    const s = clockStatus(cal, [ev('start', '2026-12-30T09:00:00')], 72 * 60, sh('2026-12-30T10:00:00'));
    expect(s.provisional).toBe(true);
    expect(clockStatus(cal, [ev('start', '2026-12-01T09:00:00')], 180, sh('2026-12-01T10:00:00')).provisional).toBe(false);
  });
});
