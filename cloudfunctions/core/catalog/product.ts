/**
 * A product in the seller's catalogue. Prices are integer fen. A product is sold by the piece, or by
 * weight priced per 斤 (500 g) or per kg; a by-weight product is still ordered in whole units
 * (a bag, a tray, a cut) with an estimated weight each, and the line is settled on the final weight
 * within a tolerance band (see orders/weights.ts).
 */
import { z } from 'zod';

export const PRODUCT_LINES = ['叶菜', '根茎', '瓜果', '菌菇', '肉禽蛋', '乳品', '粮油', '节礼'] as const;
export type ProductLine = (typeof PRODUCT_LINES)[number];

/** piece: price per piece; jin: price per 500 g (斤); kg: price per 1000 g. */
export const SALE_UNITS = ['piece', 'jin', 'kg'] as const;
export type SaleUnit = (typeof SALE_UNITS)[number];
export type WeightUnit = Exclude<SaleUnit, 'piece'>;

/** Grams the price of a by-weight unit refers to. */
export const GRAMS_PER_PRICE_UNIT: Record<WeightUnit, number> = { jin: 500, kg: 1000 };

export const UNIT_LABELS: Record<SaleUnit, string> = { piece: '件', jin: '斤', kg: '公斤' };

export const ALL_YEAR: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** Upper bounds keep every product of price and quantity far inside safe integers. */
export const MAX_PRICE_FEN = 10_000_000; // ¥100,000 per unit
export const MAX_UNIT_GRAMS = 100_000; // 100 kg per ordered unit
export const MAX_PER_ORDER = 100_000;
export const MAX_TOLERANCE_BP = 5_000; // ±50 %

const productId = z.string().min(1).max(64);

export const weightSpecSchema = z
  .object({
    /** Estimated weight of one ordered unit, in grams. */
    estimatedGramsPerUnit: z.number().int().min(1).max(MAX_UNIT_GRAMS),
    /** How much heavier than estimated the customer can be charged for, in basis points. */
    toleranceBp: z.number().int().min(0).max(MAX_TOLERANCE_BP),
  })
  .strict();
export type WeightSpec = z.infer<typeof weightSpecSchema>;

export const productSchema = z
  .object({
    id: productId,
    name: z.string().trim().min(1).max(40),
    line: z.enum(PRODUCT_LINES),
    unit: z.enum(SALE_UNITS),
    /** List price per piece, or per 斤 / kg for by-weight units. */
    listPriceFen: z.number().int().min(0).max(MAX_PRICE_FEN),
    /** Required for by-weight units, absent (null) for pieces. */
    weight: weightSpecSchema.nullable(),
    /** Units left to sell, or 'unlimited'. For by-weight products a unit is one estimated portion. */
    stock: z.union([z.number().int().min(0).max(100_000_000), z.literal('unlimited')]),
    onShelf: z.boolean(),
    /** Calendar months (1–12, Asia/Shanghai) it is sold in; ALL_YEAR for staples. */
    seasonMonths: z.array(z.number().int().min(1).max(12)).min(1).max(12),
    minPerOrder: z.number().int().min(1).max(MAX_PER_ORDER),
    /** null = no maximum. */
    maxPerOrder: z.number().int().min(1).max(MAX_PER_ORDER).nullable(),
    /** Products offered instead when this one is unavailable (same line; availability decides at use). */
    substitutes: z.array(productId).max(10),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    if (p.unit === 'piece' && p.weight !== null) issue(['weight'], '按件销售的商品不填称重信息');
    if (p.unit !== 'piece' && p.weight === null) issue(['weight'], '称重商品需要填写每份预估重量和误差范围');
    if (new Set(p.seasonMonths).size !== p.seasonMonths.length) issue(['seasonMonths'], '上市月份有重复');
    if (p.maxPerOrder !== null && p.maxPerOrder < p.minPerOrder) issue(['maxPerOrder'], '每单限购不能少于起订量');
    if (p.substitutes.includes(p.id)) issue(['substitutes'], '替代商品不能是它自己');
    if (new Set(p.substitutes).size !== p.substitutes.length) issue(['substitutes'], '替代商品有重复');
  });

export type Product = z.infer<typeof productSchema>;
export type ProductInput = z.input<typeof productSchema>;

export const isSoldByWeight = (p: Pick<Product, 'unit'>): p is Pick<Product, 'unit'> & { unit: WeightUnit } => p.unit !== 'piece';

/**
 * A whole catalogue: unique ids, and substitutes that exist and are in the same line (a substitute
 * from another line is not a substitute to a cook).
 */
export const catalogSchema = z.array(productSchema).superRefine((products, ctx) => {
  const byId = new Map<string, Product>();
  products.forEach((p, i) => {
    if (byId.has(p.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'id'], message: `商品编号重复：${p.id}` });
    byId.set(p.id, p);
  });
  products.forEach((p, i) => {
    p.substitutes.forEach((id, j) => {
      const other = byId.get(id);
      if (!other) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'substitutes', j], message: `替代商品不存在：${id}` });
      else if (other.line !== p.line) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'substitutes', j], message: `替代商品须为同一品类：${id}` });
    });
  });
});
export type Catalog = Product[];
