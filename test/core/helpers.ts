/** Small helpers shared by the core's unit tests. */
import { DomainError } from '../../cloudfunctions/core/errors';

/** An instant from Shanghai wall-clock time, e.g. sh('2026-12-31T23:59:59'). */
export const sh = (local: string): number => Date.parse(`${local}+08:00`);

/** The DomainError code `fn` throws, or undefined when it does not throw. Other errors propagate. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}
