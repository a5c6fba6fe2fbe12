/**
 * Notifications end to end over the local runtime: the outbox (enqueue, opt-ins spent once, 43101,
 * retries with backoff, overlapping runs, a process killed between send and mark), the customer's
 * 消息 list and opt-in recording, and the WeChat adapter's error mapping.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendResult } from '../../cloudfunctions/core/notices/outbox';
import type { Notifier, SubscribeMessage } from '../../cloudfunctions/ports/notifier';
import { wxNotifier } from '../../cloudfunctions/runtime/wxNotifier';
import { C } from '../../cloudfunctions/services/collections';
import { forgetConfig } from '../../cloudfunctions/services/config';
import { deliverOutbox, enqueueNotice, noticeId, optInId, type OutboxDoc } from '../../cloudfunctions/services/outbox';
import type { NoticeView } from '../../cloudfunctions/services/notices';
import type { Page } from '../../cloudfunctions/contracts/api';
import { openFreshPalDb } from '../../local/app';
import { createHarness, type Harness } from './harness';
import { enqueueReply, PUSH_ON, turnPushOn } from './noticesSetup';

const T0 = Date.parse('2026-12-02T02:00:00Z');
const ALICE = 'o-alice';
const BOB = 'o-bob';
const RUN = { budgetMs: 10_000, max: 50 };

/** A notifier that answers from a script (then 'sent') and records every call. */
function scripted(...answers: SendResult[]): Notifier & { calls: SubscribeMessage[] } {
  const calls: SubscribeMessage[] = [];
  return {
    calls,
    async send(message) {
      calls.push(message);
      return answers.shift() ?? { kind: 'sent' };
    },
  };
}

let h: Harness;
beforeEach(async () => {
  h = await createHarness(T0);
});
afterEach(() => h.close());

const entry = async (key: string) => (await h.db.collection(C.noticeOutbox).doc(noticeId(key)).get()).data as unknown as OutboxDoc;
const notice = async (key: string) => (await h.db.collection(C.notices).doc(noticeId(key)).get()).data as { delivery: string; unread: number };
const optIn = async (openid: string, templateId = PUSH_ON.templates.reply.templateId) => {
  const { data } = await h.db.collection(C.noticeOptIns).where({ _id: optInId(openid, templateId) }).get();
  return data[0] as { available: number; spent: number } | undefined;
};
const accept = (openid: string, requestId: string, answers: Record<string, string> = { [PUSH_ON.templates.reply.templateId]: 'accept' }) =>
  h.ok<{ counted: string[] }>('notices', openid, 'recordOptIns', { requestId, answers });

describe('enqueueNotice', () => {
  it('writes the notice and its outbox entry once per dedupe key', async () => {
    expect(await enqueueReply(h.db, ALICE, 'r1', T0)).toEqual({ noticeId: noticeId('case:C1:reply:r1'), created: true });
    expect(await enqueueReply(h.db, ALICE, 'r1', T0 + 1000)).toEqual({ noticeId: noticeId('case:C1:reply:r1'), created: false });
    expect((await h.db.collection(C.notices).count()).total).toBe(1);
    expect((await h.db.collection(C.noticeOutbox).count()).total).toBe(1);
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'queued', attempts: 0, dueAt: T0, owner: ALICE, optIn: null });
  });

  it('push: false writes the notice only, shown in the app', async () => {
    await h.db.runTransaction((tx) => enqueueNotice(tx, { dedupeKey: 'k:quiet', openid: ALICE, templateKey: 'result', title: 't', body: 'b', page: null, fields: {}, now: T0, push: false }));
    expect(await notice('k:quiet')).toMatchObject({ delivery: 'in_app', unread: 1 });
    expect((await h.db.collection(C.noticeOutbox).count()).total).toBe(0);
  });
});

