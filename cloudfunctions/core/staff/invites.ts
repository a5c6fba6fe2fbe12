/**
 * One-time invite codes: what a code looks like, how it is stored (only a hash), how long it lives.
 * The randomness and the hash come from the caller (the service): the core stays pure.
 */
export const INVITE_TTL_MS = 24 * 3_600_000;

/** No 0/O, 1/I/L: a code is read aloud or typed from a chat message. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 10;
export const INVITE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/;

/** Random bytes → a code (each byte reduced into the alphabet; 31^10 ≈ 8·10^14 codes). */
export function inviteCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < INVITE_LENGTH) throw new RangeError('not enough random bytes for an invite code');
  let code = '';
  for (let i = 0; i < INVITE_LENGTH; i += 1) code += INVITE_ALPHABET[(bytes[i] as number) % INVITE_ALPHABET.length];
  return code;
}

/** What people type: spaces and dashes dropped, lower case accepted. */
export const normalizeInviteCode = (text: string): string => text.replace(/[\s-]/g, '').toUpperCase();

export type InviteState = 'open' | 'redeemed' | 'expired' | 'revoked';

export function inviteState(invite: { expiresAt: number; redeemedBy: string | null; revoked?: boolean }, now: number): InviteState {
  if (invite.redeemedBy !== null) return 'redeemed';
  if (invite.revoked) return 'revoked';
  return now >= invite.expiresAt ? 'expired' : 'open';
}
