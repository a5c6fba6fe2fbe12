/**
 * Asking for WeChat subscribe messages (订阅消息). `askToNotify` must be called synchronously inside a
 * tap handler, before any await: WeChat shows the popup only from the tap itself. So the template ids
 * are loaded beforehand (`loadSubscribeTemplates`, e.g. when the form opens). After the popup the
 * answers are recorded on the server, where each accept allows exactly one message. In H5 there is
 * no such popup: it answers 'unsupported' and asks nothing.
 */
import Taro from '@tarojs/taro';
import type { ApiResult } from '@contracts/apiMap';
import { newRequestId } from '../lib/requestId';
import { callCloud } from './cloud';

export type SubscribeTemplates = ApiResult<'notices', 'templates'>;
export type NoticeTemplateKey = keyof SubscribeTemplates['templates'];

export type SubscribeOutcome =
  | { status: 'unsupported' }
  /** Push is not configured (or none of the keys is): nothing was asked, notices show in the app. */
  | { status: 'not_configured' }
  /** The popup failed (20004: the user switched notifications off in settings). */
  | { status: 'failed'; errCode: number | null }
  /** The user answered; `counted` is what the server recorded, null when recording failed. */
  | { status: 'answered'; accepted: NoticeTemplateKey[]; counted: NoticeTemplateKey[] | null };

type Answer = 'accept' | 'reject' | 'ban' | 'filter';
const ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter'];

export const loadSubscribeTemplates = (): Promise<SubscribeTemplates> => callCloud('notices', 'templates');

/** WeChat asks for at most 3 one-time templates at a time. */
const MAX_PER_ASK = 3;

export function askToNotify(keys: NoticeTemplateKey[], templates: SubscribeTemplates | null): Promise<SubscribeOutcome> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve({ status: 'unsupported' });
  const byId = new Map<string, NoticeTemplateKey>();
  for (const key of keys) {
    const t = templates?.pushConfigured ? templates.templates[key] : null;
    if (t && byId.size < MAX_PER_ASK) byId.set(t.templateId, key);
  }
  if (byId.size === 0) return Promise.resolve({ status: 'not_configured' });
  // Called before anything is awaited: this must stay inside the tap.
  const asked = Taro.requestSubscribeMessage({ tmplIds: [...byId.keys()] } as Taro.requestSubscribeMessage.Option);
  return asked.then(
    async (res) => {
      const answers: Record<string, Answer> = {};
      const accepted: NoticeTemplateKey[] = [];
      for (const [id, key] of byId) {
        const a = (res as unknown as Record<string, unknown>)[id];
        if (typeof a !== 'string' || !ANSWERS.includes(a)) continue;
        answers[id] = a as Answer;
        if (a === 'accept') accepted.push(key);
      }
      if (Object.keys(answers).length === 0) return { status: 'answered', accepted, counted: [] };
      try {
        const { counted } = await callCloud('notices', 'recordOptIns', { requestId: newRequestId(), answers });
        return { status: 'answered', accepted, counted };
      } catch {
        return { status: 'answered', accepted, counted: null };
      }
    },
    (e: unknown) => {
      const code = (e as { errCode?: unknown } | null)?.errCode;
      return { status: 'failed', errCode: typeof code === 'number' ? code : null };
    },
  );
}
