/**
 * Starts the real `npm start` server (local/start.ts) on a free port with a fresh data folder, and
 * Chromium through playwright-core. The browser is the one `scripts/provision-browser.mjs` found or
 * installed (`npm test` runs it first); `CHROMIUM_PATH` overrides it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

export interface Session { server: ServerProcess; url: string; browser: Browser; dataDir: string; close(): Promise<void> }

/**
 * Starts a server on a fresh data folder and the browser side by side. If either fails, whatever did
 * start is ended before the error is passed on, so a failed launch leaves no server running.
 */
export async function openSession(opts: { executablePath?: string; onServerSpawn?: (server: ServerProcess) => void } = {}): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshpal-e2e-'));
  const server = spawnServer(dataDir);
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
  return { server, url, browser, dataDir, close };
}

export interface BrowserSession {
  readonly url: string;
  /** The server's data folder (its SQLite file can be opened alongside it, as `npm run job` does). */
  readonly dataDir: string;
  readonly page: Page;
  /** Calls a function on the server directly, as a given demo identity: the truth to compare with. */
  call<T>(fn: string, openid: string, action: string, payload?: object): Promise<T>;
  /** Picks a demo identity in the H5 dev switch by its label. */
  actAs(label: string): Promise<void>;
  /**
   * A new phone-sized page in its own browser context that acts as `openid` from its first request
   * (the dev switch's stored choice is set before the app starts), opened on `route` ('/pages/card/index').
   * Closed with its context after the suite at the latest.
   */
  openAs(openid: string, route: string): Promise<Page>;
}

/** The phone the app is designed for (and the README screenshots are taken at). */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

/** The H5 build's storage key for the dev identity (src/dev/identity.ts). */
const DEV_OPENID_KEY = 'freshpal.dev.openid';

/** Registers hooks that start the server and a phone-sized page for the suite, and stop them after. */
export function useBrowserSession(): BrowserSession {
  let session: Session | undefined;
  let page: Page | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    session = await openSession();
    page = await session.browser.newPage({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2 });
    // Screenshots go outside the tracked tree; docs/screenshots/ holds copies for the README.
    mkdirSync('test-results', { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
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
    get dataDir() {
      return need(session).dataDir;
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
      // The collapsed dev switch is a handle named after the current identity; open it is a sheet.
      await need(page).locator('.dev-switch-handle').click();
      await need(page).locator('.dev-switch-item').filter({ hasText: label }).click();
    },
    async openAs(openid: string, route: string): Promise<Page> {
      const context = await need(session).browser.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2 });
      contexts.push(context);
      await context.addInitScript(([key, value]) => window.localStorage.setItem(key, value), [DEV_OPENID_KEY, openid] as const);
      const p = await context.newPage();
      // One context per page: closing the page ends its context (two cores, many pages).
      p.once('close', () => void context.close().catch(() => undefined));
      await p.goto(`${need(session).url}/#${route}`);
      return p;
    },
  };
}

/**
 * Resolves when the page's data has arrived: no skeleton or other busy region and no "正在加载"
 * text on screen (hidden pages of the H5 stack do not count).
 */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.page') !== null && document.querySelector('[aria-busy="true"]') === null && !/正在加载/.test(document.body.innerText), undefined, { timeout });
}

/** The digits of a displayed number ("156,811" → "156811"). */
export const digits = (text: string | null): string => (text ?? '').replace(/[^\d]/g, '');

/**
 * A README screenshot (`test-results/<name>.png`, the 390×844 phone screen). The H5-only dev switch
 * handle is left out: it is not part of the product (the weapp build has none), and a floating
 * handle would hide whatever is scrolled beneath it.
 */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}.png`, style: '.dev-switch-handle { visibility: hidden !important; }' });
}
