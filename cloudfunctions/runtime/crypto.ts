/** HMAC for member codes; the secret comes from the function's environment, never from code. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSigner(secret: string): { mac: (message: string) => string; macEqual: (a: string, b: string) => boolean } {
  if (secret.length < 16) throw new Error('FRESHPAL_CODE_SECRET must be at least 16 characters');
  return {
    mac: (message) => createHmac('sha256', secret).update(message).digest('base64url').slice(0, 22),
    macEqual: (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)),
  };
}
