/** `npm run bench`: prints figures; nothing here passes or fails. */
import { benchCard } from './card';
import { benchJobs } from './jobs';
import { benchLedger } from './ledger';
import { benchSize } from './size';

async function main(): Promise<void> {
  const members = Number(process.env.BENCH_MEMBERS ?? 100_000);
  console.log('FreshPal benchmarks');
  benchSize();
  await benchCard(members);
  await benchLedger();
  await benchJobs(members);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
