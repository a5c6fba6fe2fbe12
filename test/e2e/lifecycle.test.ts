/**
 * The browser tests' own cleanup: a browser that cannot launch must not leave the `npm start` server
 * it was paired with running (a failed run used to leave one server per suite behind).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from './localCloud';
import { groupAlive, type ServerProcess } from './server';

jest.setTimeout(60_000);

it('a failed browser launch ends the server it started, with its whole process group', async () => {
  let server: ServerProcess | undefined;
  await expect(openSession({ executablePath: '/nonexistent/chromium', onServerSpawn: (s) => (server = s) })).rejects.toThrow('/nonexistent/chromium');
  expect(server).toBeDefined();
  const pid = (server as ServerProcess).pid;
  expect(groupAlive(pid)).toBe(false);
  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
});

it('a launch that fails after the server is listening ends it too', async () => {
  // A fake browser that fails only once the server answers, so the failure meets a running server.
  const dir = mkdtempSync(join(tmpdir(), 'freshpal-fake-browser-'));
  const gate = join(dir, 'server-is-up');
  const fake = join(dir, 'chromium');
  writeFileSync(fake, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.05; done\nexit 1\n`);
  chmodSync(fake, 0o755);
  let server: ServerProcess | undefined;
  let listening: string | undefined;
  const opening = openSession({
    executablePath: fake,
    onServerSpawn: (s) => {
      server = s;
      void s.ready.then((url) => {
        listening = url;
        writeFileSync(gate, '');
      });
    },
  });
  await expect(opening).rejects.toThrow();
  expect(listening).toMatch(/^http:/);
  expect(groupAlive((server as ServerProcess).pid)).toBe(false);
  await expect(fetch(`${listening}/dev/identities`)).rejects.toThrow();
});
