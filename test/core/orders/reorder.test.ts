import type { Product } from '../../../cloudfunctions/core/catalog';
import { priceChange, recheck, reconcileOrder, type ConfirmedItem, type PastOrderLine } from '../../../cloudfunctions/core/orders/reorder';
import { sh } from '../helpers';
import { byWeight, NOW, product } from './fixtures';

// NOW is 15 June 2026 (Shanghai).
const greens = (id: string, name: string, listPriceFen: number, extra: Partial<Product> = {}) =>
  byWeight(id, { name, line: '叶菜', listPriceFen, grams: 500, toleranceBp: 1_000, ...extra });

const catalog: Product[] = [
  greens('VEG-001', '上海青', 350),
  greens('VEG-002', '菠菜', 520),
  greens('VEG-003', '奶油生菜', 400, { onShelf: false, substitutes: ['VEG-005', 'VEG-004', 'VEG-006'] }),
  greens('VEG-004', '油麦菜', 600),
  greens('VEG-005', '荠菜', 800, { seasonMonths: [2, 3, 4] }),
  greens('VEG-006', '苋菜', 450, { stock: 0 }),
  greens('VEG-007', '空心菜', 420),
  greens('VEG-008', '茼蒿', 390),
  greens('VEG-009', '生菜', 410),
  byWeight('FRUIT-001', { name: '草莓', line: '瓜果', listPriceFen: 2_500, grams: 500, seasonMonths: [1, 2, 3, 4] }),
  byWeight('FRUIT-002', { name: '西瓜', line: '瓜果', listPriceFen: 300, grams: 5_000, seasonMonths: [6, 7, 8] }),
  product('EGG', { name: '土鸡蛋（10枚）', line: '肉禽蛋', listPriceFen: 1_800, stock: 0 }),
  product('ZONGZI', { name: '端午粽子礼盒', line: '节礼', listPriceFen: 16_800, stock: 0, seasonMonths: [5, 6] }),
  product('MILK', { name: '鲜牛奶', line: '乳品', listPriceFen: 1_299 }),
  product('YOGURT', { name: '酸奶', line: '乳品', listPriceFen: 899 }),
  product('MUSH-002', { name: '香菇', line: '菌菇', listPriceFen: 1_200 }),
  product('RICE', { name: '东北大米（10斤）', line: '粮油', listPriceFen: 6_800, maxPerOrder: 20 }),
  product('OIL', { name: '菜籽油（5升）', line: '粮油', listPriceFen: 9_900, minPerOrder: 2 }),
  product('FLOUR', { name: '面粉（5斤）', line: '粮油', listPriceFen: 2_600, stock: 6 }),
  byWeight('PORK', { name: '前腿肉', listPriceFen: 1_980, grams: 750 }),
  byWeight('BEEF', { name: '牛腩', listPriceFen: 7_600, grams: 1_000, unit: 'kg' }),
];

const past = (productId: string, quantity: number, unitPriceFen: number, extra: Partial<PastOrderLine> = {}): PastOrderLine => {
  const p = catalog.find((x) => x.id === productId);
  return {
    productId,
    name: p?.name ?? productId,
    line: p?.line ?? '菌菇',
    unit: p?.unit ?? 'piece',
    quantity,
    unitPriceFen,
    estimatedGrams: p?.weight ? p.weight.estimatedGramsPerUnit * quantity : null,
    ...extra,
  };
};

const reconcile = (lines: PastOrderLine[], discountBp = 0, now = NOW) => reconcileOrder({ lines, catalog, discountBp, now });
const only = (lines: PastOrderLine[], discountBp = 0, now = NOW) => {
  const r = reconcile(lines, discountBp, now);
  expect(r.lines).toHaveLength(1);
  return r.lines[0] as NonNullable<(typeof r.lines)[number]>;
};

