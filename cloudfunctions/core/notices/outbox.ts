/**
 * The outbox's pure rules: what a send can answer, how an entry's status may move, and the retry
 * schedule. The service (`services/outbox.ts`) applies them inside transactions.
 *
 * The one promise: a message is never sent twice. An entry is claimed (`sending`, with a lease)
 * before the send and marked after it; an entry found still `sending` after its lease expired may or
 * may not have gone out, so it becomes `unknown` and is never sent again.
 */

/** What one send answered, as the notifier port reports it. */
export type SendResult =
  | { kind: 'sent' }
  /** 43101: the user refused, cancelled or has no accepted message left. */
  | { kind: 'refused'; code: number }
  /** A request WeChat will never accept (47003 bad field, 41030 bad page, 40037 bad template …). */
  | { kind: 'bad_request'; code: number; message: string }
  /** Anything else (busy, rate limit, network): may be tried again. */
  | { kind: 'transient'; code: number | null; message: string };

/** WeChat's answers that retrying cannot change. */
export const PERMANENT_CODES: readonly number[] = [40003, 40037, 41030, 47003, 47001];
export const REFUSED_CODE = 43101;

/** Maps a WeChat error code (null: no code, e.g. a network failure) to a send result. */
export function classifySendError(code: number | null, message: string): SendResult {
  if (code === REFUSED_CODE) return { kind: 'refused', code };
  if (code !== null && PERMANENT_CODES.includes(code)) return { kind: 'bad_request', code, message: message.slice(0, 200) };
  return { kind: 'transient', code, message: message.slice(0, 200) };
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'not_pushed' | 'failed' | 'unknown';

/** Why an entry was not pushed or failed, for the log and the in-app list. */
export type OutboxReason = 'push_off' | 'no_opt_in' | 'refused' | 'bad_request' | 'retries_exhausted' | 'lease_expired';

/** How a notice reached its reader, as the 消息 list shows it. */
export type NoticeDelivery = 'pending' | 'pushed' | 'in_app' | 'unknown';

/**
 * Allowed moves. `unknown` may still become the outcome its own (late) sender reports, but never
 * `queued` or `sending` again: that is what keeps a message from going out twice.
 */
export const TRANSITIONS: Record<OutboxStatus, readonly OutboxStatus[]> = {
  queued: ['sending', 'not_pushed'],
  sending: ['sent', 'not_pushed', 'failed', 'queued', 'unknown'],
  unknown: ['sent', 'not_pushed', 'failed'],
  sent: [],
  not_pushed: [],
  failed: [],
};

export const canMove = (from: OutboxStatus, to: OutboxStatus): boolean => TRANSITIONS[from].includes(to);

export const isFinal = (status: OutboxStatus): boolean => TRANSITIONS[status].length === 0;

export function deliveryOf(status: OutboxStatus): NoticeDelivery {
  switch (status) {
    case 'sent':
      return 'pushed';
    case 'not_pushed':
    case 'failed':
      return 'in_app';
    case 'unknown':
      return 'unknown';
    default:
      return 'pending';
  }
}

export interface RetryPolicy {
  /** Sends tried at most this many times in all. */
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * Delay before the next try after `attempts` failed tries (1 → base, 2 → 2×base, 4×, … capped).
 * Deterministic on purpose: no jitter, so a replayed tick computes the same schedule.
 */
export function backoffMs(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  return Math.min(policy.baseDelaySeconds * 2 ** exponent, policy.maxDelaySeconds) * 1000;
}

/** What marking an entry after its send writes. */
export interface MarkPatch {
  status: OutboxStatus;
  reason: OutboxReason | null;
  code: number | null;
  /** When the entry is next due (only for a retry). */
  dueAt: number | null;
  /** The opt-in goes back to the user: the message never reached WeChat's quota. */
  refundOptIn: boolean;
}

/**
 * The entry's next state after a send that was its `attempts`-th try. A transient failure is retried
 * on the schedule until `maxAttempts`; a permanent one returns the opt-in (WeChat refused the
 * request itself, so the user's accepted message is still unused).
 */
export function afterSend(attempts: number, result: SendResult, now: number, policy: RetryPolicy): MarkPatch {
  switch (result.kind) {
    case 'sent':
      return { status: 'sent', reason: null, code: null, dueAt: null, refundOptIn: false };
    case 'refused':
      return { status: 'not_pushed', reason: 'refused', code: result.code, dueAt: null, refundOptIn: false };
    case 'bad_request':
      return { status: 'failed', reason: 'bad_request', code: result.code, dueAt: null, refundOptIn: true };
    case 'transient':
      if (attempts >= policy.maxAttempts) return { status: 'failed', reason: 'retries_exhausted', code: result.code, dueAt: null, refundOptIn: false };
      return { status: 'queued', reason: null, code: result.code, dueAt: now + backoffMs(attempts, policy), refundOptIn: false };
  }
}
