/**
 * Shared shapes of the batch jobs: the job names, the run document kept in `job_runs` (checkpoint
 * and report in one), and the contract every job implements (a session that processes one page of
 * documents after a cursor).
 */
import type { AppConfig } from '../../core/config';
import type { Db } from '../../ports/db';

export const JOB_NAMES = ['settlePoints', 'expirePoints', 'reviewTiers', 'reconcileBalances', 'kpiDaily', 'crmDaily'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const isJobName = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name);

/** Run keys become part of a document id: a month, a day, a timestamp bucket or a label. */
export const RUN_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,40}$/;

/** At most this many notable items (mismatches, failures) are kept on a run document. */
export const MAX_SAMPLES = 50;

export interface JobSample {
  /** The document the sample is about (a member id). */
  id: string;
  kind: 'mismatch' | 'orphan' | 'failed';
  problems: string[];
  detail?: Record<string, unknown>;
}

export interface JobLease {
  /** The invocation that holds the run. */
  by: string;
  /** Instant (ms) after which another invocation may take the run over (the holder was killed). */
  until: number;
}

/** `job_runs/<job>:<runKey>`: where a run is, what it did, and who is running it. */
export interface JobRunDoc {
  _id: string;
  job: JobName;
  runKey: string;
  /** The instant the run reasons about, fixed when the run starts so that every continuation sees the same "now". */
  asOf: number;
  /** The last `_id` fully processed ('' before the first page). */
  cursor: string;
  processed: number;
  changed: number;
  pages: number;
  invocations: number;
  /** Job-specific tallies (settled, expired, upgrades, mismatches, ...). */
  counts: Record<string, number>;
  /** The first MAX_SAMPLES notable items: reconcile mismatches, documents that failed. */
  samples: JobSample[];
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  done: boolean;
  lease: JobLease | null;
}

/** What one page of a job did. */
export interface PageResult {
  /** The last `_id` of the page (unchanged when the page was empty). */
  cursor: string;
  processed: number;
  changed: number;
  /** True when there is nothing after this page. */
  done: boolean;
  counts: Record<string, number>;
  samples: JobSample[];
}

export interface JobEnv {
  db: Db;
  /** The run's fixed instant. */
  asOf: number;
  config: AppConfig;
  /** Documents per read, 1..1000. */
  pageSize: number;
  /** Documents processed at once inside a page (transactions in flight). */
  concurrency: number;
}

/** One invocation's view of a run; it may keep in-memory state between pages (reconcile's movement buffer). */
export interface JobSession {
  page(cursor: string): Promise<PageResult>;
}

export interface JobDef {
  name: JobName;
  /** One line for logs and the CLI. */
  describe: string;
  /** The run key a run started at `now` gets when none is given. */
  defaultRunKey(now: number, config: AppConfig): string;
  /** How many documents are still to visit after `cursor` (one count() read; progress bars only). */
  remaining(env: JobEnv, cursor: string): Promise<number>;
  open(env: JobEnv): JobSession;
}
