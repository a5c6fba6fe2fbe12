import { capQuantity, catalogSchema, inSeason, maxOrderable, productSchema, shanghaiMonth, unavailability } from '../../../cloudfunctions/core/catalog';
import { sh } from '../helpers';
import { byWeight, NOW, product } from './fixtures';

const valid = {
  id: 'PORK-001',
  name: '土猪前腿肉',
  line: '肉禽蛋',
  unit: 'jin',
  listPriceFen: 1_980,
  weight: { estimatedGramsPerUnit: 500, toleranceBp: 1_000 },
  stock: 40,
  onShelf: true,
  seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  minPerOrder: 1,
  maxPerOrder: 20,
  substitutes: ['PORK-002'],
};

describe('product schema', () => {
  it('accepts a by-weight product and a piece with unlimited stock', () => {
    expect(productSchema.parse(valid)).toEqual(valid);
    expect(productSchema.safeParse({ ...valid, unit: 'piece', weight: null, stock: 'unlimited', maxPerOrder: null }).success).toBe(true);
  });

  it.each([
    ['fractional fen', { listPriceFen: 19.8 }],
    ['negative fen', { listPriceFen: -1 }],
    ['month 0', { seasonMonths: [0, 1] }],
    ['month 13', { seasonMonths: [12, 13] }],
    ['repeated month', { seasonMonths: [5, 5] }],
    ['no season', { seasonMonths: [] }],
    ['min above max', { minPerOrder: 5, maxPerOrder: 4 }],
    ['min 0', { minPerOrder: 0 }],
    ['negative stock', { stock: -1 }],
    ['stock as text', { stock: 'lots' }],
    ['by weight without weight', { weight: null }],
    ['piece with weight', { unit: 'piece' }],
    ['zero grams per unit', { weight: { estimatedGramsPerUnit: 0, toleranceBp: 0 } }],
    ['tolerance over 50 %', { weight: { estimatedGramsPerUnit: 500, toleranceBp: 5_001 } }],
    ['unknown line', { line: '海鲜' }],
    ['unknown unit', { unit: 'box' }],
    ['itself as substitute', { substitutes: ['PORK-001'] }],
    ['repeated substitute', { substitutes: ['PORK-002', 'PORK-002'] }],
    ['unknown key', { colour: 'red' }],
    ['blank name', { name: '  ' }],
  ])('rejects %s', (_what, change) => {
    expect(productSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('a catalogue refuses repeated ids, missing substitutes and substitutes from another line', () => {
    const pork2 = { ...valid, id: 'PORK-002', substitutes: [] };
    expect(catalogSchema.safeParse([valid, pork2]).success).toBe(true);
    expect(catalogSchema.safeParse([valid, pork2, pork2]).success).toBe(false);
    expect(catalogSchema.safeParse([valid]).success).toBe(false);
    expect(catalogSchema.safeParse([valid, { ...pork2, line: '叶菜' }]).success).toBe(false);
  });
});

describe('availability', () => {
  it('takes the month in Asia/Shanghai', () => {
    expect(shanghaiMonth(sh('2026-05-31T23:59:59'))).toBe(5);
    expect(shanghaiMonth(sh('2026-06-01T00:00:00'))).toBe(6);
    const juneOnly = product('p', { listPriceFen: 100, seasonMonths: [6] });
    expect(inSeason(juneOnly, sh('2026-05-31T23:59:59'))).toBe(false);
    expect(inSeason(juneOnly, sh('2026-06-01T00:00:00'))).toBe(true);
  });

  it('names the first reason a product cannot be ordered: shelf, season, stock', () => {
    const p = (fields: Parameters<typeof product>[1]) => unavailability(product('p', fields), NOW);
    expect(p({ listPriceFen: 100 })).toBeNull();
    expect(p({ listPriceFen: 100, onShelf: false, seasonMonths: [1], stock: 0 })).toBe('off_shelf');
    expect(p({ listPriceFen: 100, seasonMonths: [1], stock: 0 })).toBe('out_of_season');
    expect(p({ listPriceFen: 100, stock: 0 })).toBe('sold_out');
    expect(p({ listPriceFen: 100, stock: 2, minPerOrder: 3 })).toBe('sold_out');
    expect(p({ listPriceFen: 100, stock: 3, minPerOrder: 3 })).toBeNull();
  });

  it('caps a quantity by minimum, maximum and stock, in that order', () => {
    const p = byWeight('p', { listPriceFen: 100, grams: 500, stock: 8, minPerOrder: 2, maxPerOrder: 10 });
    expect(capQuantity(p, 5)).toEqual({ quantity: 5, adjustments: [] });
    expect(capQuantity(p, 1)).toEqual({ quantity: 2, adjustments: ['raised_to_min'] });
    expect(capQuantity(p, 12)).toEqual({ quantity: 8, adjustments: ['capped_at_max', 'capped_by_stock'] });
    expect(capQuantity({ ...p, stock: 'unlimited' }, 12)).toEqual({ quantity: 10, adjustments: ['capped_at_max'] });
    expect(capQuantity(p, 9)).toEqual({ quantity: 8, adjustments: ['capped_by_stock'] });
    expect(maxOrderable(p)).toBe(8);
    expect(maxOrderable({ ...p, stock: 'unlimited' })).toBe(10);
    expect(maxOrderable({ ...p, stock: 'unlimited', maxPerOrder: null })).toBeNull();
  });
});
