/**
 * A service-level clock read from a case's event log. Nothing is stored but the events: elapsed time,
 * the deadline and the breach are recomputed from the log under the current calendar and target, so
 * a calendar or policy change never loses paused time (GLPI #15605) and a resolved case's clock
 * stays stopped until it is reopened (Chatwoot #10178).
 *
 * Events apply in time order (ties keep their log order). An event that does not apply in the
 * current state is ignored (a retried or double-tapped pause is harmless):
 *   idle    --start--> running    idle    --stop--> stopped
 *   running --pause--> paused     running --stop--> stopped
 *   paused  --resume-> running    paused  --stop--> stopped
 *   stopped --reopen-> running
 * Business time used accumulates over every running stretch, reopened ones included; a caller that
 * wants a fresh target after a reopen passes the log from the reopen on (as a start).
 */
import { addBusinessMs, businessMsBetween, MINUTE_MS, type BusinessCalendar } from './calendar';

export const CLOCK_EVENT_TYPES = ['start', 'pause', 'resume', 'stop', 'reopen'] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];
export interface ClockEvent {
  type: ClockEventType;
  /** Epoch ms. Events after `now` are not yet applied. */
  at: number;
}

export type ClockState = 'idle' | 'running' | 'paused' | 'stopped';

export interface ClockStatus {
  state: ClockState;
  /** Business minutes used so far (fractional when events are not on whole minutes). */
  elapsedMinutes: number;
  /** Target minus elapsed; negative once overdue. */
  remainingMinutes: number;
  /** While running: the instant the target is (or was) used up. Null while idle, paused or stopped. */
  deadline: number | null;
  /** While running: the instant the warning share of the target is (or was) used up; null otherwise. */
  warnAt: number | null;
  /** At least `warnAtPct` % of the target is used. */
  warn: boolean;
  /** The clock ran on after its target was used up at some point; stays true after resolve and reopen. */
  breached: boolean;
  /** When the target was used up while the clock ran on (the first breach), or null. */
  breachedAt: number | null;
  /** The deadline lies after the holiday data's coverage: it may move when next year's days are entered. */
  provisional: boolean;
}

export interface ClockOptions {
  /** Share of the target that raises `warn` (default 80). */
  warnAtPct?: number;
}

const NEXT: Record<ClockState, Partial<Record<ClockEventType, ClockState>>> = {
  idle: { start: 'running', stop: 'stopped' },
  running: { pause: 'paused', stop: 'stopped' },
  paused: { resume: 'running', stop: 'stopped' },
  stopped: { reopen: 'running' },
};

function inOrder(events: readonly ClockEvent[]): readonly ClockEvent[] {
  for (let i = 1; i < events.length; i += 1) {
    if ((events[i] as ClockEvent).at < (events[i - 1] as ClockEvent).at) return [...events].sort((a, b) => a.at - b.at); // stable
  }
  return events;
}

/** The clock's reading at `now` for a target of `targetMinutes` business minutes. */
export function clockStatus(cal: BusinessCalendar, events: readonly ClockEvent[], targetMinutes: number, now: number, opts: ClockOptions = {}): ClockStatus {
  const targetMs = targetMinutes * MINUTE_MS;
  const warnMs = Math.ceil((targetMs * (opts.warnAtPct ?? 80)) / 100);
  let state: ClockState = 'idle';
  let elapsed = 0;
  let runFrom = 0;
  let runBase = 0; // elapsed when the current run began
  let breachedAt: number | null = null;

  const close = (until: number) => {
    const used = businessMsBetween(cal, runFrom, until);
    if (breachedAt === null && elapsed + used >= targetMs) {
      const reached = addBusinessMs(cal, runFrom, targetMs - elapsed);
      if (reached < until) breachedAt = reached;
    }
    elapsed += used;
  };

  for (const event of inOrder(events)) {
    if (event.at > now) break;
    const next: ClockState | undefined = NEXT[state][event.type];
    if (next === undefined) continue;
    if (state === 'running') close(event.at);
    if (next === 'running') {
      runFrom = event.at;
      runBase = elapsed;
    }
    state = next;
  }

  let deadline: number | null = null;
  let warnAt: number | null = null;
  if (state === 'running') {
    close(now);
    deadline = addBusinessMs(cal, runFrom, targetMs - runBase);
    warnAt = addBusinessMs(cal, runFrom, warnMs - runBase);
  }
  return {
    state,
    elapsedMinutes: elapsed / MINUTE_MS,
    remainingMinutes: (targetMs - elapsed) / MINUTE_MS,
    deadline,
    warnAt,
    warn: elapsed >= warnMs,
    breached: breachedAt !== null,
    breachedAt,
    provisional: deadline !== null && cal.coveredUntilMs !== null && deadline >= cal.coveredUntilMs,
  };
}
