/**
 * The `orderDesk` cloud function: the staff side of orders. The day's orders by delivery slot and
 * every step of an order (staff), counter sales by member code (staff), catalogue edits and imports,
 * and the POS/ERP order import (manager). Every write is audited and keyed by a client request id.
 */
import { z } from 'zod';
import { ORDER_STATUSES } from '../core/orders/stateMachine';
import { FILE_ID_PATTERN, fileStorage } from '../ports/storage';
import { action, defineFunction, type ActionContext, type StaffIdentity } from '../runtime/router';
import { calendarDay, paging, reason, requestId } from '../runtime/schemas';
import { PRODUCT_LINES } from '../core/catalog/product';
import { MAX_CATALOGUE_CSV_CHARS, importCatalogue, listProductsForStaff, updateProduct } from '../services/catalogueAdmin';
import { loadConfig } from '../services/config';
import { counterSale } from '../services/counterSale';
import { DomainError } from '../core/errors';
import { DELIVERY_WINDOWS } from '../services/orderModel';
import { cancelStep, completeStep, enterWeights, getDeskOrder, listDay, previewWeighing, refundStep, simpleStep } from '../services/orderDesk';
import { findImportRun, importRunView, runImport, type ImportMode, type ImportRunView, type ImportStatus } from '../services/orderImport';

const staff = (ctx: ActionContext): StaffIdentity => ctx.caller.staff as StaffIdentity;

const orderId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '订单号格式不正确');
const productId = z.string().min(1).max(64);
const note = z.string().trim().max(200);
const fen = z.number().int().min(1).max(100_000_000);
const windowId = z.enum(DELIVERY_WINDOWS.map((w) => w.id) as [string, ...string[]]);
const step = z.object({ orderId, requestId, note: note.optional() }).strict();
const weightEntry = z.object({ productId, grams: z.number().int().min(0).max(10_000_000) }).strict();
const fileId = z.string().regex(FILE_ID_PATTERN, '文件编号格式不正确');
const importMode = z.enum(['dryRun', 'apply']);
const runId = z.string().regex(/^orderImport:(dryRun|apply):[0-9a-f]{32}$/, '导入任务编号格式不正确');

export interface ImportActionResult { status: ImportStatus; chained: boolean; run: ImportRunView }

/** One time-boxed slice of an import; a paused run chains the next invocation, as the jobs do. */
async function importSlice(ctx: ActionContext, input: { fileId: string; mode: ImportMode }, by: { openid: string | null; name: string | null }): Promise<ImportActionResult> {
  const outcome = await runImport(ctx.db, { fileId: input.fileId, fileName: input.fileId.split('/').pop() ?? null, load: () => fileStorage().download(input.fileId) }, { mode: input.mode, now: ctx.now, by });
  let chained = false;
  if (outcome.status === 'paused') {
    await ctx.invoke('orderDesk', { action: 'continueImport', payload: { fileId: input.fileId, mode: input.mode } });
    chained = true;
  }
  return { status: outcome.status, chained, run: importRunView(outcome.run) };
}

