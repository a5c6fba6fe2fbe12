/**
 * What the complaint desk tells people, through the outbox (services/outbox.ts): the customer on a
 * staff reply (回复) and on the outcome (处理结果); the managers on a breach. Each notice is written in
 * the transaction of the step that causes it, under a key that makes a retried step notify once.
 */
import { CASE_CATEGORY_LABELS, CASE_TYPE_LABELS } from '../core/cases/stateMachine';
import { OUTCOME_LABELS } from '../core/cases/rules';
import type { AppConfig } from '../core/config';
import type { Db, Transaction } from '../ports/db';
import { enqueueNotice } from './outbox';
import type { CaseDoc, CaseMessage } from './caseModel';
import { C } from './collections';
import type { StaffDoc } from '../runtime/staff';

export const caseSubject = (c: Pick<CaseDoc, 'type' | 'category'>): string => `${CASE_TYPE_LABELS[c.type]}：${CASE_CATEGORY_LABELS[c.category]}`;
const casePage = (c: CaseDoc) => `packages/service/pages/case/index?id=${c._id}`;

export async function noticeCaseReply(tx: Transaction, c: CaseDoc, reply: CaseMessage, _config: AppConfig, now: number): Promise<void> {
  await enqueueNotice(tx, {
    dedupeKey: `case:${c._id}:reply:${reply.id}`,
    openid: c.memberId,
    templateKey: 'reply',
    title: c.status === 'waiting_customer' ? '客服请您补充信息' : '客服回复了您的反馈',
    body: reply.text,
    page: casePage(c),
    fields: { subject: caseSubject(c), reply: reply.text, time: String(now) },
    now,
  });
}

export async function noticeCaseResult(tx: Transaction, c: CaseDoc, _config: AppConfig, now: number): Promise<void> {
  const r = c.resolution;
  if (!r) return;
  await enqueueNotice(tx, {
    dedupeKey: `case:${c._id}:result:${r.round}`,
    openid: c.memberId,
    templateKey: 'result',
    title: '您的反馈已处理',
    body: `${OUTCOME_LABELS[r.outcome]}：${r.note}`,
    page: casePage(c),
    fields: { subject: caseSubject(c), outcome: OUTCOME_LABELS[r.outcome], detail: r.note, time: String(now) },
    now,
  });
}

/** The managers a breach is told to (read once per tick). */
export async function activeManagers(db: Db): Promise<StaffDoc[]> {
  const { data } = await db.collection(C.staff).where({ role: 'manager', active: true }).limit(20).get();
  return data as unknown as StaffDoc[];
}

/** Every active manager hears of a breach once per case and target. */
export async function noticeBreach(tx: Transaction, c: CaseDoc, kind: 'firstResponse' | 'resolution', managers: readonly StaffDoc[], now: number): Promise<void> {
  const deadline = kind === 'firstResponse' ? c.sla.firstResponseDueAt : c.sla.resolutionDueAt;
  for (const m of managers) {
    await enqueueNotice(tx, {
      dedupeKey: `case:${c._id}:breach:${kind}:${m._id}`,
      openid: m._id,
      templateKey: 'breach',
      title: kind === 'firstResponse' ? '反馈超时未响应' : '反馈超时未解决',
      body: `${c.memberName}（${c.tierName}）的${caseSubject(c)}已超过${kind === 'firstResponse' ? '首次响应' : '解决'}时限`,
      page: `staff/pages/case/index?id=${c._id}`,
      fields: { caseNo: c._id, subject: caseSubject(c), deadline: String(deadline ?? now) },
      now,
    });
  }
}
