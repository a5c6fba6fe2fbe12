/**
 * The complaint desk's service-level engine: deadlines computed per second on the default calendar
 * (09:00–12:00, 13:30–18:00, Monday–Friday, chinese-days holidays and 调休) from start times spread
 * over 2026 at any hour and the default targets (3, 24 and 72 business hours); clock readings of
 * realistic logs per second; and what compiling the calendar costs.
 */
import { defaultAppConfig } from '../cloudfunctions/core/config';
import { addBusinessMinutes, clockStatus, compileCalendar, type ClockEvent } from '../cloudfunctions/core/sla';
import { businessCalendar, packageHolidayYears } from '../cloudfunctions/services/businessCalendar';
import { figure, heading } from './stats';

/** A small seeded generator (mulberry32), so every run measures the same cases. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const YEAR_START = Date.parse('2026-01-01T00:00:00+08:00');
const YEAR_MS = 365 * 86_400_000;
const TARGETS = [180, 24 * 60, 72 * 60];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function benchSla(cases = 200_000): void {
  heading('service-level engine (default calendar with chinese-days holidays)');
  const compileRuns: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const t0 = performance.now();
    compileCalendar(defaultAppConfig.service.calendar, packageHolidayYears());
    compileRuns.push(performance.now() - t0);
  }
  figure('desk.sla.compile_ms', 'compile the calendar (cached per config)', median(compileRuns), 'ms', { better: 'lower', digits: 2 });

  const cal = businessCalendar(defaultAppConfig);
  const random = seeded(20261202);
  const starts = new Float64Array(cases);
  const targets = new Int32Array(cases);
  for (let i = 0; i < cases; i += 1) {
    starts[i] = YEAR_START + Math.floor(random() * YEAR_MS);
    targets[i] = TARGETS[Math.floor(random() * TARGETS.length)] as number;
  }

  let sink = 0;
  const rounds: number[] = [];
  for (let round = 0; round < 6; round += 1) {
    const t0 = performance.now();
    for (let i = 0; i < cases; i += 1) sink += addBusinessMinutes(cal, starts[i] as number, targets[i] as number) - (starts[i] as number);
    const perSecond = cases / ((performance.now() - t0) / 1000);
    if (round > 0) rounds.push(perSecond); // the first round warms the JIT
  }
  figure('desk.sla.deadlines_per_s', 'deadlines computed (addBusinessMinutes)', median(rounds), '/s', { target: 100_000, better: 'higher' });

  // A typical open case: started, paused for the customer, resumed; read some days later.
  const logs: ClockEvent[][] = [];
  const nows: number[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const start = YEAR_START + Math.floor(random() * YEAR_MS);
    const pause = start + Math.floor(random() * 2 * 86_400_000);
    const resume = pause + Math.floor(random() * 3 * 86_400_000);
    logs.push([
      { type: 'start', at: start },
      { type: 'pause', at: pause },
      { type: 'resume', at: resume },
    ]);
    nows.push(resume + Math.floor(random() * 3 * 86_400_000));
  }
  const clockRounds: number[] = [];
  for (let round = 0; round < 6; round += 1) {
    const t0 = performance.now();
    for (let i = 0; i < logs.length; i += 1) sink += clockStatus(cal, logs[i] as ClockEvent[], 72 * 60, nows[i] as number).elapsedMinutes;
    const perSecond = logs.length / ((performance.now() - t0) / 1000);
    if (round > 0) clockRounds.push(perSecond);
  }
  figure('desk.sla.clock_status_per_s', 'clock readings (start, pause, resume)', median(clockRounds), '/s', { better: 'higher' });
  if (Number.isNaN(sink)) console.log('unreachable');
}
