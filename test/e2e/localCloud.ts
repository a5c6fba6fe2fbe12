/**
 * Starts the real `npm start` server (local/start.ts) on a free port with a fresh data folder, and
 * Chromium through playwright-core. The browser is the one `scripts/provision-browser.mjs` found or
 * installed (`npm test` runs it first); `CHROMIUM_PATH` overrides it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Envelope } from '../../cloudfunctions/contracts/api';
import { spawnServer, type ServerProcess } from './server';

const PROVISIONED = '.cache/browser.json';

/** CHROMIUM_PATH, else what the provisioning script recorded. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(PROVISIONED)) return (JSON.parse(readFileSync(PROVISIONED, 'utf8')) as { executablePath: string }).executablePath;
  throw new Error('No browser provisioned: run `node scripts/provision-browser.mjs` (`npm test` does), or set CHROMIUM_PATH');
}

export async function launchChromium(executablePath: string = chromiumPath()): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run \`node scripts/provision-browser.mjs\` (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface Session { server: ServerProcess; url: string; browser: Browser; close(): Promise<void> }

/**
 * Starts a server on a fresh data folder and the browser side by side. If either fails, whatever did
 * start is ended before the error is passed on, so a failed launch leaves no server running.
 */
export async function openSession(opts: { executablePath?: string; onServerSpawn?: (server: ServerProcess) => void } = {}): Promise<Session> {
  const server = spawnServer(mkdtempSync(join(tmpdir(), 'freshpal-e2e-')));
  opts.onServerSpawn?.(server);
  const launching = (async () => launchChromium(opts.executablePath ?? chromiumPath()))();
  let url: string;
  let browser: Browser;
  try {
    // Rejects as soon as either fails: a browser that cannot launch does not wait for the seed.
    [url, browser] = await Promise.all([server.ready, launching]);
  } catch (error) {
    await Promise.allSettled([server.stop(), launching.then((b) => b.close())]);
    throw error;
  }
  const close = async () => {
    // Stop the server even if closing the browser throws.
    try {
      await browser.close();
    } finally {
      await server.stop();
    }
  };
  return { server, url, browser, close };
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
  let session: Session | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    session = await openSession();
    page = await session.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    // Screenshots go outside the tracked tree; docs/screenshots/ holds copies for the README.
    mkdirSync('test-results', { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  }, 30_000);
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser session has not started');
    return value;
  };
  return {
    get url() {
      return need(session).url;
    },
    get page() {
      return need(page);
    },
    async call<T>(fn: string, openid: string, action: string, payload: object = {}): Promise<T> {
      const res = await fetch(`${need(session).url}/cloud/${fn}`, {
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
