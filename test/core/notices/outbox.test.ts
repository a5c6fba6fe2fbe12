import {
  afterSend,
  backoffMs,
  canMove,
  classifySendError,
  defaultNotificationsConfig,
  deliveryOf,
  isFinal,
  notificationsConfigSchema,
  pushConfigured,
  templateKeyOf,
  TRANSITIONS,
  type OutboxStatus,
} from '../../../cloudfunctions/core/notices';

const policy = { maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 600 };
const NOW = Date.parse('2026-12-02T02:00:00Z');

describe('send results', () => {
  it.each([
    [43101, 'refused'],
    [47003, 'bad_request'],
    [41030, 'bad_request'],
    [40037, 'bad_request'],
    [-1, 'transient'],
    [45009, 'transient'],
    [null, 'transient'],
  ] as const)('code %s is %s', (code, kind) => {
    expect(classifySendError(code, 'x').kind).toBe(kind);
  });
});

describe('backoff', () => {
  it('doubles from the base and stops at the cap, the same every time', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, policy) / 1000)).toEqual([60, 120, 240, 480, 600, 600]);
    expect(backoffMs(3, policy)).toBe(backoffMs(3, policy));
    expect(backoffMs(1000, policy)).toBe(600_000);
  });
});

describe('after a send', () => {
  it('a transient failure is retried on the schedule until the last attempt', () => {
    expect(afterSend(1, { kind: 'transient', code: -1, message: 'busy' }, NOW, policy)).toEqual({ status: 'queued', reason: null, code: -1, dueAt: NOW + 60_000, refundOptIn: false });
    expect(afterSend(2, { kind: 'transient', code: null, message: 'ECONNRESET' }, NOW, policy).dueAt).toBe(NOW + 120_000);
    expect(afterSend(5, { kind: 'transient', code: null, message: 'x' }, NOW, policy)).toMatchObject({ status: 'failed', reason: 'retries_exhausted', dueAt: null });
  });

  it('43101 is not pushed; a bad request fails and gives the opt-in back; sent is sent', () => {
    expect(afterSend(1, { kind: 'refused', code: 43101 }, NOW, policy)).toMatchObject({ status: 'not_pushed', reason: 'refused', refundOptIn: false });
    expect(afterSend(1, { kind: 'bad_request', code: 47003, message: 'bad' }, NOW, policy)).toMatchObject({ status: 'failed', reason: 'bad_request', refundOptIn: true });
    expect(afterSend(3, { kind: 'sent' }, NOW, policy)).toMatchObject({ status: 'sent', dueAt: null });
  });

  it('every status it produces is reachable from sending', () => {
    const results = [{ kind: 'sent' }, { kind: 'refused', code: 43101 }, { kind: 'bad_request', code: 47003, message: '' }, { kind: 'transient', code: 1, message: '' }] as const;
    for (const attempts of [1, 5]) for (const r of results) expect(canMove('sending', afterSend(attempts, r, NOW, policy).status)).toBe(true);
  });
});

describe('status transitions', () => {
  const all = Object.keys(TRANSITIONS) as OutboxStatus[];

  it('nothing goes back to sending except a queued entry, so an unknown send is never repeated', () => {
    for (const from of all) expect({ from, ok: canMove(from, 'sending') }).toEqual({ from, ok: from === 'queued' });
    expect(canMove('unknown', 'queued')).toBe(false);
  });

  it('final states have no way out; their delivery is settled', () => {
    expect(all.filter(isFinal).sort()).toEqual(['failed', 'not_pushed', 'sent']);
    expect(all.map((s) => [s, deliveryOf(s)])).toEqual([
      ['queued', 'pending'],
      ['sending', 'pending'],
      ['unknown', 'unknown'],
      ['sent', 'pushed'],
      ['not_pushed', 'in_app'],
      ['failed', 'in_app'],
    ]);
  });
});

describe('notifications config', () => {
  it('the defaults validate and leave push off', () => {
    expect(notificationsConfigSchema.parse(defaultNotificationsConfig)).toEqual(defaultNotificationsConfig);
    expect(pushConfigured(defaultNotificationsConfig)).toBe(false);
    expect(templateKeyOf(defaultNotificationsConfig, defaultNotificationsConfig.templates.reply.templateId)).toBeNull();
  });

  it('push on needs real template ids', () => {
    expect(notificationsConfigSchema.safeParse({ ...defaultNotificationsConfig, pushEnabled: true }).success).toBe(false);
    const real = {
      ...defaultNotificationsConfig,
      pushEnabled: true,
      templates: {
        reply: { ...defaultNotificationsConfig.templates.reply, templateId: 'tplReply01' },
        result: { ...defaultNotificationsConfig.templates.result, templateId: 'tplResult01' },
        breach: { ...defaultNotificationsConfig.templates.breach, templateId: 'tplBreach01' },
      },
    };
    const parsed = notificationsConfigSchema.parse(real);
    expect(pushConfigured(parsed)).toBe(true);
    expect(templateKeyOf(parsed, 'tplResult01')).toBe('result');
    expect(templateKeyOf(parsed, 'someoneElses')).toBeNull();
  });

  it.each([
    ['a field key WeChat does not use', { fields: { keyword1: 'subject' } }],
    ['no fields', { fields: {} }],
    ['a bad id', { templateId: 'has space' }],
  ])('refuses %s', (_label, change) => {
    const bad = { ...defaultNotificationsConfig, templates: { ...defaultNotificationsConfig.templates, reply: { ...defaultNotificationsConfig.templates.reply, ...change } } };
    expect(notificationsConfigSchema.safeParse(bad).success).toBe(false);
  });

  it('refuses two templates with one id', () => {
    const same = { ...defaultNotificationsConfig.templates.reply, templateId: 'PLACEHOLDER-result' };
    expect(notificationsConfigSchema.safeParse({ ...defaultNotificationsConfig, templates: { ...defaultNotificationsConfig.templates, reply: same } }).success).toBe(false);
  });
});
