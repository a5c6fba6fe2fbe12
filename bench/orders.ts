/**
 * Order figures. Sections: the POS/ERP import (below); the customer-side figures (history, reorder,
 * submit) live in bench/orderHistory.ts and may move here.
 */
import { C } from '../cloudfunctions/services/collections';
import { formatMemberNo } from '../cloudfunctions/services/members';
import { productDoc } from '../cloudfunctions/services/orderModel';
import { runImport, type ImportMode, type ImportOutcome } from '../cloudfunctions/services/orderImport';
import type { LocalDb } from '../local/clouddb';
import { openFreshPalDb } from '../local/app';
import { catalogToday } from '../local/seed/catalog';
import { seedSynthetic } from '../local/seed/synthetic';
import { figure, heading } from './stats';

// ---------------------------------------------------------------------------------------------
// orders.import: 100k till rows (totals and lines) into a database of synthetic members

const NOW = Date.parse('2026-11-25T10:00:00+08:00');

/** A POS export: `rows` orders over `members` members, every third with two lines, spread over a month. */
export function posExport(rows: number, members: number, products: readonly [string, string]): Buffer {
  const out = ['external_no,member_no,phone,time,total_fen,lines'];
  for (let i = 1; i <= rows; i += 1) {
    const memberNo = formatMemberNo(1 + ((i * 7_919) % members));
    const day = 1 + (i % 24);
    const time = `2026-11-${String(day).padStart(2, '0')} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    out.push(i % 3 === 0 ? `POS${i},${memberNo},,${time},,${products[0]}*2=${2_000 + (i % 500)};${products[1]}*1=350` : `POS${i},${memberNo},,${time},${1_000 + (i % 9_000)},`);
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

async function timedRun(db: LocalDb, file: Buffer, mode: ImportMode): Promise<{ seconds: number; outcome: ImportOutcome }> {
  const t = performance.now();
  let outcome: ImportOutcome;
  do outcome = await runImport(db, { fileId: null, fileName: 'bench.csv', load: async () => file }, { mode, now: NOW, by: { openid: null, name: 'bench' }, owner: 'bench' });
  while (outcome.status === 'paused');
  return { seconds: (performance.now() - t) / 1000, outcome };
}

export async function benchOrderImport(rows = 100_000, members = 20_000): Promise<void> {
  heading(`POS/ERP order import (${rows.toLocaleString('en')} rows, ${members.toLocaleString('en')} members)`);
  const db = await openFreshPalDb(null);
  try {
    await seedSynthetic(db, members, NOW - 30 * 86_400_000);
    const catalogue = catalogToday();
    await db.importMany(C.products, catalogue.map((p) => productDoc(p, NOW)) as unknown as Record<string, unknown>[]);
    const pieces = catalogue.filter((p) => p.unit === 'piece').map((p) => p.id);
    const file = posExport(rows, members, [pieces[0] as string, pieces[1] as string]);
    const dry = await timedRun(db, file, 'dryRun');
    if (dry.outcome.run.errorCount > 0) throw new Error(`bench file has bad rows: ${JSON.stringify(dry.outcome.run.errors.slice(0, 3))}`);
    db.resetStats();
    const apply = await timedRun(db, file, 'apply');
    const { transactions, reads, writes } = db.stats;
    figure('orders.import.rows_per_s', 'import: rows per second (apply)', rows / apply.seconds, '/s', { target: 5_000, better: 'higher' });
    figure('orders.import.dry_run.rows_per_s', 'import: rows per second (dry run)', rows / dry.seconds, '/s', { better: 'higher' });
    figure('orders.import.end_to_end.rows_per_s', 'import: rows per second (dry run + apply)', rows / (dry.seconds + apply.seconds), '/s', { better: 'higher' });
    figure('orders.import.created', 'import: orders created', apply.outcome.run.created, 'orders', { better: 'higher' });
    figure('orders.import.reads_per_row', 'import: database reads per row', reads / rows, 'reads', { better: 'lower', digits: 2 });
    figure('orders.import.writes_per_row', 'import: database writes per row', writes / rows, 'writes', { better: 'lower', digits: 2 });
    figure('orders.import.transactions_per_row', 'import: transactions per row', transactions / rows, 'tx', { better: 'lower', digits: 3 });
    const again = await timedRun(db, file, 'apply');
    figure('orders.import.rerun_created', 'import: orders created by the same file again', again.outcome.run.created - apply.outcome.run.created, 'orders', { target: 0, better: 'lower' });
  } finally {
    await db.close();
  }
}
