import { formatFen, formatFenShort, formatFenToSpend, formatPoints, groupThousands } from '@/format/money';

describe('money formatting (integer fen)', () => {
  it('groups thousands', () => {
    expect(groupThousands(0)).toBe('0');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(1000)).toBe('1,000');
    expect(groupThousands(1234567)).toBe('1,234,567');
    expect(groupThousands(-1234)).toBe('-1,234');
  });

  it('formats fen as yuan with two decimals', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100)).toBe('¥1.00');
    expect(formatFen(-5)).toBe('-¥0.05');
    expect(formatFen(50000000)).toBe('¥500,000.00');
  });

  it('is exact where floating-point yuan would not be', () => {
    // 0.1 + 0.2 style errors cannot happen: 1,000,000,000,001 fen keeps its last fen.
    expect(formatFen(1000000000001)).toBe('¥10,000,000,000.01');
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
  });

  it('drops .00 for whole yuan in the short form', () => {
    expect(formatFenShort(123400)).toBe('¥1,234');
    expect(formatFenShort(123456)).toBe('¥1,234.56');
    expect(formatFenShort(-100)).toBe('-¥1');
  });

  it('rounds an amount still to spend up to whole yuan', () => {
    expect(formatFenToSpend(123400)).toBe('¥1,234');
    expect(formatFenToSpend(123401)).toBe('¥1,235');
    expect(formatFenToSpend(1)).toBe('¥1');
    expect(formatFenToSpend(0)).toBe('¥0');
    expect(formatFenToSpend(-500)).toBe('¥0');
  });

  it('formats points', () => {
    expect(formatPoints(12345)).toBe('12,345');
    expect(formatPoints(0)).toBe('0');
  });
});
