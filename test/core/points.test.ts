import fc from 'fast-check';
import { DomainError } from '../../cloudfunctions/core/errors';
import {
  adjust,
  bringCurrent,
  defaultPointsConfig,
  earn,
  emptyAccount,
  expiresAtFor,
  lotIdFor,
  pointsConfigSchema,
  pointsForPayment,
  reconcile,
  redeem,
  refundReversal,
  reverseForRefund,
  summary,
  type Movement,
  type PointsAccount,
  type PointsConfig,
} from '../../cloudfunctions/core/points';
import { codeOf, sh } from './helpers';

const DAY = 86_400_000;
const cfg = defaultPointsConfig;
const never: PointsConfig = { ...cfg, expiry: { policy: 'never' } };
const days = (n: number, settleAfterDays = 7): PointsConfig => ({ ...cfg, settleAfterDays, expiry: { policy: 'days', days: n } });
const staff = { kind: 'staff' as const, id: 'staff-li' };


function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Runs commands in order, keeping every movement, like the service would. */
class Ledger {
  account: PointsAccount = emptyAccount();
  movements: Movement[] = [];
  constructor(readonly config: PointsConfig = cfg) {}
  private keep<R extends { account: PointsAccount; movements: Movement[] }>(r: R): R {
    this.account = deepFreeze(r.account);
    this.movements.push(...r.movements);
    return r;
  }
  earn(orderId: string, paidFen: number, completedAt: number, multiplierPct = 100, now?: number) {
    return this.keep(earn(this.account, { orderId, paidFen, multiplierPct, completedAt, now }, this.config));
  }
  tick(now: number) {
    return this.keep(bringCurrent(this.account, now));
  }
  redeem(redemptionId: string, cost: number, now: number) {
    return this.keep(redeem(this.account, { redemptionId, cost, now, reason: '兑换满100减10券' }));
  }
  refund(orderId: string, refundId: string, points: number, now: number, orderExpiresAt?: number | null) {
    return this.keep(reverseForRefund(this.account, { orderId, refundId, points, now, orderExpiresAt }));
  }
  adjust(adjustmentId: string, delta: number, now: number) {
    return this.keep(adjust(this.account, { adjustmentId, delta, now, reason: '配送延误补偿', source: staff }, this.config));
  }
  keys(): string[] {
    return this.movements.map((m) => m.key);
  }
  books() {
    return reconcile(this.account, this.movements);
  }
}

describe('points config', () => {
  it('fills every default and matches defaultPointsConfig', () => {
    expect(pointsConfigSchema.parse({})).toEqual(defaultPointsConfig);
    expect(defaultPointsConfig).toEqual({ pointsPerYuan: 1, settleAfterDays: 7, expiry: { policy: 'next_year_end' }, expiringSoonDays: 30 });
  });

  it('accepts each expiry policy', () => {
    expect(pointsConfigSchema.parse({ expiry: { policy: 'never' } }).expiry).toEqual({ policy: 'never' });
    expect(pointsConfigSchema.parse({ expiry: { policy: 'days', days: 365 } }).expiry).toEqual({ policy: 'days', days: 365 });
  });

  it.each([
    [{ extra: 1 }],
    [{ pointsPerYuan: -1 }],
    [{ pointsPerYuan: 1.5 }],
    [{ settleAfterDays: -1 }],
    [{ expiry: { policy: 'monthly' } }],
    [{ expiry: { policy: 'days' } }],
    [{ expiry: { policy: 'days', days: 0 } }],
    [{ expiry: { policy: 'days', days: 3651 } }],
    [{ expiry: { policy: 'never', days: 3 } }],
    // points that would expire before the after-sales window closes
    [{ settleAfterDays: 7, expiry: { policy: 'days', days: 6 } }],
  ])('rejects %j', (input) => {
    expect(pointsConfigSchema.safeParse(input).success).toBe(false);
  });
});

