/** The complaint desk's form checks, and its limits against the server's own. */
import { HARD_MAX_COMPENSATION_POINTS } from '../../../cloudfunctions/core/cases/rules';
import { defaultAppConfig } from '../../../cloudfunctions/core/config';
import { MAX_REPLY_TEXT } from '../../../cloudfunctions/services/caseModel';
import { CASE_TEXT_MAX, DEFAULT_TIER_NAMES } from '@/staff/lib/caseDesk';
import { MAX_COMPENSATION_POINTS, checkResolve, checkText, describeResolve, emptyResolveDraft, type ResolveDraft } from '@/staff/lib/caseForms';

const draft = (over: Partial<ResolveDraft>): ResolveDraft => ({ ...emptyResolveDraft, note: '非常抱歉，已为您处理', ...over });
const withOrder = { hasOrder: true, refundableFen: 6_300 };

describe('labels', () => {
  it('say what the server says', () => {
    expect(CASE_TEXT_MAX).toBe(MAX_REPLY_TEXT);
    expect(MAX_COMPENSATION_POINTS).toBe(HARD_MAX_COMPENSATION_POINTS);
    expect(DEFAULT_TIER_NAMES).toEqual(Object.fromEntries(defaultAppConfig.tiers.tiers.map((t) => [t.id, t.name])));
  });
});

describe('checkResolve', () => {
  it('asks for an outcome first', () => {
    expect(checkResolve(draft({}), withOrder)).toEqual({ ok: false, error: '请选择处理结果' });
  });

  it('requires the points for 补偿积分, and a valid number', () => {
    expect(checkResolve(draft({ outcome: 'points' }), withOrder)).toEqual({ ok: false, error: '请填写补偿积分' });
    expect(checkResolve(draft({ outcome: 'points', points: { value: null, error: null } }), withOrder)).toEqual({ ok: false, error: '请填写补偿积分' });
    expect(checkResolve(draft({ outcome: 'points', points: { value: null, error: '请输入整数' } }), withOrder)).toEqual({ ok: false, error: '请输入整数' });
    expect(checkResolve(draft({ outcome: 'points', points: { value: MAX_COMPENSATION_POINTS + 1, error: null } }), withOrder).ok).toBe(false);
    expect(checkResolve(draft({ outcome: 'points', points: { value: 50, error: null } }), withOrder)).toEqual({ ok: true, value: { outcome: 'points', points: 50, note: '非常抱歉，已为您处理' } });
  });

  it('requires a coupon template for 补偿优惠券', () => {
    expect(checkResolve(draft({ outcome: 'coupon', couponTemplateId: '  ' }), withOrder)).toEqual({ ok: false, error: '请选择优惠券' });
    expect(checkResolve(draft({ outcome: 'coupon', couponTemplateId: ' back-50-5 ' }), withOrder)).toEqual({ ok: true, value: { outcome: 'coupon', couponTemplateId: 'back-50-5', note: '非常抱歉，已为您处理' } });
  });

  it('refunds only a case about an order, in yuan up to what the order can still refund, or in full', () => {
    expect(checkResolve(draft({ outcome: 'refund', refundYuan: '10' }), { hasOrder: false, refundableFen: null })).toEqual({ ok: false, error: '该反馈没有关联订单，不能退款' });
    expect(checkResolve(draft({ outcome: 'refund' }), withOrder)).toEqual({ ok: false, error: '请填写退款金额或选择全额退款' });
    expect(checkResolve(draft({ outcome: 'refund', refundYuan: '63.01' }), withOrder)).toEqual({ ok: false, error: '退款金额不能超过该订单可退的 ¥63.00' });
    expect(checkResolve(draft({ outcome: 'refund', refundYuan: '1.234' }), withOrder)).toEqual({ ok: false, error: '金额最多两位小数（精确到分）' });
    expect(checkResolve(draft({ outcome: 'refund', refundYuan: '63' }), withOrder)).toEqual({ ok: true, value: { outcome: 'refund', refund: { amountFen: 6_300 }, note: '非常抱歉，已为您处理' } });
    expect(checkResolve(draft({ outcome: 'refund', refundYuan: '0.29' }), withOrder)).toMatchObject({ ok: true, value: { refund: { amountFen: 29 } } });
    expect(checkResolve(draft({ outcome: 'refund', refundWhole: true, refundYuan: '999' }), withOrder)).toMatchObject({ ok: true, value: { refund: { whole: true } } });
    expect(checkResolve(draft({ outcome: 'refund', refundWhole: true }), { hasOrder: true, refundableFen: 0 })).toEqual({ ok: false, error: '该订单已没有可退金额' });
    // Unknown refundable amount (the order could not be read): the server checks it.
    expect(checkResolve(draft({ outcome: 'refund', refundYuan: '5000' }), { hasOrder: true, refundableFen: null })).toMatchObject({ ok: true, value: { refund: { amountFen: 500_000 } } });
  });

  it('requires a note for the customer, within the limit', () => {
    expect(checkResolve(draft({ outcome: 'explanation', note: '   ' }), withOrder)).toEqual({ ok: false, error: '请填写处理说明' });
    expect(checkResolve(draft({ outcome: 'resend', note: 'x'.repeat(CASE_TEXT_MAX + 1) }), withOrder).ok).toBe(false);
    expect(checkResolve(draft({ outcome: 'resend', note: ' 已安排补发 ' }), withOrder)).toEqual({ ok: true, value: { outcome: 'resend', note: '已安排补发' } });
  });
});

describe('describeResolve', () => {
  it('says what will happen', () => {
    expect(describeResolve({ outcome: 'points', points: 50, note: 'x' }, null)).toBe('补偿 50 积分');
    expect(describeResolve({ outcome: 'refund', refund: { whole: true }, note: 'x' }, 6_300)).toBe('全额退款 ¥63.00');
    expect(describeResolve({ outcome: 'refund', refund: { amountFen: 2_050 }, note: 'x' }, 6_300)).toBe('退款 ¥20.50');
    expect(describeResolve({ outcome: 'resend', note: 'x' }, null)).toBe('补发');
  });
});

describe('checkText', () => {
  it('trims and requires text', () => {
    expect(checkText('  好的 ', '回复内容')).toEqual({ ok: true, value: '好的' });
    expect(checkText('', '回复内容')).toEqual({ ok: false, error: '请填写回复内容' });
  });
});
