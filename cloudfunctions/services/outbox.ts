/**
 * Notifications: every notice is written to the recipient's in-app 消息 list, and those meant to be
 * pushed get an outbox entry that the desk's timer delivers as a WeChat subscribe message.
 *
 * Delivery never sends a message twice. Each entry is claimed in a transaction (status `sending`, a
 * lease, the attempt count, and one accepted opt-in spent) before the send, and marked in a second
 * transaction after it. If the process dies in between, the entry stays `sending`; a later run that
 * finds its lease expired marks it `unknown` and does not send it again: a possibly-lost message is
 * preferred to a possibly-duplicated one (the notice is in the app either way). Two overlapping runs
 * race on the claim; the optimistic transaction lets only one of them win.
 */
import { createHash } from 'node:crypto';
import type { NotificationsConfig, TemplateKey } from '../core/notices/config';
import { pushConfigured } from '../core/notices/config';
import { cutText, templateData } from '../core/notices/fields';
import { afterSend, canMove, deliveryOf, type NoticeDelivery, type OutboxReason, type OutboxStatus, type SendResult } from '../core/notices/outbox';
import type { Db, Transaction } from '../ports/db';
import { notifier as installedNotifier, type Notifier, type SubscribeMessage } from '../ports/notifier';
import { txGet } from '../runtime/dbHelpers';
import { C } from './collections';
import { loadConfig } from './config';

export const NOTICE_TITLE_MAX = 40;
export const NOTICE_BODY_MAX = 500;
const FIELD_MAX = 200;

export interface NoticeDoc {
  _id: string;
  owner: string;
  templateKey: TemplateKey;
  title: string;
  body: string;
  /** The page a tap opens, as WeChat takes it: no leading slash, query allowed. */
  page: string | null;
  createdAt: number;
  /** 1 unread, 0 read: a number, because the local engine's index serves number equality (not booleans). */
  unread: 0 | 1;
  readAt: number | null;
  delivery: NoticeDelivery;
  dedupeKey: string;
}