describe('再来一单 reconciliation, line by line', () => {
  it('an unchanged line goes back in as it was', () => {
    expect(only([past('VEG-001', 3, 350)])).toMatchObject({
      status: 'unchanged',
      quantity: 3,
      unitPriceFen: 350,
      price: { direction: 'same', deltaFen: 0, deltaBp: 0 },
      notes: [],
      substitutes: [],
      selected: true,
    });
  });

  it('a price rise says by how much', () => {
    expect(only([past('VEG-002', 2, 480)])).toMatchObject({
      status: 'changed',
      quantity: 2,
      lastUnitPriceFen: 480,
      unitPriceFen: 520,
      price: { direction: 'up', deltaFen: 40, deltaBp: 833 },
      notes: ['涨价0.4元/斤'],
      selected: true,
    });
  });

  it('compares tier prices: an upgrade since the last order shows as a drop', () => {
    // 1299 less 5 % (64.95 → 65) = 1234
    expect(only([past('MILK', 4, 1_299)], 500)).toMatchObject({ status: 'changed', unitPriceFen: 1_234, listPriceFen: 1_299, price: { direction: 'down', deltaFen: -65, deltaBp: -500 }, notes: ['降价0.65元/件'] });
  });

  it('an off-shelf line is flagged with orderable substitutes of the same line: declared ones first', () => {
    const line = only([past('VEG-003', 2, 400)]);
    expect(line).toMatchObject({ status: 'unavailable', unavailable: 'off_shelf', quantity: 0, selected: false, notes: ['已下架'] });
    // VEG-005 is out of season and VEG-006 sold out (both declared); then the closest to 4.00: 3.90 and 4.10 (tie → id).
    expect(line.substitutes.map((s) => s.productId)).toEqual(['VEG-004', 'VEG-008', 'VEG-009']);
    expect(line.substitutes[0]).toEqual({ productId: 'VEG-004', name: '油麦菜', unit: 'jin', unitPriceFen: 600, quantity: 2 });
  });

  it('never offers as a substitute a product already in the order', () => {
    const r = reconcile([past('VEG-003', 2, 400), past('VEG-009', 1, 410), past('VEG-004', 1, 600)]);
    expect(r.lines[0]?.substitutes.map((s) => s.productId)).toEqual(['VEG-008', 'VEG-007', 'VEG-001']);
  });

  it('an out-of-season line is flagged with what is in season now', () => {
    const line = only([past('FRUIT-001', 2, 2_500)]);
    expect(line).toMatchObject({ status: 'unavailable', unavailable: 'out_of_season', notes: ['不在当季'] });
    expect(line.substitutes.map((s) => s.productId)).toEqual(['FRUIT-002']);
    // The same line in April is in season again.
    expect(only([past('FRUIT-001', 2, 2_500)], 0, sh('2026-04-30T23:00:00'))).toMatchObject({ status: 'unchanged', quantity: 2 });
  });

  it('a sold-out line is flagged; a substitute sold in another unit is suggested at its minimum', () => {
    const line = only([past('EGG', 2, 1_800)]);
    expect(line).toMatchObject({ status: 'unavailable', unavailable: 'sold_out', quantity: 0, notes: ['已售罄'] });
    expect(line.substitutes).toEqual([
      { productId: 'PORK', name: '前腿肉', unit: 'jin', unitPriceFen: 1_980, quantity: 1 },
      { productId: 'BEEF', name: '牛腩', unit: 'kg', unitPriceFen: 7_600, quantity: 1 },
    ]);
  });

  it('with nothing orderable in the same line the substitute list is empty', () => {
    expect(only([past('ZONGZI', 5, 16_800)])).toMatchObject({ status: 'unavailable', unavailable: 'sold_out', substitutes: [] });
  });

  it('a product no longer in the catalogue is flagged with substitutes from its old line', () => {
    const line = only([past('MUSH-001', 3, 900, { name: '平菇', line: '菌菇', unit: 'piece' })]);
    expect(line).toMatchObject({ status: 'unavailable', unavailable: 'discontinued', name: '平菇', unitPriceFen: null, price: null, notes: ['该商品已停售'] });
    expect(line.substitutes).toEqual([{ productId: 'MUSH-002', name: '香菇', unit: 'piece', unitPriceFen: 1_200, quantity: 3 }]);
  });

  it.each([
    ['capped at the maximum per order', past('RICE', 30, 6_800), 20, ['capped_at_max'], '已按每单限购调整'],
    ['raised to the minimum per order', past('OIL', 1, 9_900), 2, ['raised_to_min'], '已按起订量调整'],
    ['capped by stock', past('FLOUR', 10, 2_600), 6, ['capped_by_stock'], '库存不足，已按库存调整'],
  ])('a quantity is %s', (_what, line, quantity, adjustments, note) => {
    expect(only([line])).toMatchObject({ status: 'changed', lastQuantity: line.quantity, quantity, adjustments, notes: [note], selected: true });
  });

  it('a by-weight line keeps the quantity ordered last time, not the weighed grams', () => {
    // Ordered 2 portions of 750 g; whatever they weighed, the reorder asks for 2 portions again.
    expect(only([past('PORK', 2, 1_980)])).toMatchObject({ status: 'unchanged', quantity: 2, portionChanged: null });
  });

  it('a changed portion weight is pointed out, the quantity kept', () => {
    expect(only([past('PORK', 2, 1_980, { estimatedGrams: 1_000 })])).toMatchObject({
      status: 'changed',
      quantity: 2,
      portionChanged: { fromGrams: 500, toGrams: 750 },
      notes: ['每份预估重量由500克改为750克'],
    });
  });

  it('a changed unit makes no price comparison and leaves the line for the customer to opt in', () => {
    expect(only([past('BEEF', 3, 3_800, { unit: 'jin' })])).toMatchObject({
      status: 'changed',
      unitChanged: { from: 'jin', to: 'kg' },
      price: null,
      quantity: 3,
      selected: false,
      notes: ['计价单位由“斤”改为“公斤”，请确认数量'],
    });
  });

  it('merges a product listed twice in the old order', () => {
    expect(only([past('VEG-001', 1, 350), past('VEG-001', 2, 340)])).toMatchObject({ lastQuantity: 3, quantity: 3, lastUnitPriceFen: 350, status: 'unchanged' });
  });

  it('a mixed order is never all-or-nothing: every line is reported, the orderable ones proposed', () => {
    const r = reconcile([past('VEG-001', 3, 350), past('EGG', 1, 1_800), past('VEG-002', 2, 480), past('FRUIT-001', 1, 2_500), past('RICE', 30, 6_800), past('BEEF', 1, 3_800, { unit: 'jin' })]);
    expect(r.lines.map((l) => [l.productId, l.status])).toEqual([
      ['VEG-001', 'unchanged'],
      ['EGG', 'unavailable'],
      ['VEG-002', 'changed'],
      ['FRUIT-001', 'unavailable'],
      ['RICE', 'changed'],
      ['BEEF', 'changed'],
    ]);
    expect(r.counts).toEqual({ unchanged: 1, changed: 3, unavailable: 2 });
    expect(r.items).toEqual([
      { productId: 'VEG-001', name: '上海青', unit: 'jin', quantity: 3, unitPriceFen: 350 },
      { productId: 'VEG-002', name: '菠菜', unit: 'jin', quantity: 2, unitPriceFen: 520 },
      { productId: 'RICE', name: '东北大米（10斤）', unit: 'piece', quantity: 20, unitPriceFen: 6_800 },
    ]);
  });

  it('price changes in basis points round half up and survive a zero last price', () => {
    expect(priceChange(300, 301)).toEqual({ direction: 'up', deltaFen: 1, deltaBp: 33 }); // 33.33
    expect(priceChange(200, 199)).toEqual({ direction: 'down', deltaFen: -1, deltaBp: -50 });
    expect(priceChange(0, 100)).toEqual({ direction: 'up', deltaFen: 100, deltaBp: null });
  });
});