describe('rounding: earned points', () => {
  it.each([
    [9_999, 100, 1, 99], // ¥99.99 earns 99, never 100
    [10_000, 100, 1, 100],
    [12_345, 150, 1, 185], // 185.175
    [199, 120, 1, 2], // 2.388
    [99, 100, 1, 0],
    [12_345, 150, 2, 370], // 370.35
    [12_345, 150, 0, 0],
    [0, 200, 1, 0],
  ])('%i fen at %i%% and %i per yuan earns %i', (paidFen, pct, perYuan, expected) => {
    expect(pointsForPayment(paidFen, pct, { pointsPerYuan: perYuan })).toBe(expected);
  });

  it('does not lose precision on large amounts', () => {
    expect(pointsForPayment(Number.MAX_SAFE_INTEGER, 100, { pointsPerYuan: 1 })).toBe(90_071_992_547_409);
  });

  it.each([[-1], [1.5], [Number.NaN]])('refuses a paid amount of %p', (paidFen) => {
    expect(codeOf(() => pointsForPayment(paidFen, 100, cfg))).toBe('POINTS.INVALID_AMOUNT');
  });
});

describe('refundReversal', () => {
  it('splits 99 points over three partial refunds exactly', () => {
    const parts = [refundReversal(99, 10_000, 0, 3_333), refundReversal(99, 10_000, 3_333, 3_333), refundReversal(99, 10_000, 6_666, 3_334)];
    expect(parts).toEqual([33, 33, 33]);
    expect(parts.reduce((a, b) => a + b)).toBe(99);
  });

  it('keeps what remains rounded down, like earning does', () => {
    // 185 points on ¥123.45. Refunding 1 fen leaves ¥123.44 paid, worth floor(184.985) = 184 points,
    // so the first fen takes 1 point and the very last fen takes none; the total is still 185.
    expect(refundReversal(185, 12_345, 0, 1)).toBe(1);
    expect(refundReversal(185, 12_345, 12_344, 1)).toBe(0);
    expect(refundReversal(185, 12_345, 0, 12_345)).toBe(185);
    let total = 0;
    for (let r = 0; r < 12_345; r += 1) total += refundReversal(185, 12_345, r, 1);
    expect(total).toBe(185);
  });

  it('sums to exactly E over any sequence of partial refunds, and never more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
        (earned, paid, weights) => {
          const total = weights.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let reversed = 0;
          for (const [i, w] of weights.entries()) {
            const left = paid - refunded;
            if (left === 0) break;
            const fen = i === weights.length - 1 ? left : Math.min(left, Math.max(1, Math.floor((paid * w) / total)));
            const r = refundReversal(earned, paid, refunded, fen);
            expect(r).toBeGreaterThanOrEqual(0);
            refunded += fen;
            reversed += r;
            expect(reversed).toBeLessThanOrEqual(earned);
          }
          expect(refunded).toBe(paid);
          expect(reversed).toBe(earned);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it.each([
    [10, 100, 50, 51], // more than was paid
    [10, 100, 0, 0],
    [10, 0, 0, 1],
    [-1, 100, 0, 10],
  ])('refuses E=%i P=%i R0=%i r=%i', (e, p, r0, r) => {
    expect(codeOf(() => refundReversal(e, p, r0, r))).toBe('POINTS.INVALID_AMOUNT');
  });
});

describe('expiry instants (Asia/Shanghai)', () => {
  const nextYearEnd = { policy: 'next_year_end' } as const;

  it('points earned at 23:59:59.999 on 31 Dec 2026 belong to 2026 and expire as 2028 begins', () => {
    const earnedAt = sh('2026-12-31T23:59:59.999');
    const expiresAt = expiresAtFor(earnedAt, nextYearEnd);
    expect(expiresAt).toBe(sh('2028-01-01T00:00:00.000'));
    expect(expiresAt).toBe(Date.parse('2027-12-31T16:00:00.000Z'));
    expect(lotIdFor(expiresAt)).toBe('2027-12-31');
  });

  it('2026-12-31T16:00:00Z is already 1 Jan 2027 in Shanghai: a year later expiry', () => {
    const earnedAt = Date.parse('2026-12-31T16:00:00.000Z');
    expect(expiresAtFor(earnedAt, nextYearEnd)).toBe(sh('2029-01-01T00:00:00'));
    expect(lotIdFor(expiresAtFor(earnedAt, nextYearEnd))).toBe('2028-12-31');
    expect(expiresAtFor(earnedAt - 1, nextYearEnd)).toBe(sh('2028-01-01T00:00:00'));
  });

  it('counts days from the Shanghai day, not the UTC day', () => {
    // 2026-06-30T20:00Z is 1 July 04:00 in Shanghai: 30 days later is 31 July.
    const earnedAt = Date.parse('2026-06-30T20:00:00Z');
    expect(expiresAtFor(earnedAt, { policy: 'days', days: 30 })).toBe(sh('2026-08-01T00:00:00'));
    expect(lotIdFor(expiresAtFor(earnedAt, { policy: 'days', days: 30 }))).toBe('2026-07-31');
    // …and across the year end.
    expect(expiresAtFor(sh('2026-12-31T23:59:59'), { policy: 'days', days: 1 })).toBe(sh('2027-01-02T00:00:00'));
    expect(expiresAtFor(sh('2027-01-01T00:00:00'), { policy: 'days', days: 1 })).toBe(sh('2027-01-03T00:00:00'));
  });

  it('never expires under the never policy', () => {
    expect(expiresAtFor(sh('2026-05-01T10:00:00'), { policy: 'never' })).toBeNull();
    expect(lotIdFor(null)).toBe('never');
  });

  it('points are usable through 23:59:59.999 on 31 Dec and gone at 00:00:00 on 1 Jan', () => {
    const l = new Ledger();
    l.earn('o1', 12_000, sh('2026-06-01T10:00:00'));
    l.tick(sh('2027-12-31T23:59:59.999'));
    expect(l.account.available).toBe(120);
    expect(l.movements.map((m) => m.type)).toEqual(['earn', 'settle']);

    const atMidnight = bringCurrent(l.account, Date.parse('2027-12-31T16:00:00.000Z'));
    expect(atMidnight.account.available).toBe(0);
    expect(atMidnight.movements).toEqual([
      expect.objectContaining({ key: 'expire:2027-12-31', type: 'expire', at: sh('2028-01-01T00:00:00'), availableDelta: -120, expiresAt: sh('2028-01-01T00:00:00') }),
    ]);
  });
});

describe('earn and settle', () => {
  it('records a pending lot that becomes usable when the after-sales window closes', () => {
    const l = new Ledger();
    const completedAt = sh('2026-03-10T18:30:00');
    const r = l.earn('o1', 25_880, completedAt, 150);
    expect(r.points).toBe(388);
    expect(r.movements).toEqual([
      expect.objectContaining({ key: 'earn:o1', type: 'earn', at: completedAt, pendingDelta: 388, availableDelta: 0, owedDelta: 0, expiresAt: sh('2028-01-01T00:00:00') }),
    ]);
    expect(r.movements[0]?.reason).toContain('2026-03-17');
    expect(l.account.pendingLots).toEqual([
      { orderId: 'o1', points: 388, earnedAt: completedAt, usableAt: completedAt + 7 * DAY, expiresAt: sh('2028-01-01T00:00:00') },
    ]);

    expect(l.tick(completedAt + 7 * DAY - 1).movements).toEqual([]);
    expect(l.account.pending).toBe(388);
    const settled = l.tick(completedAt + 7 * DAY);
    expect(settled.movements).toEqual([
      expect.objectContaining({ key: 'settle:o1', type: 'settle', pendingDelta: -388, availableDelta: 388, owedDelta: 0 }),
    ]);
    expect(l.account).toMatchObject({ available: 388, pending: 0, lots: [{ id: '2027-12-31', remaining: 388 }] });
    expect(l.books().ok).toBe(true);
  });

  it('merges points with the same expiry into one lot', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-02-01T09:00:00'));
    l.earn('o2', 5_000, sh('2026-11-20T09:00:00'));
    l.earn('o3', 3_000, sh('2027-01-01T00:00:00'));
    l.tick(sh('2027-02-01T00:00:00'));
    expect(l.account.lots.map((x) => [x.id, x.remaining])).toEqual([
      ['2027-12-31', 150],
      ['2028-12-31', 30],
    ]);
  });

  it('makes no movement for zero points', () => {
    const r = earn(emptyAccount(), { orderId: 'o1', paidFen: 99, multiplierPct: 100, completedAt: sh('2026-03-01T10:00:00') }, cfg);
    expect(r.points).toBe(0);
    expect(r.movements).toEqual([]);
    expect(r.account.pendingLots).toEqual([]);
  });

  it('refuses to record the same pending order twice', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    expect(codeOf(() => l.earn('o1', 10_000, sh('2026-03-01T10:00:00')))).toBe('POINTS.DUPLICATE_ORDER');
  });

  it('settles at once an order recorded after its window closed', () => {
    const l = new Ledger();
    l.tick(sh('2026-03-20T12:00:00'));
    const r = l.earn('o1', 10_000, sh('2026-03-01T10:00:00'), 100, sh('2026-03-20T12:00:00'));
    expect(r.movements.map((m) => [m.key, m.at])).toEqual([
      ['earn:o1', sh('2026-03-01T10:00:00')],
      ['settle:o1', sh('2026-03-20T12:00:00')],
    ]);
    expect(l.account.available).toBe(100);
  });

  it('sends points that expired before they could be used straight from pending to expired', () => {
    const l = new Ledger(days(10));
    l.adjust('a0', 5, sh('2026-03-01T00:00:00'));
    l.redeem('x0', 5, sh('2026-03-01T00:00:00'));
    l.refund('o0', 'r0', 20, sh('2026-03-01T00:00:00')); // owed 20
    // Completed 1 March, expires as 12 March begins; recorded exactly then.
    const r = l.earn('o1', 10_000, sh('2026-03-01T10:00:00'), 100, sh('2026-03-12T00:00:00'));
    expect(r.movements.map((m) => m.key)).toEqual(['earn:o1', 'expire:order:o1']);
    expect(r.movements[1]).toMatchObject({ type: 'expire', pendingDelta: -100, availableDelta: 0, owedDelta: 0 });
    expect(l.account).toMatchObject({ available: 0, pending: 0, owed: 20 });
    expect(l.books().ok).toBe(true);
  });

  it('one millisecond earlier the same order still settles and pays what is owed', () => {
    const l = new Ledger(days(10));
    l.adjust('a0', 5, sh('2026-03-01T00:00:00'));
    l.redeem('x0', 5, sh('2026-03-01T00:00:00'));
    l.refund('o0', 'r0', 20, sh('2026-03-01T00:00:00'));
    const r = l.earn('o1', 10_000, sh('2026-03-01T10:00:00'), 100, sh('2026-03-11T23:59:59.999'));
    expect(r.movements.map((m) => m.key)).toEqual(['earn:o1', 'settle:o1']);
    expect(l.account).toMatchObject({ available: 80, owed: 0 });
    expect(l.tick(sh('2026-03-12T00:00:00')).movements.map((m) => [m.key, m.availableDelta])).toEqual([['expire:2026-03-11', -80]]);
  });

  it('bringCurrent is idempotent and independent of how often the job runs', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-12-20T10:00:00'));
    l.earn('o2', 20_000, sh('2026-12-22T23:00:00'));
    const once = bringCurrent(l.account, sh('2028-01-05T00:00:00'));
    const a = bringCurrent(l.account, sh('2026-12-27T10:00:00'));
    const b = bringCurrent(a.account, sh('2027-06-01T00:00:00'));
    const c = bringCurrent(b.account, sh('2028-01-05T00:00:00'));
    expect(c.account).toEqual(once.account);
    expect([...a.movements, ...b.movements, ...c.movements]).toEqual(once.movements);
    expect(bringCurrent(once.account, sh('2028-01-05T00:00:00')).movements).toEqual([]);
  });

  it('never runs backwards: a command dated before asOf is applied at asOf', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    l.tick(sh('2026-04-01T00:00:00'));
    const r = l.redeem('x1', 10, sh('2026-02-01T00:00:00'));
    expect(r.movements[0]?.at).toBe(sh('2026-04-01T00:00:00'));
    expect(l.account.asOf).toBe(sh('2026-04-01T00:00:00'));
  });

  it('does not mutate its input', () => {
    const account = deepFreeze(earn(emptyAccount(), { orderId: 'o1', paidFen: 10_000, multiplierPct: 100, completedAt: sh('2026-03-01T10:00:00') }, cfg).account);
    const snapshot = JSON.stringify(account);
    bringCurrent(account, sh('2026-04-01T00:00:00'));
    redeem(bringCurrent(account, sh('2026-04-01T00:00:00')).account, { redemptionId: 'x', cost: 10, now: sh('2026-04-01T00:00:00'), reason: '兑换' });
    reverseForRefund(account, { orderId: 'o1', refundId: 'r1', points: 30, now: sh('2026-03-02T00:00:00') });
    adjust(account, { adjustmentId: 'a', delta: 5, now: sh('2026-03-02T00:00:00'), reason: '补偿', source: staff }, cfg);
    expect(JSON.stringify(account)).toBe(snapshot);
  });

  it('refuses bad input', () => {
    const base = { orderId: 'o1', paidFen: 100, multiplierPct: 100, completedAt: sh('2026-03-01T10:00:00') };
    expect(codeOf(() => earn(emptyAccount(), { ...base, orderId: '' }, cfg))).toBe('POINTS.INVALID_INPUT');
    expect(codeOf(() => earn(emptyAccount(), { ...base, completedAt: Number.NaN }, cfg))).toBe('POINTS.INVALID_INPUT');
    expect(codeOf(() => earn(emptyAccount(), { ...base, paidFen: 10.5 }, cfg))).toBe('POINTS.INVALID_AMOUNT');
    expect(codeOf(() => earn(emptyAccount(), { ...base, multiplierPct: -100 }, cfg))).toBe('POINTS.INVALID_AMOUNT');
    expect(codeOf(() => bringCurrent(emptyAccount(), 1.5))).toBe('POINTS.INVALID_INPUT');
  });
});

