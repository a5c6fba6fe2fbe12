/**
 * The only module that reaches the cloud. Every call is `{ action, payload }` to one cloud function
 * and comes back as an Envelope (`{ ok: true, data }` or `{ ok: false, error }`).
 *
 * - weapp: `Taro.cloud.callFunction`; the function's return value (`.result`) is the envelope.
 * - h5 (local development only): POST /cloud/<fn> to the local server, the JSON body is the envelope.
 *   That transport lives in `src/dev/` and is required only inside `process.env.TARO_ENV === 'h5'`
 *   branches, which the weapp build removes at compile time.
 */
import Taro from '@tarojs/taro';
import type { DemoIdentityView } from '@contracts/api';
import type { ActionName, ApiInput, ApiResult, FunctionName } from '@contracts/apiMap';
import { CloudError } from './errors';
import { unwrapEnvelope } from './envelope';

export { CloudError } from './errors';

/** Initialise the WeChat cloud SDK once at start-up (weapp only). */
export function initCloud(): void {
  if (process.env.TARO_ENV === 'weapp') {
    Taro.cloud.init({ env: FRESHPAL_CLOUD_ENV, traceUser: true });
  }
}

// Plain promise chains, no async/await: keeps Babel's regenerator runtime out of the weapp bundle.
function callWeapp(fn: string, action: string, payload: unknown): Promise<unknown> {
  return Taro.cloud.callFunction({ name: fn, data: { action, payload } }).then(
    (res) => res.result,
    (e: unknown) => {
      const errMsg = (e as { errMsg?: string } | null)?.errMsg;
      throw new CloudError('CLIENT.NETWORK', errMsg || (e instanceof Error ? e.message : '云函数调用失败'));
    },
  );
}

// H5 local mode only. Keep this a module-level conditional: webpack drops the require from weapp only
// when it sits in a branch it can see is dead (inside an async function, Babel's regenerator output
// moves it out of the branch and the module is bundled anyway).
const local: typeof import('../dev/localCloud') | null =
  process.env.TARO_ENV === 'h5' ? (require('../dev/localCloud') as typeof import('../dev/localCloud')) : null;

/** The payload may be left out when the action needs none; an action without fields takes an empty one. */
type PayloadArgs<I> = [keyof I] extends [never] ? [payload?: Record<string, never>] : object extends I ? [payload?: I] : [payload: I];

/**
 * Calls one action; its payload and result types come from the API map, derived from the action
 * definitions, so `callCloud('member', 'getCard')` is a `Promise<MemberCardView>` and a misspelt
 * action or a wrong payload does not compile.
 */
export function callCloud<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...args: PayloadArgs<ApiInput<F, A>>): Promise<ApiResult<F, A>> {
  const [payload = {}] = args;
  const envelope = local ? local.postLocal(fn, { action, payload }) : callWeapp(fn, action, payload);
  return envelope.then((value) => unwrapEnvelope<ApiResult<F, A>>(value));
}

/**
 * H5 local mode only: 模拟支付 of an unpaid order (the local server sends the payment function the
 * notice WeChat Pay would); rejects in weapp, where WeChat Pay itself sends it.
 */
export function simulateLocalPayment(orderId: string): Promise<{ errcode: number; outcome: string }> {
  if (!local) return Promise.reject(new CloudError('CLIENT.NETWORK', '仅本地开发模式可用'));
  return local.postDev('/dev/simulatePayment', { orderId });
}

/** H5 local mode only: the demo identities the dev switch offers; rejects in weapp. */
export function listLocalIdentities(): Promise<DemoIdentityView[]> {
  if (!local) return Promise.reject(new CloudError('CLIENT.NETWORK', '仅本地开发模式可用'));
  return local.loadIdentities();
}
