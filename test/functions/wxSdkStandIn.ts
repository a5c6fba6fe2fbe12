/**
 * A stand-in for wx-server-sdk (the real one cannot work offline): `database()` is the embedded
 * engine, `getWXContext()` reports whatever OPENID a test sets, `callFunction` is recorded.
 * Use: `jest.mock('wx-server-sdk', () => require('./wxSdkStandIn').sdk, { virtual: true })`.
 */
import type { LocalDb } from '../../local/clouddb';

export const standIn: { db: LocalDb | null; openid: string | undefined; invoked: { name: string; data: unknown }[] } = { db: null, openid: undefined, invoked: [] };

export const sdk = {
  DYNAMIC_CURRENT_ENV: Symbol('current env'),
  init: () => undefined,
  getWXContext: () => ({ OPENID: standIn.openid }),
  database: () => standIn.db,
  callFunction: async (opts: { name: string; data: unknown }) => {
    standIn.invoked.push(opts);
    return {};
  },
};
