/** The form's words; category and type names are the core's own (core/cases/labels.ts). */
import { CASE_CATEGORY_LABELS, CASE_TYPE_LABELS } from '../../../cloudfunctions/core/cases/labels';
import type { CaseCategory, CaseType } from './api';

export const TYPE_OPTIONS: { id: CaseType; label: string; hint: string }[] = [
  { id: 'complaint', label: CASE_TYPE_LABELS.complaint, hint: '商品或服务有问题' },
  { id: 'enquiry', label: CASE_TYPE_LABELS.enquiry, hint: '想了解价格、配送等' },
  { id: 'suggestion', label: CASE_TYPE_LABELS.suggestion, hint: '希望我们做得更好' },
];

export const CATEGORY_LABELS: Record<CaseCategory, string> = CASE_CATEGORY_LABELS;

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
