/**
 * Runs a job page by page under a checkpoint in `job_runs/<job>:<runKey>`:
 *
 * - Claim: a transaction reads the run document; a finished run returns at once, a run held by a
 *   live invocation is left to it (`busy`), otherwise this invocation takes the lease (which lapses
 *   on its own if the invocation is killed) and, for a new run, fixes the run's instant `asOf`.
 * - Pages: at most `pageSize` (≤ 1000) documents after the cursor; after each page the cursor and
 *   the tallies are saved, conditionally on still holding the lease. A crash loses at most the
 *   page in progress, whose writes are idempotent, so running the same run key again continues
 *   where the last saved page ended and ends in the same state as one uninterrupted run.
 * - Time box: it stops before a page that would end past `budgetMs` (WeChat cloud functions are
 *   killed at 60 s) and reports `paused`; the caller chains another invocation.
 */
import { DomainError } from '../../core/errors';
import type { Db } from '../../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../../runtime/dbHelpers';
import { C } from '../collections';
import { loadConfig } from '../config';
import { reviewTiersJob } from './reviewTiers';
import { reconcileBalancesJob } from './reconcile';
import { expirePointsJob, settlePointsJob } from './bringDue';
import { kpiDailyJob } from './kpiDaily';
import { crmDailyJob } from './crmDaily';
import { MAX_SAMPLES, RUN_KEY_PATTERN, type JobDef, type JobName, type JobRunDoc, type PageResult } from './types';
import { mergeCounts } from './util';

export const JOBS: Record<JobName, JobDef> = {
  settlePoints: settlePointsJob,
  expirePoints: expirePointsJob,
  reviewTiers: reviewTiersJob,
  reconcileBalances: reconcileBalancesJob,
  kpiDaily: kpiDailyJob,
  crmDaily: crmDailyJob,
};

/** Leaves ~10 s of the 60 s WeChat limit for the last page, the checkpoint and the chained call. */
export const DEFAULT_BUDGET_MS = 50_000;
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_CONCURRENCY = 16;
/** How long after its start a silent invocation's lease lapses (the function is dead by then). */
const LEASE_GRACE_MS = 20_000;
const MAX_LEASE_MS = 15 * 60_000;

export interface RunHooks {
  /** After a page's writes, before its checkpoint is saved: a throw here is a crash in mid-page. */
  afterPageWork?(info: { run: JobRunDoc; page: PageResult; pages: number }): void | Promise<void>;
  /** After a page's checkpoint is saved (progress bars; a throw here is a crash between pages). */
  afterCheckpoint?(info: { run: JobRunDoc; pages: number }): void | Promise<void>;
}

export interface RunJobOptions {
  /** The invocation's instant (`ctx.now`); a new run takes it as its `asOf`. */
  now: number;
  runKey?: string;
  budgetMs?: number;
  pageSize?: number;
  concurrency?: number;
  /** Wall clock for the time box (not the business instant); Date.now by default. */
  clock?: () => number;
  /** Identifies this invocation as the lease holder; random by default. */
  owner?: string;
  hooks?: RunHooks;
  /** Asked after each saved page: true ends this invocation early (the CLI on Ctrl-C). */
  shouldStop?: () => boolean;
}

export type RunStatus = 'done' | 'alreadyDone' | 'paused' | 'busy';

export interface RunOutcome {
  job: JobName;
  runKey: string;
  status: RunStatus;
  run: JobRunDoc;
  thisInvocation: { pages: number; processed: number; changed: number; ms: number };
}

export const runDocId = (job: JobName, runKey: string): string => `${job}:${runKey}`;

export async function defaultRunKey(db: Db, job: JobName, now: number): Promise<string> {
  return JOBS[job].defaultRunKey(now, await loadConfig(db, now));
}

function checkRunKey(runKey: string): void {
  if (!RUN_KEY_PATTERN.test(runKey)) throw new DomainError('JOBS.INVALID_RUN_KEY', '批次号只能包含字母、数字和 - _ . :，最长40个字符', { runKey });
}

type Claim = { status: 'claimed' | 'alreadyDone' | 'busy'; run: JobRunDoc };

function claimRun(db: Db, job: JobName, runKey: string, now: number, owner: string, leaseUntil: number): Promise<Claim> {
  const id = runDocId(job, runKey);
  return db.runTransaction(async (tx): Promise<Claim> => {
    const existing = await txGet<JobRunDoc>(tx, C.jobRuns, id);
    if (existing?.done) return { status: 'alreadyDone', run: existing };
    if (existing?.lease && existing.lease.by !== owner && existing.lease.until > now) return { status: 'busy', run: existing };
    const lease = { by: owner, until: leaseUntil };
    const run: JobRunDoc = existing
      ? { ...existing, invocations: existing.invocations + 1, updatedAt: now, lease }
      : { _id: id, job, runKey, asOf: now, cursor: '', processed: 0, changed: 0, pages: 0, invocations: 1, counts: {}, samples: [], startedAt: now, updatedAt: now, finishedAt: null, done: false, lease };
    await tx.collection(C.jobRuns).doc(id).set({ data: asDoc(withoutId(run)) });
    return { status: 'claimed', run };
  });
}

