/**
 * H5 local mode only: the transport to the local server that runs the cloud functions (local/server.ts).
 * The caller's identity travels in the X-Dev-Openid header (the local stand-in for WeChat's openid).
 */
import type { CloudEvent, DemoIdentityView } from '@contracts/api';
import { CloudError } from '../services/errors';
import { unwrapEnvelope } from '../services/envelope';
import { getDevOpenid, setDevOpenid } from './identity';

export const DEV_OPENID_HEADER = 'X-Dev-Openid';
export const IDENTITIES_PATH = '/dev/identities';

async function readJson(res: Response): Promise<unknown> {
  // Failures come with an HTTP error status but still carry an envelope: read the body regardless.
  try {
    return await res.json();
  } catch {
    throw new CloudError('CLIENT.BAD_RESPONSE', `本地服务返回了非 JSON 结果（HTTP ${res.status}）`);
  }
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new CloudError('CLIENT.NETWORK', e instanceof Error ? e.message : '无法连接本地服务');
  }
}

/** GET a local-only endpoint that answers with an envelope; resolves to its data. */
export async function getLocal<T>(path: string): Promise<T> {
  const res = await send(path, { method: 'GET' });
  return unwrapEnvelope<T>(await readJson(res));
}

let loading: Promise<DemoIdentityView[]> | null = null;

/**
 * The demo identities (GET /dev/identities; one request shared by concurrent callers). On a first
 * visit nothing is chosen yet: the first identity becomes the current one before this resolves, so
 * the very first cloud call already carries an identity.
 */
export function loadIdentities(): Promise<DemoIdentityView[]> {
  if (!loading) {
    loading = getLocal<DemoIdentityView[]>(IDENTITIES_PATH)
      .then((list) => {
        const first = list[0];
        if (!getDevOpenid() && first) setDevOpenid(first.openid, { silent: true });
        return list;
      })
      .finally(() => {
        loading = null;
      });
  }
  return loading;
}

function currentOpenid(): Promise<string | null> {
  const stored = getDevOpenid();
  if (stored) return Promise.resolve(stored);
  return loadIdentities().then(
    () => getDevOpenid(),
    () => null, // the call goes out without an identity and the server says so
  );
}

/** POST a local-only endpoint (e.g. /dev/simulatePayment) as the current identity; resolves to its data. */
export async function postDev<T>(path: string, body: unknown): Promise<T> {
  const openid = await currentOpenid();
  const res = await send(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(openid ? { [DEV_OPENID_HEADER]: openid } : {}) }, body: JSON.stringify(body) });
  return unwrapEnvelope<T>(await readJson(res));
}

/** POST /cloud/<fn> with `{ action, payload }`; resolves to the raw envelope. */
export async function postLocal(fn: string, event: CloudEvent): Promise<unknown> {
  const openid = await currentOpenid();
  const res = await send('/cloud/' + encodeURIComponent(fn), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(openid ? { [DEV_OPENID_HEADER]: openid } : {}) },
    body: JSON.stringify({ action: event.action, payload: event.payload }),
  });
  return readJson(res);
}
