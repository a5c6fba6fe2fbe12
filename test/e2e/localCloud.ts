/**
 * Starts the real `npm start` server (local/start.ts) on a free port with a fresh data folder, and
 * Debian's chromium through playwright-core. Fails loudly when chromium is missing: `.ci/run`
 * installs it (`apt-get install chromium`), and a developer can too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Envelope } from '../../cloudfunctions/contracts/api';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Started { url: string; stop(): Promise<void> }

export async function startServer(): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshpal-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 150_000);
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface BrowserSession {
  readonly url: string;
  readonly page: Page;
  /** Calls a function on the server directly, as a given demo identity: the truth to compare with. */
  call<T>(fn: string, openid: string, action: string, payload?: object): Promise<T>;
  /** Picks a demo identity in the H5 dev switch by its label. */
  actAs(label: string): Promise<void>;
}

/** Registers hooks that start the server and a phone-sized page for the suite, and stop them after. */
export function useBrowserSession(): BrowserSession {
  let server: Started | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    // Screenshots go outside the tracked tree; docs/screenshots/ holds copies for the README.
    mkdirSync('test-results', { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser session has not started');
    return value;
  };
  return {
    get url() {
      return need(server).url;
    },
    get page() {
      return need(page);
    },
    async call<T>(fn: string, openid: string, action: string, payload: object = {}): Promise<T> {
      const res = await fetch(`${need(server).url}/cloud/${fn}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': openid },
        body: JSON.stringify({ action, payload }),
      });
      const body = (await res.json()) as Envelope<T>;
      if (!body.ok) throw new Error(body.error.code);
      return body.data;
    },
    async actAs(label: string): Promise<void> {
      await need(page).locator('.dev-switch-toggle').click();
      await need(page).getByText(label).click();
    },
  };
}

/** The digits of a displayed number ("156,811" → "156811"). */
export const digits = (text: string | null): string => (text ?? '').replace(/[^\d]/g, '');
