import { cutText, FIELD_LIMITS, fieldKindOf, fieldValue, noticeTime, templateData, type FieldKind } from '../../../cloudfunctions/core/notices';

describe('field kinds', () => {
  it.each([
    ['thing1', 'thing'],
    ['character_string12', 'character_string'],
    ['phrase3', 'phrase'],
    ['time4', 'time'],
    ['name2', 'name'],
  ])('%s is a %s', (key, kind) => {
    expect(fieldKindOf(key)).toBe(kind);
  });

  it.each(['thing', 'keyword1', 'first', 'thingX', ''])('%s is not a WeChat field key', (key) => {
    expect(fieldKindOf(key)).toBeNull();
  });
});

describe('field values are never longer than their kind allows', () => {
  const long = '您反馈的西红柿不新鲜问题我们已经联系供应商并安排明天上午重新配送一箱';
  it.each(Object.keys(FIELD_LIMITS) as FieldKind[])('%s', (kind) => {
    const value = fieldValue(kind, `${long}ABCdef0123456789-+.${long}`);
    expect(value.length).toBeLessThanOrEqual(FIELD_LIMITS[kind]);
    expect(value.length).toBeGreaterThan(0);
  });

  it('a long thing is cut to 20 with an ellipsis; a short one is unchanged', () => {
    expect(fieldValue('thing', long)).toBe(`${long.slice(0, 19)}…`);
    expect(fieldValue('thing', '西红柿不新鲜')).toBe('西红柿不新鲜');
    expect(fieldValue('thing', 'x'.repeat(20))).toBe('x'.repeat(20));
  });

  it('phrase keeps 5, name 10, plainly', () => {
    expect(fieldValue('phrase', '已处理完毕请查收')).toBe('已处理完毕');
    expect(fieldValue('name', '欧阳娜娜娜娜娜娜娜娜娜娜')).toBe('欧阳娜娜娜娜娜娜娜娜');
  });

  it('codes and numbers drop characters their kind does not take', () => {
    expect(fieldValue('character_string', '工单 FK-20261202-0001')).toBe('FK-20261202-0001');
    expect(fieldValue('number', '共 12.5 斤')).toBe('12.5');
    expect(fieldValue('character_string', '1'.repeat(40))).toBe('1'.repeat(32));
  });

  it('never splits a surrogate pair or leaves a joiner dangling', () => {
    const emoji = '🍅'.repeat(15); // 30 UTF-16 units
    const cut = fieldValue('thing', emoji);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).toBe(`${'🍅'.repeat(9)}…`);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
    const family = 'ab👨\u200d👩\u200d👧';
    expect(cutText(family, 5)).toBe('ab👨');
  });

  it('line breaks become spaces and empty values get a placeholder', () => {
    expect(fieldValue('thing', '第一行\n第二行\u2028第三行')).toBe('第一行 第二行 第三行');
    expect(fieldValue('thing', '   ')).toBe('-');
    expect(fieldValue('phrase', '')).toBe('无');
    expect(fieldValue('number', '无')).toBe('0');
  });
});

describe('template data', () => {
  it('fills each WeChat key from the named notice field, in Shanghai time', () => {
    const data = templateData(
      { thing1: 'subject', phrase2: 'outcome', time3: 'time', thing4: 'missing' },
      { subject: '西红柿不新鲜，整箱都软了，希望尽快处理，谢谢', outcome: '已退款', time: noticeTime(Date.parse('2026-12-02T10:05:00Z')) },
    );
    expect(data).toEqual({
      thing1: { value: '西红柿不新鲜，整箱都软了，希望尽快处理…' },
      phrase2: { value: '已退款' },
      time3: { value: '2026年12月02日 18:05' },
      thing4: { value: '-' },
    });
  });

  it('writes a time or date given as epoch milliseconds in Shanghai time', () => {
    const at = String(Date.parse('2026-12-31T16:30:00Z'));
    expect(templateData({ time1: 'at', date2: 'at', thing3: 'at' }, { at })).toEqual({
      time1: { value: '2027年01月01日 00:30' },
      date2: { value: '2027年01月01日' },
      thing3: { value: at },
    });
  });
});
