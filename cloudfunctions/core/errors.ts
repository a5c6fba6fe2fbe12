/**
 * Domain errors carry a stable code from the registry (`errorCodes.ts`) the client can branch
 * on and a Chinese message a customer can read (the registry's default when none is given).
 */
import { ERRORS, type ServerErrorCode } from './errorCodes';

export class DomainError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string = ERRORS[code].message,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
