/**
 * POS/ERP order import: a CSV of till orders (member by member number or phone, the external order
 * number, the time, lines or a total) becomes completed orders (channel `import`) with their points.
 *
 * - Dry run first: every bad row with its line number and reason; `apply` starts only after a
 *   finished dry run of the same file (same SHA-256) found no bad row.
 * - Idempotent by external order number: the order id is derived from it (orderModel.importedOrderId),
 *   so a row already imported (the same file twice, or overlapping exports) is skipped.
 * - Large files run in time-boxed chunks under a checkpoint in `job_runs/orderImport:<mode>:<sha>`
 *   (the jobs runner's scheme: lease, position, tallies). Each chunk is one transaction that writes
 *   its orders, the members' stats, points accounts and movements AND the checkpoint, so a killed
 *   chunk leaves nothing half done and the next invocation continues where it stopped, ending in
 *   the same state as an uninterrupted run.
 * - The dry run reads the file in order (its checkpoint is a byte offset). Apply reads the whole
 *   file, then works member by member (each member's rows in file order, so points, stats and tier
 *   changes equal a row-by-row import): a member's rows share one member, account and movement
 *   write per chunk instead of one per row. Its checkpoint is the last (member, line) written.
 *
 * Imported orders complete at the till's time, through the core lifecycle (points with the tier's
 * multiplier, stats, tier upgrades); no 复购券 is issued for them (a nudge after a past till sale
 * would arrive late and unexplained).
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { MEMBER_NO_PATTERN } from '../contracts/limits';
import { parseMemberQuery } from '../contracts/memberQuery';
import type { Product } from '../core/catalog/product';
import type { AppConfig } from '../core/config';
import { DomainError } from '../core/errors';
import { completeOrder as completeInCore } from '../core/orders/lifecycle';
import type { QuoteLine } from '../core/orders/pricing';
import { DAY_MS } from '../core/time';
import type { Db, Transaction } from '../ports/db';
import { asDoc, dbGet, txGet, withoutId } from '../runtime/dbHelpers';
import { C } from './collections';
import { loadConfig } from './config';
import { recordedLine, recordedOrder } from './counterSale';
import { writeAccount, writeMovements, writeTierChange } from './ledger';
import type { AccountDoc, MemberDoc } from './members';
import { importedOrderId, productFromDoc, SYSTEM_ACTOR, timelineEntry, type Actor, type OrderDoc, type ProductDoc } from './orderModel';
import { accountState } from './points';

export type ImportMode = 'dryRun' | 'apply';

export interface ImportRowError { line: number; externalNo: string | null; reason: string }

/** At most this many bad rows are kept on the run (the count is exact). */
export const MAX_KEPT_ERRORS = 500;
/** Rows per chunk: one transaction each (orders, members, accounts, movements, checkpoint). */
export const DEFAULT_CHUNK_ROWS = 250;
export const MAX_CHUNK_ROWS = 1000;
export const DEFAULT_IMPORT_BUDGET_MS = 50_000;
/** Till orders older than this are refused (their points would be long expired or nearly so). */
export const MAX_AGE_DAYS = 366;
const LEASE_GRACE_MS = 20_000;

export interface ImportRunDoc {
  _id: string;
  kind: 'orderImport';
  mode: ImportMode;
  sha: string;
  fileId: string | null;
  fileName: string | null;
  totalBytes: number;
  /** The instant the run judges "too old" and "in the future" by, fixed at its start. */
  asOf: number;
  /** Column index per field, read from the header row. */
  columns: Partial<Record<ImportColumn, number>> | null;
  /** Dry run: byte offset of the next unread row, and the file line it ends. */
  offset: number;
  line: number;
  /** Apply: the last row written, in the plan's (member, line) order; null before the first chunk. */
  cursor: { memberId: string; line: number } | null;
  /** Apply: the rows of the file (good and bad), known once planned; progress is `rows` of it. */
  totalRows: number | null;
  rows: number;
  created: number;
  skipped: number;
  errorCount: number;
  errors: ImportRowError[];
  chunks: number;
  invocations: number;
  by: { openid: string | null; name: string | null };
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  done: boolean;
  lease: { by: string; until: number } | null;
}