describe('deliverOutbox', () => {
  it('with push off (the default) nothing is sent and every notice is shown in the app only', async () => {
    await enqueueReply(h.db, ALICE, 'r1', T0);
    const n = scripted();
    expect(await deliverOutbox(h.db, T0, { ...RUN, notifier: n })).toMatchObject({ sent: 0, notPushed: 1 });
    expect(n.calls).toHaveLength(0);
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'not_pushed', reason: 'push_off' });
    expect(await notice('case:C1:reply:r1')).toMatchObject({ delivery: 'in_app' });
  });

  it('without an accepted opt-in WeChat is not called at all', async () => {
    await turnPushOn(h.db);
    await enqueueReply(h.db, ALICE, 'r1', T0);
    const n = scripted();
    expect(await deliverOutbox(h.db, T0, { ...RUN, notifier: n })).toMatchObject({ sent: 0, notPushed: 1 });
    expect(n.calls).toHaveLength(0);
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'not_pushed', reason: 'no_opt_in', attempts: 0 });
  });

  it('spends one accepted opt-in per message: one accept, two replies → one pushed, one in the app', async () => {
    await turnPushOn(h.db);
    expect(await accept(ALICE, 'optin-000001')).toEqual({ counted: ['reply'] });
    await enqueueReply(h.db, ALICE, 'r1', T0);
    await enqueueReply(h.db, ALICE, 'r2', T0 + 1);
    const n = scripted();
    expect(await deliverOutbox(h.db, T0 + 1, { ...RUN, notifier: n })).toMatchObject({ sent: 1, notPushed: 1 });
    expect(n.calls).toEqual([
      {
        touser: ALICE,
        templateId: 'tplReply0001',
        page: 'packages/service/pages/case/index?id=C1',
        data: { thing1: { value: '投诉：配送延误' }, thing2: { value: '已联系配送员，今天下午补送。' }, time3: { value: '2026年12月02日 10:00' } },
        miniprogramState: 'formal',
      },
    ]);
    expect(await optIn(ALICE)).toMatchObject({ available: 0, spent: 1 });
    expect(await notice('case:C1:reply:r1')).toMatchObject({ delivery: 'pushed' });
    expect(await entry('case:C1:reply:r2')).toMatchObject({ status: 'not_pushed', reason: 'no_opt_in' });
    // Another run finds nothing to do.
    expect(await deliverOutbox(h.db, T0 + 60_000, { ...RUN, notifier: n })).toMatchObject({ sent: 0, notPushed: 0, retried: 0 });
    expect(n.calls).toHaveLength(1);
  });

  it('43101: not pushed, shown in the app, and the opt-in is gone', async () => {
    await turnPushOn(h.db);
    await accept(ALICE, 'optin-000001');
    await enqueueReply(h.db, ALICE, 'r1', T0);
    const n = scripted({ kind: 'refused', code: 43101 });
    expect(await deliverOutbox(h.db, T0, { ...RUN, notifier: n })).toMatchObject({ sent: 0, notPushed: 1 });
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'not_pushed', reason: 'refused', code: 43101 });
    expect(await notice('case:C1:reply:r1')).toMatchObject({ delivery: 'in_app' });
    expect(await optIn(ALICE)).toMatchObject({ available: 0, spent: 1 });
  });

  it('a bad request fails for good and gives the opt-in back', async () => {
    await turnPushOn(h.db);
    await accept(ALICE, 'optin-000001');
    await enqueueReply(h.db, ALICE, 'r1', T0);
    const n = scripted({ kind: 'bad_request', code: 47003, message: 'argument invalid! data.thing2.value' });
    expect(await deliverOutbox(h.db, T0, { ...RUN, notifier: n })).toMatchObject({ failed: 1 });
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'failed', reason: 'bad_request', code: 47003 });
    expect(await optIn(ALICE)).toMatchObject({ available: 1, spent: 0 });
  });

  it('transient failures are retried on the backoff schedule and the message goes out once, spending one opt-in', async () => {
    await turnPushOn(h.db);
    await accept(ALICE, 'optin-000001');
    await enqueueReply(h.db, ALICE, 'r1', T0);
    const busy: SendResult = { kind: 'transient', code: -1, message: 'system busy' };
    const n = scripted(busy, busy);
    expect(await deliverOutbox(h.db, T0, { ...RUN, notifier: n })).toMatchObject({ retried: 1 });
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'queued', attempts: 1, dueAt: T0 + 60_000, optIn: 'tplReply0001' });
    // Not due yet: nothing happens.
    expect(await deliverOutbox(h.db, T0 + 59_999, { ...RUN, notifier: n })).toMatchObject({ retried: 0, sent: 0 });
    expect(await deliverOutbox(h.db, T0 + 60_000, { ...RUN, notifier: n })).toMatchObject({ retried: 1 });
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'queued', attempts: 2, dueAt: T0 + 60_000 + 120_000 });
    expect(await deliverOutbox(h.db, T0 + 180_000, { ...RUN, notifier: n })).toMatchObject({ sent: 1 });
    expect(n.calls).toHaveLength(3);
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'sent', attempts: 3, sentAt: T0 + 180_000 });
    expect(await optIn(ALICE)).toMatchObject({ available: 0, spent: 1 });
    expect(await deliverOutbox(h.db, T0 + 3_600_000, { ...RUN, notifier: n })).toMatchObject({ sent: 0 });
    expect(n.calls).toHaveLength(3);
  });

  it('a thrown notifier error counts as transient, and the retries end in failed', async () => {
    await turnPushOn(h.db);
    await accept(ALICE, 'optin-000001');
    await enqueueReply(h.db, ALICE, 'r1', T0);
    let calls = 0;
    const broken: Notifier = {
      send: async () => {
        calls += 1;
        throw new Error('socket hang up');
      },
    };
    let now = T0;
    for (let i = 0; i < PUSH_ON.retry.maxAttempts; i += 1) {
      await deliverOutbox(h.db, now, { ...RUN, notifier: broken });
      now += 3_600_000;
    }
    expect(calls).toBe(PUSH_ON.retry.maxAttempts);
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'failed', reason: 'retries_exhausted', attempts: PUSH_ON.retry.maxAttempts });
    await deliverOutbox(h.db, now, { ...RUN, notifier: broken });
    expect(calls).toBe(PUSH_ON.retry.maxAttempts);
  });

  it('two overlapping runs send each message once', async () => {
    await turnPushOn(h.db);
    for (let i = 0; i < 6; i += 1) {
      await accept(`o-c${i}`, `optin-00000${i}`);
      await enqueueReply(h.db, `o-c${i}`, `r${i}`, T0);
    }
    const calls: string[] = [];
    // Each send yields, so the two runs interleave at every step.
    const slow: Notifier = {
      async send(m) {
        calls.push(m.touser);
        await new Promise((r) => setTimeout(r, 2));
        return { kind: 'sent' };
      },
    };
    const [a, b] = await Promise.all([deliverOutbox(h.db, T0, { ...RUN, notifier: slow }), deliverOutbox(h.db, T0, { ...RUN, notifier: slow })]);
    expect(calls.sort()).toEqual(['o-c0', 'o-c1', 'o-c2', 'o-c3', 'o-c4', 'o-c5']);
    expect(a.sent + b.sent).toBe(6);
    expect(a.lost + b.lost).toBe(6);
  });

  it('stops starting sends when the budget is spent', async () => {
    await turnPushOn(h.db);
    await accept(ALICE, 'optin-000001');
    await enqueueReply(h.db, ALICE, 'r1', T0);
    const n = scripted();
    expect(await deliverOutbox(h.db, T0, { budgetMs: -1, max: 50, notifier: n })).toMatchObject({ sent: 0, budgetExhausted: true });
    expect(n.calls).toHaveLength(0);
    expect(await entry('case:C1:reply:r1')).toMatchObject({ status: 'queued' });
  });
});

