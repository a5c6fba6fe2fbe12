/**
 * One tick of the desk's timer (every 5 minutes in business hours; any tick may repeat or overlap):
 *  1. recompute every open case's deadlines under today's calendar and targets, writing only what
 *     changed; a new breach flags the case (for good) and tells the managers once;
 *  2. close resolved cases the customer did not confirm within the window (not offered a rating);
 *  3. deliver the outbox.
 * Each case is its own small transaction that re-reads the case, so a tick racing a staff step or
 * another tick never undoes either; the notices' keys make a repeated breach notice a no-op.
 */
import { DAY_MS } from '../core/time';
import { isBusinessTime } from '../core/sla';
import type { Db } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import { slaEnv, type SlaEnv } from './caseClock';
import type { CaseDoc } from './caseModel';
import { activeManagers, noticeBreach } from './caseNotices';
import { withSla } from './cases';
import { C } from './collections';
import { loadConfig } from './config';
import { deliverOutbox } from './outbox';

export const DESK_TICK_TRIGGER = 'deskTick';
const PAGE = 500;

export interface DeskTickResult {
  scanned: number;
  updated: number;
  breaches: number;
  autoClosed: number;
  outbox: unknown;
  ms: number;
}

const same = (a: CaseDoc, b: CaseDoc) => a.dueAt === b.dueAt && JSON.stringify(a.sla) === JSON.stringify(b.sla);

/** The case with its deadlines recomputed and new breaches marked notified (the caller notifies). */
function refreshed(c: CaseDoc, env: SlaEnv, now: number): { next: CaseDoc; breached: ('firstResponse' | 'resolution')[] } {
  const next = withSla(c, env, now);
  const breached: ('firstResponse' | 'resolution')[] = [];
  if (next.sla.breachedFirstResponse && !next.sla.breachNotified.firstResponse) breached.push('firstResponse');
  if (next.sla.breachedResolution && !next.sla.breachNotified.resolution) breached.push('resolution');
  if (breached.length === 0) return { next, breached };
  const notified = { ...next.sla.breachNotified };
  for (const b of breached) notified[b] = true;
  return { next: { ...next, sla: { ...next.sla, breachNotified: notified } }, breached };
}

const CLOCK_FIELDS = { _id: true, type: true, tier: true, status: true, createdAt: true, firstResponseAt: true, clock: true, sla: true, dueAt: true, active: true };

/** Cases whose deadlines changed are written this many to a transaction (one commit, not fifty). */
const BATCH = 50;

async function refreshOpenCases(db: Db, env: SlaEnv, now: number, tally: DeskTickResult): Promise<void> {
  const _ = db.command;
  const managers = await activeManagers(db);
  let after = '';
  for (;;) {
    // Only what the clocks read: the threads stay in the database.
    const { data } = await db.collection(C.complaints).where({ active: 1, _id: _.gt(after) }).field(CLOCK_FIELDS).orderBy('_id', 'asc').limit(PAGE).get();
    const page = data as unknown as CaseDoc[];
    tally.scanned += page.length;
    const changed = page.filter((seen) => !same(seen, refreshed(seen, env, now).next)).map((c) => c._id);
    for (let i = 0; i < changed.length; i += BATCH) {
      // Each case is re-read inside the transaction: a staff step that landed meanwhile is kept.
      // Counted after the commit: a transaction callback may run more than once.
      const done = await db.runTransaction(async (tx) => {
        let updated = 0;
        let breaches = 0;
        for (const id of changed.slice(i, i + BATCH)) {
          const c = await txGet<CaseDoc>(tx, C.complaints, id);
          if (!c || c.active !== 1) continue;
          const { next, breached } = refreshed(c, env, now);
          if (same(c, next)) continue;
          // Only the clock's fields: the thread and the rest stay as the transaction read them.
          await tx.collection(C.complaints).doc(c._id).update({ data: { sla: asDoc(next.sla), dueAt: next.dueAt } });
          for (const kind of breached) await noticeBreach(tx, next, kind, managers, now);
          updated += 1;
          breaches += breached.length;
        }
        return { updated, breaches };
      });
      tally.updated += done.updated;
      tally.breaches += done.breaches;
    }
    if (page.length < PAGE) return;
    after = (page[page.length - 1] as CaseDoc)._id;
  }
}

async function autoClose(db: Db, days: number, now: number, tally: DeskTickResult): Promise<void> {
  const _ = db.command;
  const { data } = await db.collection(C.complaints).where({ status: 'resolved', resolvedAt: _.lt(now - days * DAY_MS) }).limit(PAGE).get();
  for (const seen of data as unknown as CaseDoc[]) {
    const closed = await db.runTransaction(async (tx) => {
      const c = await txGet<CaseDoc>(tx, C.complaints, seen._id);
      if (!c || c.status !== 'resolved' || c.resolvedAt === null || c.resolvedAt >= now - days * DAY_MS) return false;
      const next: CaseDoc = { ...c, status: 'closed', closedAt: now, autoClosed: c.rating === null, updatedAt: now };
      await tx.collection(C.complaints).doc(c._id).set({ data: asDoc(withoutId(next)) });
      return true;
    });
    if (closed) tally.autoClosed += 1;
  }
}

export async function deskTick(db: Db, now: number, log: (msg: string, detail?: unknown) => void = () => undefined): Promise<DeskTickResult> {
  const started = Date.now();
  const config = await loadConfig(db, now);
  const env = slaEnv(config);
  const tally: DeskTickResult = { scanned: 0, updated: 0, breaches: 0, autoClosed: 0, outbox: null, ms: 0 };
  await refreshOpenCases(db, env, now, tally);
  await autoClose(db, config.cases.autoCloseDays, now, tally);
  // Pushes wait for business time: nobody is messaged at midnight or on a holiday; the app shows them at once.
  tally.outbox = isBusinessTime(env.calendar, now) ? await deliverOutbox(db, now, { budgetMs: 20_000, max: 200 }) : 'outside business hours';
  tally.ms = Date.now() - started;
  log('desk tick', tally);
  return tally;
}
