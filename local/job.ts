/**
 * `npm run job -- <settle|expire|review|reconcile> [--data DIR] [--now ISO] [--run-key K] [--page-size N]`
 *
 * Runs one batch job against the local data folder with the same code as the `jobs` cloud function.
 * Where the cloud chains time-boxed invocations, this loops in-process over the same checkpoints:
 * stop it (Ctrl-C) and run the same command again to continue where it stopped, or pass
 * `--run-key` to start a separate run. Stop `npm start` first: two processes must not write the
 * same data folder.
 *   --data DIR       data folder (default .data/local)
 *   --now ISO        the instant the run reasons about (default: now); a resumed run keeps its own
 *   --run-key K      default: the Shanghai day (settle, expire, reconcile) or the review month
 *   --page-size N    documents per read, 1..1000 (default 1000)
 */
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { DomainError } from '../cloudfunctions/core/errors';
import { defaultRunKey, findRun, JOBS, remainingFor, runJob, type JobName, type JobRunDoc, type RunOutcome } from '../cloudfunctions/services/jobs';
import { openFreshPalDb } from './app';

const ALIASES: Record<string, JobName> = {
  settle: 'settlePoints',
  expire: 'expirePoints',
  review: 'reviewTiers',
  reconcile: 'reconcileBalances',
  settlePoints: 'settlePoints',
  expirePoints: 'expirePoints',
  reviewTiers: 'reviewTiers',
  reconcileBalances: 'reconcileBalances',
  crm: 'crmDaily',
  crmDaily: 'crmDaily',
};

const USAGE = 'usage: npm run job -- <settle|expire|review|reconcile> [--data DIR] [--now ISO] [--run-key K] [--page-size N]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string', default: '.data/local' },
      now: { type: 'string' },
      'run-key': { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [name, ...extra] = positionals;
  const job = name === undefined ? undefined : ALIASES[name];
  if (!job || extra.length > 0) fail(name === undefined ? 'which job?' : `unknown job: ${positionals.join(' ')}`);
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (!Number.isSafeInteger(now)) fail(`--now: not an ISO date/time: ${values.now}`);
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)) fail('--page-size: 1..1000');
  return { job, dir: values.data ?? '.data/local', now, runKey: values['run-key'], pageSize };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const iso = (ms: number) => new Date(ms).toISOString();

function printRun(run: JobRunDoc): void {
  console.log(`  run ${run._id} (as of ${iso(run.asOf)}): ${run.done ? 'done' : 'not finished'} after ${run.invocations} invocation(s), ${run.pages} page(s)`);
  console.log(`  processed ${fmt(run.processed)}, changed ${fmt(run.changed)}`);
  const counts = Object.entries(run.counts);
  if (counts.length > 0) console.log(`  ${counts.map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  for (const s of run.samples.slice(0, 10)) console.log(`  ! ${s.kind} ${s.id}: ${s.problems.join('; ')}`);
  if (run.samples.length > 10) console.log(`  … ${run.samples.length - 10} more in job_runs/${run._id}`);
}

async function main(): Promise<void> {
  const { job, dir, now, runKey: givenKey, pageSize } = parse();
  const db = await openFreshPalDb(dir);
  try {
    const runKey = givenKey ?? (await defaultRunKey(db, job, now));
    const existing = await findRun(db, job, runKey);
    console.log(`${job} — ${JOBS[job].describe}\n  data ${dir}, run key ${runKey}`);
    if (existing?.done) {
      console.log('  already done; pass --run-key to start another run');
      printRun(existing);
      return;
    }
    const base = existing ?? { job, asOf: now, cursor: '', processed: 0 };
    const total = base.processed + (await remainingFor(db, base));
    const bar = new SingleBar({ format: '  {bar} {percentage}% | {value}/{total} | {duration_formatted} | ETA {eta_formatted}', hideCursor: true });
    bar.start(Math.max(total, 1), base.processed);
    db.resetStats();
    const started = performance.now();
    // One owner for every CLI run, so a run whose process was killed can be resumed at once.
    const owner = 'local-cli';
    let stopping = false;
    process.on('SIGINT', () => {
      if (stopping) process.exit(130);
      stopping = true;
      bar.stop();
      console.log('  stopping after this page (Ctrl-C again to quit now)…');
    });
    let outcome: RunOutcome;
    let processed = 0;
    do {
      // Each call is one time-boxed "invocation", as in the cloud; the loop is the chain.
      outcome = await runJob(db, job, {
        now,
        runKey,
        pageSize,
        owner,
        shouldStop: () => stopping,
        hooks: {
          afterCheckpoint: ({ run }) => {
            if (stopping) return;
            if (run.processed > bar.getTotal()) bar.setTotal(run.processed);
            bar.update(run.processed);
          },
        },
      });
      processed += outcome.thisInvocation.processed;
    } while (outcome.status === 'paused' && !stopping);
    bar.stop();
    if (outcome.status === 'paused') console.log('  stopped; run the same command again to continue');
    if (outcome.status === 'busy') {
      console.log(`  another process holds this run until ${iso(outcome.run.lease?.until ?? now)}; try again later`);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    const { reads, writes, transactions } = db.stats;
    printRun(outcome.run);
    console.log(`  this run: ${fmt(processed)} documents in ${seconds.toFixed(1)} s = ${fmt(processed / Math.max(seconds, 1e-3))}/s`);
    console.log(`  database: ${(reads / Math.max(processed, 1)).toFixed(3)} reads per document, ${(writes / Math.max(processed, 1)).toFixed(2)} writes, ${fmt(transactions)} transactions`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DomainError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
