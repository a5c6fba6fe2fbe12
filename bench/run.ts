/**
 * `npm run bench`: prints figures and writes them to `bench-results.json` at the repo root (git-ignored);
 * nothing here passes or fails.
 */
import { writeFileSync } from 'node:fs';
import { benchCard } from './card';
import { benchJobs } from './jobs';
import { benchLedger } from './ledger';
import { benchOrderHistory } from './orderHistory';
import { benchOrderImport } from './orders';
import { benchSize } from './size';
import { benchSlowCard } from './slowCard';
import { recorded } from './stats';

const RESULTS_FILE = 'bench-results.json';

async function main(): Promise<void> {
  const members = Number(process.env.BENCH_MEMBERS ?? 100_000);
  console.log('FreshPal benchmarks');
  benchSize();
  await benchCard(members);
  await benchLedger();
  await benchJobs(members);
  await benchOrderHistory(members);
  await benchOrderImport();
  await benchSlowCard();
  writeFileSync(RESULTS_FILE, `${JSON.stringify(recorded(), null, 2)}\n`);
  console.log(`\n${recorded().length} figures written to ${RESULTS_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
