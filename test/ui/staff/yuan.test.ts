import { parseYuan } from '@/staff/lib/yuan';

describe('parseYuan', () => {
  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['88.50', 8850],
    ['0.29', 29],
    ['1.01', 101],
    ['12', 1200],
    ['007.05', 705],
    ['  3.3 ', 330],
    ['１２．５', 1250],
    ['８８。５０', 8850],
    ['¥19.99', 1999],
    ['￥19.99', 1999],
    ['1000000', 100_000_000],
  ])('reads %j as %d fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen });
  });

  it('an empty field is no amount yet, not an error', () => {
    expect(parseYuan('  ')).toEqual({ ok: true, fen: null });
  });

  it.each([
    ['12.345', '最多两位小数'],
    ['1e3', '请直接输入金额'],
    ['1E3', '请直接输入金额'],
    ['-5', '正负号'],
    ['+5', '正负号'],
    ['1,234.50', '逗号'],
    ['12.', '小数点后'],
    ['.5', '只能包含数字'],
    ['12.5元', '只能包含数字'],
    ['0x10', '只能包含数字'],
    ['Infinity', '只能包含数字'],
    ['0', '大于 0'],
    ['0.00', '大于 0'],
    ['1000000.01', '不能超过'],
    ['99999999999', '不能超过'],
  ])('refuses %j (%s)', (text, words) => {
    const r = parseYuan(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it('accepts zero when asked to and honours a lower cap', () => {
    expect(parseYuan('0', { allowZero: true })).toEqual({ ok: true, fen: 0 });
    expect(parseYuan('10.01', { max: 1000 }).ok).toBe(false);
  });
});
