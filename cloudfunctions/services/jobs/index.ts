/** The batch jobs: settle and expire points, review tiers, reconcile balances (see runner.ts). */
export { DEFAULT_BUDGET_MS, DEFAULT_CONCURRENCY, defaultRunKey, findRun, JOBS, MAX_PAGE_SIZE, remainingFor, runDocId, runJob } from './runner';
export type { RunHooks, RunJobOptions, RunOutcome, RunStatus } from './runner';
export { jobsDueAt, SCHEDULE, TICK_CRON, TICK_TRIGGER } from './schedule';
export { isJobName, JOB_NAMES, MAX_SAMPLES, RUN_KEY_PATTERN } from './types';
export type { JobName, JobRunDoc, JobSample } from './types';
