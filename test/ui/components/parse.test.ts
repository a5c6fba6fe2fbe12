import { normalizeNumberText, parseWholeNumber } from '@/components/NumberField/parse';

const rules = { max: 100_000, min: 1 };

describe('parseWholeNumber', () => {
  it.each([
    ['50', 50],
    ['007', 7],
    ['100000', 100_000],
    ['  42 ', 42],
    ['１２３', 123],
    ['５０', 50],
  ])('reads %j as %d', (raw, value) => {
    expect(parseWholeNumber(raw, rules)).toEqual({ ok: true, value });
  });

  it('reads an empty field as nothing, or as an error when required', () => {
    expect(parseWholeNumber('', rules)).toEqual({ ok: true, value: null });
    expect(parseWholeNumber('   ', rules)).toEqual({ ok: true, value: null });
    expect(parseWholeNumber('', { ...rules, required: true })).toMatchObject({ ok: false, reason: 'required', message: '请输入数量' });
  });

  it.each([
    ['12.5', 'decimal'],
    ['12.', 'decimal'],
    ['.5', 'decimal'],
    ['１２．５', 'decimal'],
    ['12。5', 'decimal'],
    ['1e6', 'exponent'],
    ['1E6', 'exponent'],
    ['1.5e3', 'exponent'],
    ['１ｅ６', 'exponent'],
    ['1,000', 'separator'],
    ['1 000', 'separator'],
    ['１，０００', 'separator'],
    ['abc', 'invalid'],
    ['12a', 'invalid'],
    ['0x10', 'invalid'],
    ['½', 'invalid'],
  ])('refuses %j (%s) instead of changing it', (raw, reason) => {
    const r = parseWholeNumber(raw, rules);
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
  });

  it('says decimals and exponents are not supported, in words', () => {
    expect(parseWholeNumber('12.5', rules)).toMatchObject({ message: '请输入整数，不支持小数' });
    expect(parseWholeNumber('1e6', rules)).toMatchObject({ message: expect.stringContaining('1e6') });
  });

  it('refuses a typed sign: unsigned fields say no negatives, signed ones point at 加/减', () => {
    expect(parseWholeNumber('-50', rules)).toMatchObject({ ok: false, reason: 'sign', message: '不能为负数' });
    expect(parseWholeNumber('－５０', rules)).toMatchObject({ ok: false, reason: 'sign' });
    expect(parseWholeNumber('−50', rules)).toMatchObject({ ok: false, reason: 'sign' });
    expect(parseWholeNumber('+50', rules)).toMatchObject({ ok: false, reason: 'sign' });
    expect(parseWholeNumber('-50', { ...rules, signed: true })).toMatchObject({ ok: false, reason: 'sign', message: expect.stringContaining('加 / 减') });
  });

  it('enforces the max and min from the rules with a message naming them, never truncating', () => {
    expect(parseWholeNumber('100001', rules)).toEqual({ ok: false, reason: 'max', message: '最多 100,000' });
    expect(parseWholeNumber('1000000', rules)).toMatchObject({ reason: 'max' });
    expect(parseWholeNumber('99999999999999999999999', rules)).toMatchObject({ reason: 'max' });
    expect(parseWholeNumber('0', rules)).toEqual({ ok: false, reason: 'min', message: '请输入大于 0 的数' });
    expect(parseWholeNumber('5', { max: 100, min: 10 })).toEqual({ ok: false, reason: 'min', message: '至少 10' });
    expect(parseWholeNumber('0', { max: 100 })).toEqual({ ok: true, value: 0 });
  });
});

describe('normalizeNumberText', () => {
  it('maps full-width digits, signs and points to ASCII and trims', () => {
    expect(normalizeNumberText('\u3000０１２３４５６７８９ ')).toBe('0123456789');
    expect(normalizeNumberText('－１２．５')).toBe('-12.5');
    expect(normalizeNumberText('＋1')).toBe('+1');
  });
});
