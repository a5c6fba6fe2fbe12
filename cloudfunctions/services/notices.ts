/**
 * The customer's side of notifications: the 消息 list (own notices only, newest first), the unread
 * count, marking read, the template ids to ask for, and recording what `wx.requestSubscribeMessage`
 * answered (each accept of a configured template allows exactly one message).
 */
import { createHash } from 'node:crypto';
import type { Page } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { pushConfigured, TEMPLATE_KEYS, templateKeyOf, type TemplateKey } from '../core/notices/config';
import type { NoticeDelivery } from '../core/notices/outbox';
import type { Db } from '../ports/db';
import { txGet } from '../runtime/dbHelpers';
import { C } from './collections';
import { optInId, type NoticeDoc, type OptInDoc } from './outbox';
import { assertSameRequest, requestFingerprint } from './requests';

export interface NoticeView {
  id: string;
  kind: TemplateKey;
  title: string;
  body: string;
  createdAt: number;
  read: boolean;
  /** The mini-program page a tap opens (no leading slash), or null. */
  page: string | null;
  /** pending: not yet tried; pushed: sent to WeChat; in_app: shown here only; unknown: may have been pushed. */
  delivery: NoticeDelivery;
}

const toView = (d: NoticeDoc): NoticeView => ({
  id: d._id,
  kind: d.templateKey,
  title: d.title,
  body: d.body,
  createdAt: d.createdAt,
  read: d.unread === 0,
  page: d.page,
  delivery: d.delivery,
});

export async function listNotices(db: Db, openid: string, page: number, pageSize: number): Promise<Page<NoticeView>> {
  const { data } = await db
    .collection(C.notices)
    .where({ owner: openid })
    .orderBy('createdAt', 'desc')
    .orderBy('_id', 'desc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .get();
  const docs = data as unknown as NoticeDoc[];
  return { items: docs.slice(0, pageSize).map(toView), page, pageSize, hasMore: docs.length > pageSize };
}

export async function unreadCount(db: Db, openid: string): Promise<{ unread: number }> {
  const { total } = await db.collection(C.notices).where({ owner: openid, unread: 1 }).count();
  return { unread: total };
}

/** Marks the caller's own notices read (the given ids, or all); ids of others' notices match nothing. Repeats change nothing. */
export async function markRead(db: Db, openid: string, input: { ids?: string[]; all?: true }, now: number): Promise<{ unread: number }> {
  const _ = db.command;
  const ids = input.all ? null : (input.ids ?? []);
  const where = ids === null ? { owner: openid, unread: 1 } : { owner: openid, unread: 1, _id: _.in(ids) };
  if (ids === null || ids.length > 0) await db.collection(C.notices).where(where).update({ data: { unread: 0, readAt: now } });
  return unreadCount(db, openid);
}

export interface SubscribeTemplatesView {
  /** False: nothing is pushed (no real template ids yet); the client does not ask. */
  pushConfigured: boolean;
  templates: Record<TemplateKey, { templateId: string; title: string } | null>;
}

export function subscribeTemplates(config: AppConfig): SubscribeTemplatesView {
  const n = config.notifications;
  const on = pushConfigured(n);
  const templates = Object.fromEntries(TEMPLATE_KEYS.map((key) => [key, on ? { templateId: n.templates[key].templateId, title: n.templates[key].title } : null])) as SubscribeTemplatesView['templates'];
  return { pushConfigured: on, templates };
}

export type OptInAnswer = 'accept' | 'reject' | 'ban' | 'filter';

export interface OptInResultView {
  /** The template keys whose accept was counted (one more message allowed each). */
  counted: TemplateKey[];
}

const requestDocId = (openid: string, requestId: string) => `oq${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 30)}`;

/**
 * Records one `requestSubscribeMessage` answer. Only accepts of configured templates count; the
 * request id makes a retried call count once (the same id with other answers is refused).
 */
export function recordOptIns(db: Db, openid: string, input: { requestId: string; answers: Record<string, OptInAnswer> }, config: AppConfig, now: number): Promise<OptInResultView> {
  const fingerprint = requestFingerprint({ answers: input.answers });
  const id = requestDocId(openid, input.requestId);
  return db.runTransaction(async (tx) => {
    const done = await txGet<{ fingerprint: string; response: OptInResultView }>(tx, C.noticeOptInRequests, id);
    if (done) {
      assertSameRequest(done.fingerprint, fingerprint);
      return done.response;
    }
    const counted: TemplateKey[] = [];
    for (const [templateId, answer] of Object.entries(input.answers).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const key = answer === 'accept' ? templateKeyOf(config.notifications, templateId) : null;
      if (key === null) continue;
      const optId = optInId(openid, templateId);
      const doc = await txGet<OptInDoc>(tx, C.noticeOptIns, optId);
      const next: Omit<OptInDoc, '_id'> = { owner: openid, templateId, available: (doc?.available ?? 0) + 1, accepted: (doc?.accepted ?? 0) + 1, spent: doc?.spent ?? 0, updatedAt: now };
      await tx.collection(C.noticeOptIns).doc(optId).set({ data: next });
      counted.push(key);
    }
    const response: OptInResultView = { counted };
    await tx.collection(C.noticeOptInRequests).doc(id).set({ data: { owner: openid, fingerprint, response, at: now } });
    return response;
  });
}