export interface OutboxDoc {
  _id: string;
  owner: string;
  templateKey: TemplateKey;
  page: string | null;
  fields: Record<string, string>;
  status: OutboxStatus;
  /** Queued: when it may be sent. Sending: when its lease runs out. Final: when it got there. */
  dueAt: number;
  attempts: number;
  /** The template id whose accepted opt-in this entry spent (kept across retries), or null. */
  optIn: string | null;
  reason: OutboxReason | null;
  code: number | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

export interface OptInDoc {
  _id: string;
  owner: string;
  templateId: string;
  /** Accepted and not yet spent: each one allows exactly one message. */
  available: number;
  accepted: number;
  spent: number;
  updatedAt: number;
}

const hash = (text: string, n: number) => createHash('sha256').update(text).digest('hex').slice(0, n);

/** A notice's id (and its outbox entry's) comes from the caller's dedupe key. */
export const noticeId = (dedupeKey: string): string => `n${hash(dedupeKey, 31)}`;
export const optInId = (openid: string, templateId: string): string => `oi${hash(`${openid}\n${templateId}`, 30)}`;

export interface EnqueueNotice {
  /** Same key, same notice: e.g. `case:<id>:reply:<replyId>`. */
  dedupeKey: string;
  /** The recipient's OPENID. */
  openid: string;
  templateKey: TemplateKey;
  /** What the 消息 list shows. */
  title: string;
  body: string;
  page: string | null;
  /** Named values the template's mapping picks from (`subject`, `time` …; times may be epoch ms). */
  fields: Record<string, string>;
  now: number;
  /** False: shown in the app only, never pushed. */
  push?: boolean;
}

/**
 * Writes the notice and (unless `push: false`) its outbox entry inside the caller's transaction, so
 * they exist exactly when the step that caused them commits. A dedupe key seen before changes nothing.
 */
export async function enqueueNotice(tx: Transaction, input: EnqueueNotice): Promise<{ noticeId: string; created: boolean }> {
  const id = noticeId(input.dedupeKey);
  if (await txGet(tx, C.notices, id)) return { noticeId: id, created: false };
  const push = input.push ?? true;
  const notice: Omit<NoticeDoc, '_id'> = {
    owner: input.openid,
    templateKey: input.templateKey,
    title: cutText(input.title, NOTICE_TITLE_MAX, '…'),
    body: cutText(input.body, NOTICE_BODY_MAX, '…'),
    page: input.page ? input.page.replace(/^\/+/, '') : null,
    createdAt: input.now,
    unread: 1,
    readAt: null,
    delivery: push ? 'pending' : 'in_app',
    dedupeKey: input.dedupeKey.slice(0, 200),
  };
  await tx.collection(C.notices).doc(id).set({ data: notice });
  if (push) {
    const fields = Object.fromEntries(Object.entries(input.fields).map(([k, v]) => [k, cutText(String(v), FIELD_MAX)]));
    const entry: Omit<OutboxDoc, '_id'> = {
      owner: input.openid,
      templateKey: input.templateKey,
      page: notice.page,
      fields,
      status: 'queued',
      dueAt: input.now,
      attempts: 0,
      optIn: null,
      reason: null,
      code: null,
      createdAt: input.now,
      updatedAt: input.now,
      sentAt: null,
    };
    await tx.collection(C.noticeOutbox).doc(id).set({ data: entry });
  }
  return { noticeId: id, created: true };
}

export interface DeliverOptions {
  /** Stop starting sends after this long (the timer's invocation has a hard limit). */
  budgetMs: number;
  /** Entries looked at per run. */
  max: number;
  /** Defaults: the installed notifier and the stored configuration. */
  notifier?: Notifier;
  config?: NotificationsConfig;
}

export interface DeliverTally {
  sent: number;
  /** Shown in the app only: no opt-in, push off, or 43101. Not sent (or refused). */
  notPushed: number;
  failed: number;
  /** Transient failures queued again on the backoff schedule. */
  retried: number;
  /** Left `sending` by a run that died: never resent. */
  unknown: number;
  /** Claimed by an overlapping run first. */
  lost: number;
  /** True when the budget ran out with due entries left. */
  budgetExhausted: boolean;
}

async function finishUnsent(tx: Transaction, entry: OutboxDoc, reason: OutboxReason, now: number): Promise<void> {
  await tx.collection(C.noticeOutbox).doc(entry._id).update({ data: { status: 'not_pushed', reason, dueAt: now, updatedAt: now } });
  await tx.collection(C.notices).doc(entry._id).update({ data: { delivery: deliveryOf('not_pushed') } });
}

type Claim = { kind: 'lost' } | { kind: 'not_pushed' } | { kind: 'claimed'; entry: OutboxDoc; attempts: number; templateId: string };

/** Claims a due entry: spends one accepted opt-in (first try only) and takes a lease. */
function claim(db: Db, id: string, now: number, config: NotificationsConfig): Promise<Claim> {
  return db.runTransaction(async (tx): Promise<Claim> => {
    const entry = await txGet<OutboxDoc>(tx, C.noticeOutbox, id);
    if (!entry || entry.status !== 'queued' || entry.dueAt > now) return { kind: 'lost' };
    if (!pushConfigured(config)) {
      await finishUnsent(tx, entry, 'push_off', now);
      return { kind: 'not_pushed' };
    }
    let templateId = entry.optIn;
    if (templateId === null) {
      const wanted = config.templates[entry.templateKey].templateId;
      const optIn = await txGet<OptInDoc>(tx, C.noticeOptIns, optInId(entry.owner, wanted));
      if (!optIn || optIn.available < 1) {
        // Not asked for, or already spent: WeChat would refuse it, so it is not called at all.
        await finishUnsent(tx, entry, 'no_opt_in', now);
        return { kind: 'not_pushed' };
      }
      await tx.collection(C.noticeOptIns).doc(optIn._id).update({ data: { available: optIn.available - 1, spent: optIn.spent + 1, updatedAt: now } });
      templateId = wanted;
    }
    const attempts = entry.attempts + 1;
    await tx.collection(C.noticeOutbox).doc(id).update({ data: { status: 'sending', attempts, optIn: templateId, dueAt: now + config.leaseSeconds * 1000, updatedAt: now } });
    return { kind: 'claimed', entry, attempts, templateId };
  });
}

/** Records a send's outcome, unless the entry moved on meanwhile (then only a late, final outcome of an `unknown` is kept). */
function mark(db: Db, id: string, attempts: number, result: SendResult, now: number, config: NotificationsConfig): Promise<OutboxStatus | null> {
  return db.runTransaction(async (tx) => {
    const entry = await txGet<OutboxDoc>(tx, C.noticeOutbox, id);
    if (!entry || entry.attempts !== attempts || (entry.status !== 'sending' && entry.status !== 'unknown')) return null;
    const patch = afterSend(attempts, result, now, config.retry);
    if (!canMove(entry.status, patch.status)) return null;
    await tx.collection(C.noticeOutbox).doc(id).update({
      data: { status: patch.status, reason: patch.reason, code: patch.code, dueAt: patch.dueAt ?? now, updatedAt: now, sentAt: patch.status === 'sent' ? now : null },
    });
    if (patch.refundOptIn && entry.optIn !== null) {
      const optIn = await txGet<OptInDoc>(tx, C.noticeOptIns, optInId(entry.owner, entry.optIn));
      if (optIn) await tx.collection(C.noticeOptIns).doc(optIn._id).update({ data: { available: optIn.available + 1, spent: Math.max(0, optIn.spent - 1), updatedAt: now } });
    }
    if (patch.status !== 'queued') await tx.collection(C.notices).doc(id).update({ data: { delivery: deliveryOf(patch.status) } });
    return patch.status;
  });
}

/** An entry still `sending` after its lease: its send may have happened, so it is never repeated. */
function markUnknown(db: Db, id: string, now: number): Promise<boolean> {
  return db.runTransaction(async (tx) => {
    const entry = await txGet<OutboxDoc>(tx, C.noticeOutbox, id);
    if (!entry || entry.status !== 'sending' || entry.dueAt > now) return false;
    await tx.collection(C.noticeOutbox).doc(id).update({ data: { status: 'unknown', reason: 'lease_expired', updatedAt: now } });
    await tx.collection(C.notices).doc(id).update({ data: { delivery: deliveryOf('unknown') } });
    return true;
  });
}

async function sendSafely(n: Notifier, message: SubscribeMessage): Promise<SendResult> {
  try {
    return await n.send(message);
  } catch (error) {
    return { kind: 'transient', code: null, message: String((error as Error)?.message ?? error).slice(0, 200) };
  }
}

/** One delivery run (the desk timer calls it every tick). Idempotent; safe to overlap with another run. */
export async function deliverOutbox(db: Db, now: number, opts: DeliverOptions): Promise<DeliverTally> {
  const started = performance.now();
  const overBudget = () => performance.now() - started > opts.budgetMs;
  const config = opts.config ?? (await loadConfig(db, now)).notifications;
  const tally: DeliverTally = { sent: 0, notPushed: 0, failed: 0, retried: 0, unknown: 0, lost: 0, budgetExhausted: false };
  const _ = db.command;
  const outbox = db.collection(C.noticeOutbox);

  const stale = await outbox.where({ status: 'sending', dueAt: _.lte(now) }).orderBy('dueAt', 'asc').limit(opts.max).get();
  for (const row of stale.data) {
    if (await markUnknown(db, String(row._id), now)) tally.unknown += 1;
  }

  const due = await outbox.where({ status: 'queued', dueAt: _.lte(now) }).orderBy('dueAt', 'asc').limit(opts.max).get();
  // Resolved before any claim: a missing notifier must not leave claimed entries behind.
  const send: Notifier | null = pushConfigured(config) && due.data.length > 0 ? (opts.notifier ?? installedNotifier()) : null;
  for (const row of due.data) {
    if (overBudget()) {
      tally.budgetExhausted = true;
      break;
    }
    const id = String(row._id);
    const claimed = await claim(db, id, now, config);
    if (claimed.kind === 'lost') tally.lost += 1;
    if (claimed.kind === 'not_pushed') tally.notPushed += 1;
    if (claimed.kind !== 'claimed' || send === null) continue;
    const template = config.templates[claimed.entry.templateKey];
    const message: SubscribeMessage = {
      touser: claimed.entry.owner,
      templateId: claimed.templateId,
      ...(claimed.entry.page ? { page: claimed.entry.page } : {}),
      data: templateData(template.fields, claimed.entry.fields),
      miniprogramState: config.miniprogramState,
    };
    const result = await sendSafely(send, message);
    const status = await mark(db, id, claimed.attempts, result, now, config);
    if (status === 'sent') tally.sent += 1;
    else if (status === 'not_pushed') tally.notPushed += 1;
    else if (status === 'failed') tally.failed += 1;
    else if (status === 'queued') tally.retried += 1;
    else tally.lost += 1;
  }
  return tally;
}
