/**
 * `npm run bench`: prints figures and writes them to `bench-results.json` at the repo root (git-ignored);
 * nothing here passes or fails. `npm run bench -- orders ledger` (or `BENCH_ONLY=orders,ledger`) runs
 * only the named sections (size, card, ledger, jobs, history, orders, slowCard, sla, desk, crm, kpi,
 * crmSearch) in this process; the results file is then left alone, so a partial run never replaces
 * the full set of figures. The full run starts each section in a fresh process: sections seed up to
 * a million orders, and what one leaves in the heap would otherwise slow the figures of the next.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { recorded, type Figure } from './stats';

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
  const recordTo = process.env.BENCH_RECORD_TO;
  if (only.length > 0) {
    if (!recordTo) console.log('FreshPal benchmarks');
    for (const [name, run] of sections) if (only.includes(name)) await run();
    // A section run by the full run below hands its figures back through a file.
    if (recordTo) writeFileSync(recordTo, JSON.stringify(recorded()));
    else console.log(`\n${recorded().length} figures (sections ${only.join(', ')}; ${RESULTS_FILE} left unchanged)`);
    return;
  }
  console.log('FreshPal benchmarks');
  const figures: Figure[] = [];
  for (const [name] of sections) {
    const file = join(tmpdir(), `freshpal-bench-${process.pid}-${name}.json`);
    // The same node and loader flags (tsx), this script, one section.
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, name], { stdio: 'inherit', env: { ...process.env, BENCH_ONLY: '', BENCH_RECORD_TO: file } });
    if (child.status !== 0) throw new Error(`bench section ${name} failed (exit ${String(child.status ?? child.signal)})`);
    figures.push(...(JSON.parse(readFileSync(file, 'utf8')) as Figure[]));
    rmSync(file, { force: true });
  }
  writeFileSync(RESULTS_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\n${figures.length} figures written to ${RESULTS_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
