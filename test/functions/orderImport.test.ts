/**
 * POS/ERP order import: the dry run's bad rows with line numbers, apply only after a clean dry run,
 * idempotency by external order number, chunked runs that resume after a crash to the same end
 * state, and the cloud actions over the storage port.
 */
import type { Product } from '../../cloudfunctions/core/catalog/product';
import { DomainError } from '../../cloudfunctions/core/errors';
import { installStorage } from '../../cloudfunctions/ports/storage';
import { C } from '../../cloudfunctions/services/collections';
import type { AccountDoc, MemberDoc } from '../../cloudfunctions/services/members';
import { importedOrderId, productDoc, type OrderDoc } from '../../cloudfunctions/services/orderModel';
import { runImport, type ImportMode, type ImportOutcome, type RunImportOptions } from '../../cloudfunctions/services/orderImport';
import { catalogToday } from '../../local/seed/catalog';
import { createHarness, type Harness } from './harness';
import { snapshot } from './snapshot';

const MANAGER = 'o-import-manager';
const NOW = Date.parse('2026-11-25T02:00:00Z');

let h: Harness;
let members: { openid: string; memberNo: string }[];
let product: Product;
let product2: Product;
const files = new Map<string, Buffer>();

async function setup(): Promise<Harness> {
  const harness = await createHarness(NOW);
  const products = catalogToday();
  await harness.db.importMany(C.products, products.map((p) => productDoc(p, NOW)) as unknown as Record<string, unknown>[]);
  product = products.find((p) => p.unit === 'piece') as Product;
  product2 = products.find((p) => p.unit === 'piece' && p.id !== product.id) as Product;
  members = [];
  for (const openid of ['o-imp-1', 'o-imp-2', 'o-imp-3']) {
    await harness.ok('member', openid, 'getCard');
    const m = (await harness.db.collection(C.members).doc(openid).get()).data as unknown as MemberDoc;
    members.push({ openid, memberNo: m.memberNo });
  }
  await harness.db.collection(C.members).doc('o-imp-3').update({ data: { phone: '13800138000' } });
  await harness.db.collection(C.staff).doc(MANAGER).set({ data: { role: 'manager', name: '王店长', active: true } });
  return harness;
}

beforeEach(async () => {
  h = await setup();
  files.clear();
  installStorage({
    download: async (fileId) => {
      const buf = files.get(fileId);
      if (!buf) throw new DomainError('IMPORT.FILE_NOT_FOUND');
      return buf;
    },
  });
});
afterEach(() => h.close());

const HEADER = 'external_no,member_no,phone,time,total_fen,lines';

