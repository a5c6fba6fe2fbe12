/**
 * A case's deadlines from its logs, under the current business calendar and targets (core/sla): the
 * first response (from filing to the first staff answer) and the resolution (running, paused while
 * waiting for the customer, stopped on resolve; a reopen starts a fresh target). Recomputed on every
 * write and by the desk's timer, so a policy or calendar change applies to open cases without losing
 * paused time. Breach flags are sticky: once breached, the case keeps the flag after resolution.
 */
import type { AppConfig } from '../core/config';
import { clockStatus, targetMinutes, type BusinessCalendar, type ClockEvent, type ServiceConfig } from '../core/sla';
import { inZone } from '../core/time';
import { businessCalendar } from './businessCalendar';
import { NO_DEADLINE, type CaseDoc, type CaseSlaDoc } from './caseModel';

export interface SlaEnv { calendar: BusinessCalendar; service: ServiceConfig }

export const slaEnv = (config: Pick<AppConfig, 'service'>): SlaEnv => ({ calendar: businessCalendar(config), service: config.service });

type ClockInput = Pick<CaseDoc, 'type' | 'tier' | 'createdAt' | 'firstResponseAt' | 'clock' | 'sla'>;

/** The resolution clock's log from the last reopen on (a reopen starts a fresh target). */
function resolutionEvents(c: ClockInput): ClockEvent[] {
  let from = 0;
  c.clock.forEach((e, i) => {
    if (e.type === 'reopen') from = i;
  });
  return c.clock.slice(from).map((e, i) => (i === 0 ? { type: 'start', at: e.at } : e));
}

export function caseSla(c: ClockInput, env: SlaEnv, now: number): { sla: CaseSlaDoc; dueAt: number } {
  const opts = { warnAtPct: env.service.warnAtPct };
  const frTarget = targetMinutes(env.service, c.type, c.tier, 'firstResponse');
  const resTarget = targetMinutes(env.service, c.type, c.tier, 'resolution');
  const frEvents: ClockEvent[] = [{ type: 'start', at: c.createdAt }, ...(c.firstResponseAt !== null ? [{ type: 'stop' as const, at: c.firstResponseAt }] : [])];
  const fr = clockStatus(env.calendar, frEvents, frTarget, now, opts);
  const res = clockStatus(env.calendar, resolutionEvents(c), resTarget, now, opts);
  const answered = c.firstResponseAt !== null;
  const running = answered ? res : fr;
  const sla: CaseSlaDoc = {
    ...c.sla,
    firstResponseDueAt: answered ? null : fr.deadline,
    resolutionDueAt: res.deadline,
    warnAt: running.warnAt,
    breachedFirstResponse: c.sla.breachedFirstResponse || fr.breached,
    breachedResolution: c.sla.breachedResolution || res.breached,
    provisional: running.provisional,
    firstResponseTarget: frTarget,
    resolutionTarget: resTarget,
  };
  return { sla, dueAt: running.deadline ?? NO_DEADLINE };
}

const hours = (minutes: number): string => (minutes % 60 === 0 ? `${minutes / 60} 小时` : `${(minutes / 60).toFixed(1)} 小时`);
const when = (ms: number): string => inZone(ms).format('M月D日 HH:mm');

/** The promise to the customer in plain words, or null once resolved. */
export function formatPromise(c: Pick<CaseDoc, 'status' | 'firstResponseAt' | 'sla'>, now: number): string | null {
  if (c.status === 'waiting_customer') return '客服在等您补充信息，补充后我们继续处理';
  if (c.status === 'resolved' || c.status === 'closed') return null;
  if (c.firstResponseAt === null) {
    const due = c.sla.firstResponseDueAt;
    if (due === null) return null;
    return due > now ? `我们将在 ${when(due)} 前回复您（工作时间 ${hours(c.sla.firstResponseTarget)}内）` : '已超过承诺的回复时间，我们正在加急处理，抱歉让您久等';
  }
  const due = c.sla.resolutionDueAt;
  return due !== null && due > now ? `客服已回复，预计 ${when(due)} 前给出处理结果` : '客服已回复，正在处理中';
}
