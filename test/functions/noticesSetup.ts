/** Shared set-up for the notification tests (and the crash child): push on with real-looking ids. */
import { defaultNotificationsConfig, type NotificationsConfig } from '../../cloudfunctions/core/notices/config';
import type { Db } from '../../cloudfunctions/ports/db';
import { C } from '../../cloudfunctions/services/collections';
import { forgetConfig } from '../../cloudfunctions/services/config';
import { enqueueNotice } from '../../cloudfunctions/services/outbox';

export const PUSH_ON: NotificationsConfig = {
  ...defaultNotificationsConfig,
  pushEnabled: true,
  templates: {
    reply: { ...defaultNotificationsConfig.templates.reply, templateId: 'tplReply0001' },
    result: { ...defaultNotificationsConfig.templates.result, templateId: 'tplResult0001' },
    breach: { ...defaultNotificationsConfig.templates.breach, templateId: 'tplBreach0001' },
  },
};

export async function turnPushOn(db: Db): Promise<void> {
  await db.collection(C.config).doc('app').set({ data: { notifications: PUSH_ON } });
  forgetConfig();
}

/** A staff reply to a case, notified in its own transaction as the desk does. */
export function enqueueReply(db: Db, openid: string, replyId: string, now: number) {
  return db.runTransaction((tx) =>
    enqueueNotice(tx, {
      dedupeKey: `case:C1:reply:${replyId}`,
      openid,
      templateKey: 'reply',
      title: '客服回复了您的反馈',
      body: `回复 ${replyId}：已联系配送员，今天下午补送。`,
      page: 'packages/service/pages/case/index?id=C1',
      fields: { subject: '投诉：配送延误', reply: '已联系配送员，今天下午补送。', time: String(now) },
      now,
    }),
  );
}
