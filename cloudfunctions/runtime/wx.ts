/**
 * The production adapter: turns a FreshPal function into a WeChat cloud function `main`. Identity is
 * read from `cloud.getWXContext()` only; the database is `cloud.database()` itself.
 */
import type { Db } from '../ports/db';
import { hmacSigner } from './crypto';
import { dispatch, type CloudFunction } from './router';
import { lookupStaff } from './staff';

interface WxServerSdk {
  DYNAMIC_CURRENT_ENV: unknown;
  init(opts: { env: unknown }): void;
  getWXContext(): { OPENID?: string };
  database(): unknown;
  callFunction(opts: { name: string; data: unknown }): Promise<unknown>;
}

export function createCloudMain(fn: CloudFunction) {
  // Loaded lazily and kept external by the bundler: the cloud provides it.
  const cloud = require('wx-server-sdk') as WxServerSdk;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database() as Db;
  // Built on first use, so functions that never sign (jobs) do not need the secret configured.
  let signer: ReturnType<typeof hmacSigner> | null = null;
  const sign = () => (signer ??= hmacSigner(process.env.FRESHPAL_CODE_SECRET ?? ''));
  return async (event: unknown): Promise<unknown> => {
    const openid = cloud.getWXContext().OPENID || null;
    return dispatch(
      fn,
      event,
      openid,
      {
        db,
        now: Date.now(),
        mac: (message) => sign().mac(message),
        macEqual: (a, b) => sign().macEqual(a, b),
        invoke: async (name, data) => {
          await cloud.callFunction({ name, data });
        },
        log: (msg, detail) => console.error(`[${fn.name}] ${msg}`, detail),
      },
      lookupStaff,
    );
  };
}