describe('redeem', () => {
  it('refuses more than is available, counting pending points as not yet usable', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    let caught: unknown;
    try {
      l.redeem('x1', 50, sh('2026-03-05T10:00:00'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'POINTS.INSUFFICIENT_BALANCE', message: '积分不足', details: { available: 0, cost: 50 } });
  });

  it('brings the account current first, so it works even if the settle job has not run', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    const r = l.redeem('x1', 100, sh('2026-03-08T10:00:00'));
    expect(r.movements.map((m) => m.key)).toEqual(['settle:o1', 'redeem:x1']);
    expect(r.movements[1]).toMatchObject({ type: 'redeem', availableDelta: -100, source: { kind: 'redemption', id: 'x1' }, reason: '兑换满100减10券' });
    expect(l.account.available).toBe(0);
    expect(l.account.lots).toEqual([]);
  });

  it('consumes the soonest-expiring points first and never-expiring ones last', () => {
    const l = new Ledger();
    l.earn('o2026', 10_000, sh('2026-05-01T10:00:00')); // lot 2027-12-31
    l.earn('o2027', 20_000, sh('2027-01-10T10:00:00')); // lot 2028-12-31
    l.tick(sh('2027-02-01T00:00:00'));
    l.account = deepFreeze(adjust(l.account, { adjustmentId: 'gift', delta: 50, now: sh('2027-02-01T00:00:00'), reason: '老客户礼', source: staff }, never).account);
    expect(l.account.lots.map((x) => [x.id, x.remaining])).toEqual([
      ['2027-12-31', 100],
      ['2028-12-31', 200],
      ['never', 50],
    ]);
    const r = redeem(l.account, { redemptionId: 'x1', cost: 320, now: sh('2027-02-02T00:00:00'), reason: '兑换' });
    expect(r.consumed.map((p) => [p.lotId, p.points])).toEqual([
      ['2027-12-31', 100],
      ['2028-12-31', 200],
      ['never', 20],
    ]);
    expect(r.account.lots.map((x) => [x.id, x.remaining])).toEqual([['never', 30]]);
  });

  it.each([[0], [-5], [1.5]])('refuses a cost of %p', (cost) => {
    expect(codeOf(() => redeem(emptyAccount(), { redemptionId: 'x', cost, now: 0, reason: '兑换' }))).toBe('POINTS.INVALID_AMOUNT');
  });

  it('needs an id and a reason', () => {
    expect(codeOf(() => redeem(emptyAccount(), { redemptionId: '', cost: 1, now: 0, reason: '兑换' }))).toBe('POINTS.INVALID_INPUT');
    expect(codeOf(() => redeem(emptyAccount(), { redemptionId: 'x', cost: 1, now: 0, reason: '  ' }))).toBe('POINTS.INVALID_INPUT');
  });
});

