import type { CaseCategory, CaseType } from './api';
import { MIN_TEXT } from './labels';

/** The 提交反馈 form as filled in. */
export interface FormState {
  type: CaseType | null;
  category: CaseCategory | null;
  orderId: string | null;
  productIds: string[];
  text: string;
  photos: string[];
  contact: string | null;
}

/** What is missing, by field; empty when the form can be sent. */
export function formErrors(f: FormState): Partial<Record<'type' | 'category' | 'text', string>> {
  const errors: Partial<Record<'type' | 'category' | 'text', string>> = {};
  if (!f.type) errors.type = '请选择反馈类型';
  if (!f.category) errors.category = '请选择问题类别';
  const length = f.text.trim().length;
  if (length < MIN_TEXT) errors.text = length === 0 ? '请描述遇到的问题' : `请至少写 ${MIN_TEXT} 个字（已写 ${length} 个）`;
  return errors;
}

