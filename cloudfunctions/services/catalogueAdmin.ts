/**
 * A manager's catalogue edits: price, stock and shelf of one product on the phone, and a CSV import
 * of the catalogue (dry run first: every bad row with its line number and reason; applied only when
 * no row is bad). Both are audited and idempotent by request id (services/orderDesk.ts auditedStep).
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { catalogSchema, PRODUCT_LINES, productSchema, SALE_UNITS, UNIT_LABELS, type Product, type ProductInput, type ProductLine } from '../core/catalog/product';
import type { Page } from '../contracts/api';
import { DomainError } from '../core/errors';
import type { Db } from '../ports/db';
import { asDoc, txGet, withoutId } from '../runtime/dbHelpers';
import type { StaffIdentity } from '../runtime/router';
import { C } from './collections';
import { productDoc, productFromDoc, type ProductDoc } from './orderModel';
import { auditedStep } from './orderDesk';

/** The catalogue is small (services/catalogue.ts reads it whole): at most this many products. */
export const MAX_PRODUCTS = 1000;
/** A catalogue CSV sent in the payload (the local server takes 64 KB bodies). */
export const MAX_CATALOGUE_CSV_CHARS = 60_000;

export interface ProductChange { listPriceFen?: number | undefined; stock?: number | 'unlimited' | undefined; onShelf?: boolean | undefined }

export interface ProductEditResult { productId: string; name: string; listPriceFen: number; stock: number | 'unlimited'; onShelf: boolean }

/** A product as a manager edits it: every product, on the shelf or not, with its stock. */
export interface ProductAdminView extends ProductEditResult {
  id: string;
  line: ProductLine;
  unitLabel: string;
  seasonMonths: number[];
  minPerOrder: number;
  maxPerOrder: number | null;
}

/**
 * The catalogue for 商品管理: off-shelf products too (so they can be put back), with stock; read
 * through the staff function so a manager is never enrolled as a customer by looking.
 */
export async function listProductsForStaff(db: Db, input: { line?: ProductLine | undefined; page: number; pageSize: number }): Promise<Page<ProductAdminView>> {
  const query = input.line ? db.collection(C.products).where({ line: input.line }) : db.collection(C.products);
  const { data } = await query.orderBy('_id', 'asc').skip(input.page * input.pageSize).limit(input.pageSize + 1).get();
  const items = (data as unknown as ProductDoc[]).slice(0, input.pageSize).map((doc) => {
    const p = productFromDoc(doc);
    return { ...editView(p), id: p.id, line: p.line, unitLabel: UNIT_LABELS[p.unit], seasonMonths: p.seasonMonths, minPerOrder: p.minPerOrder, maxPerOrder: p.maxPerOrder };
  });
  return { items, page: input.page, pageSize: input.pageSize, hasMore: data.length > input.pageSize };
}

const editView = (p: Product): ProductEditResult => ({ productId: p.id, name: p.name, listPriceFen: p.listPriceFen, stock: p.stock, onShelf: p.onShelf });

export function updateProduct(db: Db, staff: StaffIdentity, input: ProductChange & { productId: string; reason?: string | undefined; requestId: string }, now: number): Promise<ProductEditResult> {
  // Only the fields sent: the database refuses undefined values (an edit of the stock alone failed).
  const change: ProductChange = Object.fromEntries(Object.entries({ listPriceFen: input.listPriceFen, stock: input.stock, onShelf: input.onShelf }).filter(([, v]) => v !== undefined));
  return auditedStep(db, staff, { requestId: input.requestId, action: 'product.update', target: `product:${input.productId}`, reason: input.reason ?? '', details: { ...change }, now }, async (tx) => {
    const doc = await txGet<ProductDoc>(tx, C.products, input.productId);
    if (!doc) throw new DomainError('CATALOG.PRODUCT_NOT_FOUND');
    const before = productFromDoc({ ...doc, _id: input.productId });
    const merged = { ...before, ...change };
    const checked = productSchema.safeParse(merged);
    if (!checked.success) throw new DomainError('CATALOG.INVALID_PRODUCT', checked.error.issues[0]?.message ?? '商品信息无效');
    const { _id, ...data } = productDoc(checked.data, now);
    await tx.collection(C.products).doc(_id).set({ data: asDoc(data) });
    return { result: editView(checked.data), before: editView(before), after: editView(checked.data) };
  });
}

// ---------------------------------------------------------------------------------------------
// CSV import