describe('expire', () => {
  it('takes only the points still unspent in the lot', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-05-01T10:00:00'));
    l.redeem('x1', 70, sh('2026-06-01T10:00:00'));
    const r = l.tick(sh('2028-01-01T00:00:00'));
    expect(r.movements).toEqual([expect.objectContaining({ key: 'expire:2027-12-31', availableDelta: -30, source: { kind: 'system', id: '2027-12-31' } })]);
    expect(l.account.available).toBe(0);
    expect(l.books().ok).toBe(true);
  });

  it('leaves later lots alone', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-05-01T10:00:00'));
    l.earn('o2', 5_000, sh('2027-05-01T10:00:00'));
    l.tick(sh('2028-01-01T00:00:00'));
    expect(l.account.lots).toEqual([{ id: '2028-12-31', expiresAt: sh('2029-01-01T00:00:00'), remaining: 50 }]);
  });
});

describe('reverseForRefund', () => {
  it('takes from the order’s pending lot first', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    l.earn('o2', 10_000, sh('2026-03-02T10:00:00'));
    const r = l.refund('o2', 'r1', refundReversal(100, 10_000, 0, 4_000), sh('2026-03-03T10:00:00'));
    expect(r).toMatchObject({ fromPending: 40, fromAvailable: 0, owed: 0 });
    expect(r.movements).toEqual([
      expect.objectContaining({ key: 'refund:o2:r1', type: 'refund_reversal', pendingDelta: -40, availableDelta: 0, owedDelta: 0, source: { kind: 'refund', id: 'r1' } }),
    ]);
    expect(l.account.pendingLots.map((p) => [p.orderId, p.points])).toEqual([
      ['o1', 100],
      ['o2', 60],
    ]);
  });

  it('repeated partial refunds reverse exactly what was earned, and a fully reversed order never settles', () => {
    const l = new Ledger();
    const paid = 12_345;
    const { points: earned } = l.earn('o1', paid, sh('2026-03-01T10:00:00'), 150);
    expect(earned).toBe(185);
    let refunded = 0;
    let reversed = 0;
    for (const [i, fen] of [1_000, 2_345, 4_000, 5_000].entries()) {
      const points = refundReversal(earned, paid, refunded, fen);
      l.refund('o1', `r${i}`, points, sh('2026-03-02T10:00:00') + i);
      refunded += fen;
      reversed += points;
    }
    expect(reversed).toBe(185);
    expect(l.account.pendingLots).toEqual([]);
    expect(l.account.pending).toBe(0);
    expect(l.tick(sh('2026-04-01T00:00:00')).movements).toEqual([]);
    expect(l.books().ok).toBe(true);
  });

  it('after settlement takes from the order’s own expiry lot before sooner ones', () => {
    const l = new Ledger();
    l.earn('o2026', 10_000, sh('2026-12-01T10:00:00')); // lot 2027-12-31
    const o2027 = l.earn('o2027', 10_000, sh('2027-01-02T10:00:00')); // lot 2028-12-31
    l.tick(sh('2027-02-01T00:00:00'));
    const own = o2027.movements.find((m) => m.key === 'earn:o2027')?.expiresAt;
    const r = l.refund('o2027', 'r1', 60, sh('2027-02-01T00:00:00'), own);
    expect(r).toMatchObject({ fromPending: 0, fromAvailable: 60, owed: 0 });
    expect(l.account.lots.map((x) => [x.id, x.remaining])).toEqual([
      ['2027-12-31', 100],
      ['2028-12-31', 40],
    ]);
  });

  it('without the order’s expiry takes soonest-expiring points first', () => {
    const l = new Ledger();
    l.earn('o2026', 10_000, sh('2026-12-01T10:00:00'));
    l.earn('o2027', 10_000, sh('2027-01-02T10:00:00'));
    l.tick(sh('2027-02-01T00:00:00'));
    l.refund('o2027', 'r1', 130, sh('2027-02-01T00:00:00'));
    expect(l.account.lots.map((x) => [x.id, x.remaining])).toEqual([['2028-12-31', 70]]);
  });

  it('turns points already spent into owed, shown on the card and recovered from later credits', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    l.redeem('x1', 80, sh('2026-03-09T10:00:00'));
    const r = l.refund('o1', 'r1', 100, sh('2026-03-10T10:00:00'));
    expect(r).toMatchObject({ fromPending: 0, fromAvailable: 20, owed: 80 });
    expect(r.movements[0]).toMatchObject({ availableDelta: -20, pendingDelta: 0, owedDelta: 80 });
    expect(r.movements[0]?.reason).toContain('80分已使用');
    expect(summary(l.account, sh('2026-03-10T10:00:00'), cfg)).toMatchObject({ available: 0, pending: 0, owed: 80 });

    // A later settlement pays what is owed first.
    l.earn('o2', 5_000, sh('2026-03-11T10:00:00'));
    const s = l.tick(sh('2026-03-18T10:00:00'));
    expect(s.movements).toEqual([expect.objectContaining({ key: 'settle:o2', pendingDelta: -50, availableDelta: 0, owedDelta: -50 })]);
    expect(l.account).toMatchObject({ available: 0, owed: 30 });

    // So does a positive adjustment; the rest becomes usable.
    const a = l.adjust('a1', 50, sh('2026-03-19T10:00:00'));
    expect(a.movements).toEqual([expect.objectContaining({ key: 'adjust:a1', availableDelta: 20, owedDelta: -30, source: staff })]);
    expect(l.account).toMatchObject({ available: 20, owed: 0 });
    expect(l.books().ok).toBe(true);
  });

  it('reverses nothing for zero points', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-03-01T10:00:00'));
    expect(l.refund('o1', 'r1', 0, sh('2026-03-02T10:00:00')).movements).toEqual([]);
  });

  it('refuses negative points', () => {
    expect(codeOf(() => reverseForRefund(emptyAccount(), { orderId: 'o', refundId: 'r', points: -1, now: 0 }))).toBe('POINTS.INVALID_AMOUNT');
  });
});