const COLUMNS = {
  externalNo: ['external_no', '外部单号'],
  memberNo: ['member_no', '会员号'],
  phone: ['phone', '手机号'],
  time: ['time', '时间'],
  totalFen: ['total_fen', '金额分'],
  lines: ['lines', '明细'],
} as const;
export type ImportColumn = keyof typeof COLUMNS;

export const sha256 = (buf: Buffer | string): string => createHash('sha256').update(buf).digest('hex');
export const importRunId = (mode: ImportMode, sha: string): string => `orderImport:${mode}:${sha.slice(0, 32)}`;

// ---------------------------------------------------------------------------------------------
// Rows

class RowError extends Error {}

export interface ParsedRow {
  line: number;
  externalNo: string;
  member: { kind: 'memberNo'; memberNo: string } | { kind: 'phone'; phone: string };
  at: number;
  totalFen: number;
  lines: { productId: string; quantity: number; amountFen: number }[];
}

const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD HH:mm[:ss]' (also with '/') as Shanghai time, or ISO 8601 with its own offset. */
export function parseTillTime(text: string): number | null {
  const m = LOCAL_TIME.exec(text);
  if (m) {
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
    const utc = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(utc);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
    return utc - SHANGHAI_OFFSET_MS;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const t = Date.parse(text);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

const LINE_ITEM = /^([A-Za-z0-9_.-]{1,64})\s*[*×xX]\s*(\d{1,6})\s*=\s*(\d{1,9})$/;

function readRow(cell: (c: ImportColumn) => string, line: number, asOf: number): ParsedRow {
  const externalNo = cell('externalNo');
  if (externalNo === '') throw new RowError('缺少外部单号');
  if (externalNo.length > 64 || /\p{Cc}/u.test(externalNo)) throw new RowError('外部单号过长或含控制字符');
  const memberText = cell('memberNo');
  const phoneText = cell('phone');
  let member: ParsedRow['member'];
  if (memberText !== '') {
    const q = parseMemberQuery(memberText);
    if (!q.ok || q.query.kind !== 'memberNo' || !MEMBER_NO_PATTERN.test(q.query.memberNo)) throw new RowError(`会员号格式不正确：「${memberText}」`);
    member = q.query;
  } else if (phoneText !== '') {
    if (!/^1\d{10}$/.test(phoneText)) throw new RowError(`手机号应为 11 位数字：「${phoneText}」`);
    member = { kind: 'phone', phone: phoneText };
  } else throw new RowError('缺少会员号或手机号');
  const timeText = cell('time');
  const at = parseTillTime(timeText);
  if (at === null) throw new RowError(`时间格式不正确（应为 2026-11-20 09:15）：「${timeText}」`);
  if (at > asOf) throw new RowError(`时间在将来：${timeText}`);
  if (at < asOf - MAX_AGE_DAYS * DAY_MS) throw new RowError(`订单时间早于 ${MAX_AGE_DAYS} 天前，不能导入`);
  const lines: ParsedRow['lines'] = [];
  const linesText = cell('lines');
  for (const part of linesText.split(/[;；]/).map((s) => s.trim()).filter(Boolean)) {
    const m = LINE_ITEM.exec(part);
    if (!m) throw new RowError(`明细格式应为 商品编号*数量=金额分，用分号隔开：「${part}」`);
    const quantity = Number(m[2]);
    if (quantity < 1) throw new RowError(`数量须为正整数：「${part}」`);
    if (lines.some((l) => l.productId === m[1])) throw new RowError(`明细中商品 ${m[1]} 出现了两次`);
    lines.push({ productId: m[1] as string, quantity, amountFen: Number(m[3]) });
  }
  const totalText = cell('totalFen');
  const linesFen = lines.reduce((s, l) => s + l.amountFen, 0);
  let totalFen: number;
  if (totalText !== '') {
    if (!/^\d{1,10}$/.test(totalText)) throw new RowError(`金额应为整数分：「${totalText}」`);
    totalFen = Number(totalText);
    if (lines.length > 0 && linesFen !== totalFen) throw new RowError(`明细合计 ${linesFen} 分与金额 ${totalFen} 分不一致`);
  } else if (lines.length > 0) totalFen = linesFen;
  else throw new RowError('缺少金额或明细');
  if (totalFen <= 0 || totalFen > 100_000_000) throw new RowError(`金额须在 1 分到 100 万元之间：${totalFen}`);
  return { line, externalNo, member, at, totalFen, lines };
}

interface Chunk {
  rows: ParsedRow[];
  errors: ImportRowError[];
  /** Records read (good and bad), and where the next chunk starts. */
  records: number;
  nextOffset: number;
  nextLine: number;
  endOfFile: boolean;
  columns: Partial<Record<ImportColumn, number>>;
}

type CsvRecord = { record: string[]; info: { lines: number; bytes: number } };

function parseSlice(buf: Buffer, offset: number, to: number): CsvRecord[] {
  return parse(buf.subarray(offset), { info: true, to, skip_empty_lines: true, relax_column_count: true, trim: true, bom: offset === 0 }) as unknown as CsvRecord[];
}

/** Reads up to `maxRows` rows from `offset` (the header first when `columns` is null). */
export function readChunk(buf: Buffer, at: { offset: number; line: number; columns: Partial<Record<ImportColumn, number>> | null }, maxRows: number, asOf: number): Chunk {
  let { offset, line, columns } = at;
  const errors: ImportRowError[] = [];
  if (columns === null) {
    let header: CsvRecord[];
    try {
      header = parseSlice(buf, offset, 1);
    } catch (error) {
      throw new DomainError('IMPORT.BAD_FILE', `第 1 行无法读取：${(error as Error).message}`.slice(0, 200));
    }
    const first = header[0];
    if (!first) throw new DomainError('IMPORT.BAD_FILE', '文件是空的');
    const found: Partial<Record<ImportColumn, number>> = {};
    for (const [col, names] of Object.entries(COLUMNS) as [ImportColumn, readonly string[]][]) {
      const i = first.record.findIndex((h) => names.includes(h));
      if (i >= 0) found[col] = i;
    }
    const missing = (['externalNo', 'time'] as const).filter((c) => found[c] === undefined);
    if (found.memberNo === undefined && found.phone === undefined) missing.push('memberNo' as never);
    if (found.totalFen === undefined && found.lines === undefined) missing.push('totalFen' as never);
    if (missing.length > 0) throw new DomainError('IMPORT.BAD_FILE', `表头缺少列：${missing.map((c) => COLUMNS[c].join('/')).join('、')}`);
    columns = found;
    offset += first.info.bytes;
    line += first.info.lines;
  }
  let records: CsvRecord[];
  try {
    records = parseSlice(buf, offset, maxRows);
  } catch (error) {
    // A broken quote swallows the rest of the file: report where it starts and stop there.
    const e = error as { lines?: number; message?: string };
    errors.push({ line: line + (e.lines ?? 1), externalNo: null, reason: `CSV 格式错误（多半是引号没有闭合），从这一行起无法读取：${e.message ?? ''}`.slice(0, 200) });
    return { rows: [], errors, records: 1, nextOffset: buf.length, nextLine: line + (e.lines ?? 1), endOfFile: true, columns };
  }
  const rows: ParsedRow[] = [];
  const width = Math.max(...Object.values(columns).map((i) => i ?? 0)) + 1;
  const cols = columns;
  for (const { record, info } of records) {
    const n = line + info.lines;
    const cell = (c: ImportColumn) => {
      const i = cols[c];
      return i === undefined ? '' : (record[i] ?? '');
    };
    try {
      if (record.length < width) throw new RowError(`列数 ${record.length} 少于表头`);
      rows.push(readRow(cell, n, asOf));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      errors.push({ line: n, externalNo: cell('externalNo') || null, reason: error.message });
    }
  }
  const last = records[records.length - 1];
  const nextOffset = last ? offset + last.info.bytes : buf.length;
  return { rows, errors, records: records.length, nextOffset, nextLine: last ? line + last.info.lines : line, endOfFile: records.length < maxRows || nextOffset >= buf.length, columns };
}

// ---------------------------------------------------------------------------------------------
// Resolution against the database

/** A row ready to write: its member, priced lines and the order id derived from its external number. */
interface Resolved { row: ParsedRow; orderId: string; member: Pick<MemberDoc, '_id' | 'memberNo'>; lines: QuoteLine[] }

async function resolveMembers(db: Db, rows: readonly ParsedRow[]): Promise<{ byNo: Map<string, Pick<MemberDoc, '_id' | 'memberNo'>>; byPhone: Map<string, Pick<MemberDoc, '_id' | 'memberNo'>[]> }> {
  const _ = db.command;
  const nos = [...new Set(rows.flatMap((r) => (r.member.kind === 'memberNo' ? [r.member.memberNo] : [])))];
  const phones = [...new Set(rows.flatMap((r) => (r.member.kind === 'phone' ? [r.member.phone] : [])))];
  const byNo = new Map<string, Pick<MemberDoc, '_id' | 'memberNo'>>();
  const byPhone = new Map<string, Pick<MemberDoc, '_id' | 'memberNo'>[]>();
  for (let i = 0; i < nos.length; i += 1000) {
    const { data } = await db.collection(C.members).where({ memberNo: _.in(nos.slice(i, i + 1000)) }).field({ _id: true, memberNo: true }).limit(1000).get();
    for (const m of data as unknown as MemberDoc[]) byNo.set(m.memberNo, m);
  }
  for (let i = 0; i < phones.length; i += 300) {
    const { data } = await db.collection(C.members).where({ phone: _.in(phones.slice(i, i + 300)) }).field({ _id: true, memberNo: true, phone: true }).limit(1000).get();
    for (const m of data as unknown as MemberDoc[]) byPhone.set(m.phone as string, [...(byPhone.get(m.phone as string) ?? []), m]);
  }
  return { byNo, byPhone };
}

async function loadCatalogue(db: Db): Promise<Map<string, Product>> {
  const { data } = await db.collection(C.products).limit(1000).get();
  return new Map((data as unknown as ProductDoc[]).map((d) => [d._id, productFromDoc(d)]));
}

/** Rows whose member and products exist; the others become errors. Duplicates within `seen` too. */
async function resolveChunk(db: Db, chunk: Chunk, catalogue: Map<string, Product>, seen: Map<string, number>): Promise<{ ok: Resolved[]; errors: ImportRowError[] }> {
  const { byNo, byPhone } = await resolveMembers(db, chunk.rows);
  const ok: Resolved[] = [];
  const errors: ImportRowError[] = [];
  for (const row of chunk.rows) {
    const bad = (reason: string) => errors.push({ line: row.line, externalNo: row.externalNo, reason });
    const firstLine = seen.get(row.externalNo);
    if (firstLine !== undefined) {
      bad(`外部单号与第 ${firstLine} 行重复`);
      continue;
    }
    seen.set(row.externalNo, row.line);
    let member: Pick<MemberDoc, '_id' | 'memberNo'> | undefined;
    if (row.member.kind === 'memberNo') {
      member = byNo.get(row.member.memberNo);
      if (!member) {
        bad(`没有会员号为 ${row.member.memberNo} 的会员`);
        continue;
      }
    } else {
      const found = byPhone.get(row.member.phone) ?? [];
      if (found.length === 0) {
        bad(`没有手机号为 ${row.member.phone.slice(0, 3)}****${row.member.phone.slice(-4)} 的会员`);
        continue;
      }
      if (found.length > 1) {
        bad('该手机号对应多位会员，请改用会员号');
        continue;
      }
      member = found[0];
    }
    const missing = row.lines.find((l) => !catalogue.has(l.productId));
    if (missing) {
      bad(`商品不存在：${missing.productId}`);
      continue;
    }
    ok.push({ row, orderId: importedOrderId(row.externalNo), member: member as Pick<MemberDoc, '_id' | 'memberNo'>, lines: row.lines.map((l) => recordedLine(catalogue.get(l.productId) as Product, l.quantity, l.amountFen)) });
  }
  return { ok, errors };
}

// ---------------------------------------------------------------------------------------------
// Apply's plan: the whole file, member by member

/** The good rows grouped by member (file order within a member), and the bad rows by line. */
interface ApplyPlan { items: Resolved[]; errors: ImportRowError[]; columns: Partial<Record<ImportColumn, number>> }

type Cursor = NonNullable<ImportRunDoc['cursor']>;

/** Rows parsed and resolved per step of planning (bounded memory per step; the plan holds them all). */
const PLAN_READ_ROWS = 10_000;

/**
 * Reads and resolves the whole file, then orders its rows by member. Every invocation plans again
 * (the file and the run's instant are fixed, so the plan is too); the cursor is a (member, line)
 * key, not an index, so a row that stops resolving in between shifts nothing.
 */
async function planApply(db: Db, buf: Buffer, asOf: number, catalogue: Map<string, Product>): Promise<ApplyPlan> {
  const seen = new Map<string, number>();
  const items: Resolved[] = [];
  const errors: ImportRowError[] = [];
  let at: { offset: number; line: number; columns: Partial<Record<ImportColumn, number>> | null } = { offset: 0, line: 0, columns: null };
  for (;;) {
    const chunk = readChunk(buf, at, PLAN_READ_ROWS, asOf);
    const resolved = await resolveChunk(db, chunk, catalogue, seen);
    for (const r of resolved.ok) items.push(r);
    errors.push(...chunk.errors, ...resolved.errors);
    at = { offset: chunk.nextOffset, line: chunk.nextLine, columns: chunk.columns };
    if (chunk.endOfFile) break;
  }
  // Array#sort is stable: a member's rows keep their file order.
  items.sort((a, b) => (a.member._id < b.member._id ? -1 : a.member._id > b.member._id ? 1 : 0));
  return { items, errors: errors.sort((a, b) => a.line - b.line), columns: at.columns ?? {} };
}

/** Index of the first planned row after `cursor` (binary search over the (member, line) order). */
function firstAfter(items: readonly Resolved[], cursor: Cursor | null): number {
  if (cursor === null) return 0;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = items[mid] as Resolved;
    const before = r.member._id < cursor.memberId || (r.member._id === cursor.memberId && r.row.line <= cursor.line);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Writing a chunk

/** Ids among `ids` that exist: one query per 1000 (a chunk has at most MAX_CHUNK_ROWS rows). */
async function existingOrderIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const { data } = await db.collection(C.orders).where({ _id: db.command.in(ids.slice(i, i + 1000)) }).field({ _id: true }).limit(1000).get();
    for (const d of data) found.add(String(d._id));
  }
  return found;
}

const isDuplicateKey = (error: unknown): boolean => {
  const e = error as { errCode?: unknown; errMsg?: unknown } | null;
  return e?.errCode === -502002 || (typeof e?.errMsg === 'string' && /duplicate key/i.test(e.errMsg));
};

/** Attempts of a chunk whose new order another import created between the look-up and the commit. */
const MAX_CHUNK_RACES = 3;

/**
 * Writes the chunk's new orders, completed with their points, and the checkpoint: one transaction.
 * Which orders exist is looked up once for the chunk, outside the transaction; inside, each new order
 * is an `add` of its derived id, which fails the commit if another import created it meanwhile, and
 * then the chunk is looked up and written again (idempotency by external number stays exact).
 */
async function writeChunk(db: Db, runId: string, owner: string, rows: readonly Resolved[], next: (created: number, skipped: number) => ImportRunDoc, config: AppConfig, now: number, by: Actor): Promise<{ created: number; skipped: number }> {
  for (let race = 1; ; race += 1) {
    const existing = await existingOrderIds(db, rows.map((r) => r.orderId));
    try {
      return await writeChunkOnce(db, runId, owner, rows, existing, next, config, now, by);
    } catch (error) {
      if (!isDuplicateKey(error) || race >= MAX_CHUNK_RACES) throw error;
    }
  }
}

function writeChunkOnce(db: Db, runId: string, owner: string, rows: readonly Resolved[], existing: ReadonlySet<string>, next: (created: number, skipped: number) => ImportRunDoc, config: AppConfig, now: number, by: Actor): Promise<{ created: number; skipped: number }> {
  return db.runTransaction(async (tx: Transaction) => {
    const run = await txGet<ImportRunDoc>(tx, C.jobRuns, runId);
    if (!run || run.lease?.by !== owner) throw new DomainError('JOBS.LEASE_LOST', '导入任务已被另一个实例接管', { run: runId });
    const members = new Map<string, MemberDoc>();
    const accounts = new Map<string, ReturnType<typeof accountState>>();
    const movements = new Map<string, Parameters<typeof writeMovements>[2][number][]>();
    let created = 0;
    let skipped = 0;
    for (const r of rows) {
      const id = r.orderId;
      if (existing.has(id)) {
        skipped += 1;
        continue;
      }
      let member = members.get(r.member._id);
      if (!member) {
        member = (await txGet<MemberDoc>(tx, C.members, r.member._id)) ?? undefined;
        if (!member) throw new DomainError('MEMBER.NOT_FOUND', `会员 ${r.member.memberNo} 不存在`);
        members.set(member._id, member);
        accounts.set(member._id, accountState(await txGet<AccountDoc>(tx, C.pointsAccounts, member._id)));
      }
      const account = accounts.get(member._id) as ReturnType<typeof accountState>;
      const order = recordedOrder({ id, member, channel: 'import', externalNo: r.row.externalNo, request: null, lines: r.lines, paidFen: r.row.totalFen, at: r.row.at, by, note: 'POS/ERP 导入', config });
      const c = completeInCore({ stats: member.stats, tierState: member.tierState, account }, { orderId: id, paidFen: order.paidFen, completedAt: r.row.at }, config);
      const usableAt = c.ledger.account.pendingLots.find((l) => l.orderId === id)?.usableAt ?? (c.earnedPoints > 0 ? r.row.at + config.points.settleAfterDays * DAY_MS : null);
      const completed: OrderDoc = {
        ...order,
        status: 'completed',
        completedAt: r.row.at,
        points: { earned: c.earnedPoints, multiplierPct: c.multiplierPct, expiresAt: c.earnExpiresAt, usableAt },
        timeline: [...order.timeline, timelineEntry('completed', 'complete', r.row.at, by, null)],
      };
      // add, not set: a commit that finds the order already there fails instead of overwriting it.
      await tx.collection(C.orders).add({ data: asDoc(completed) });
      member = { ...member, stats: c.ledger.stats, tierState: c.ledger.tierState };
      members.set(member._id, member);
      accounts.set(member._id, c.ledger.account);
      movements.set(member._id, [...(movements.get(member._id) ?? []), ...c.movements]);
      if (c.tierChange) await writeTierChange(tx, member._id, c.tierChange, `order:${id}`);
      created += 1;
    }
    for (const m of members.values()) {
      await tx.collection(C.members).doc(m._id).set({ data: withoutId(m) as unknown as Record<string, unknown> });
      await writeAccount(tx, m._id, accounts.get(m._id) as ReturnType<typeof accountState>, now);
      await writeMovements(tx, m._id, movements.get(m._id) ?? []);
    }
    await tx.collection(C.jobRuns).doc(runId).set({ data: asDoc(withoutId(next(created, skipped))) });
    return { created, skipped };
  });
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface ImportSource {
  fileId: string | null;
  fileName: string | null;
  load(): Promise<Buffer>;
}

export interface ImportHooks {
  /** After a chunk's transaction (checkpoint included): progress bars; a throw here is a crash between chunks. */
  afterChunk?(run: ImportRunDoc): void | Promise<void>;
  /** Before a chunk's transaction: a throw here is a crash in mid-chunk (nothing of it is written). */
  beforeWrite?(run: ImportRunDoc): void | Promise<void>;
}

export interface RunImportOptions {
  mode: ImportMode;
  now: number;
  by: { openid: string | null; name: string | null };
  budgetMs?: number;
  chunkRows?: number;
  clock?: () => number;
  owner?: string;
  hooks?: ImportHooks;
  shouldStop?: () => boolean;
}

export type ImportStatus = 'done' | 'alreadyDone' | 'paused' | 'busy';

export interface ImportOutcome { status: ImportStatus; run: ImportRunDoc; thisInvocation: { chunks: number; rows: number; ms: number } }

let ownerSeq = 0;
const newOwner = (now: number) => `imp-${now.toString(36)}-${(ownerSeq += 1).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const findImportRun = (db: Db, runId: string) => dbGet<ImportRunDoc>(db, C.jobRuns, runId);

function claim(db: Db, fresh: ImportRunDoc, owner: string, now: number, leaseUntil: number): Promise<{ status: 'claimed' | 'alreadyDone' | 'busy'; run: ImportRunDoc }> {
  return db.runTransaction(async (tx) => {
    const existing = await txGet<ImportRunDoc>(tx, C.jobRuns, fresh._id);
    if (existing?.done) return { status: 'alreadyDone' as const, run: existing };
    if (existing?.lease && existing.lease.by !== owner && existing.lease.until > now) return { status: 'busy' as const, run: existing };
    const lease = { by: owner, until: leaseUntil };
    const run: ImportRunDoc = existing ? { ...existing, invocations: existing.invocations + 1, updatedAt: now, lease } : { ...fresh, lease };
    await tx.collection(C.jobRuns).doc(run._id).set({ data: asDoc(withoutId(run)) });
    return { status: 'claimed' as const, run };
  });
}

/** Dry run or apply of one file, for one invocation's time box (call again with the same file to continue). */
export async function runImport(db: Db, source: ImportSource, opts: RunImportOptions): Promise<ImportOutcome> {
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const budget = Math.max(0, opts.budgetMs ?? DEFAULT_IMPORT_BUDGET_MS);
  const chunkRows = Math.min(MAX_CHUNK_ROWS, Math.max(1, Math.floor(opts.chunkRows ?? DEFAULT_CHUNK_ROWS)));
  const buf = await source.load();
  const sha = sha256(buf);
  const runId = importRunId(opts.mode, sha);
  if (opts.mode === 'apply') {
    const dry = await findImportRun(db, importRunId('dryRun', sha));
    if (!dry?.done) throw new DomainError('IMPORT.DRY_RUN_FIRST');
    if (dry.errorCount > 0) throw new DomainError('IMPORT.HAS_ERRORS', `试导入发现 ${dry.errorCount} 行有错误（第一处在第 ${dry.errors[0]?.line ?? 0} 行），请修正后重新上传`);
  }
  const fresh: ImportRunDoc = {
    _id: runId,
    kind: 'orderImport',
    mode: opts.mode,
    sha,
    fileId: source.fileId,
    fileName: source.fileName,
    totalBytes: buf.length,
    asOf: opts.now,
    columns: null,
    offset: 0,
    line: 0,
    cursor: null,
    totalRows: null,
    rows: 0,
    created: 0,
    skipped: 0,
    errorCount: 0,
    errors: [],
    chunks: 0,
    invocations: 1,
    by: opts.by,
    startedAt: opts.now,
    updatedAt: opts.now,
    finishedAt: null,
    done: false,
    lease: null,
  };
  const owner = opts.owner ?? newOwner(opts.now);
  const claimed = await claim(db, fresh, owner, opts.now, opts.now + budget + LEASE_GRACE_MS);
  const thisInvocation = { chunks: 0, rows: 0, ms: 0 };
  if (claimed.status !== 'claimed') return { status: claimed.status, run: claimed.run, thisInvocation };
  let run = claimed.run;
  const config = await loadConfig(db, run.asOf);
  const catalogue = await loadCatalogue(db);
  // Dry run: external numbers seen by this invocation (duplicates inside a file are found within
  // one invocation's reach). Apply: the plan of the whole file.
  const seen = new Map<string, number>();
  const plan = opts.mode === 'apply' ? await planApply(db, buf, run.asOf, catalogue) : null;
  // Apply reports the plan's bad rows once per invocation, those not on the run yet (the file passed a
  // dry run, so these are rows whose member or product went away since).
  let unreported = plan ? plan.errors.filter((e) => !run.errors.some((k) => k.line === e.line)) : [];
  let slowest = 0;
  try {
    for (;;) {
      const chunkStart = clock();
      let ok: Resolved[];
      let errors: ImportRowError[];
      let advance: Pick<ImportRunDoc, 'columns' | 'offset' | 'line' | 'cursor' | 'totalRows'> & { records: number; done: boolean };
      if (plan) {
        const from = firstAfter(plan.items, run.cursor);
        ok = plan.items.slice(from, from + chunkRows);
        errors = unreported;
        unreported = [];
        const last = ok[ok.length - 1];
        advance = {
          columns: plan.columns,
          offset: run.offset,
          line: run.line,
          cursor: last ? { memberId: last.member._id, line: last.row.line } : run.cursor,
          totalRows: plan.items.length + plan.errors.length,
          records: ok.length + errors.length,
          done: from + ok.length >= plan.items.length,
        };
      } else {
        const chunk = readChunk(buf, run, chunkRows, run.asOf);
        const resolved = await resolveChunk(db, chunk, catalogue, seen);
        ok = resolved.ok;
        errors = [...chunk.errors, ...resolved.errors].sort((a, b) => a.line - b.line);
        advance = { columns: chunk.columns, offset: chunk.nextOffset, line: chunk.nextLine, cursor: null, totalRows: null, records: chunk.records, done: chunk.endOfFile };
      }
      const next = (created: number, skipped: number): ImportRunDoc => {
        const { records, done, ...position } = advance;
        return {
          ...run,
          ...position,
          rows: run.rows + records,
          created: run.created + created,
          skipped: run.skipped + skipped,
          errorCount: run.errorCount + errors.length,
          errors: [...run.errors, ...errors].slice(0, MAX_KEPT_ERRORS),
          chunks: run.chunks + 1,
          updatedAt: opts.now,
          done,
          finishedAt: done ? opts.now : null,
          lease: done ? null : run.lease,
        };
      };
      await opts.hooks?.beforeWrite?.(run);
      let written = { created: 0, skipped: 0 };
      if (opts.mode === 'apply') {
        // The run's instant, not this invocation's: a resumed run writes exactly what an uninterrupted one would.
        written = await writeChunk(db, run._id, owner, ok, next, config, run.asOf, { kind: opts.by.openid ? 'staff' : 'system', id: opts.by.openid, name: opts.by.name ?? SYSTEM_ACTOR.name });
      } else {
        // A dry run writes nothing but its checkpoint; rows already imported are counted as skipped.
        const ids = ok.map((r) => r.orderId);
        const existing = ids.length === 0 ? 0 : (await db.collection(C.orders).where({ _id: db.command.in(ids) }).count()).total;
        written = { created: ids.length - existing, skipped: existing };
        const saved = next(written.created, written.skipped);
        // `set` in a transaction, not a merging update: the checkpoint replaces nested fields whole.
        await db.runTransaction(async (tx) => {
          const current = await txGet<ImportRunDoc>(tx, C.jobRuns, saved._id);
          if (current?.lease?.by !== owner) throw new DomainError('JOBS.LEASE_LOST', '导入任务已被另一个实例接管', { run: saved._id });
          await tx.collection(C.jobRuns).doc(saved._id).set({ data: asDoc(withoutId(saved)) });
        });
      }
      run = next(written.created, written.skipped);
      thisInvocation.chunks += 1;
      thisInvocation.rows += advance.records;
      await opts.hooks?.afterChunk?.(run);
      if (run.done) break;
      const t = clock();
      slowest = Math.max(slowest, t - chunkStart);
      if (t - started + slowest >= budget || opts.shouldStop?.()) break;
    }
  } finally {
    if (!run.done) {
      await db
        .collection(C.jobRuns)
        .where({ _id: run._id, lease: { by: owner } })
        .update({ data: { lease: null } })
        .catch(() => undefined);
    }
  }
  thisInvocation.ms = clock() - started;
  return { status: run.done ? 'done' : 'paused', run: { ...run, lease: null }, thisInvocation };
}

/** What the page shows: progress by bytes, tallies, the bad rows kept. */
export interface ImportRunView {
  runId: string;
  mode: ImportMode;
  fileName: string | null;
  done: boolean;
  /** 0..100: by bytes read (dry run), by rows written (apply). */
  percent: number;
  rows: number;
  created: number;
  skipped: number;
  errorCount: number;
  errors: ImportRowError[];
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export const importRunView = (run: ImportRunDoc): ImportRunView => ({
  runId: run._id,
  mode: run.mode,
  fileName: run.fileName,
  done: run.done,
  percent: run.done ? 100 : run.mode === 'apply' ? (run.totalRows ? Math.floor((run.rows / run.totalRows) * 100) : 0) : run.totalBytes === 0 ? 0 : Math.floor((run.offset / run.totalBytes) * 100),
  rows: run.rows,
  created: run.created,
  skipped: run.skipped,
  errorCount: run.errorCount,
  errors: run.errors,
  startedAt: run.startedAt,
  updatedAt: run.updatedAt,
  finishedAt: run.finishedAt,
});
