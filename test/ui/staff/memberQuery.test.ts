import { describeMemberQuery, maskPhone, MEMBER_QUERY_MAX_LENGTH, parseMemberQuery } from '@contracts/memberQuery';

const memberNo = (no: string) => ({ ok: true, query: { kind: 'memberNo', memberNo: no } });
const phone = (p: string) => ({ ok: true, query: { kind: 'phone', phone: p } });
const refused = (message: string) => ({ ok: false, message });

describe('parseMemberQuery', () => {
  it.each([
    ['FP00000003', 'FP00000003'],
    ['fp3', 'FP00000003'],
    ['3', 'FP00000003'],
    ['FP 0000 0003', 'FP00000003'],
    ['  fp 3 ', 'FP00000003'],
    ['ＦＰ００００００１２', 'FP00000012'],
    ['１２', 'FP00000012'],
    ['00000303', 'FP00000303'],
    ['12345678', 'FP12345678'],
  ])('reads %j as member %s', (input, expected) => {
    expect(parseMemberQuery(input)).toEqual(memberNo(expected));
  });

  it.each([
    ['13800000000', '13800000000'],
    ['138 0000 0000', '13800000000'],
    ['138-0000-0000', '13800000000'],
    ['１３８００００００００', '13800000000'],
    ['+86 138 0000 0000', '13800000000'],
    ['8613800000000', '13800000000'],
  ])('reads %j as the whole 11-digit phone %s', (input, expected) => {
    expect(parseMemberQuery(input)).toEqual(phone(expected));
  });

  it('never cuts a phone number or a member number to fit', () => {
    expect(parseMemberQuery('1380000000')).toEqual(refused('手机号应为 11 位，这里有 10 位'));
    expect(parseMemberQuery('138000000001')).toEqual(refused('请输入会员号（如 FP00000003 或 3）或 11 位手机号'));
    expect(parseMemberQuery('FP000000031')).toEqual(refused('会员号是 FP 加 8 位数字，这里有 9 位'));
    expect(parseMemberQuery('123456789')).toEqual(refused('手机号应为 11 位，这里有 9 位'));
    expect(parseMemberQuery('923456789')).toEqual(refused('请输入会员号（如 FP00000003 或 3）或 11 位手机号'));
  });

  it('refuses what is neither, with what to type', () => {
    expect(parseMemberQuery('')).toEqual(refused('请输入会员号或手机号'));
    expect(parseMemberQuery('   ')).toEqual(refused('请输入会员号或手机号'));
    expect(parseMemberQuery('FP')).toEqual(refused('会员号是 FP 加数字，如 FP00000003'));
    expect(parseMemberQuery('张姐')).toEqual(refused('请输入会员号（如 FP00000003 或 3）或 11 位手机号'));
    expect(parseMemberQuery('FX3')).toEqual(refused('请输入会员号（如 FP00000003 或 3）或 11 位手机号'));
    expect(parseMemberQuery('1.5')).toEqual(memberNo('FP00000015')); // a dot is a separator like a space
    expect(parseMemberQuery('0')).toEqual(refused('会员号不能为 0'));
    expect(parseMemberQuery('3'.repeat(MEMBER_QUERY_MAX_LENGTH + 1)).ok).toBe(false);
  });
});

describe('describeMemberQuery', () => {
  it('says what was searched for, with the phone masked', () => {
    expect(describeMemberQuery({ kind: 'memberNo', memberNo: 'FP00000003' })).toBe('按会员号 FP00000003 查找');
    expect(describeMemberQuery({ kind: 'phone', phone: '13812340000' })).toBe('按手机号 138****0000 查找');
    expect(maskPhone('13812340000')).toBe('138****0000');
  });
});
