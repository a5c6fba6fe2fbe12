import {
  allowedCaseEvents,
  CASE_EVENTS,
  CASE_STATUSES,
  caseTransition,
  type CaseEvent,
  type CaseForTransition,
  type CaseStatus,
} from '../../../cloudfunctions/core/cases/stateMachine';
import { checkRating, surveyOffer, isLowSurvey, checkCompensationPoints, compensationKey, defaultCaseConfig } from '../../../cloudfunctions/core/cases/rules';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T02:00:00Z');
const CTX = { now: NOW, reopenWindowMs: 7 * DAY };

/**
 * The expected machine, written out independently of the module's table. `when` narrows a legal pair;
 * outside it the pair is refused with `otherwise`.
 */
interface Expected { to: CaseStatus | 'same'; when?: (c: CaseForTransition) => boolean; otherwise?: string }
const withinWindow = (c: CaseForTransition) => c.resolvedAt !== null && NOW - c.resolvedAt <= 7 * DAY;
const rateable = (c: CaseForTransition) => !c.rated && !c.autoClosed;
const legal: Partial<Record<`${CaseStatus} ${CaseEvent}`, Expected>> = {
  'open reply': { to: 'answered' },
  'open ask_customer': { to: 'waiting_customer' },
  'open customer_reply': { to: 'same' },
  'open resolve': { to: 'resolved' },
  'answered reply': { to: 'same' },
  'answered ask_customer': { to: 'waiting_customer' },
  'answered customer_reply': { to: 'same' },
  'answered resolve': { to: 'resolved' },
  'waiting_customer reply': { to: 'same' },
  'waiting_customer ask_customer': { to: 'same' },
  'waiting_customer customer_reply': { to: 'answered' },
  'waiting_customer resolve': { to: 'resolved' },
  'resolved reply': { to: 'same' },
  'resolved reopen': { to: 'answered', when: withinWindow, otherwise: 'CASE.REOPEN_WINDOW_PASSED' },
  'resolved close': { to: 'closed' },
  'resolved rate': { to: 'same', when: rateable },
  'closed rate': { to: 'same', when: rateable },
  'closed reopen': { to: 'answered', when: withinWindow, otherwise: 'CASE.REOPEN_WINDOW_PASSED' },
};

const variants: Omit<CaseForTransition, 'status'>[] = [null, NOW - DAY, NOW - 8 * DAY].flatMap((resolvedAt) =>
  [false, true].flatMap((rated) => [false, true].map((autoClosed) => ({ resolvedAt, rated, autoClosed }))),
);
const all = CASE_STATUSES.flatMap((status) => CASE_EVENTS.flatMap((event) => variants.map((v) => ({ c: { status, ...v }, event }))));

it(`covers every (status, event, case) combination: ${all.length} cases`, () => {
  for (const { c, event } of all) {
    const want = legal[`${c.status} ${event}`];
    const got = caseTransition(c, event, CTX);
    if (want && (!want.when || want.when(c))) {
      expect({ c, event, got: got.ok ? got.status : got.error.code }).toEqual({ c, event, got: want.to === 'same' ? c.status : want.to });
    } else {
      const code = want?.otherwise ?? (event === 'rate' && want && c.rated ? 'CASE.ALREADY_RATED' : 'CASE.ILLEGAL_TRANSITION');
      expect({ c, event, got: got.ok ? got.status : got.error.code }).toEqual({ c, event, got: code });
    }
  }
});

it('allowed events are exactly the legal ones', () => {
  const c: CaseForTransition = { status: 'resolved', resolvedAt: NOW - DAY, rated: false, autoClosed: false };
  expect(allowedCaseEvents(c, CTX)).toEqual(['reply', 'reopen', 'close', 'rate']);
  expect(allowedCaseEvents({ ...c, status: 'closed', rated: true, resolvedAt: NOW - 9 * DAY }, CTX)).toEqual([]);
});

describe('rules', () => {
  it('a rating of 3 or below needs a reason', () => {
    expect(() => checkRating(3, null)).toThrow(expect.objectContaining({ code: 'CASE.RATING_REASON_REQUIRED' }));
    expect(() => checkRating(3, '  ')).toThrow(expect.objectContaining({ code: 'CASE.RATING_REASON_REQUIRED' }));
    expect(() => checkRating(4, null)).not.toThrow();
    expect(() => checkRating(0, 'x')).toThrow(expect.objectContaining({ code: 'CASE.INVALID_RATING' }));
  });

  it('the survey window is 48 h to 7 days after delivery, app orders only, once', () => {
    const delivered = NOW;
    const offer = (hoursLater: number, extra: Partial<{ channel: string; surveyed: boolean }> = {}) =>
      surveyOffer({ deliveredAt: delivered, channel: 'app', surveyed: false, ...extra }, defaultCaseConfig, delivered + hoursLater * 3_600_000);
    expect(offer(47)).toEqual({ offered: false, why: 'too_early' });
    expect(offer(48)).toMatchObject({ offered: true });
    expect(offer(168)).toMatchObject({ offered: true });
    expect(offer(169)).toEqual({ offered: false, why: 'too_late' });
    expect(offer(50, { channel: 'counter' })).toEqual({ offered: false, why: 'staff_created' });
    expect(offer(50, { surveyed: true })).toEqual({ offered: false, why: 'already_answered' });
    expect(surveyOffer({ deliveredAt: null, channel: 'app', surveyed: false }, defaultCaseConfig, NOW)).toEqual({ offered: false, why: 'not_delivered' });
    expect(isLowSurvey([5, 2, 5], 2)).toBe(true);
    expect(isLowSurvey([3, 3, 3], 2)).toBe(false);
  });

  it('staff compensation is capped; each resolution round has its own key', () => {
    expect(() => checkCompensationPoints(defaultCaseConfig.staffMaxPoints + 1, 'staff', defaultCaseConfig)).toThrow(expect.objectContaining({ code: 'CASE.COMPENSATION_OVER_LIMIT' }));
    expect(() => checkCompensationPoints(defaultCaseConfig.staffMaxPoints + 1, 'manager', defaultCaseConfig)).not.toThrow();
    expect(() => checkCompensationPoints(0, 'manager', defaultCaseConfig)).toThrow(expect.objectContaining({ code: 'CASE.INVALID_COMPENSATION' }));
    expect(compensationKey('K1', 1)).not.toBe(compensationKey('K1', 2));
  });
});