/** `n` good rows spread over the three members, by member number and by phone, totals and lines. */
function goodFile(n: number, prefix = 'POS'): string {
  const rows = [HEADER];
  for (let i = 1; i <= n; i += 1) {
    const m = members[i % 3] as { memberNo: string };
    const who = i % 3 === 0 ? ',13800138000' : `${m.memberNo},`;
    const time = `2026-11-${String(1 + (i % 20)).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:15`;
    rows.push(i % 2 === 0 ? `${prefix}-${i},${who},${time},${1_000 + i * 7},` : `${prefix}-${i},${who},${time},,${product.id}*2=${600 + i};${product2.id}*1=400`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

const run = (text: string | Buffer, mode: ImportMode, opts: Partial<RunImportOptions> = {}): Promise<ImportOutcome> =>
  runImport(h.db, { fileId: null, fileName: 'pos.csv', load: async () => (typeof text === 'string' ? Buffer.from(text) : text) }, { mode, now: h.clock.now, by: { openid: MANAGER, name: '王店长' }, ...opts });

async function runToEnd(text: string, mode: ImportMode, opts: Partial<RunImportOptions> = {}): Promise<ImportOutcome> {
  let outcome: ImportOutcome;
  do outcome = await run(text, mode, { owner: 'test', ...opts });
  while (outcome.status === 'paused');
  return outcome;
}

/** What an import changes, without the import's own checkpoint documents. */
async function businessState(harness: Harness) {
  const { [C.jobRuns]: _runs, ...rest } = await snapshot(harness.db);
  return rest;
}

it('the dry run lists every bad row with its line number and reason and writes no order', async () => {
  const a = members[0] as { memberNo: string };
  const b = members[1] as { memberNo: string };
  const text = [
    HEADER,
    `OK-1,${a.memberNo},,2026-11-20 09:15,1200,`,
    `,${a.memberNo},,2026-11-20 09:15,1200,`,
    `BAD-2,FP99999999,,2026-11-20 09:15,1200,`,
    `BAD-3,,13900000000,2026-11-20 09:15,1200,`,
    `BAD-4,${b.memberNo},,2026-11-31 09:15,1200,`,
    `BAD-5,${b.memberNo},,2026-12-20 09:15,1200,`,
    `BAD-6,${b.memberNo},,2026-11-20 09:15,999,${product.id}*2=1000`,
    `BAD-7,${b.memberNo},,2026-11-20 09:15,,NOPE-1*1=100`,
    `BAD-8,${b.memberNo},,2026-11-20 09:15,,`,
    '',
    `OK-1,${b.memberNo},,2026-11-20 09:15,1200,`,
    `"BAD-10",${b.memberNo},,2025-10-01 09:15,1200,`,
    `BAD-11,${b.memberNo},,2026-11-20 9:15,12.50,`,
  ].join('\n');
  const before = await snapshot(h.db);
  const dry = await runToEnd(text, 'dryRun', { chunkRows: 4 });
  expect(dry.status).toBe('done');
  expect(dry.run.errors.map((e) => [e.line, e.externalNo])).toEqual([
    [3, null],
    [4, 'BAD-2'],
    [5, 'BAD-3'],
    [6, 'BAD-4'],
    [7, 'BAD-5'],
    [8, 'BAD-6'],
    [9, 'BAD-7'],
    [10, 'BAD-8'],
    [12, 'OK-1'],
    [13, 'BAD-10'],
    [14, 'BAD-11'],
  ]);
  const reasons = dry.run.errors.map((e) => e.reason);
  expect(reasons[0]).toContain('外部单号');
  expect(reasons[1]).toContain('FP99999999');
  expect(reasons[2]).toContain('手机号');
  expect(reasons[3]).toContain('时间格式');
  expect(reasons[4]).toContain('将来');
  expect(reasons[5]).toContain('不一致');
  expect(reasons[6]).toContain('商品不存在');
  expect(reasons[7]).toContain('缺少金额');
  expect(reasons[8]).toContain('第 2 行重复');
  expect(reasons[9]).toContain('天前');
  expect(reasons[10]).toContain('整数分');
  expect(dry.run).toMatchObject({ errorCount: 11, rows: 12, created: 1 });
  const { [C.jobRuns]: _runs, ...after } = await snapshot(h.db);
  const { [C.jobRuns]: _none, ...beforeRest } = before;
  expect(after).toEqual(beforeRest);
  // Apply is refused for a file with bad rows, and for a file never dry-run.
  await expect(run(text, 'apply')).rejects.toMatchObject({ code: 'IMPORT.HAS_ERRORS' });
  await expect(run(goodFile(3), 'apply')).rejects.toMatchObject({ code: 'IMPORT.DRY_RUN_FIRST' });
});

it('a clean file imports completed orders with their points; the same file twice changes nothing', async () => {
  const text = goodFile(30);
  const dry = await runToEnd(text, 'dryRun');
  expect(dry.run).toMatchObject({ errorCount: 0, rows: 30, created: 30, skipped: 0 });
  const applied = await runToEnd(text, 'apply', { chunkRows: 7 });
  expect(applied.run).toMatchObject({ done: true, rows: 30, created: 30, skipped: 0, errorCount: 0, chunks: 5 });
  const order = (await h.db.collection(C.orders).doc(importedOrderId('POS-2')).get()).data as unknown as OrderDoc;
  expect(order).toMatchObject({ channel: 'import', externalNo: 'POS-2', status: 'completed', paidFen: 1_014, completedAt: Date.parse('2026-11-03T02:15:00Z') });
  expect(order.points?.earned).toBe(10);
  const withLines = (await h.db.collection(C.orders).doc(importedOrderId('POS-1')).get()).data as unknown as OrderDoc;
  expect(withLines.lines.map((l) => [l.quantity, l.paidFen])).toEqual([[2, 601], [1, 400]]);
  expect(withLines.paidFen).toBe(1_001);
  // Rows 3, 6, … name the member by phone.
  const byPhone = (await h.db.collection(C.orders).doc(importedOrderId('POS-3')).get()).data as unknown as OrderDoc;
  expect(byPhone.memberId).toBe('o-imp-3');
  // Every member's points equal the sum of their orders' points.
  for (const m of members) {
    const { data } = await h.db.collection(C.orders).where({ memberId: m.openid }).get();
    const earned = (data as unknown as OrderDoc[]).reduce((s, o) => s + (o.points?.earned ?? 0), 0);
    const acc = (await h.db.collection(C.pointsAccounts).doc(m.openid).get()).data as unknown as AccountDoc;
    expect(acc.available + acc.pending).toBe(earned);
    const member = (await h.db.collection(C.members).doc(m.openid).get()).data as unknown as MemberDoc;
    expect(member.stats.orderCount).toBe(data.length);
  }

  const state = await snapshot(h.db);
  const again = await run(text, 'apply');
  expect(again.status).toBe('alreadyDone');
  expect(await snapshot(h.db)).toEqual(state);

  // Another export overlapping the first: what was imported is skipped, only the new rows are added.
  const overlapping = `${goodFile(35)}`.replace('\r\n', '\r\n\r\n');
  await runToEnd(overlapping, 'dryRun');
  const second = await runToEnd(overlapping, 'apply');
  expect(second.run).toMatchObject({ created: 5, skipped: 30 });
  expect((await h.db.collection(C.orders).doc(importedOrderId('POS-2')).get()).data).toEqual(state[C.orders]?.find((o) => (o as { _id: string })._id === importedOrderId('POS-2')));
});

it('a chunk killed before its write, or between chunks, resumes to the same end state as one uninterrupted run', async () => {
  const text = goodFile(40);
  // The reference: one uninterrupted run in a database of its own.
  const reference = h;
  await runToEnd(text, 'dryRun');
  await runToEnd(text, 'apply', { chunkRows: 6 });
  const expected = await businessState(reference);

  h = await setup();
  await runToEnd(text, 'dryRun');
  let writes = 0;
  await expect(
    run(text, 'apply', {
      chunkRows: 6,
      owner: 'killed-1',
      hooks: {
        beforeWrite: () => {
          writes += 1;
          if (writes === 3) throw new Error('killed in mid-chunk');
        },
      },
    }),
  ).rejects.toThrow('killed in mid-chunk');
  expect((await h.db.collection(C.orders).where({ channel: 'import' }).count()).total).toBe(12);
  let chunks = 0;
  await expect(
    run(text, 'apply', {
      chunkRows: 6,
      owner: 'killed-2',
      hooks: {
        afterChunk: () => {
          chunks += 1;
          if (chunks === 2) throw new Error('killed between chunks');
        },
      },
    }),
  ).rejects.toThrow('killed between chunks');
  // The killed invocations' leases lapse; a later invocation continues from the saved offset.
  h.clock.now += 5 * 60_000;
  const resumed = await runToEnd(text, 'apply', { chunkRows: 6, owner: 'resumer' });
  expect(resumed.run).toMatchObject({ done: true, rows: 40, created: 40, skipped: 0, invocations: 3 });
  const state = await businessState(h);
  // The audit/timeline instants are the business instants of the rows, so both runs match exactly.
  expect(state).toEqual(expected);
  await reference.close();
});

it('many rows of the same member in one chunk end exactly as the same rows imported one per chunk', async () => {
  // 60 rows over three members: one chunk holds about 20 of each member's orders, written as one
  // member, account and movement write per member; one row per chunk is the row-by-row reference.
  const text = goodFile(60);
  const reference = h;
  await runToEnd(text, 'dryRun');
  await runToEnd(text, 'apply', { chunkRows: 1 });
  const expected = await businessState(reference);

  h = await setup();
  await runToEnd(text, 'dryRun');
  const batched = await runToEnd(text, 'apply', { chunkRows: 60 });
  expect(batched.run).toMatchObject({ done: true, chunks: 1, created: 60 });
  expect(await businessState(h)).toEqual(expected);
  // The rows moved points and statistics: the comparison is not of untouched states.
  expect((expected[C.pointsMovements] ?? []).length).toBeGreaterThanOrEqual(60);
  const member = (await h.db.collection(C.members).doc('o-imp-2').get()).data as unknown as MemberDoc;
  expect(member.stats.orderCount).toBeGreaterThanOrEqual(20);
  await reference.close();
});

it('apply, member by member, ends exactly as importing the rows one file at a time in file order', async () => {
  // o-imp-3 is named by member number on some rows and by phone on others, interleaved: the plan
  // must group by the member found, keeping file order, or its tier and points would differ.
  const text = goodFile(45);
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const reference = h;
  for (const line of lines) {
    const one = `${header}\r\n${line}\r\n`;
    await runToEnd(one, 'dryRun');
    await runToEnd(one, 'apply');
  }
  const expected = await businessState(reference);

  h = await setup();
  await runToEnd(text, 'dryRun');
  const grouped = await runToEnd(text, 'apply', { chunkRows: 8 });
  expect(grouped.run).toMatchObject({ done: true, rows: 45, created: 45, chunks: 6, totalRows: 45 });
  expect(await businessState(h)).toEqual(expected);
  const phoneMember = (await h.db.collection(C.members).doc('o-imp-3').get()).data as unknown as MemberDoc;
  expect(phoneMember.stats.orderCount).toBe(30);
  await reference.close();
});

it('a time-boxed run pauses between chunks and continues at the saved byte offset (quoted newlines, CRLF, BOM, UTF-8)', async () => {
  const m = members[0] as { memberNo: string };
  // Excel's export: CRLF between rows, LF inside a quoted cell; an extra column is ignored.
  const text = `\uFEFF${HEADER},备注\r\n${Array.from({ length: 9 }, (_, i) => `"店-${i},甲",${m.memberNo},,2026-11-2${i % 3} 10:00,${100 + i},,"第一行\n第二行"`).join('\r\n')}\r\nBAD-X,${m.memberNo},,nope,1,,\r\n`;
  await runToEnd(text, 'dryRun', { chunkRows: 2 });
  let ticks = 0;
  const clock = () => (ticks += 1000);
  const first = await run(text, 'dryRun', { chunkRows: 2, budgetMs: 1, clock, owner: 'boxed' });
  expect(first.status).toBe('alreadyDone');
  const dry = await run(text, 'dryRun', { chunkRows: 2 });
  expect(dry.run.errors).toEqual([{ line: 20, externalNo: 'BAD-X', reason: expect.stringContaining('时间格式') }]);
  const boxed: ImportOutcome[] = [];
  // Clean the bad row: a new file, a new dry run, then apply in one-chunk invocations.
  const clean = text.replace(/BAD-X[^\r]*\r\n/, '');
  await runToEnd(clean, 'dryRun', { chunkRows: 2 });
  let outcome: ImportOutcome;
  do {
    outcome = await run(clean, 'apply', { chunkRows: 2, budgetMs: 1, clock, owner: 'boxed' });
    boxed.push(outcome);
  } while (outcome.status === 'paused');
  expect(boxed.length).toBe(5);
  expect(boxed.every((o) => o.thisInvocation.chunks === 1)).toBe(true);
  expect(outcome.run).toMatchObject({ created: 9, rows: 9 });
  const order = (await h.db.collection(C.orders).doc(importedOrderId('店-4,甲')).get()).data as unknown as OrderDoc;
  expect(order.paidFen).toBe(104);
});

describe('cloud actions', () => {
  it('importOrders reads the uploaded file through the storage port; importStatus reports progress', async () => {
    files.set('cloud://prod-1.bucket/imports/pos.csv', Buffer.from(goodFile(12)));
    const dry = await h.ok<{ status: string; run: { runId: string; percent: number; errorCount: number; done: boolean } }>('orderDesk', MANAGER, 'importOrders', { fileId: 'cloud://prod-1.bucket/imports/pos.csv', mode: 'dryRun' });
    expect(dry).toMatchObject({ status: 'done', chained: false, run: { done: true, percent: 100, errorCount: 0 } });
    const applied = await h.ok<{ run: { runId: string; created: number } }>('orderDesk', MANAGER, 'importOrders', { fileId: 'cloud://prod-1.bucket/imports/pos.csv', mode: 'apply' });
    expect(applied.run.created).toBe(12);
    expect(await h.ok('orderDesk', MANAGER, 'importStatus', { runId: applied.run.runId })).toMatchObject({ mode: 'apply', done: true, created: 12, rows: 12 });
    const order = (await h.db.collection(C.orders).doc(importedOrderId('POS-5')).get()).data as unknown as OrderDoc;
    expect(order.timeline[0]?.by).toMatchObject({ kind: 'staff', name: '王店长' });
    expect(await h.call('orderDesk', MANAGER, { action: 'importOrders', payload: { fileId: 'cloud://prod-1.bucket/imports/missing.csv', mode: 'dryRun' } })).toMatchObject({ ok: false, error: { code: 'IMPORT.FILE_NOT_FOUND' } });
    expect(await h.call('orderDesk', MANAGER, { action: 'importStatus', payload: { runId: `orderImport:apply:${'f'.repeat(32)}` } })).toMatchObject({ ok: false, error: { code: 'IMPORT.NOT_FOUND' } });
  });

  it('a file without the needed columns is refused as a whole', async () => {
    files.set('cloud://prod-1.bucket/imports/bad.csv', Buffer.from('order,amount\n1,2\n'));
    expect(await h.call('orderDesk', MANAGER, { action: 'importOrders', payload: { fileId: 'cloud://prod-1.bucket/imports/bad.csv', mode: 'dryRun' } })).toMatchObject({ ok: false, error: { code: 'IMPORT.BAD_FILE', message: expect.stringContaining('external_no') } });
  });
});

it('an order another import creates between the look-up and the commit is skipped, never overwritten', async () => {
  const text = goodFile(6);
  await runToEnd(text, 'dryRun');
  const id = importedOrderId('POS-2');
  let armed = false;
  // The other writer strikes just before the chunk's transaction, after the chunk looked its orders up.
  const racing = new Proxy(h.db, {
    get(target, prop, receiver) {
      if (prop === 'runTransaction' && armed) {
        armed = false;
        return async (...args: Parameters<typeof target.runTransaction>) => {
          await target.collection(C.orders).add({ data: { _id: id, externalNo: 'POS-2', by: 'other import' } });
          return target.runTransaction(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const out = await runImport(racing, { fileId: null, fileName: 'pos.csv', load: async () => Buffer.from(text) }, {
    mode: 'apply',
    now: h.clock.now,
    by: { openid: MANAGER, name: '王店长' },
    hooks: { beforeWrite: () => { armed = true; } },
  });
  expect(out.run).toMatchObject({ done: true, created: 5, skipped: 1 });
  expect((await h.db.collection(C.orders).doc(id).get()).data).toMatchObject({ by: 'other import' });
  expect((await h.db.collection(C.orders).where({ channel: 'import' }).count()).total).toBe(5);
});
