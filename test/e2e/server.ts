/**
 * The real `npm start` server (local/start.ts through tsx) as a child process the tests own. tsx runs
 * the script in a grandchild, and start.ts may spawn builds, so each server gets its own process
 * group and is always ended as a group: a signal to the tsx process alone would orphan the server.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ServerProcess {
  /** The spawned process; also the id of its process group. */
  readonly pid: number;
  /** The server's base URL once it listens; rejects if it exits first. */
  readonly ready: Promise<string>;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM to the group (SIGKILL after a grace period); resolves when no process of it is left. */
  stop(): Promise<void>;
  /** SIGKILL to the group, as a crash; resolves when no process of it is left. */
  crash(): Promise<void>;
}

const live = new Set<number>();
// Last resort when the test process exits without its hooks having run (a timeout, a crash).
process.once('exit', () => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Whether any process of the group is still running (zombies waiting to be reaped do not count). */
export function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

function serverEnv(): NodeJS.ProcessEnv {
  // spawn leaves out variables whose value is undefined.
  return { ...process.env, NODE_ENV: undefined } as unknown as NodeJS.ProcessEnv;
}

export function spawnServer(dataDir: string, opts: { startTimeoutMs?: number } = {}): ServerProcess {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Without jest's NODE_ENV=test, as from a shell: a rebuild under it compiles React Refresh hooks
    // into the H5 bundle without their runtime, and the app throws `$RefreshReg$ is not defined`.
    env: serverEnv(),
    detached: true, // its own process group, so it can be ended as a whole
  });
  if (child.pid === undefined) throw new Error('could not spawn the local server');
  const pid = child.pid;
  live.add(pid);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), opts.startTimeoutMs ?? 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /FreshPal local cloud: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? code}) before listening:\n${output}`));
    });
  });
  ready.catch(() => undefined); // a caller that stops it early need not await it

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    signalGroup(pid, signal);
    if (!(await waitGone(pid, signal === 'SIGKILL' ? 10_000 : 8_000)) && signal !== 'SIGKILL') {
      signalGroup(pid, 'SIGKILL');
      await waitGone(pid, 10_000);
    }
    if (groupAlive(pid)) throw new Error(`server process group ${pid} is still running`);
    await exited; // reaped, so its pid is free

    live.delete(pid);
  };
  return { pid, ready, output: () => output, stop: () => end('SIGTERM'), crash: () => end('SIGKILL') };
}
