/**
 * The form's words. Category and type names mirror the core's (core/cases/stateMachine.ts, checked
 * by a UI test): the core brings zod with it, so the mini-program keeps its own copy of the labels.
 */
import type { CaseCategory, CaseType } from './api';

export const TYPE_OPTIONS: { id: CaseType; label: string; hint: string }[] = [
  { id: 'complaint', label: '投诉', hint: '商品或服务有问题' },
  { id: 'enquiry', label: '咨询', hint: '想了解价格、配送等' },
  { id: 'suggestion', label: '建议', hint: '希望我们做得更好' },
];

export const CATEGORY_LABELS: Record<CaseCategory, string> = {
  quality: '不新鲜/质量',
  short_weight: '缺斤少两',
  wrong_item: '错发漏发',
  late: '配送延误',
  service: '服务态度',
  price: '价格',
  other: '其他',
};

export const CATEGORY_OPTIONS = (Object.keys(CATEGORY_LABELS) as CaseCategory[]).map((id) => ({ id, label: CATEGORY_LABELS[id] }));

/** Preferred contact time: a few choices, sent as the words shown. */
export const CONTACT_OPTIONS = ['随时', '上午', '下午', '晚上'] as const;

/** The description's limits, as the server's schema counts them (trimmed, UTF-16 units). */
export const MIN_TEXT = 5;
export const MAX_TEXT = 500;
export const MAX_MESSAGE = 500;
export const MAX_REASON = 200;
export const MAX_PHOTOS = 6;

/** The survey's three questions. */
export const SURVEY_QUESTIONS = [
  { key: 'freshness', label: '新鲜度' },
  { key: 'onTime', label: '准时送达' },
  { key: 'service', label: '服务态度' },
] as const;

export const SCORE_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'] as const;
