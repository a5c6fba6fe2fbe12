/**
 * Calls of the `desk` cloud function (the complaint desk) and the words its staff pages use (staff
 * subpackage only). The labels mirror the server's (core/cases); test/ui/staff/caseDesk.test.ts checks
 * they say the same, since the core itself (zod) must not reach the mini-program.
 */
import type { ApiInput, ApiResult } from '@contracts/apiMap';
import { ERRORS, type ErrorCode } from '@contracts/errors';
import { MAX_PAGE_SIZE } from '@contracts/limits';
import { CASE_CATEGORY_LABELS as CATEGORY_LABELS, OUTCOME_LABELS, ROOT_CAUSE_LABELS } from '../../../cloudfunctions/core/cases/labels';
import { callCloud } from '../../services/cloud';
import { isCloudError } from '../../services/errors';
import { rememberServerNow } from './countdown';
import { deskError } from './orderDesk';

export type QueuePage = ApiResult<'desk', 'queue'>;
export type QueueRow = QueuePage['items'][number];
export type DeskCase = ApiResult<'desk', 'get'>;
export type CaseMessage = DeskCase['thread'][number];
export type CasePhoto = CaseMessage['photos'][number];
export type QueueFilter = NonNullable<ApiInput<'desk', 'queue'>['filter']>;
export type CaseCategory = NonNullable<ApiInput<'desk', 'queue'>['category']>;
export type CaseTier = NonNullable<ApiInput<'desk', 'queue'>['tier']>;
export type Outcome = ApiInput<'desk', 'resolve'>['outcome'];
export type RootCause = ApiInput<'desk', 'close'>['rootCause'];
export type ResolvePayload = Omit<ApiInput<'desk', 'resolve'>, 'caseId' | 'requestId'>;

/** What the desk's text fields accept (services/caseModel.ts MAX_REPLY_TEXT). */
export const CASE_TEXT_MAX = 500;

export const QUEUE_FILTERS: { id: QueueFilter; label: string }[] = [
  { id: 'all', label: '全部' },
  { id: 'mine', label: '我的' },
  { id: 'unassigned', label: '待认领' },
  { id: 'overdue', label: '已超时' },
];


/** The default tier names; a row's own tierName (the configured one) replaces them once seen. */
export { CATEGORY_LABELS, OUTCOME_LABELS, ROOT_CAUSE_LABELS };

export const DEFAULT_TIER_NAMES: Record<CaseTier, string> = { basic: '基础', potential: '潜力', core: '核心', strategic: '战略' };



export interface QueueQuery {
  filter: QueueFilter;
  tier: CaseTier | null;
  category: CaseCategory | null;
  page: number;
  pageSize: number;
}

/** A page of the queue, nearest deadline first; the server's clock is remembered for the countdowns. */
export function listQueue(q: QueueQuery): Promise<QueuePage> {
  const payload: ApiInput<'desk', 'queue'> = { filter: q.filter, page: q.page, pageSize: Math.min(q.pageSize, MAX_PAGE_SIZE) };
  if (q.tier) payload.tier = q.tier;
  if (q.category) payload.category = q.category;
  return callCloud('desk', 'queue', payload).then((p) => {
    rememberServerNow(p.now, Date.now());
    return p;
  });
}

export const getCase = (caseId: string): Promise<DeskCase> => callCloud('desk', 'get', { caseId });

/** One step on a case as sent; the request id travels with it until the server answers. */
export type CaseStep =
  | { kind: 'claim'; caseId: string; requestId: string }
  | { kind: 'reply'; caseId: string; requestId: string; text: string; internal: boolean; askCustomer: boolean }
  | ({ kind: 'resolve'; caseId: string; requestId: string } & ResolvePayload)
  | { kind: 'reverse'; caseId: string; requestId: string; reason: string }
  | { kind: 'callback'; caseId: string; requestId: string; note: string }
  | { kind: 'close'; caseId: string; requestId: string; rootCause: RootCause; note: string }
  | { kind: 'reviewPhoto'; caseId: string; requestId: string; fileId: string; approve: boolean }
  | { kind: 'assign'; caseId: string; requestId: string; staffId: string | null };

/** Active colleagues a manager may hand a case to (the team is one page of up to 50). */
export async function assignableStaff(): Promise<{ staffId: string; name: string }[]> {
  const team = await callCloud('team', 'list', { page: 0, pageSize: 50 });
  return team.items.filter((m) => m.active).map((m) => ({ staffId: m.staffId, name: m.name }));
}

/** Every step answers with the case as it is now. */
export function sendCaseStep(step: CaseStep): Promise<DeskCase> {
  const { caseId, requestId } = step;
  switch (step.kind) {
    case 'claim':
      return callCloud('desk', 'claim', { caseId, requestId });
    case 'reply':
      return callCloud('desk', 'reply', { caseId, requestId, text: step.text, internal: step.internal, askCustomer: step.askCustomer });
    case 'resolve': {
      const { kind: _kind, ...payload } = step;
      return callCloud('desk', 'resolve', payload);
    }
    case 'reverse':
      return callCloud('desk', 'reverse', { caseId, requestId, reason: step.reason });
    case 'callback':
      return callCloud('desk', 'callback', { caseId, requestId, note: step.note });
    case 'close':
      return callCloud('desk', 'close', { caseId, requestId, rootCause: step.rootCause, note: step.note });
    case 'reviewPhoto':
      return callCloud('desk', 'reviewPhoto', { caseId, requestId, fileId: step.fileId, approve: step.approve });
    case 'assign':
      return callCloud('desk', 'assign', { caseId, requestId, staffId: step.staffId });
  }
}

/** Codes of the complaint desk in words that say what to do next. */
const CASE_WORDS: Partial<Record<ErrorCode, string>> = {
  'CASE.NOT_FOUND': '反馈不存在，可能已被删除',
  'CASE.ILLEGAL_TRANSITION': '反馈状态已变化，不能进行此操作，请刷新后查看',
  'CASE.INVALID_COMPENSATION': '补偿内容无效，请检查后重新提交',
  'CASE.COMPENSATION_OVER_LIMIT': '补偿超出员工权限，请店长处理',
  'CASE.NO_COMPENSATION': '该反馈没有可撤回的补偿',
  'CASE.COMPENSATION_USED': '补偿优惠券已被客户使用，不能撤回',
  'CASE.TEXT_REFUSED': '内容含有不当信息，请修改后再提交',
};

/**
 * An error in words: the desk's own codes get the words above, with the server's more specific
 * message after them ("员工单次最多补偿 500 积分"); anything else as the order desk words it.
 */
export function caseError(e: unknown, prefix = ''): string {
  if (isCloudError(e)) {
    const words = CASE_WORDS[e.code];
    if (words) {
      const specific = e.message && e.message !== words && e.message !== ERRORS[e.code].message ? `（${e.message}）` : '';
      return `${prefix}${words}${specific}`;
    }
  }
  return deskError(e, prefix);
}
