/**
 * `npm run import -- orders FILE [--dry-run] [--data DIR] [--now ISO] [--chunk N]`
 *
 * Imports a POS/ERP order CSV into the local data folder with the same code as the `orderDesk`
 * cloud function: a dry run first (every bad row with its line number), then, if no row is bad and
 * `--dry-run` is not given, the import itself. Both run in checkpointed chunks with a progress bar;
 * stop with Ctrl-C and run the same command again to continue (the run is keyed by the file's
 * SHA-256, so the same file never imports twice). Stop `npm start` first: two processes must not
 * write the same data folder.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { DomainError } from '../cloudfunctions/core/errors';
import { importRunView, runImport, type ImportMode, type ImportOutcome, type ImportRunDoc } from '../cloudfunctions/services/orderImport';
import { openFreshPalDb } from './app';

const USAGE = 'usage: npm run import -- orders FILE [--dry-run] [--data DIR] [--now ISO] [--chunk N]';

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
      chunk: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [kind, file, ...extra] = positionals;
  if (kind !== 'orders' || file === undefined || extra.length > 0) fail(kind === undefined ? 'what to import?' : `cannot import: ${positionals.join(' ')}`);
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (!Number.isSafeInteger(now)) fail(`--now: not an ISO date/time: ${values.now}`);
  const chunkRows = values.chunk === undefined ? undefined : Number(values.chunk);
  if (chunkRows !== undefined && !(Number.isInteger(chunkRows) && chunkRows >= 1 && chunkRows <= 1000)) fail('--chunk: 1..1000');
  return { file, dir: values.data ?? '.data/local', now, chunkRows, dryRunOnly: values['dry-run'] ?? false };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

function printRun(run: ImportRunDoc): void {
  console.log(`  ${run.mode === 'dryRun' ? 'dry run' : 'import'}: ${fmt(run.rows)} rows, ${fmt(run.created)} ${run.mode === 'dryRun' ? 'to create' : 'created'}, ${fmt(run.skipped)} already imported, ${fmt(run.errorCount)} bad`);
  for (const e of run.errors.slice(0, 50)) console.log(`  ! line ${e.line}${e.externalNo ? ` (${e.externalNo})` : ''}: ${e.reason}`);
  if (run.errorCount > 50) console.log(`  … ${fmt(run.errorCount - 50)} more (${run.errors.length} kept in job_runs/${run._id})`);
}

async function main(): Promise<void> {
  const { file, dir, now, chunkRows, dryRunOnly } = parse();
  const content = readFileSync(file);
  const db = await openFreshPalDb(dir);
  let stopping = false;
  process.on('SIGINT', () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log('\n  stopping after this chunk (Ctrl-C again to quit now)…');
  });
  const phase = async (mode: ImportMode): Promise<ImportOutcome> => {
    const bar = new SingleBar({ format: `  ${mode === 'dryRun' ? 'checking ' : 'importing'} {bar} {percentage}% | {rows} rows | {duration_formatted} | ETA {eta_formatted}`, hideCursor: true });
    // Percent of the file: by bytes read in the dry run, by rows written in apply.
    bar.start(100, 0, { rows: 0 });
    const started = performance.now();
    let outcome: ImportOutcome;
    let rows = 0;
    do {
      // Each call is one time-boxed "invocation", as in the cloud; the loop is the chain.
      outcome = await runImport(db, { fileId: null, fileName: basename(file), load: async () => content }, {
        mode,
        now,
        by: { openid: null, name: 'npm run import' },
        chunkRows,
        owner: 'local-cli',
        shouldStop: () => stopping,
        hooks: { afterChunk: (run) => bar.update(importRunView(run).percent, { rows: run.rows }) },
      });
      rows += outcome.thisInvocation.rows;
    } while (outcome.status === 'paused' && !stopping);
    bar.update(importRunView(outcome.run).percent, { rows: outcome.run.rows });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    if (rows > 0) console.log(`  this run: ${fmt(rows)} rows in ${seconds.toFixed(1)} s = ${fmt(rows / Math.max(seconds, 1e-3))} rows/s`);
    if (outcome.status === 'alreadyDone') console.log('  (done before: nothing to do)');
    printRun(outcome.run);
    return outcome;
  };
  try {
    console.log(`orders from ${file} (${fmt(content.length)} bytes) into ${dir}`);
    const dry = await phase('dryRun');
    if (!dry.run.done) return console.log('  stopped; run the same command again to continue');
    if (dry.run.errorCount > 0) {
      console.log('  nothing imported: fix the rows above and run again');
      process.exitCode = 1;
      return;
    }
    if (dryRunOnly) return;
    const applied = await phase('apply');
    if (!applied.run.done) console.log('  stopped; run the same command again to continue');
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DomainError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
