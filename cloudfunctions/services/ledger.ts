/**
 * Persisting ledger changes inside a transaction: the account document, one movement document per
 * movement (its `_id` is `<memberId>:<movement key>`, so a retried request can never add a second
 * one), and tier history entries.
 */
import type { Movement, PointsAccount } from '../core/points/account';
import type { TierChange } from '../core/tiers/membership';
import type { Transaction } from '../ports/db';
import { asDoc } from '../runtime/dbHelpers';
import { C } from './collections';

export type MovementDoc = Movement & { _id: string; memberId: string };
export type TierHistoryDoc = TierChange & { _id: string; memberId: string; by: string | null };

export const movementId = (memberId: string, key: string): string => `${memberId}:${key}`;

/**
 * The stored account: the ledger state plus `nextDueAt`, the earliest instant a pending lot settles
 * or a lot expires, so the settle/expire jobs query only the accounts that have something due.
 */
export function accountData(account: PointsAccount, now: number): PointsAccount & { updatedAt: number; nextDueAt: number | null } {
  const instants = [...account.pendingLots.map((p) => p.usableAt), ...account.lots.map((l) => l.expiresAt).filter((t): t is number => t !== null)];
  return { ...account, updatedAt: now, nextDueAt: instants.length > 0 ? Math.min(...instants) : null };
}

export async function writeAccount(tx: Transaction, memberId: string, account: PointsAccount, now: number): Promise<void> {
  await tx.collection(C.pointsAccounts).doc(memberId).set({ data: asDoc(accountData(account, now)) });
}

export async function writeMovements(tx: Transaction, memberId: string, movements: readonly Movement[]): Promise<void> {
  for (const m of movements) {
    await tx.collection(C.pointsMovements).doc(movementId(memberId, m.key)).set({ data: { ...m, memberId } });
  }
}

/** `key` makes the history entry idempotent (an order id, a review month, a staff request id). */
export async function writeTierChange(tx: Transaction, memberId: string, change: TierChange, key: string, by: string | null = null): Promise<void> {
  await tx.collection(C.tierHistory).doc(`${memberId}:${key}`).set({ data: { ...change, memberId, by } });
}
