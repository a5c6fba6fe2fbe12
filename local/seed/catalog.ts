/**
 * The demo catalogue: about 80 products a Shanghai fresh-produce wholesaler stocks, priced in fen
 * (per 斤 for produce sold by weight, per piece for boxes, trays, bottles and bags), with seasons,
 * stock and limits. `was` records how a product stood before a recent change (a repricing, taken off
 * the shelf, a new per-order limit), so orders seeded before it show 再来一单 reconciliation;
 * `retiredDaysAgo` marks a product that was sold then dropped from the catalogue (discontinued).
 */
import { ALL_YEAR, catalogSchema, type Product, type ProductLine } from '../../cloudfunctions/core/catalog/product';

export interface SeedProduct extends Product {
  was?: { daysAgo: number; listPriceFen?: number; onShelf?: boolean; maxPerOrder?: number | null };
  retiredDaysAgo?: number;
}

type Opts = Partial<Pick<Product, 'stock' | 'onShelf' | 'minPerOrder' | 'maxPerOrder' | 'substitutes'>> & {
  season?: readonly number[];
  tol?: number;
  was?: SeedProduct['was'];
  retiredDaysAgo?: number;
};

const months = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let m = from; ; m = (m % 12) + 1) {
    out.push(m);
    if (m === to) return out;
  }
};

function make(id: string, name: string, line: ProductLine, unit: Product['unit'], listPriceFen: number, grams: number | null, o: Opts): SeedProduct {
  const p: SeedProduct = {
    id,
    name,
    line,
    unit,
    listPriceFen,
    weight: grams === null ? null : { estimatedGramsPerUnit: grams, toleranceBp: o.tol ?? 1_000 },
    stock: o.stock ?? 'unlimited',
    onShelf: o.onShelf ?? true,
    seasonMonths: [...(o.season ?? ALL_YEAR)],
    minPerOrder: o.minPerOrder ?? 1,
    maxPerOrder: o.maxPerOrder ?? null,
    substitutes: o.substitutes ?? [],
  };
  if (o.was) p.was = o.was;
  if (o.retiredDaysAgo !== undefined) p.retiredDaysAgo = o.retiredDaysAgo;
  return p;
}

/** Sold by weight, priced per 斤; `grams` is one ordered portion (a bag, a bunch, a cut). */
const w = (id: string, name: string, line: ProductLine, perJinFen: number, grams: number, o: Opts = {}) => make(id, name, line, 'jin', perJinFen, grams, o);
/** Sold by the piece (a box, a tray, a bottle, a bag). */
const p = (id: string, name: string, line: ProductLine, fen: number, o: Opts = {}) => make(id, name, line, 'piece', fen, null, o);

