/**
 * Error codes the catalogue and order modules throw that the registry (core/errorCodes.ts) does not
 * list yet. This is the one place that widens them to DomainError's code type; once they are
 * registered, call `new DomainError(` directly and delete this file.
 */
import { DomainError } from '../errors';

export type PendingCode =
  | 'ORDER.ILLEGAL_TRANSITION'
  | 'ORDER.WEIGHT_PENDING'
  | 'ORDER.INVALID_QUANTITY'
  | 'ORDER.DUPLICATE_LINE'
  | 'ORDER.INVALID_WEIGHT';

type RegisteredCode = ConstructorParameters<typeof DomainError>[0];

export function pendingError(code: PendingCode, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code as string as RegisteredCode, message, details);
}
