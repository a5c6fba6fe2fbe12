import type { TagTone } from '../../components/Tag';
import type { CaseCategory, CaseSummary, SurveyScores } from './api';
import { SURVEY_QUESTIONS } from './labels';

/** A case's status as a tag colour: waiting on us or on the customer stands out, done is green. */
export function statusTone(status: CaseSummary['status']): TagTone {
  if (status === 'open' || status === 'waiting_customer') return 'warning';
  if (status === 'resolved') return 'positive';
  return 'neutral';
}

/** "上海青、西红柿等 8 件" for an order row. */
export function orderNames(names: string[], lineCount: number): string {
  const shown = names.join('、');
  return lineCount > names.length ? `${shown}等 ${lineCount} 件` : shown;
}

const CATEGORY_OF: Record<keyof SurveyScores, CaseCategory> = { freshness: 'quality', onTime: 'late', service: 'service' };

/** The category a low survey's complaint starts with: the lowest question's (freshness first on a tie). */
export function complaintCategoryOf(scores: SurveyScores): CaseCategory {
  const lowest = SURVEY_QUESTIONS.map((q) => q.key).reduce<keyof SurveyScores>((low, k) => (scores[k] < scores[low] ? k : low), 'freshness');
  return CATEGORY_OF[lowest];
}
