/**
 * A stand-in for the local server the H5 build talks to: `fetch` answers POST /cloud/<fn> with
 * envelopes from per-action handlers and GET /dev/identities with the demo identities. Every request
 * is logged with the identity it carried (the X-Dev-Openid header).
 */
import type { DemoIdentityView, Envelope } from '@contracts/api';
import type { ServerErrorCode } from '@contracts/errors';

/** What a handler returns to make the request fail in transit (fetch rejects, no envelope). */
export const NETWORK_DOWN = Symbol('network down');

export type Handler = (ctx: { payload: unknown; openid: string | null; call: number }) => Envelope<unknown> | typeof NETWORK_DOWN;

export interface LoggedCall {
  route: string;
  openid: string | null;
  payload?: unknown;
}

export interface FakeServer {
  calls: LoggedCall[];
  count(route: string): number;
  last(route: string): LoggedCall | undefined;
  /** The payloads sent to a route, in order. */
  payloads(route: string): unknown[];
  /** Replace a route's handler. */
  on(route: string, handler: Handler): void;
}

export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data });
export const fail = (code: ServerErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

function jsonResponse(status: number, body: unknown): Response {
  return { ok: status < 400, status, json: () => Promise.resolve(body) } as unknown as Response;
}

export function installFakeServer(routes: Record<string, Handler>, identities: DemoIdentityView[] = []): FakeServer {
  const handlers = new Map(Object.entries(routes));
  const calls: LoggedCall[] = [];
  const fetchMock = jest.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const openid = headers['X-Dev-Openid'] ?? null;
    if (url === '/dev/identities') {
      calls.push({ route: 'dev.identities', openid });
      return Promise.resolve(jsonResponse(200, ok(identities)));
    }
    const m = /^\/cloud\/([^/?]+)$/.exec(url);
    if (!m || init?.method !== 'POST') return Promise.resolve(jsonResponse(404, { message: 'not found' }));
    const body = JSON.parse(String(init.body)) as { action: string; payload?: unknown };
    const route = `${decodeURIComponent(m[1] as string)}.${body.action}`;
    calls.push({ route, openid, payload: body.payload });
    const handler = handlers.get(route);
    if (!handler) return Promise.resolve(jsonResponse(200, fail('REQUEST.UNKNOWN_ACTION', `no handler for ${route}`)));
    const call = calls.filter((c) => c.route === route).length;
    const answer = handler({ payload: body.payload, openid, call });
    if (answer === NETWORK_DOWN) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(jsonResponse(200, answer));
  });
  (globalThis as { fetch: unknown }).fetch = fetchMock;
  window.fetch = fetchMock as typeof window.fetch;
  return {
    calls,
    count: (route) => calls.filter((c) => c.route === route).length,
    last: (route) => [...calls].reverse().find((c) => c.route === route),
    payloads: (route) => calls.filter((c) => c.route === route).map((c) => c.payload),
    on: (route, handler) => handlers.set(route, handler),
  };
}