describe('a process killed between sending and marking', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'freshpal-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends once: the entry becomes unknown and is not resent, and later messages still go out', async () => {
    const sentFile = join(dir, 'sent.jsonl');
    let db = await openFreshPalDb(dir);
    await turnPushOn(db);
    await db.collection(C.noticeOptIns).doc(optInId(ALICE, 'tplReply0001')).set({ data: { owner: ALICE, templateId: 'tplReply0001', available: 2, accepted: 2, spent: 0, updatedAt: T0 } });
    await enqueueReply(db, ALICE, 'r1', T0);
    await db.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'noticesCrashChild.ts'), dir, sentFile, String(T0)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    expect({ exit, stderr: stderr.slice(0, 500) }).toEqual({ exit: { code: null, signal: 'SIGKILL' }, stderr: '' });
    expect(readFileSync(sentFile, 'utf8').trim().split('\n')).toHaveLength(1);

    forgetConfig();
    db = await openFreshPalDb(dir);
    try {
      const appending: Notifier = {
        async send(m) {
          appendFileSync(sentFile, `${JSON.stringify(m)}\n`);
          return { kind: 'sent' };
        },
      };
      const get = async (key: string) => (await db.collection(C.noticeOutbox).doc(noticeId(key)).get()).data as unknown as OutboxDoc;
      expect(await get('case:C1:reply:r1')).toMatchObject({ status: 'sending', attempts: 1 });
      // Within the lease nothing is touched; after it, the entry is unknown and not sent again.
      expect(await deliverOutbox(db, T0 + 1000, { ...RUN, notifier: appending })).toMatchObject({ unknown: 0, sent: 0 });
      const after = T0 + PUSH_ON.leaseSeconds * 1000 + 1;
      expect(await deliverOutbox(db, after, { ...RUN, notifier: appending })).toMatchObject({ unknown: 1, sent: 0 });
      expect(await get('case:C1:reply:r1')).toMatchObject({ status: 'unknown', reason: 'lease_expired' });
      expect(((await db.collection(C.notices).doc(noticeId('case:C1:reply:r1')).get()).data as { delivery: string }).delivery).toBe('unknown');
      expect(await deliverOutbox(db, after + 3_600_000, { ...RUN, notifier: appending })).toMatchObject({ unknown: 0, sent: 0 });
      expect(readFileSync(sentFile, 'utf8').trim().split('\n')).toHaveLength(1);

      await enqueueReply(db, ALICE, 'r2', after);
      expect(await deliverOutbox(db, after + 1, { ...RUN, notifier: appending })).toMatchObject({ sent: 1 });
      const lines = readFileSync(sentFile, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[1] as string)).toMatchObject({ touser: ALICE, templateId: 'tplReply0001' });
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('the notices function', () => {
  it("lists the caller's own notices, newest first, paged, with unread counts and read marks", async () => {
    for (let i = 0; i < 3; i += 1) await enqueueReply(h.db, ALICE, `a${i}`, T0 + i * 1000);
    await enqueueReply(h.db, BOB, 'b0', T0 + 5000);
    const first = await h.ok<Page<NoticeView>>('notices', ALICE, 'list', { page: 0, pageSize: 2 });
    expect(first.items.map((n) => n.body.slice(0, 5))).toEqual(['回复 a2', '回复 a1']);
    expect(first.hasMore).toBe(true);
    expect(first.items[0]).toMatchObject({ kind: 'reply', title: '客服回复了您的反馈', read: false, delivery: 'pending', page: 'packages/service/pages/case/index?id=C1', createdAt: T0 + 2000 });
    const second = await h.ok<Page<NoticeView>>('notices', ALICE, 'list', { page: 1, pageSize: 2 });
    expect(second.items.map((n) => n.body.slice(0, 5))).toEqual(['回复 a0']);
    expect(second.hasMore).toBe(false);
    expect(await h.ok('notices', ALICE, 'unreadCount')).toEqual({ unread: 3 });

    const bobsId = noticeId('case:C1:reply:b0');
    expect(await h.ok('notices', ALICE, 'markRead', { ids: [first.items[0]!.id, bobsId] })).toEqual({ unread: 2 });
    // Another's notice is not touched by an id guessed into the request.
    expect(await h.ok('notices', BOB, 'unreadCount')).toEqual({ unread: 1 });
    expect(await h.ok('notices', ALICE, 'markRead', { ids: [first.items[0]!.id] })).toEqual({ unread: 2 });
    expect(await h.ok('notices', ALICE, 'markRead', { all: true })).toEqual({ unread: 0 });
    expect(await h.ok('notices', BOB, 'unreadCount')).toEqual({ unread: 1 });
    expect((await h.ok<Page<NoticeView>>('notices', BOB, 'list', {})).items.map((n) => n.id)).toEqual([bobsId]);
  });

  it('templates: nothing to ask for until push is configured, then the ids by key', async () => {
    expect(await h.ok('notices', ALICE, 'templates')).toEqual({ pushConfigured: false, templates: { reply: null, result: null, breach: null } });
    await turnPushOn(h.db);
    expect(await h.ok('notices', ALICE, 'templates')).toMatchObject({
      pushConfigured: true,
      templates: { reply: { templateId: 'tplReply0001', title: '反馈回复通知' }, result: { templateId: 'tplResult0001', title: '处理结果通知' } },
    });
  });

  it('recordOptIns counts only accepts of configured templates, once per request id', async () => {
    await turnPushOn(h.db);
    const answers = { tplReply0001: 'accept', tplResult0001: 'reject', someoneElses01: 'accept' };
    expect(await accept(ALICE, 'optin-000001', answers)).toEqual({ counted: ['reply'] });
    expect(await accept(ALICE, 'optin-000001', answers)).toEqual({ counted: ['reply'] });
    expect(await optIn(ALICE)).toMatchObject({ available: 1 });
    expect(await optIn(ALICE, 'tplResult0001')).toBeUndefined();
    expect(await optIn(ALICE, 'someoneElses01')).toBeUndefined();
    // The same id with other answers is refused and counts nothing.
    expect(await h.call('notices', ALICE, { action: 'recordOptIns', payload: { requestId: 'optin-000001', answers: { tplResult0001: 'accept' } } })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST.ID_REUSED' },
    });
    expect(await optIn(ALICE, 'tplResult0001')).toBeUndefined();
    // A new request adds one more message; a ban or filter counts nothing.
    expect(await accept(ALICE, 'optin-000002', { tplReply0001: 'accept', tplResult0001: 'ban' })).toEqual({ counted: ['reply'] });
    expect(await accept(ALICE, 'optin-000003', { tplResult0001: 'filter' })).toEqual({ counted: [] });
    expect(await optIn(ALICE)).toMatchObject({ available: 2 });
    // Bob's opt-ins are his own.
    expect(await optIn(BOB)).toBeUndefined();
  });

  it('recordOptIns with push off counts nothing', async () => {
    expect(await accept(ALICE, 'optin-000001', { [`PLACEHOLDER-reply`]: 'accept' })).toEqual({ counted: [] });
    expect(await h.call('notices', ALICE, { action: 'recordOptIns', payload: { requestId: 'optin-000002', answers: { a1: 'accept', a2: 'accept', a3: 'accept', a4: 'accept' } } })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST.INVALID' },
    });
    for (const payload of [{}, { ids: [noticeId('x')], all: true }, { all: false }, { ids: [] }, { ids: ['not-a-notice-id'] }]) {
      expect(await h.call('notices', ALICE, { action: 'markRead', payload })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    }
  });
});