export const SEED_PRODUCTS: SeedProduct[] = [
  // 叶菜: portions of 1 斤 unless a whole head; leaves lose water, so a wider tolerance.
  w('LEAF-01', '上海青', '叶菜', 380, 500, { substitutes: ['LEAF-06', 'LEAF-03'], was: { daysAgo: 3, listPriceFen: 350 } }),
  w('LEAF-02', '菠菜', '叶菜', 480, 500, { season: months(10, 4) }),
  w('LEAF-03', '奶油生菜', '叶菜', 400, 500),
  w('LEAF-04', '西芹', '叶菜', 320, 500),
  w('LEAF-05', '大白菜', '叶菜', 160, 2500, { tol: 1_500 }),
  w('LEAF-06', '油麦菜', '叶菜', 420, 500),
  w('LEAF-07', '空心菜', '叶菜', 500, 500, { season: months(5, 10) }),
  w('LEAF-08', '韭菜', '叶菜', 450, 500),
  w('LEAF-09', '香菜', '叶菜', 900, 250),
  p('LEAF-10', '娃娃菜（3棵装）', '叶菜', 590),
  w('LEAF-11', '茼蒿', '叶菜', 560, 500, { season: months(10, 3) }),
  w('LEAF-12', '芥蓝', '叶菜', 650, 500),
  w('LEAF-99', '豌豆尖', '叶菜', 1200, 250, { season: months(11, 3), retiredDaysAgo: 60 }),
  // 根茎
  w('ROOT-01', '土豆', '根茎', 220, 2500),
  w('ROOT-02', '胡萝卜', '根茎', 250, 1000),
  w('ROOT-03', '白萝卜', '根茎', 180, 1500),
  w('ROOT-04', '铁棍山药', '根茎', 1580, 1000),
  w('ROOT-05', '洋葱', '根茎', 200, 1500),
  w('ROOT-06', '生姜', '根茎', 900, 250),
  w('ROOT-07', '大蒜', '根茎', 800, 500),
  w('ROOT-08', '莲藕', '根茎', 680, 1000, { season: months(9, 3) }),
  w('ROOT-09', '红薯', '根茎', 300, 1500, { season: months(9, 4) }),
  w('ROOT-10', '芋头', '根茎', 550, 1000, { season: months(8, 2) }),
  w('ROOT-11', '冬笋', '根茎', 2200, 500, { season: months(11, 2), stock: 40, maxPerOrder: 10 }),
  // 瓜果
  p('FRUIT-01', '麒麟西瓜', '瓜果', 2800, { season: months(5, 9) }),
  w('FRUIT-02', '水果黄瓜', '瓜果', 360, 500),
  w('FRUIT-03', '烟台苹果', '瓜果', 680, 1500),
  w('FRUIT-04', '赣南脐橙', '瓜果', 590, 2500, { season: months(11, 3) }),
  w('FRUIT-05', '阳光玫瑰葡萄', '瓜果', 1280, 1000, { season: months(8, 11), stock: 30 }),
  w('FRUIT-06', '西红柿', '瓜果', 450, 1000, { was: { daysAgo: 4, listPriceFen: 520 } }),
  w('FRUIT-07', '长茄子', '瓜果', 400, 1000),
  w('FRUIT-08', '青椒', '瓜果', 450, 500),
  w('FRUIT-09', '贝贝南瓜', '瓜果', 600, 1500),
  w('FRUIT-10', '冬瓜', '瓜果', 150, 5000, { tol: 1_500 }),
  w('FRUIT-11', '不知火丑橘', '瓜果', 880, 2500, { season: months(1, 4) }),
  p('FRUIT-12', '红富士苹果（10斤箱）', '瓜果', 6800, { onShelf: false, substitutes: ['FRUIT-03'], was: { daysAgo: 2, onShelf: true } }),
  w('FRUIT-13', '砂糖橘', '瓜果', 560, 2500, { season: months(11, 2) }),
  // 菌菇
  w('MUSH-01', '鲜香菇', '菌菇', 1200, 500),
  p('MUSH-02', '金针菇（把）', '菌菇', 300),
  w('MUSH-03', '杏鲍菇', '菌菇', 850, 500),
  w('MUSH-04', '平菇', '菌菇', 600, 500),
  p('MUSH-05', '蟹味菇（盒）', '菌菇', 450),
  p('MUSH-06', '白玉菇（盒）', '菌菇', 450),
  w('MUSH-07', '鸡腿菇', '菌菇', 900, 500),
  p('MUSH-08', '东北黑木耳（250克）', '菌菇', 2800),
  w('MUSH-09', '云南鲜松茸', '菌菇', 36_000, 250, { season: months(7, 9), stock: 5, substitutes: ['MUSH-01'] }),
  // 肉禽蛋: cuts are weighed; a tighter tolerance (customers notice meat).
  w('MEAT-01', '猪五花肉', '肉禽蛋', 1680, 500, { tol: 800 }),
  w('MEAT-02', '猪里脊', '肉禽蛋', 1980, 500, { tol: 800 }),
  w('MEAT-03', '牛腱子', '肉禽蛋', 4500, 500, { tol: 800, stock: 8, substitutes: ['MEAT-12'] }),
  w('MEAT-04', '猪肋排', '肉禽蛋', 3280, 1000, { tol: 800 }),
  w('MEAT-05', '猪前腿肉', '肉禽蛋', 1580, 500, { tol: 800 }),
  p('MEAT-06', '三黄鸡（只）', '肉禽蛋', 5800),
  w('MEAT-07', '鸡翅中', '肉禽蛋', 2580, 500, { tol: 800 }),
  p('MEAT-08', '散养老母鸡（只）', '肉禽蛋', 8800),
  p('MEAT-09', '散养土鸡蛋（30枚）', '肉禽蛋', 3600, { maxPerOrder: 5, substitutes: ['MEAT-10'], was: { daysAgo: 5, maxPerOrder: null } }),
  p('MEAT-10', '鲜鸡蛋（15斤箱）', '肉禽蛋', 9800),
  p('MEAT-11', '高邮咸鸭蛋（6枚）', '肉禽蛋', 1800),
  w('MEAT-12', '牛腩', '肉禽蛋', 4200, 500, { tol: 800 }),
  p('MEAT-13', '羔羊肉卷（500克）', '肉禽蛋', 3900, { season: months(10, 3) }),
  // 乳品
  p('DAIRY-01', '光明鲜牛奶 950ml', '乳品', 1580, { stock: 12, substitutes: ['DAIRY-02'] }),
  p('DAIRY-02', '巴氏鲜奶 1L', '乳品', 1780),
  p('DAIRY-03', '原味酸奶 1kg', '乳品', 1690),
  p('DAIRY-04', '老酸奶（6杯）', '乳品', 2400),
  p('DAIRY-05', '纯牛奶（250ml×24盒）', '乳品', 6800),
  p('DAIRY-06', '儿童奶酪棒（20支）', '乳品', 3990),
  p('DAIRY-07', '动物黄油 200克', '乳品', 2600),
  p('DAIRY-08', '淡奶油 1L', '乳品', 4500),
  p('DAIRY-09', '鲜羊奶 500ml', '乳品', 2980),
  // 粮油
  p('GRAIN-01', '东北大米 10kg', '粮油', 6800),
  p('GRAIN-02', '黄小米 2.5kg', '粮油', 3200),
  p('GRAIN-03', '五常稻花香大米 5kg', '粮油', 9800),
  p('GRAIN-04', '圆糯米 2.5kg', '粮油', 2600),
  p('GRAIN-05', '压榨花生油 5L', '粮油', 12_800),
  p('GRAIN-06', '菜籽油 5L', '粮油', 8900),
  p('GRAIN-07', '高筋面粉 5kg', '粮油', 3600),
  p('GRAIN-08', '龙须挂面 1kg', '粮油', 890),
  p('GRAIN-09', '红小豆 1kg', '粮油', 1600),
  p('GRAIN-10', '绿豆 1kg', '粮油', 1400),
  // 节礼
  p('GIFT-01', '端午粽子礼盒', '节礼', 12_800, { season: [5, 6] }),
  p('GIFT-02', '中秋团圆礼盒', '节礼', 26_800, { season: [9] }),
  p('GIFT-03', '年货山珍干货礼盒', '节礼', 19_800, { season: months(12, 2) }),
  p('GIFT-04', '精品水果礼篮', '节礼', 16_800),
  p('GIFT-05', '五常大米礼盒', '节礼', 15_800, { season: [9, 12, 1, 2] }),
  p('GIFT-06', '阳澄湖大闸蟹礼券', '节礼', 39_800, { season: months(9, 11), stock: 20 }),
  p('GIFT-07', '冬至羊肉礼盒', '节礼', 22_800, { season: [11, 12] }),
];