describe('adjust', () => {
  it('credits a lot expiring by the policy counted from now', () => {
    const l = new Ledger(days(90));
    const r = l.adjust('a1', 30, sh('2026-12-31T23:59:59'));
    expect(r.movements[0]).toMatchObject({ key: 'adjust:a1', type: 'adjust', availableDelta: 30, expiresAt: sh('2027-04-01T00:00:00'), reason: '配送延误补偿' });
    expect(l.account.lots).toEqual([{ id: '2027-03-31', expiresAt: sh('2027-04-01T00:00:00'), remaining: 30 }]);
  });

  it('debits soonest-expiring first and refuses more than available', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-05-01T10:00:00'));
    l.earn('o2', 10_000, sh('2027-05-01T10:00:00'));
    l.tick(sh('2027-06-01T00:00:00'));
    expect(codeOf(() => l.adjust('a1', -201, sh('2027-06-01T00:00:00')))).toBe('POINTS.INSUFFICIENT_BALANCE');
    l.adjust('a2', -120, sh('2027-06-01T00:00:00'));
    expect(l.account.lots.map((x) => [x.id, x.remaining])).toEqual([['2028-12-31', 80]]);
  });

  it('refuses a zero or fractional delta and an empty reason', () => {
    const base = { adjustmentId: 'a', now: 0, reason: '补偿', source: staff };
    expect(codeOf(() => adjust(emptyAccount(), { ...base, delta: 0 }, cfg))).toBe('POINTS.INVALID_AMOUNT');
    expect(codeOf(() => adjust(emptyAccount(), { ...base, delta: 1.5 }, cfg))).toBe('POINTS.INVALID_AMOUNT');
    expect(codeOf(() => adjust(emptyAccount(), { ...base, delta: 5, reason: '' }, cfg))).toBe('POINTS.INVALID_INPUT');
  });
});