describe('the WeChat adapter', () => {
  const message: SubscribeMessage = { touser: 'o1', templateId: 't1', page: 'pages/card/index', data: { thing1: { value: 'x' } }, miniprogramState: 'formal' };

  it('passes the message with lang and maps the answers', async () => {
    const seen: unknown[] = [];
    const cloud = (answer: () => Promise<{ errCode?: number; errMsg?: string }>) => ({
      openapi: {
        subscribeMessage: {
          send: (opts: unknown) => {
            seen.push(opts);
            return answer();
          },
        },
      },
    });
    expect(await wxNotifier(cloud(async () => ({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }))).send(message)).toEqual({ kind: 'sent' });
    expect(seen[0]).toEqual({ ...message, lang: 'zh_CN' });
    expect(await wxNotifier(cloud(() => Promise.reject(Object.assign(new Error('user refuse to accept the msg'), { errCode: 43101 })))).send(message)).toEqual({ kind: 'refused', code: 43101 });
    expect(await wxNotifier(cloud(() => Promise.reject({ errCode: 47003, errMsg: 'argument invalid! data.thing1.value' }))).send(message)).toMatchObject({ kind: 'bad_request', code: 47003 });
    expect(await wxNotifier(cloud(() => Promise.reject(new Error('ETIMEDOUT')))).send(message)).toMatchObject({ kind: 'transient', code: null });
    expect(await wxNotifier(cloud(async () => ({ errCode: -1, errMsg: 'system error' }))).send(message)).toMatchObject({ kind: 'transient', code: -1 });
    expect(await wxNotifier({}).send(message)).toMatchObject({ kind: 'transient' });
  });
});

describe('the local notifier', () => {
  it('records to the data folder and says it did not send', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'freshpal-notifier-'));
    try {
      const { localNotifier, LOCAL_SENT_FILE } = await import('../../local/notifier');
      const lines: string[] = [];
      const n = localNotifier(dir, (line) => lines.push(line));
      expect(await n.send({ touser: 'o1', templateId: 't1', data: {}, miniprogramState: 'formal' })).toEqual({ kind: 'sent' });
      expect(existsSync(join(dir, LOCAL_SENT_FILE))).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, LOCAL_SENT_FILE), 'utf8'))).toMatchObject({ touser: 'o1', templateId: 't1' });
      expect(lines[0]).toMatch(/NOT sent to WeChat/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
