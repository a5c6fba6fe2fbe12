/**
 * The local cloud's subscribe messages: nothing reaches WeChat. Each message the outbox would send is
 * appended as one JSON line to `<data folder>/notifier-sent.jsonl` (kept in memory without a data
 * folder) and reported as sent, and the server log says that it was only recorded.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Notifier, SubscribeMessage } from '../cloudfunctions/ports/notifier';

export const LOCAL_SENT_FILE = 'notifier-sent.jsonl';

export interface LocalNotifier extends Notifier {
  /** Without a data folder: what was recorded, oldest first. */
  readonly recorded: SubscribeMessage[];
}

export function localNotifier(dir: string | null, log: (line: string) => void = (line) => console.log(line)): LocalNotifier {
  const recorded: SubscribeMessage[] = [];
  const file = dir === null ? null : join(dir, LOCAL_SENT_FILE);
  return {
    recorded,
    async send(message) {
      if (file === null) {
        recorded.push(message);
      } else {
        appendFileSync(file, `${JSON.stringify(message)}\n`);
        log(`[notifier] local cloud: subscribe message ${message.templateId} to ${message.touser} NOT sent to WeChat, recorded in ${file}`);
      }
      return { kind: 'sent' };
    },
  };
}