describe('recheck at submit', () => {
  const confirmed: ConfirmedItem[] = [
    { productId: 'VEG-001', name: '上海青', unit: 'jin', quantity: 3, unitPriceFen: 350 },
    { productId: 'FLOUR', name: '面粉（5斤）', unit: 'piece', quantity: 5, unitPriceFen: 2_600 },
  ];
  const withChange = (id: string, change: Partial<Product>) => catalog.map((p) => (p.id === id ? { ...p, ...change } : p));
  const run = (cat: Product[], discountBp = 0) => recheck({ items: confirmed, catalog: cat, discountBp, now: NOW });

  it('nothing moved: submit goes ahead with the same items', () => {
    expect(run(catalog)).toEqual({ ok: true, changes: [], items: confirmed, messages: [] });
  });

  it('a price rise must be confirmed again', () => {
    const r = run(withChange('VEG-001', { listPriceFen: 380 }));
    expect(r.ok).toBe(false);
    expect(r.changes).toEqual([{ kind: 'price', productId: 'VEG-001', name: '上海青', fromFen: 350, toFen: 380, blocking: true }]);
    expect(r.messages).toEqual(['上海青：涨价，3.5元→3.8元/斤']);
    expect(r.items[0]?.unitPriceFen).toBe(380);
  });

  it('a price drop is reported but does not stop the submit', () => {
    const r = run(withChange('VEG-001', { listPriceFen: 300 }));
    expect(r.ok).toBe(true);
    expect(r.changes).toEqual([{ kind: 'price', productId: 'VEG-001', name: '上海青', fromFen: 350, toFen: 300, blocking: false }]);
  });

  it('stock that fell below the quantity is caught and the quantity capped', () => {
    const r = run(withChange('FLOUR', { stock: 4 }));
    expect(r.ok).toBe(false);
    expect(r.changes).toEqual([{ kind: 'quantity', productId: 'FLOUR', name: '面粉（5斤）', from: 5, to: 4, adjustments: ['capped_by_stock'], blocking: true }]);
    expect(r.items.map((i) => i.quantity)).toEqual([3, 4]);
  });

  it.each([
    ['taken off the shelf', withChange('FLOUR', { onShelf: false }), 'off_shelf', '面粉（5斤）：已下架'],
    ['sold out', withChange('FLOUR', { stock: 0 }), 'sold_out', '面粉（5斤）：已售罄'],
    ['removed from the catalogue', catalog.filter((p) => p.id !== 'FLOUR'), 'discontinued', '面粉（5斤）：已停售'],
  ])('a line %s is dropped and must be confirmed again', (_what, cat, reason, message) => {
    const r = run(cat);
    expect(r.ok).toBe(false);
    expect(r.changes).toEqual([{ kind: 'unavailable', productId: 'FLOUR', name: '面粉（5斤）', reason, blocking: true }]);
    expect(r.items.map((i) => i.productId)).toEqual(['VEG-001']);
    expect(r.messages).toEqual([message]);
  });

  it('a changed unit must be confirmed again', () => {
    const r = run(withChange('VEG-001', { unit: 'kg', listPriceFen: 700 }));
    expect(r.ok).toBe(false);
    expect(r.changes.map((c) => [c.kind, c.blocking])).toEqual([
      ['unit', true],
      ['price', true],
    ]);
  });

  it('reconciliation and recheck agree: a fresh reconciliation rechecks clean', () => {
    const r = reconcile([past('VEG-001', 3, 350), past('VEG-002', 2, 480), past('RICE', 30, 6_800), past('EGG', 1, 1_800)], 200);
    expect(recheck({ items: r.items, catalog, discountBp: 200, now: NOW })).toMatchObject({ ok: true, changes: [] });
  });
});
