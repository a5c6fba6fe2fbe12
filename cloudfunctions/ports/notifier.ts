/**
 * The subscribe-message port: one message to one user. The WeChat adapter
 * (`runtime/wxNotifier.ts`) calls `cloud.openapi.subscribeMessage.send`; the local cloud records
 * what it would send (`local/notifier.ts`). The runtime installs its adapter once at start, like the
 * storage port. Only the outbox (`services/outbox.ts`) sends.
 */
import type { SendResult } from '../core/notices/outbox';
import { DomainError } from '../core/errors';

export type { SendResult } from '../core/notices/outbox';

export interface SubscribeMessage {
  /** The recipient's OPENID. */
  touser: string;
  templateId: string;
  /** The page a tap on the message opens (no leading slash, query allowed); none: the card opens nothing. */
  page?: string;
  /** Field key → value, already cut to each field's limit (`core/notices/fields.ts`). */
  data: Record<string, { value: string }>;
  miniprogramState: 'formal' | 'trial' | 'developer';
}

export interface Notifier {
  /** Never rejects: every failure is a result (a network error is `transient`). */
  send(message: SubscribeMessage): Promise<SendResult>;
}

let installed: Notifier | null = null;

export function installNotifier(notifier: Notifier | null): void {
  installed = notifier;
}

export function notifier(): Notifier {
  if (!installed) throw new DomainError('NOTIFIER.UNAVAILABLE');
  return installed;
}
