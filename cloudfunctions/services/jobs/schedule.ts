/**
 * When the jobs run (Shanghai time). WeChat allows one timer trigger per cloud function, so the
 * `jobs` function has a single trigger (`jobsTick`, config.json) firing every half hour from 02:00
 * to 04:30; each tick runs, in this order, every job whose time has come today. A job whose run for
 * the day (or, for the review, the review month) is already done costs one read, so the later ticks
 * are a safety net that resumes or starts a run a missed tick or a killed chain left behind.
 *
 * The review is checked daily at 03:00 but does its work once a month: its run key is the review
 * month, which changes on `reviewDayOfMonth` (the 1st by default).
 */
import { inZone } from '../../core/time';
import type { JobName } from './types';

export interface ScheduleEntry { job: JobName; at: string }

export const SCHEDULE: readonly ScheduleEntry[] = [
  { job: 'settlePoints', at: '02:00' },
  { job: 'expirePoints', at: '02:30' },
  { job: 'reviewTiers', at: '03:00' },
  { job: 'reconcileBalances', at: '04:00' },
  { job: 'kpiDaily', at: '04:30' },
  // After the tier review and the day's orders: profiles for the morning's care list.
  { job: 'crmDaily', at: '04:30' },
];

export const TICK_TRIGGER = 'jobsTick';
/** 7-field WeChat cron (sec min hour day month weekday year), evaluated in UTC+8. */
export const TICK_CRON = '0 0,30 2-4 * * * *';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** The jobs a tick at `now` runs: those scheduled at or before its half-hour slot, today, in order. */
export function jobsDueAt(now: number): JobName[] {
  const local = inZone(now);
  const slot = local.hour() * 60 + Math.floor(local.minute() / 30) * 30;
  return SCHEDULE.filter((e) => minutesOf(e.at) <= slot).map((e) => e.job);
}
