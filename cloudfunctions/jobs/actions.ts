/**
 * The `jobs` cloud function: the batch jobs behind points settlement and expiry, the monthly tier
 * review and balance reconciliation. Timers start them; `run` starts or continues one (the system
 * itself when chaining, or a manager); `status` shows a run's checkpoint and report.
 *
 * A run that reaches its time box chains itself: it calls `jobs.run` again with the same run key and
 * returns, so no invocation comes near WeChat's 60 s limit.
 */
import { z } from 'zod';
import { action, defineFunction, type ActionContext } from '../runtime/router';
import {
  DEFAULT_BUDGET_MS,
  defaultRunKey,
  findRun,
  JOB_NAMES,
  jobsDueAt,
  MAX_PAGE_SIZE,
  RUN_KEY_PATTERN,
  runJob,
  TICK_TRIGGER,
  type JobName,
  type JobRunDoc,
  type RunOutcome,
  type RunStatus,
} from '../services/jobs';

/** What `run` and `status` return: the run document without its lease. */
export interface JobRunView {
  job: JobName;
  runKey: string;
  asOf: number;
  done: boolean;
  cursor: string;
  processed: number;
  changed: number;
  pages: number;
  invocations: number;
  counts: Record<string, number>;
  samples: JobRunDoc['samples'];
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface JobRunResult {
  status: RunStatus;
  /** True when another invocation was started to continue the run. */
  chained: boolean;
  thisInvocation: RunOutcome['thisInvocation'];
  run: JobRunView;
}

const toView = (run: JobRunDoc): JobRunView => {
  const { _id: _i, lease: _l, ...view } = run;
  return view;
};

const runKeySchema = z.string().regex(RUN_KEY_PATTERN);

/** Options carried along a chain; the budget is for tests and manual runs, the default suits the cloud. */
interface ChainOptions { pageSize?: number; budgetMs?: number }

/** Runs (a slice of) a job and, if it paused, starts the invocation that continues it. */
async function runAndChain(ctx: ActionContext, job: JobName, runKey: string | undefined, options: ChainOptions, budgetMs = options.budgetMs): Promise<JobRunResult> {
  const outcome = await runJob(ctx.db, job, { now: ctx.now, runKey, pageSize: options.pageSize, budgetMs });
  let chained = false;
  if (outcome.status === 'paused') {
    await chain(ctx, job, outcome.runKey, options);
    chained = true;
  }
  return { status: outcome.status, chained, thisInvocation: outcome.thisInvocation, run: toView(outcome.run) };
}

function chain(ctx: ActionContext, job: JobName, runKey: string | undefined, options: ChainOptions): Promise<void> {
  const carried = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return ctx.invoke('jobs', { action: 'run', payload: { job, ...(runKey === undefined ? {} : { runKey }), ...carried } });
}

/** A tick does not start a job with less than this left of its budget; it hands the job on instead. */
const MIN_SLICE_MS = 10_000;

/**
 * The single timer: every job whose time has come today, in schedule order, within one invocation's
 * budget (finished runs cost one read each). An earlier job still running (chained, or held by
 * another invocation) goes first: later jobs wait for the next tick.
 */
async function tick(ctx: ActionContext): Promise<JobRunResult[]> {
  const started = Date.now();
  const results: JobRunResult[] = [];
  for (const job of jobsDueAt(ctx.now)) {
    const left = DEFAULT_BUDGET_MS - (Date.now() - started);
    if (left < MIN_SLICE_MS) {
      await chain(ctx, job, undefined, {});
      break;
    }
    const result = await runAndChain(ctx, job, undefined, {}, left);
    results.push(result);
    if (result.chained || result.status === 'busy') break;
  }
  return results;
}

const timer = (job: JobName) => (ctx: ActionContext) => runAndChain(ctx, job, undefined, {});

export const jobsFunction = defineFunction({
  name: 'jobs',
  actions: {
    run: action({
      access: 'system',
      input: z
        .object({
          job: z.enum(JOB_NAMES),
          runKey: runKeySchema.optional(),
          pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
          budgetMs: z.number().int().min(0).max(55_000).optional(),
        })
        .strict(),
      run: (input, ctx) => runAndChain(ctx, input.job, input.runKey, { pageSize: input.pageSize, budgetMs: input.budgetMs }),
    }),
    status: action({
      access: 'manager',
      input: z.object({ job: z.enum(JOB_NAMES), runKey: runKeySchema.optional() }).strict(),
      run: async (input, ctx): Promise<JobRunView | null> => {
        const runKey = input.runKey ?? (await defaultRunKey(ctx.db, input.job, ctx.now));
        const run = await findRun(ctx.db, input.job, runKey);
        return run ? toView(run) : null;
      },
    }),
  },
  timers: {
    [TICK_TRIGGER]: tick,
    settlePoints: timer('settlePoints'),
    expirePoints: timer('expirePoints'),
    reviewTiers: timer('reviewTiers'),
    reconcileBalances: timer('reconcileBalances'),
    kpiDaily: timer('kpiDaily'),
    crmDaily: timer('crmDaily'),
  },
});