export const orderDeskFunction = defineFunction({
  name: 'orderDesk',
  actions: {
    /** 今日订单: a day's orders (today by default), by delivery window and status, paged. */
    listDay: action({
      access: 'staff',
      input: z.object({ day: calendarDay.optional(), window: windowId.optional(), status: z.enum(ORDER_STATUSES).optional(), ...paging }).strict(),
      run: async (input, ctx) => listDay(ctx.db, { ...input, window: input.window as (typeof DELIVERY_WINDOWS)[number]['id'] | undefined }, ctx.now),
    }),
    getOrder: action({
      access: 'staff',
      input: z.object({ orderId }).strict(),
      run: async (input, ctx) => getDeskOrder(ctx.db, input.orderId),
    }),
    confirm: action({ access: 'staff', input: step, run: async (input, ctx) => simpleStep(ctx.db, staff(ctx), input, 'confirm', ctx.now) }),
    enterWeights: action({
      access: 'staff',
      input: z.object({ orderId, weights: z.array(weightEntry).min(1).max(50), requestId }).strict(),
      run: async (input, ctx) => enterWeights(ctx.db, staff(ctx), input, ctx.now),
    }),
    /** 称重预览: the settlement of the weights typed so far, by the same core rule; reads only, so no request id and no audit. */
    previewWeights: action({
      access: 'staff',
      input: z.object({ orderId, weights: z.array(weightEntry).max(50) }).strict(),
      run: async (input, ctx) => previewWeighing(ctx.db, input),
    }),
    dispatch: action({ access: 'staff', input: step, run: async (input, ctx) => simpleStep(ctx.db, staff(ctx), input, 'dispatch', ctx.now) }),
    deliver: action({ access: 'staff', input: step, run: async (input, ctx) => simpleStep(ctx.db, staff(ctx), input, 'deliver', ctx.now) }),
    complete: action({
      access: 'staff',
      input: z.object({ orderId, requestId }).strict(),
      run: async (input, ctx) => completeStep(ctx.db, staff(ctx), input, ctx.now),
    }),
    cancel: action({
      access: 'staff',
      input: z.object({ orderId, reason, requestId }).strict(),
      run: async (input, ctx) => cancelStep(ctx.db, staff(ctx), input, ctx.now),
    }),
    /** Lines in part or whole, an amount, or everything left (exactly one of `lines`, `amountFen`, `whole`). */
    refund: action({
      access: 'staff',
      input: z
        .object({
          orderId,
          reason,
          requestId,
          lines: z.array(z.object({ productId, fen: fen.optional() }).strict()).min(1).max(50).optional(),
          amountFen: fen.optional(),
          whole: z.literal(true).optional(),
        })
        .strict(),
      run: async (input, ctx) => refundStep(ctx.db, staff(ctx), input, ctx.now),
    }),
    /** 门店消费: the customer's member code (scanned or pasted) and what was paid. */
    counterSale: action({
      access: 'staff',
      input: z
        .object({
          token: z.string().min(10).max(200),
          amountFen: fen,
          lines: z.array(z.object({ productId, quantity: z.number().int().min(1).max(100_000), amountFen: z.number().int().min(0).max(100_000_000) }).strict()).max(50).optional(),
          note: note.optional(),
          requestId,
        })
        .strict(),
      run: async (input, ctx) => counterSale(ctx, staff(ctx), input, await loadConfig(ctx.db, ctx.now)),
    }),
    /** 改价、库存、上下架 on the phone. */
    /** 商品管理: every product of a line, off the shelf too, with stock. */
    listProducts: action({
      access: 'manager',
      input: z.object({ line: z.enum(PRODUCT_LINES).optional(), ...paging }).strict(),
      run: async (input, ctx) => listProductsForStaff(ctx.db, input),
    }),
    updateProduct: action({
      access: 'manager',
      input: z
        .object({
          productId,
          listPriceFen: z.number().int().min(0).max(10_000_000).optional(),
          stock: z.union([z.number().int().min(0).max(100_000_000), z.literal('unlimited')]).optional(),
          onShelf: z.boolean().optional(),
          reason: note.optional(),
          requestId,
        })
        .strict()
        .refine((v) => v.listPriceFen !== undefined || v.stock !== undefined || v.onShelf !== undefined, '请至少修改一项（价格、库存或上下架）'),
      run: async (input, ctx) => updateProduct(ctx.db, staff(ctx), input, ctx.now),
    }),
    /** Catalogue CSV in the payload (small files): `dryRun: true` lists the bad rows, then apply. */
    importCatalogue: action({
      access: 'manager',
      input: z.object({ csv: z.string().min(1).max(MAX_CATALOGUE_CSV_CHARS), dryRun: z.boolean(), requestId: requestId.optional() }).strict(),
      run: async (input, ctx) => importCatalogue(ctx.db, staff(ctx), input, ctx.now),
    }),
    /** POS/ERP orders from a file uploaded to cloud storage: a dry run first, then apply. */
    importOrders: action({
      access: 'manager',
      input: z.object({ fileId, mode: importMode }).strict(),
      run: async (input, ctx) => importSlice(ctx, input, { openid: staff(ctx).openid, name: staff(ctx).name }),
    }),
    importStatus: action({
      access: 'manager',
      input: z.object({ runId }).strict(),
      run: async (input, ctx) => {
        const run = await findImportRun(ctx.db, input.runId);
        if (!run) throw new DomainError('IMPORT.NOT_FOUND');
        return importRunView(run);
      },
    }),
    /** The chained continuation of an import (the function calls itself; the run keeps who started it). */
    continueImport: action({
      access: 'system',
      input: z.object({ fileId, mode: importMode }).strict(),
      run: async (input, ctx) => importSlice(ctx, input, { openid: ctx.caller.staff?.openid ?? null, name: ctx.caller.staff?.name ?? null }),
    }),
  },
});
