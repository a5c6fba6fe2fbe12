/**
 * Domain errors carry a stable code (`AREA.REASON`) the client can branch on and a Chinese message
 * a customer can read. Codes never change meaning once shipped.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
