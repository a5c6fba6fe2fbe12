/**
 * Runs cloud functions the way the local server does (same router, same embedded database engine,
 * in memory) with a controllable clock. Transactions run their callback twice (`retryFirstAttempt`)
 * so any side effect inside a callback shows up as a test failure.
 */
import type { Envelope } from '../../cloudfunctions/contracts/api';
import { functions } from '../../cloudfunctions/registry';
import { hmacSigner } from '../../cloudfunctions/runtime/crypto';
import { dispatch, type Runtime } from '../../cloudfunctions/runtime/router';
import { lookupStaff } from '../../cloudfunctions/runtime/staff';
import { forgetConfig } from '../../cloudfunctions/services/config';
import { C } from '../../cloudfunctions/services/collections';
import type { StaffRole } from '../../cloudfunctions/core/staff/roles';
import type { LocalDb } from '../../local/clouddb';
import { DEV_CODE_SECRET, openFreshPalDb } from '../../local/app';

export interface Harness {
  db: LocalDb;
  clock: { now: number };
  call<T = unknown>(fn: string, openid: string | null, event: unknown): Promise<Envelope<T>>;
  /** Calls and unwraps; throws with the error code when the envelope is not ok. */
  ok<T = unknown>(fn: string, openid: string | null, action: string, payload?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function createHarness(start = Date.parse('2026-11-25T02:00:00Z'), opts: { retryFirstAttempt?: boolean } = {}): Promise<Harness> {
  forgetConfig();
  const db = await openFreshPalDb(null, { retryFirstAttempt: opts.retryFirstAttempt ?? true });
  const clock = { now: start };
  const signer = hmacSigner(DEV_CODE_SECRET);
  const runtime = (): Runtime => ({
    db,
    now: clock.now,
    ...signer,
    invoke: async () => undefined,
    log: () => undefined,
  });
  const call = <T>(fn: string, openid: string | null, event: unknown) => {
    const def = functions[fn];
    if (!def) throw new Error(`no function ${fn}`);
    return dispatch(def, event, openid, runtime(), lookupStaff) as Promise<Envelope<T>>;
  };
  return {
    db,
    clock,
    call,
    async ok<T>(fn: string, openid: string | null, action: string, payload?: unknown): Promise<T> {
      const res = await call<T>(fn, openid, payload === undefined ? { action } : { action, payload });
      if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
      return res.data;
    },
    close: () => db.close(),
  };
}

/** Registers a staff member of any role (店员 `staff`, 客服 `agent`, 店长 `manager`, 管理员 `admin`) by hand. */
export async function addStaffAs(h: Harness, openid: string, role: StaffRole, name = '测试员工'): Promise<void> {
  await h.db.collection(C.staff).doc(openid).set({ data: { role, name, active: true } });
}