const DAY_MS = 86_400_000;

/** Today's catalogue: what the `products` collection holds (retired products are gone). */
export const catalogToday = (): Product[] => catalogSchema.parse(SEED_PRODUCTS.filter((s) => s.retiredDaysAgo === undefined).map(plainProduct));

function plainProduct(s: SeedProduct): Product {
  const { was: _w, retiredDaysAgo: _r, ...product } = s;
  return product;
}

/** A product as it stood at instant `at` (before its recent change), or null when it was not sold then. */
export function productAt(s: SeedProduct, at: number, now: number): Product | null {
  if (s.retiredDaysAgo !== undefined && at >= now - s.retiredDaysAgo * DAY_MS) return null;
  const base = plainProduct(s);
  if (!s.was || at >= now - s.was.daysAgo * DAY_MS) return base;
  const { daysAgo: _d, ...before } = s.was;
  return { ...base, ...before };
}

export const REGIONS = ['浦东新区', '闵行区', '徐汇区', '静安区', '普陀区', '嘉定区', '松江区', '宝山区'] as const;

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
export const GIVEN = ['阿姨', '大姐', '先生', '女士', '师傅', '老师'];
export const SHOP_WORDS = ['湘味', '川香', '粤点', '本帮', '老街', '福满', '和顺', '鲜香', '家常', '小城'];
export const SHOP_KINDS = ['小馆', '面馆', '饭店', '私房菜', '烧烤', '食堂'];
export const CHAIN_NAMES = ['鲜丰连锁超市', '联华社区生鲜', '绿叶团餐集团', '百味餐饮管理', '惠民连锁便利', '申城学校配餐中心', '金港酒店集团', '万家福超市'];
export const PICKUP_POINTS = ['阳光花园3号门', '阳光花园西门快递柜旁', '曹杨新村菜场口'];
