/**
 * Content safety rules: what a content-check verdict means for user text and photos. Pure: the
 * checking itself is the content-check port (`ports/contentCheck.ts`); this decides what to do with
 * its answer.
 *
 * - Text: `risky` is refused (nothing stored); `review` and `unchecked` are stored and flagged for
 *   staff; `pass` is stored as is.
 * - Photos: visible to the customer only once they pass the check or a staff member approves them;
 *   until then staff see them labelled 待审核，仅员工可见. A staff decision always outranks a machine
 *   verdict that arrives later (WeChat pushes photo verdicts up to 30 minutes after the upload).
 */
import { DomainError } from '../errors';
import type { ServerErrorCode } from '../errorCodes';

/** The content check's answer for a piece of text; `unchecked` when it could not run. */
export type TextVerdict = 'pass' | 'review' | 'risky' | 'unchecked';

/** msgSecCheck's limit per call, in characters. */
export const MAX_CHECK_CHARS = 2500;
/** Chunks overlap so a phrase cut at a chunk boundary is still seen whole in the next chunk. */
export const CHUNK_OVERLAP = 100;
/** Longer text is not checked chunk by chunk (it answers `unchecked` and goes to staff). */
export const MAX_CHECK_CHUNKS = 8;

const SEVERITY: Record<TextVerdict, number> = { pass: 0, unchecked: 1, review: 2, risky: 3 };

/** The verdict of a text checked in parts: the most severe part decides; no part means `pass`. */
export function combineVerdicts(verdicts: readonly TextVerdict[]): TextVerdict {
  return verdicts.reduce<TextVerdict>((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst), 'pass');
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Splits text into chunks of at most `max` UTF-16 units for a checker with a length limit, each
 * starting `overlap` units before the previous one ended, never splitting a surrogate pair (an
 * emoji stays whole). Text within the limit is one chunk.
 */
export function checkChunks(text: string, max = MAX_CHECK_CHARS, overlap = CHUNK_OVERLAP): string[] {
  if (max < 2 || overlap < 0 || overlap >= max / 2) throw new RangeError('chunk size must exceed twice the overlap');
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let start = 0;
  for (;;) {
    let end = Math.min(start + max, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    chunks.push(text.slice(start, end));
    if (end >= text.length) return chunks;
    let next = end - overlap;
    // Never start a chunk on the low half of a pair.
    if (next > 0 && isHighSurrogate(text.charCodeAt(next - 1))) next -= 1;
    start = next;
  }
}

export type TextDecision =
  | { store: false; code: ServerErrorCode }
  | { store: true; check: Exclude<TextVerdict, 'risky'>; flagged: boolean };

/** What to do with a text given its verdict: refuse `risky`, flag `review` and `unchecked` for staff. */
export function decideText(verdict: TextVerdict, refusedCode: ServerErrorCode = 'CONTENT.TEXT_RISKY'): TextDecision {
  if (verdict === 'risky') return { store: false, code: refusedCode };
  return { store: true, check: verdict, flagged: verdict !== 'pass' };
}

/** `decideText` for callers that refuse by throwing; answers how to store an accepted text. */
export function acceptText(verdict: TextVerdict, refusedCode: ServerErrorCode = 'CONTENT.TEXT_RISKY'): { check: Exclude<TextVerdict, 'risky'>; flagged: boolean } {
  const decision = decideText(verdict, refusedCode);
  if (!decision.store) throw new DomainError(decision.code);
  return { check: decision.check, flagged: decision.flagged };
}

/**
 * A photo's state: `pending` (sent to the check, verdict not back), `unchecked` (the check could not
 * run), `passed`, or a staff decision (`approved`, `rejected`).
 */
export type PhotoStatus = 'pending' | 'passed' | 'unchecked' | 'approved' | 'rejected';

/** Who may see a photo: everyone concerned (the customer who sent it and staff), or staff only. */
export type PhotoAudience = 'everyone' | 'staff';

export function photoAudience(status: PhotoStatus): PhotoAudience {
  return status === 'passed' || status === 'approved' ? 'everyone' : 'staff';
}

export const customerMaySee = (status: PhotoStatus): boolean => photoAudience(status) === 'everyone';

/** The label staff see on a photo the customer cannot see yet (null when the customer sees it). */
export function photoStaffLabel(status: PhotoStatus): string | null {
  if (status === 'pending' || status === 'unchecked') return '待审核，仅员工可见';
  if (status === 'rejected') return '已驳回，仅员工可见';
  return null;
}

/** A photo's status right after it was submitted to the check (`checkImage`'s answer). */
export function photoStatusAfterSubmit(check: { status: 'pending' | 'unchecked' }): PhotoStatus {
  return check.status === 'pending' ? 'pending' : 'unchecked';
}

/**
 * A photo's status when the asynchronous verdict arrives. Staff decisions stand; `pass` clears the
 * photo; `risky` rejects it; `review` leaves it to staff (`unchecked` until someone decides).
 */
export function photoStatusAfterVerdict(current: PhotoStatus, verdict: Exclude<TextVerdict, 'unchecked'>): PhotoStatus {
  if (current === 'approved' || current === 'rejected') return current;
  if (verdict === 'pass') return 'passed';
  if (verdict === 'risky') return 'rejected';
  return 'unchecked';
}

/** A staff decision on a photo: always allowed, and the last one stands. */
export function photoStatusAfterStaff(decision: 'approve' | 'reject'): PhotoStatus {
  return decision === 'approve' ? 'approved' : 'rejected';
}
