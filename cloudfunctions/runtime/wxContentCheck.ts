/**
 * The WeChat content check, through wx-server-sdk's cloud calls (declare `security.msgSecCheck` and
 * `security.mediaCheckAsync` in the function's `config.json` openapi permissions):
 *
 * - text: `cloud.openapi.security.msgSecCheck({ version: 2, openid, scene, content })`, content ≤ 2,500
 *   characters (longer text in overlapping chunks, the worst verdict wins); the answer carries
 *   `result: { suggest: 'pass' | 'review' | 'risky', label }` (label a number, 100 = normal);
 * - photos: `cloud.getTempFileURL` for a public link first (WeChat cannot download a `cloud://` id),
 *   then `cloud.openapi.security.mediaCheckAsync({ version: 2, openid, scene, mediaUrl, mediaType: 2 })`,
 *   which answers a `traceId`; the verdict is pushed later as the `wxa_media_check` event.
 *
 * Cloud calls name fields in camelCase both ways (`mediaUrl` in, `traceId`, `errCode` out); the HTTPS
 * API's snake_case is read too, in case a version of the SDK passes it through. Every failure answers
 * `unchecked` with the reason; nothing here throws.
 */
import { checkChunks, combineVerdicts, MAX_CHECK_CHUNKS, type TextVerdict } from '../core/safety';
import { describeError, SCENE_NUMBER, type ContentCheck, type ImageCheckResult, type TextCheckResult } from '../ports/contentCheck';

type WxScene = 1 | 2 | 3 | 4;
interface WxSecResult { suggest?: unknown; label?: unknown }
interface WxMsgSecCheckAnswer { errCode?: number; errcode?: number; errMsg?: string; errmsg?: string; result?: WxSecResult }
interface WxMediaCheckAnswer { errCode?: number; errcode?: number; errMsg?: string; errmsg?: string; traceId?: string; trace_id?: string }

/** The part of wx-server-sdk the content check uses. */
export interface WxSecuritySdk {
  openapi: {
    security: {
      msgSecCheck(opts: { version: 2; openid: string; scene: WxScene; content: string }): Promise<WxMsgSecCheckAnswer>;
      mediaCheckAsync(opts: { version: 2; openid: string; scene: WxScene; mediaUrl: string; mediaType: 1 | 2 }): Promise<WxMediaCheckAnswer>;
    };
  };
  getTempFileURL(opts: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: { fileID: string; tempFileURL?: string; status?: number; errMsg?: string }[] }>;
}

/** msgSecCheck's label numbers, in words (from WeChat's documentation). */
export const WX_LABELS: Record<number, string> = {
  100: '正常',
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他',
};

export function labelText(label: unknown): string {
  const n = typeof label === 'number' ? label : typeof label === 'string' && /^\d+$/.test(label) ? Number(label) : null;
  if (n === null) return '未知';
  return n === 100 ? '正常' : `${WX_LABELS[n] ?? '其他'} (${n})`;
}

const errorCodeOf = (a: { errCode?: number; errcode?: number }) => a.errCode ?? a.errcode ?? 0;
const errorTextOf = (a: { errCode?: number; errcode?: number; errMsg?: string; errmsg?: string }) => `${errorCodeOf(a)} ${a.errMsg ?? a.errmsg ?? ''}`.trim();

/** A photo link lives long enough for WeChat to fetch it (the verdict comes within 30 minutes). */
const MEDIA_LINK_SECONDS = 3600;

export function wxContentCheck(cloud: WxSecuritySdk): ContentCheck {
  async function checkChunk(openid: string, scene: WxScene, content: string): Promise<TextCheckResult> {
    try {
      const answer = await cloud.openapi.security.msgSecCheck({ version: 2, openid, scene, content });
      if (errorCodeOf(answer) !== 0) return { verdict: 'unchecked', label: `未检查：${errorTextOf(answer)}` };
      const suggest = answer.result?.suggest;
      if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
        return { verdict: 'unchecked', label: `未检查：无法识别的结果 ${JSON.stringify(suggest ?? null)}` };
      }
      return { verdict: suggest, label: labelText(answer.result?.label) };
    } catch (error) {
      return { verdict: 'unchecked', label: `未检查：${describeError(error)}` };
    }
  }

  return {
    async checkText({ openid, scene, content }) {
      if (content.trim() === '') return { verdict: 'pass', label: '空白内容' };
      const chunks = checkChunks(content);
      if (chunks.length > MAX_CHECK_CHUNKS) return { verdict: 'unchecked', label: `未检查：内容过长（${content.length} 字）` };
      const results: TextCheckResult[] = [];
      // One at a time, stopping at the first risky part: nothing after it can change the answer.
      for (const chunk of chunks) {
        const result = await checkChunk(openid, SCENE_NUMBER[scene], chunk);
        results.push(result);
        if (result.verdict === 'risky') break;
      }
      const verdict: TextVerdict = combineVerdicts(results.map((r) => r.verdict));
      const deciding = results.find((r) => r.verdict === verdict) as TextCheckResult;
      return { verdict, label: deciding.label };
    },

    async checkImage({ openid, fileId, scene = 'comment' }): Promise<ImageCheckResult> {
      try {
        const links = await cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: MEDIA_LINK_SECONDS }] });
        const link = links.fileList.find((f) => f.fileID === fileId) ?? links.fileList[0];
        if (!link?.tempFileURL || (link.status ?? 0) !== 0) {
          return { status: 'unchecked', reason: `未检查：取不到图片链接（${link?.errMsg ?? '无结果'}）` };
        }
        const answer = await cloud.openapi.security.mediaCheckAsync({ version: 2, openid, scene: SCENE_NUMBER[scene], mediaUrl: link.tempFileURL, mediaType: 2 });
        const traceId = answer.traceId ?? answer.trace_id;
        if (errorCodeOf(answer) !== 0 || !traceId) return { status: 'unchecked', reason: `未检查：${errorTextOf(answer) || '未返回 traceId'}` };
        return { status: 'pending', traceId };
      } catch (error) {
        return { status: 'unchecked', reason: `未检查：${describeError(error)}` };
      }
    },
  };
}

/** The `wxa_media_check` push, as far as FreshPal reads it. */
export interface MediaCheckVerdict { traceId: string; verdict: Exclude<TextVerdict, 'unchecked'>; label: string }

/**
 * Reads a `wxa_media_check` event (the photo verdict WeChat pushes within 30 minutes), or null when
 * the event is something else. Whether the push reaches a cloud function is uncertain (see
 * /work/shared/notes/platform.md): photos stay staff-only until they pass or staff approve them.
 */
export function readMediaCheckEvent(event: unknown): MediaCheckVerdict | null {
  const e = event as { Event?: unknown; trace_id?: unknown; traceId?: unknown; result?: WxSecResult } | null;
  if (!e || typeof e !== 'object' || e.Event !== 'wxa_media_check') return null;
  const traceId = e.trace_id ?? e.traceId;
  const suggest = e.result?.suggest;
  if (typeof traceId !== 'string' || traceId === '') return null;
  if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') return null;
  return { traceId, verdict: suggest, label: labelText(e.result?.label) };
}