/** Column → header names accepted (English, or the Chinese a seller's spreadsheet has). */
const COLUMNS = {
  id: ['id', '商品编号'],
  name: ['name', '名称'],
  line: ['line', '品类'],
  unit: ['unit', '单位'],
  listPriceFen: ['listPriceFen', '价格分'],
  estimatedGramsPerUnit: ['estimatedGramsPerUnit', '每份克数'],
  toleranceBp: ['toleranceBp', '误差万分比'],
  stock: ['stock', '库存'],
  onShelf: ['onShelf', '上架'],
  seasonMonths: ['seasonMonths', '上市月份'],
  minPerOrder: ['minPerOrder', '起订量'],
  maxPerOrder: ['maxPerOrder', '限购'],
  substitutes: ['substitutes', '替代商品'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['id', 'name', 'line', 'unit', 'listPriceFen'];

const UNIT_WORDS: Record<string, Product['unit']> = { piece: 'piece', jin: 'jin', kg: 'kg', 件: 'piece', 斤: 'jin', 公斤: 'kg' };
const YES = new Set(['1', 'true', 'yes', '是', '上架', 'y']);
const NO = new Set(['0', 'false', 'no', '否', '下架', 'n']);

export interface RowError { line: number; productId: string | null; reason: string }

export interface CatalogueImportResult {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  creates: number;
  updates: number;
  unchanged: number;
  errors: RowError[];
}

class CellError extends Error {}

function int(text: string, label: string, opts: { min: number; max: number }): number {
  if (!/^-?\d+$/.test(text)) throw new CellError(`${label}应为整数：「${text}」`);
  const n = Number(text);
  if (n < opts.min || n > opts.max) throw new CellError(`${label}应在 ${opts.min} 到 ${opts.max} 之间：${text}`);
  return n;
}

function months(text: string): number[] {
  if (text === '' || text === '全年') return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const out: number[] = [];
  for (const part of text.split(/[;；、|]/).map((s) => s.trim()).filter(Boolean)) {
    const range = /^(\d{1,2})-(\d{1,2})$/.exec(part);
    if (range) {
      const a = int(range[1] as string, '上市月份', { min: 1, max: 12 });
      const b = int(range[2] as string, '上市月份', { min: 1, max: 12 });
      // 11-2 wraps over the new year (winter produce).
      for (let m = a; ; m = (m % 12) + 1) {
        out.push(m);
        if (m === b) break;
      }
    } else out.push(int(part, '上市月份', { min: 1, max: 12 }));
  }
  return out;
}

/** One CSV row as a product input; throws CellError with a reason staff can act on. */
function rowToProduct(cell: (c: Column) => string): ProductInput {
  const unit = UNIT_WORDS[cell('unit')];
  if (!unit) throw new CellError(`单位应为 ${SALE_UNITS.join('/')} 或 件/斤/公斤：「${cell('unit')}」`);
  const line = cell('line');
  if (!(PRODUCT_LINES as readonly string[]).includes(line)) throw new CellError(`品类应为 ${PRODUCT_LINES.join('、')} 之一：「${line}」`);
  const stockText = cell('stock');
  const shelfText = cell('onShelf').toLowerCase();
  if (shelfText !== '' && !YES.has(shelfText) && !NO.has(shelfText)) throw new CellError(`上架应为 是/否：「${cell('onShelf')}」`);
  const grams = cell('estimatedGramsPerUnit');
  const tolerance = cell('toleranceBp');
  if (unit === 'piece' && (grams !== '' || tolerance !== '')) throw new CellError('按件销售的商品不填每份克数和误差');
  if (unit !== 'piece' && grams === '') throw new CellError('称重商品需要填写每份克数');
  return {
    id: cell('id'),
    name: cell('name'),
    line: line as Product['line'],
    unit,
    listPriceFen: int(cell('listPriceFen'), '价格（分）', { min: 0, max: 10_000_000 }),
    weight: unit === 'piece' ? null : { estimatedGramsPerUnit: int(grams, '每份克数', { min: 1, max: 100_000 }), toleranceBp: tolerance === '' ? 0 : int(tolerance, '误差（万分比）', { min: 0, max: 5_000 }) },
    stock: stockText === '' || stockText === 'unlimited' || stockText === '不限' ? 'unlimited' : int(stockText, '库存', { min: 0, max: 100_000_000 }),
    onShelf: shelfText === '' || YES.has(shelfText),
    seasonMonths: months(cell('seasonMonths')),
    minPerOrder: cell('minPerOrder') === '' ? 1 : int(cell('minPerOrder'), '起订量', { min: 1, max: 100_000 }),
    maxPerOrder: cell('maxPerOrder') === '' ? null : int(cell('maxPerOrder'), '限购', { min: 1, max: 100_000 }),
    substitutes: cell('substitutes').split(/[;；、|]/).map((s) => s.trim()).filter(Boolean),
  };
}

const FIELD_LABELS: Record<string, string> = { id: '商品编号', name: '名称', seasonMonths: '上市月份', maxPerOrder: '限购', substitutes: '替代商品', weight: '称重信息' };

interface ParsedCatalogue { count: number; rows: { line: number; product: Product }[]; errors: RowError[] }

export function parseCatalogueCsv(text: string): ParsedCatalogue {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { count: 0, rows: [], errors: [{ line: e.lines ?? 0, productId: null, reason: `CSV 格式错误：${e.message ?? ''}`.slice(0, 200) }] };
  }
  const [header, ...body] = records;
  if (!header) return { count: 0, rows: [], errors: [{ line: 1, productId: null, reason: '文件是空的' }] };
  const index = new Map<Column, number>();
  for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const i = header.record.findIndex((h) => names.includes(h));
    if (i >= 0) index.set(col, i);
  }
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) return { count: body.length, rows: [], errors: [{ line: header.info.lines, productId: null, reason: `缺少列：${missing.map((c) => COLUMNS[c][1]).join('、')}` }] };
  const rows: ParsedCatalogue['rows'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (record[i] ?? '');
    };
    const id = cell('id') || null;
    if (record.length > header.record.length) {
      errors.push({ line: info.lines, productId: id, reason: `列数 ${record.length} 多于表头的 ${header.record.length} 列` });
      continue;
    }
    try {
      const checked = productSchema.safeParse(rowToProduct(cell));
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const field = String(issue?.path[0] ?? '');
        throw new CellError(`${FIELD_LABELS[field] ?? field}：${issue?.message ?? '无效'}`);
      }
      const first = seen.get(checked.data.id);
      if (first !== undefined) throw new CellError(`商品编号与第 ${first} 行重复`);
      seen.set(checked.data.id, info.lines);
      rows.push({ line: info.lines, product: checked.data });
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      errors.push({ line: info.lines, productId: id, reason: error.message });
    }
  }
  return { count: body.length, rows, errors };
}

