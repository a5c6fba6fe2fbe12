/**
 * Subscribe messages through `cloud.openapi.subscribeMessage.send` (the function declares
 * `subscribeMessage.send` in its config.json). The SDK resolves `{ errCode: 0 }` and rejects with an
 * error carrying `errCode` (43101, 47003, …); both are mapped to a send result here.
 */
import { classifySendError, type SendResult } from '../core/notices/outbox';
import type { Notifier, SubscribeMessage } from '../ports/notifier';

export interface WxOpenApi {
  openapi?: { subscribeMessage?: { send(opts: SubscribeMessage & { lang: 'zh_CN' }): Promise<{ errCode?: number; errMsg?: string }> } };
}

function codeOf(error: unknown): number | null {
  const code = (error as { errCode?: unknown } | null)?.errCode;
  return typeof code === 'number' ? code : typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : null;
}

export function wxNotifier(cloud: WxOpenApi): Notifier {
  return {
    async send(message): Promise<SendResult> {
      try {
        // Looked up per send: a function that never notifies does not need the openapi object.
        const api = cloud.openapi?.subscribeMessage;
        if (!api) return { kind: 'transient', code: null, message: 'cloud.openapi.subscribeMessage is not available' };
        const res = await api.send({ ...message, lang: 'zh_CN' });
        const code = codeOf(res);
        return code === null || code === 0 ? { kind: 'sent' } : classifySendError(code, String(res?.errMsg ?? ''));
      } catch (error) {
        const e = error as { errMsg?: string; message?: string } | null;
        return classifySendError(codeOf(error), String(e?.errMsg ?? e?.message ?? error));
      }
    },
  };
}
