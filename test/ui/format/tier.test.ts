import { benefitLabels, discountText, multiplierText, tierTitle } from '@/format/tier';
import { formatDay } from '@/format/date';

describe('tier benefits in words', () => {
  it('shows discounts as 折', () => {
    expect(discountText(500)).toBe('9.5折');
    expect(discountText(1000)).toBe('9折');
    expect(discountText(1200)).toBe('8.8折');
    expect(discountText(250)).toBe('9.75折');
    expect(discountText(5)).toBe('9.995折');
    expect(discountText(0)).toBeNull();
    expect(discountText(10000)).toBeNull();
  });

  it('shows points multipliers', () => {
    expect(multiplierText(150)).toBe('1.5倍积分');
    expect(multiplierText(200)).toBe('2倍积分');
    expect(multiplierText(125)).toBe('1.25倍积分');
    expect(multiplierText(100)).toBeNull();
  });

  it('lists benefits in a fixed order', () => {
    expect(
      benefitLabels({ discountBp: 500, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: true, perks: ['节日礼盒'] }),
    ).toEqual(['会员价9.5折', '1.5倍积分', '优先配送', '专属客户经理', '节日礼盒']);
    expect(benefitLabels({ discountBp: 0, pointsMultiplierPct: 100, priorityDelivery: false, dedicatedContact: false, perks: [] })).toEqual([]);
  });

  it('leaves out a generic label a perk already states', () => {
    expect(
      benefitLabels({ discountBp: 500, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: false, perks: ['24小时优先配送', ' '] }),
    ).toEqual(['会员价9.5折', '1.5倍积分', '24小时优先配送']);
  });

  it('names tiers as 会员', () => {
    expect(tierTitle('核心')).toBe('核心会员');
    expect(tierTitle('核心会员')).toBe('核心会员');
  });

  it('formats calendar days', () => {
    expect(formatDay('2026-12-01')).toBe('2026年12月1日');
    expect(formatDay('2027-01-15')).toBe('2027年1月15日');
    expect(formatDay('soon')).toBe('soon');
  });
});
