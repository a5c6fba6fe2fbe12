/**
 * A cloud function is a typed action router: `{ action, payload }` in, an envelope out. Every action
 * declares who may call it and a strict zod schema for its payload; the caller's identity comes only
 * from the runtime context (the WeChat OPENID), never from the payload.
 */
import { z } from 'zod';
import type { Envelope } from '../contracts/api';
import { DomainError } from '../core/errors';
import { meetsAccess, type AccessLevel, type StaffRole } from '../core/staff/roles';
import type { Db } from '../ports/db';
import type { PaymentAck } from '../ports/payment';
import { fail, ok, RequestErrors, toFailure } from './envelope';

export type Access = AccessLevel;

export interface Runtime {
  db: Db;
  /** The instant this invocation reasons about; read once per call by the adapter. */
  now: number;
  /** Keyed MAC for member codes (HMAC with the deployment's secret). */
  mac: (message: string) => string;
  macEqual: (a: string, b: string) => boolean;
  /** Start another invocation of a function without waiting for it (job chaining). */
  invoke: (fn: string, event: Record<string, unknown>) => Promise<void>;
  log: (msg: string, detail?: unknown) => void;
}

export interface StaffIdentity { openid: string; role: StaffRole; name: string }

export interface Caller {
  /** Null for timer triggers. */
  openid: string | null;
  staff: StaffIdentity | null;
}

export interface ActionContext extends Runtime { caller: Caller }

export interface ActionDef<S extends z.ZodTypeAny = z.ZodTypeAny, R = unknown> {
  access: Access;
  input: S;
  // Method syntax keeps the parameter bivariant, so a record of differently-typed actions type-checks.
  run(input: z.infer<S>, ctx: ActionContext): Promise<R>;
}

export const action = <S extends z.ZodTypeAny, R>(def: ActionDef<S, R>): ActionDef<S, R> => def;

export interface CloudFunction<A extends Record<string, ActionDef> = Record<string, ActionDef>> {
  name: string;
  actions: A;
  /** Timer triggers (`{ Type: 'Timer', TriggerName }`), for functions that have them. */
  timers?: Record<string, (ctx: ActionContext) => Promise<unknown>>;
  /**
   * WeChat Pay's payment-result notice (functions named as a unifiedOrder callback): not an action,
   * reached only by an event without a caller (see `isPaymentNotice`); answers WeChat Pay's protocol.
   */
  paymentNotice?: (event: Record<string, unknown>, runtime: Runtime) => Promise<PaymentAck>;
}

/**
 * Declares a function keeping each action's name, input schema and result type, so the API map
 * (`contracts/apiMap.ts`) can be derived from it.
 */
export const defineFunction = <const A extends Record<string, ActionDef>>(fn: CloudFunction<A>): CloudFunction<A> => fn;

/** WeChat's client SDK adds `userInfo` to every event; it is not part of our contract. */
const eventSchema = z.object({ action: z.string().min(1).max(64), payload: z.unknown().optional() }).strict();
const timerSchema = z.object({ Type: z.literal('Timer'), TriggerName: z.string(), Time: z.string().optional() }).passthrough();

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export type StaffLookup = (db: Db, openid: string) => Promise<StaffIdentity | null>;

async function authorize(access: Access, caller: Caller): Promise<void> {
  // Roles and what each reaches live in core/staff/roles.ts.
  const role = caller.staff?.role ?? null;
  if (access === 'system') {
    if (caller.openid === null || meetsAccess('system', role)) return;
    throw new DomainError(RequestErrors.FORBIDDEN, '无权执行此操作');
  }
  if (caller.openid === null) throw new DomainError(RequestErrors.UNAUTHENTICATED, '请在微信中打开');
  if (meetsAccess(access, role)) return;
  throw new DomainError(RequestErrors.FORBIDDEN, access === 'staff' ? '仅限员工使用' : access === 'admin' ? '仅限系统管理员使用' : '仅限管理员使用');
}

/**
 * A payment notice comes from WeChat Pay, never from a user: no OPENID in the context, and the shape
 * of WeChat Pay's notice instead of `{ action, payload }`. A customer sending that shape has an OPENID
 * and gets REQUEST.INVALID from `dispatch` like any other malformed event.
 */
export const isPaymentNotice = (fn: CloudFunction, event: unknown, openid: string | null): boolean =>
  openid === null && fn.paymentNotice !== undefined && typeof event === 'object' && event !== null && typeof (event as { returnCode?: unknown }).returnCode === 'string';

/** Runs a payment notice; never throws (an unexpected error answers non-zero, so WeChat Pay sends it again). */
export async function handlePaymentNotice(fn: CloudFunction, event: Record<string, unknown>, runtime: Runtime): Promise<PaymentAck> {
  try {
    if (!fn.paymentNotice) return { errcode: 1, errmsg: 'no payment notice handler' };
    return await fn.paymentNotice(event, runtime);
  } catch (error) {
    runtime.log('payment notice failed', error);
    return { errcode: 1, errmsg: 'internal error' };
  }
}

/** Runs one event through a function's router; never throws. */
export async function dispatch(fn: CloudFunction, event: unknown, openid: string | null, runtime: Runtime, lookupStaff: StaffLookup): Promise<Envelope<unknown>> {
  try {
    const raw = (event ?? {}) as Record<string, unknown>;
    const timer = timerSchema.safeParse(raw);
    if (timer.success && openid === null) {
      const handler = fn.timers?.[timer.data.TriggerName];
      if (!handler) return fail(RequestErrors.UNKNOWN_ACTION, `未知的定时任务：${timer.data.TriggerName}`);
      return ok(await handler({ ...runtime, caller: { openid: null, staff: null } }));
    }
    const { userInfo: _ignored, ...rest } = raw;
    const parsed = eventSchema.safeParse(rest);
    if (!parsed.success) return fail(RequestErrors.INVALID, `请求格式不正确：${describeZodError(parsed.error)}`);
    const def: ActionDef | undefined = Object.prototype.hasOwnProperty.call(fn.actions, parsed.data.action) ? fn.actions[parsed.data.action] : undefined;
    if (!def) return fail(RequestErrors.UNKNOWN_ACTION, `未知的操作：${fn.name}.${parsed.data.action}`);
    // Who may call comes before what was sent: a caller without access learns nothing of the schema.
    const staff = openid !== null && def.access !== 'customer' ? await lookupStaff(runtime.db, openid) : null;
    const caller: Caller = { openid, staff };
    await authorize(def.access, caller);
    const input = def.input.safeParse(parsed.data.payload ?? {});
    if (!input.success) return fail(RequestErrors.INVALID, `参数不正确：${describeZodError(input.error)}`);
    return ok(await def.run(input.data, { ...runtime, caller }));
  } catch (error) {
    return toFailure(error, runtime.log);
  }
}