async function currentCatalogue(db: Db): Promise<Map<string, Product>> {
  const { data } = await db.collection(C.products).limit(MAX_PRODUCTS).get();
  return new Map((data as unknown as ProductDoc[]).map((d) => [d._id, productFromDoc(d)]));
}

const sameProduct = (a: Product, b: Product) => JSON.stringify(productDoc(a, 0)) === JSON.stringify(productDoc(b, 0));

/** Checks the file against the catalogue it would produce (substitutes exist and share the line). */
export async function planCatalogueImport(db: Db, text: string): Promise<{ result: Omit<CatalogueImportResult, 'dryRun' | 'applied'>; writes: Product[] }> {
  const parsed = parseCatalogueCsv(text);
  const current = await currentCatalogue(db);
  const merged = new Map(current);
  for (const r of parsed.rows) merged.set(r.product.id, r.product);
  const errors = [...parsed.errors];
  if (merged.size > MAX_PRODUCTS) errors.push({ line: 0, productId: null, reason: `商品总数不能超过 ${MAX_PRODUCTS}` });
  const all = [...merged.values()];
  const check = catalogSchema.safeParse(all);
  if (!check.success) {
    for (const issue of check.error.issues) {
      const product = all[Number(issue.path[0])];
      const row = parsed.rows.find((r) => r.product.id === product?.id);
      // Only what the file brings is the file's fault; a problem among untouched products is reported without a line.
      errors.push({ line: row?.line ?? 0, productId: product?.id ?? null, reason: issue.message });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  const writes = parsed.rows.map((r) => r.product).filter((p) => {
    const before = current.get(p.id);
    return !before || !sameProduct(before, p);
  });
  const creates = writes.filter((p) => !current.has(p.id)).length;
  return { result: { rows: parsed.count, creates, updates: writes.length - creates, unchanged: parsed.rows.length - writes.length, errors }, writes };
}

export async function importCatalogue(db: Db, staff: StaffIdentity, input: { csv: string; dryRun: boolean; requestId?: string | undefined }, now: number): Promise<CatalogueImportResult> {
  const plan = await planCatalogueImport(db, input.csv);
  if (input.dryRun) return { dryRun: true, applied: false, ...plan.result };
  if (!input.requestId) throw new DomainError('REQUEST.INVALID', '导入需要请求编号');
  if (plan.result.errors.length > 0) throw new DomainError('CATALOG.IMPORT_HAS_ERRORS', `商品表有 ${plan.result.errors.length} 处错误（第一处在第 ${plan.result.errors[0]?.line ?? 0} 行），请先试导入查看并修正`);
  return auditedStep(db, staff, { requestId: input.requestId, action: 'catalogue.import', target: 'catalogue', reason: '', details: { csvSha: sha(input.csv) }, now }, async (tx) => {
    const before: Record<string, unknown> = {};
    for (const p of plan.writes) {
      const prior = await txGet<ProductDoc>(tx, C.products, p.id);
      before[p.id] = prior ? withoutId(prior) : null;
      const { _id, ...data } = productDoc(p, now);
      await tx.collection(C.products).doc(_id).set({ data: asDoc(data) });
    }
    return { result: { dryRun: false, applied: true, ...plan.result }, before, after: Object.fromEntries(plan.writes.map((p) => [p.id, p])) };
  });
}

/** The audit says which file; the fingerprint ties the request id to it. */
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
