/**
 * The words of the complaint desk, in one place for the cloud functions and the mini-program: this
 * module imports nothing, so Taro compiles it into the front end (config/index.ts) without dragging
 * zod or server code along.
 */
export const CASE_TYPE_LABELS = { complaint: '投诉', enquiry: '咨询', suggestion: '建议' } as const;

export const CASE_CATEGORIES = ['quality', 'short_weight', 'wrong_item', 'late', 'service', 'price', 'other'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];
export const CASE_CATEGORY_LABELS: Record<CaseCategory, string> = {
  quality: '不新鲜/质量',
  short_weight: '缺斤少两',
  wrong_item: '错发漏发',
  late: '配送延误',
  service: '服务态度',
  price: '价格',
  other: '其他',
};

export const OUTCOME_KINDS = ['refund', 'resend', 'points', 'coupon', 'explanation'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_LABELS: Record<OutcomeKind, string> = { refund: '退款', resend: '补发', points: '补偿积分', coupon: '补偿优惠券', explanation: '解释说明' };

export const ROOT_CAUSES = ['supplier', 'storage', 'picking', 'weighing', 'delivery', 'staff', 'pricing', 'customer', 'other'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];
export const ROOT_CAUSE_LABELS: Record<RootCause, string> = {
  supplier: '供应商/产地',
  storage: '仓储保鲜',
  picking: '分拣打包',
  weighing: '称重计量',
  delivery: '配送',
  staff: '员工服务',
  pricing: '价格/账单',
  customer: '客户原因',
  other: '其他',
};
