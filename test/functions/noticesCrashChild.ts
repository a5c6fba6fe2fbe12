/**
 * Child process of the outbox crash test: runs one delivery over a SQLite data folder with a notifier
 * that appends the message to a file and then kills this process (SIGKILL) before the outbox can
 * mark the entry. Usage: tsx noticesCrashChild.ts <data dir> <sent file> <now ms>
 */
import { appendFileSync } from 'node:fs';
import { deliverOutbox } from '../../cloudfunctions/services/outbox';
import { openFreshPalDb } from '../../local/app';

async function main(): Promise<void> {
  const [dir, sentFile, nowText] = process.argv.slice(2) as [string, string, string];
  const db = await openFreshPalDb(dir);
  await deliverOutbox(db, Number(nowText), {
    budgetMs: 10_000,
    max: 10,
    notifier: {
      async send(message) {
        appendFileSync(sentFile, `${JSON.stringify(message)}\n`);
        process.kill(process.pid, 'SIGKILL');
        return { kind: 'sent' };
      },
    },
  });
  // Reaching this line means the kill did not happen.
  process.exit(3);
}

void main();
