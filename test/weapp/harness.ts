/**
 * Runs the Taro-compiled weapp from dist/ inside miniprogram-simulate (jsdom): the mini-program
 * globals Taro needs (App, getApp, getCurrentPages, Page) are defined first, wx.cloud is a stub that
 * answers cloud function calls from handlers, then dist/app.js is required and a page is loaded.
 */
import path from 'path';
import type { Envelope } from '@contracts/api';
import { requireDist } from './distPath';

export type CloudHandler = (payload: unknown, call: number) => Envelope<unknown>;

export interface CloudCall {
  name: string;
  action: string;
  payload: unknown;
}

interface SimComponent {
  dom: HTMLElement;
  attach(parent: Element): void;
  detach(): void;
  querySelector(selector: string): { dispatchEvent(name: string, detail?: unknown): void; dom: HTMLElement } | null;
  querySelectorAll(selector: string): { dispatchEvent(name: string, detail?: unknown): void; dom: HTMLElement }[];
}

interface Simulate {
  load(componentPath: string, options: { rootPath: string }): string;
  render(id: string): SimComponent;
  sleep(ms: number): Promise<void>;
}

type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> };
type Lifecycle = ((this: unknown, ...args: unknown[]) => void) | undefined;

const g = globalThis as unknown as Record<string, unknown>;
const handlers = new Map<string, CloudHandler>();
export const cloudCalls: CloudCall[] = [];
export const cloudInit = jest.fn();

let simulate: Simulate | null = null;
let dist = '';
let currentRoute = '';
let currentQuery: Record<string, string> = {};
const pages: unknown[] = [];

export function onCloud(route: string, handler: CloudHandler): void {
  handlers.set(route, handler);
}

export function callsTo(route: string): CloudCall[] {
  return cloudCalls.filter((c) => `${c.name}.${c.action}` === route);
}

function callFunction({ name, data }: { name: string; data: { action: string; payload?: unknown } }) {
  const route = `${name}.${data.action}`;
  cloudCalls.push({ name, action: data.action, payload: data.payload });
  const handler = handlers.get(route);
  const result = handler
    ? handler(data.payload, callsTo(route).length)
    : { ok: false, error: { code: 'UNKNOWN_ACTION', message: `no handler for ${route}` } };
  return Promise.resolve({ errMsg: 'cloud.callFunction:ok', result });
}

/** Boot the mini-program once per test file (jest gives every file a fresh module registry and jsdom). */
export function bootApp(): void {
  if (simulate) return;
  dist = requireDist();
  simulate = require('miniprogram-simulate') as Simulate; // defines Component and the global wx
  // The simulator's built-in <image> keeps no attributes; give it a `src` the test can read.
  require('j-component').register({
    id: 'image',
    tagName: 'wx-image',
    template: '<view data-src="{{src}}"></view><slot/>',
    properties: { src: { type: String, value: '' }, mode: { type: String, value: '' } },
  });
  (g.wx as Record<string, unknown>).cloud = { init: cloudInit, callFunction };

  let app: { onLaunch?: Lifecycle; onShow?: Lifecycle } | null = null;
  g.App = (options: typeof app) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages;
  // A page is a component whose lifetimes drive the page lifecycle (what the simulator lacks).
  g.Page = (options: PageOptions) => {
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value;
    const call = (self: unknown, name: string, ...args: unknown[]) => (methods[name] as Lifecycle)?.apply(self, args);
    (g.Component as (definition: unknown) => void)({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          this.route = currentRoute;
          pages.push(this);
          call(this, 'onLoad', currentQuery);
          call(this, 'onShow');
        },
        ready(this: unknown) {
          call(this, 'onReady');
        },
        detached(this: unknown) {
          call(this, 'onUnload');
          pages.splice(pages.indexOf(this), 1);
        },
      },
    });
  };

  require(path.join(dist, 'app.js'));
  const launch = app as { onLaunch?: Lifecycle; onShow?: Lifecycle } | null;
  launch?.onLaunch?.call(launch, { path: 'pages/card/index', query: {}, scene: 1001 });
  launch?.onShow?.call(launch, { path: 'pages/card/index', query: {}, scene: 1001 });
}

/**
 * Load and attach a compiled page, e.g. 'pages/card/index', with the query it was opened with (what
 * onLoad receives). Like in a real mini-program, a page's code runs once per app runtime, so open
 * each page at most once per test file.
 */
export function openPage(route: string, query: Record<string, string> = {}): SimComponent {
  bootApp();
  currentRoute = route;
  currentQuery = query;
  const id = simulate!.load(path.join(dist, route), { rootPath: dist });
  const page = simulate!.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wait until the page's text satisfies `predicate` (Taro renders asynchronously through setData). */
export async function waitForText(page: SimComponent, predicate: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = page.dom.textContent ?? '';
    if (predicate(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; the page shows: ${text}`);
    await sleep(20);
  }
}