function advance(run: JobRunDoc, page: PageResult, now: number): JobRunDoc {
  return {
    ...run,
    cursor: page.cursor,
    processed: run.processed + page.processed,
    changed: run.changed + page.changed,
    pages: run.pages + 1,
    counts: mergeCounts(run.counts, page.counts),
    samples: [...run.samples, ...page.samples].slice(0, MAX_SAMPLES),
    updatedAt: now,
    done: page.done,
    finishedAt: page.done ? now : null,
    lease: page.done ? null : run.lease,
  };
}

/** Saves the checkpoint only while this invocation still holds the run. */
async function saveRun(db: Db, run: JobRunDoc, owner: string): Promise<void> {
  const res = await db.collection(C.jobRuns).where({ _id: run._id, lease: { by: owner } }).update({ data: asDoc(withoutId(run)) });
  if ((res.stats.updated ?? 0) !== 1) throw new DomainError('JOBS.LEASE_LOST', '任务已被另一个实例接管', { run: run._id });
}

async function releaseLease(db: Db, id: string, owner: string): Promise<void> {
  try {
    await db.collection(C.jobRuns).where({ _id: id, lease: { by: owner } }).update({ data: { lease: null } });
  } catch {
    // The lease lapses on its own.
  }
}

let ownerSeq = 0;
const newOwner = (now: number): string => `inv-${now.toString(36)}-${(ownerSeq += 1).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

const clampInt = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.floor(n)));

export async function runJob(db: Db, name: JobName, opts: RunJobOptions): Promise<RunOutcome> {
  const job = JOBS[name];
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const budget = Math.max(0, opts.budgetMs ?? DEFAULT_BUDGET_MS);
  const pageSize = clampInt(opts.pageSize ?? MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const concurrency = clampInt(opts.concurrency ?? DEFAULT_CONCURRENCY, 1, 64);
  const config = await loadConfig(db, opts.now);
  const runKey = opts.runKey ?? job.defaultRunKey(opts.now, config);
  checkRunKey(runKey);
  const owner = opts.owner ?? newOwner(opts.now);
  const claim = await claimRun(db, name, runKey, opts.now, owner, opts.now + Math.min(budget, MAX_LEASE_MS) + LEASE_GRACE_MS);
  const thisInvocation = { pages: 0, processed: 0, changed: 0, ms: 0 };
  if (claim.status !== 'claimed') return { job: name, runKey, status: claim.status, run: claim.run, thisInvocation };

  let run = claim.run;
  const session = job.open({ db, asOf: run.asOf, config, pageSize, concurrency });
  let slowest = 0;
  try {
    for (;;) {
      const pageStart = clock();
      const page = await session.page(run.cursor);
      thisInvocation.pages += 1;
      thisInvocation.processed += page.processed;
      thisInvocation.changed += page.changed;
      await opts.hooks?.afterPageWork?.({ run, page, pages: thisInvocation.pages });
      run = advance(run, page, opts.now);
      await saveRun(db, run, owner);
      await opts.hooks?.afterCheckpoint?.({ run, pages: thisInvocation.pages });
      if (run.done) break;
      const t = clock();
      slowest = Math.max(slowest, t - pageStart);
      // Stop before a page that would likely end past the budget.
      if (t - started + slowest >= budget || opts.shouldStop?.()) break;
    }
  } finally {
    if (!run.done) await releaseLease(db, run._id, owner);
  }
  thisInvocation.ms = clock() - started;
  return { job: name, runKey, status: run.done ? 'done' : 'paused', run: { ...run, lease: null }, thisInvocation };
}

/** Documents the run has still to visit (a count; for progress bars). */
export async function remainingFor(db: Db, run: Pick<JobRunDoc, 'job' | 'asOf' | 'cursor'>, pageSize = MAX_PAGE_SIZE): Promise<number> {
  const config = await loadConfig(db, run.asOf);
  return JOBS[run.job].remaining({ db, asOf: run.asOf, config, pageSize, concurrency: 1 }, run.cursor);
}

export const findRun = (db: Db, job: JobName, runKey: string) => dbGet<JobRunDoc>(db, C.jobRuns, runDocId(job, runKey));