describe('summary', () => {
  it('shows the next points to arrive and the points about to expire', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-12-01T09:00:00'));
    l.earn('o2', 5_000, sh('2027-11-20T09:00:00'));
    l.earn('o3', 2_000, sh('2027-11-20T21:00:00'));
    l.earn('o4', 9_000, sh('2027-11-25T21:00:00'));
    const s = summary(l.account, sh('2027-12-02T00:00:00'), cfg);
    expect(s).toEqual({
      available: 170, // o1 + o2 + o3 settled
      pending: 90,
      owed: 0,
      nextUsable: { points: 90, on: '2027-12-02' },
      // exactly 30 days before 1 Jan 2028 00:00: the 2027-12-31 lot counts as expiring soon
      expiringSoon: { points: 100, on: '2027-12-31', totalWithinWindow: 100 },
    });
    expect(summary(l.account, sh('2027-12-01T23:59:59'), cfg).expiringSoon).toBeNull();
  });

  it('is empty for a new account', () => {
    expect(summary(emptyAccount(), 0, cfg)).toEqual({ available: 0, pending: 0, owed: 0, nextUsable: null, expiringSoon: null });
  });
});

describe('reconcile', () => {
  it('agrees with a real history and keys are unique', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-05-01T10:00:00'));
    l.redeem('x1', 40, sh('2026-05-09T10:00:00'));
    l.refund('o1', 'r1', 100, sh('2026-05-10T10:00:00'));
    l.adjust('a1', 80, sh('2026-05-11T10:00:00'));
    l.tick(sh('2028-01-01T00:00:00'));
    const r = l.books();
    expect(r).toEqual({ ok: true, expected: r.actual, actual: { available: 0, pending: 0, owed: 0 }, problems: [] });
    expect(new Set(l.keys()).size).toBe(l.keys().length);
  });

  it('catches a tampered account, a lost movement and a duplicate key', () => {
    const l = new Ledger();
    l.earn('o1', 10_000, sh('2026-05-01T10:00:00'));
    l.tick(sh('2026-05-09T10:00:00'));
    expect(reconcile({ ...l.account, available: 101 }, l.movements).ok).toBe(false);
    expect(reconcile(l.account, l.movements.slice(1)).ok).toBe(false);
    const dup = reconcile(l.account, [...l.movements, { ...(l.movements[0] as Movement), pendingDelta: 0 }]);
    expect(dup.ok).toBe(false);
    expect(dup.problems).toContain('duplicate movement key earn:o1');
    expect(reconcile({ ...l.account, lots: [] }, l.movements).problems).toContain('lots hold 0, available is 100');
  });
});
