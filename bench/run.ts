/**
 * `npm run bench`: prints figures and writes them to `bench-results.json` at the repo root (git-ignored);
 * nothing here passes or fails. `npm run bench -- orders ledger` (or `BENCH_ONLY=orders,ledger`) runs
 * only the named sections (size, card, ledger, jobs, history, orders, slowCard, desk); the results file is
 * then left alone, so a partial run never replaces the full set of figures.
 */
import { writeFileSync } from 'node:fs';
import { benchCard } from './card';
import { benchCrmSearch } from './crm-search';
import { benchCrm } from './crm';
import { benchDesk } from './desk';
import { benchJobs } from './jobs';
import { benchKpi } from './kpi';
import { benchLedger } from './ledger';
import { benchOrderHistory } from './orderHistory';
import { benchOrderImport } from './orders';
import { benchSize } from './size';
import { benchSlowCard } from './slowCard';
import { benchSla } from './sla';
import { recorded } from './stats';

const RESULTS_FILE = 'bench-results.json';

async function main(): Promise<void> {
  const members = Number(process.env.BENCH_MEMBERS ?? 100_000);
  const only = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  const sections: [string, () => void | Promise<void>][] = [
    ['size', () => benchSize()],
    ['card', () => benchCard(members)],
    ['ledger', () => benchLedger()],
    ['jobs', () => benchJobs(members)],
    ['history', () => benchOrderHistory(members)],
    ['orders', () => benchOrderImport()],
    ['slowCard', () => benchSlowCard()],
    ['sla', () => benchSla()],
    ['desk', () => benchDesk()],
    ['crm', () => benchCrm(members)],
    ['kpi', () => benchKpi(members)],
    ['crmSearch', () => benchCrmSearch(members)],
  ];
  const unknown = only.filter((name) => !sections.some(([s]) => s === name));
  if (unknown.length > 0) throw new Error(`unknown bench section(s): ${unknown.join(', ')} (known: ${sections.map(([s]) => s).join(', ')})`);
  console.log('FreshPal benchmarks');
  for (const [name, run] of sections) if (only.length === 0 || only.includes(name)) await run();
  if (only.length > 0) {
    console.log(`\n${recorded().length} figures (sections ${only.join(', ')}; ${RESULTS_FILE} left unchanged)`);
    return;
  }
  writeFileSync(RESULTS_FILE, `${JSON.stringify(recorded(), null, 2)}\n`);
  console.log(`\n${recorded().length} figures written to ${RESULTS_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
