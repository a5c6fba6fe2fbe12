/** Real produce a fresh-food seller stocks, with list prices in fen per selling unit. */
export interface Product { sku: string; name: string; line: ProductLine; unit: string; priceFen: number; seasonalMonths?: number[] }

export type ProductLine = '叶菜' | '根茎' | '瓜果' | '菌菇' | '蛋禽' | '肉类' | '乳品' | '粮油' | '礼盒';

export const PRODUCTS: Product[] = [
  { sku: 'VEG-001', name: '上海青', line: '叶菜', unit: '斤', priceFen: 350 },
  { sku: 'VEG-002', name: '菠菜', line: '叶菜', unit: '斤', priceFen: 480 },
  { sku: 'VEG-003', name: '奶油生菜', line: '叶菜', unit: '斤', priceFen: 400 },
  { sku: 'VEG-004', name: '西芹', line: '叶菜', unit: '斤', priceFen: 320 },
  { sku: 'ROOT-001', name: '土豆', line: '根茎', unit: '斤', priceFen: 220 },
  { sku: 'ROOT-002', name: '胡萝卜', line: '根茎', unit: '斤', priceFen: 250 },
  { sku: 'ROOT-003', name: '白萝卜', line: '根茎', unit: '斤', priceFen: 180 },
  { sku: 'ROOT-004', name: '铁棍山药', line: '根茎', unit: '斤', priceFen: 780 },
  { sku: 'FRU-001', name: '麒麟西瓜', line: '瓜果', unit: '个', priceFen: 2800, seasonalMonths: [5, 6, 7, 8, 9] },
  { sku: 'FRU-002', name: '水果黄瓜', line: '瓜果', unit: '斤', priceFen: 360 },
  { sku: 'FRU-003', name: '烟台苹果', line: '瓜果', unit: '斤', priceFen: 680 },
  { sku: 'FRU-004', name: '赣南脐橙', line: '瓜果', unit: '斤', priceFen: 590, seasonalMonths: [11, 12, 1, 2, 3] },
  { sku: 'FRU-005', name: '阳光玫瑰葡萄', line: '瓜果', unit: '斤', priceFen: 1280, seasonalMonths: [8, 9, 10, 11] },
  { sku: 'MUS-001', name: '香菇', line: '菌菇', unit: '斤', priceFen: 1200 },
  { sku: 'MUS-002', name: '金针菇', line: '菌菇', unit: '把', priceFen: 300 },
  { sku: 'MUS-003', name: '杏鲍菇', line: '菌菇', unit: '斤', priceFen: 850 },
  { sku: 'EGG-001', name: '散养土鸡蛋（30枚）', line: '蛋禽', unit: '盒', priceFen: 3600 },
  { sku: 'EGG-002', name: '三黄鸡', line: '蛋禽', unit: '只', priceFen: 5800 },
  { sku: 'MEAT-001', name: '猪五花肉', line: '肉类', unit: '斤', priceFen: 1680 },
  { sku: 'MEAT-002', name: '猪里脊', line: '肉类', unit: '斤', priceFen: 1980 },
  { sku: 'MEAT-003', name: '牛腱子', line: '肉类', unit: '斤', priceFen: 4500 },
  { sku: 'MILK-001', name: '鲜牛奶 1L', line: '乳品', unit: '瓶', priceFen: 1580 },
  { sku: 'GRAIN-001', name: '东北大米 10kg', line: '粮油', unit: '袋', priceFen: 6800 },
  { sku: 'GRAIN-002', name: '黄小米 2.5kg', line: '粮油', unit: '袋', priceFen: 3200 },
  { sku: 'GIFT-001', name: '端午粽子礼盒', line: '礼盒', unit: '盒', priceFen: 12800, seasonalMonths: [5, 6] },
  { sku: 'GIFT-002', name: '中秋团圆礼盒', line: '礼盒', unit: '盒', priceFen: 26800, seasonalMonths: [9] },
];

export const REGIONS = ['浦东新区', '闵行区', '徐汇区', '静安区', '普陀区', '嘉定区', '松江区', '宝山区'] as const;

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
export const GIVEN = ['阿姨', '大姐', '先生', '女士', '师傅', '老师'];
export const SHOP_WORDS = ['湘味', '川香', '粤点', '本帮', '老街', '福满', '和顺', '鲜香', '家常', '小城'];
export const SHOP_KINDS = ['小馆', '面馆', '饭店', '私房菜', '烧烤', '食堂'];
export const CHAIN_NAMES = ['鲜丰连锁超市', '联华社区生鲜', '绿叶团餐集团', '百味餐饮管理', '惠民连锁便利', '申城学校配餐中心', '金港酒店集团', '万家福超市'];
