/**
 * Client request ids for writes the server must apply at most once (redeeming a coupon, staff
 * adjustments). One id per user action: a retry of the same action sends the same id, so the server
 * answers with the first result instead of doing it twice.
 */
import { getStorageSync, removeStorageSync, setStorageSync } from '@tarojs/taro';
import type { ErrorCode } from '@contracts/errors';
import { isCloudError } from '../services/errors';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** 'r' + time + 12 random characters: matches REQUEST_ID_PATTERN (contracts/limits.ts). */
export function newRequestId(): string {
  let random = '';
  for (let i = 0; i < 12; i++) random += ALPHABET.charAt(Math.floor(Math.random() * ALPHABET.length));
  return `r${Date.now().toString(36)}${random}`;
}

/** Codes after which the write may or may not have happened: only a retry with the same id tells. */
const OUTCOME_UNKNOWN = new Set<ErrorCode>(['CLIENT.NETWORK', 'CLIENT.BAD_RESPONSE', 'SYSTEM.BUSY', 'SYSTEM.INTERNAL']);

/** Whether a failed write must be retried with the same request id (rather than given up). */
export function isOutcomeUnknown(e: unknown): boolean {
  return !isCloudError(e) || OUTCOME_UNKNOWN.has(e.code);
}

/**
 * Request ids whose outcome is still unknown, kept in local storage by scope and key (e.g. the
 * coupon template), so a retry after leaving the page or restarting the app still sends the same id
 * and the server answers with the first result instead of redeeming twice.
 */
const storageKey = (scope: string) => `freshpal.unsettled.${scope}`;

export function loadUnsettled(scope: string): Record<string, string> {
  try {
    const stored: unknown = getStorageSync(storageKey(scope));
    return stored && typeof stored === 'object' ? (stored as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function saveUnsettled(scope: string, ids: Record<string, string>): void {
  try {
    if (Object.keys(ids).length === 0) removeStorageSync(storageKey(scope));
    else setStorageSync(storageKey(scope), ids);
  } catch {
    // Storage full or unavailable: the ids still live in the page until it closes.
  }
}
