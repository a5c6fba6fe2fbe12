/**
 * Calls of the `care` cloud function for 今日待办, and its words. Each action keeps its request id
 * until it succeeds, so a retry after a lost answer is answered with the first result.
 */
import type { ApiResult } from '@contracts/apiMap';
import { callCloud } from '../../../services/cloud';
import { isOutcomeUnknown, newRequestId } from '../../../lib/requestId';

export type CarePage = ApiResult<'care', 'today'>;
export type CareRow = CarePage['items'][number];
export type ContactChannel = 'phone' | 'visit' | 'wechat' | 'sample';

export const CHANNELS: { id: ContactChannel; label: string }[] = [
  { id: 'phone', label: '电话' },
  { id: 'visit', label: '上门' },
  { id: 'wechat', label: '微信' },
  { id: 'sample', label: '寄样' },
];

export const KIND_LABELS: Record<CareRow['kind'], string> = {
  churn: '流失预警',
  newReply: '新客户',
  newSample: '新客户',
  newVisit: '新客户',
  keyDate: '重要日子',
  cadence: '定期联系',
  noContact: '久未联系',
  survey: '需求调研',
};

export const TIER_NAMES: Record<CareRow['tier'], string> = { basic: '基础', potential: '潜力', core: '核心', strategic: '战略' };

/** The note field's limit (services/contacts.ts CONTACT_NOTE_MAX). */
export const NOTE_MAX = 200;

export const listCare = (page: number, pageSize: number): Promise<CarePage> => callCloud('care', 'today', { page, pageSize });

export type CareAction = { kind: 'done' } | { kind: 'snooze'; until: string } | { kind: 'contact'; channel: ContactChannel; note: string };

const ids = new Map<string, string>();

/** Sends one answer to an item; the same answer retried after a lost reply keeps its request id. */
export async function answer(row: CareRow, action: CareAction): Promise<void> {
  const key = `${row.memberNo}|${row.itemId}|${JSON.stringify(action)}`;
  const requestId = ids.get(key) ?? newRequestId();
  ids.set(key, requestId);
  const base = { memberNo: row.memberNo, itemId: row.itemId, requestId };
  try {
    if (action.kind === 'done') await callCloud('care', 'done', base);
    else if (action.kind === 'snooze') await callCloud('care', 'snooze', { ...base, until: action.until });
    else await callCloud('care', 'logContact', { ...base, channel: action.channel, note: action.note });
    ids.delete(key);
  } catch (e) {
    if (!isOutcomeUnknown(e)) ids.delete(key);
    throw e;
  }
}
