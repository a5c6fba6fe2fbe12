/**
 * The content-check port: user text and photos are checked before anyone else sees them. The WeChat
 * adapter (`runtime/wxContentCheck.ts`) uses `security.msgSecCheck` v2 and `security.mediaCheckAsync`
 * v2; the local cloud's adapter checks nothing and says so. The runtime installs one at start.
 *
 * Never throws: a check that cannot run (WeChat error, quota, the user not seen in the last two
 * hours, nothing installed) answers `unchecked` with the reason, so a submission is never lost; the
 * safety rules (`core/safety`) then keep it for staff to look at.
 */
import type { TextVerdict } from '../core/safety';

export type { TextVerdict } from '../core/safety';

/** WeChat's scenes: 1 profile, 2 comment, 3 forum, 4 social log. Feedback text is a `comment`. */
export type CheckScene = 'profile' | 'comment' | 'forum' | 'social';

export const SCENE_NUMBER: Record<CheckScene, 1 | 2 | 3 | 4> = { profile: 1, comment: 2, forum: 3, social: 4 };

export interface TextCheckInput {
  /** The author (WeChat requires one who opened the mini-program in the last two hours). */
  openid: string;
  scene: CheckScene;
  /** Any length: over 2,500 characters it is checked in overlapping chunks (up to 8, else `unchecked`). */
  content: string;
}

export interface TextCheckResult {
  verdict: TextVerdict;
  /**
   * In words, for staff: the category WeChat named (e.g. `违法犯罪 (20006)`), `正常` on a pass, or why
   * nothing was checked (e.g. `未检查：本地开发环境不做内容安全检查`).
   */
  label: string;
}

export interface ImageCheckInput {
  openid: string;
  /** A `cloud://` file id; the adapter makes the public link WeChat downloads. */
  fileId: string;
  /** Default `comment`. */
  scene?: CheckScene;
}

/** `pending`: WeChat accepted the photo and will push its verdict, matched by `traceId`. */
export type ImageCheckResult = { status: 'pending'; traceId: string } | { status: 'unchecked'; reason: string };

export interface ContentCheck {
  checkText(input: TextCheckInput): Promise<TextCheckResult>;
  checkImage(input: ImageCheckInput): Promise<ImageCheckResult>;
}

const NOT_INSTALLED = '未检查：内容安全检查未配置';

/** Until an adapter is installed nothing is checked, and the answer says so. */
const notInstalled: ContentCheck = {
  checkText: async () => ({ verdict: 'unchecked', label: NOT_INSTALLED }),
  checkImage: async () => ({ status: 'unchecked', reason: NOT_INSTALLED }),
};

let installed: ContentCheck | null = null;

export function installContentCheck(check: ContentCheck | null): void {
  installed = check;
}

/**
 * The installed checker, wrapped so that even an adapter that throws answers `unchecked`: the
 * caller's write goes ahead and the item is flagged for staff.
 */
export function contentCheck(): ContentCheck {
  const inner = installed ?? notInstalled;
  return {
    checkText: (input) =>
      inner.checkText(input).catch((error: unknown) => ({ verdict: 'unchecked' as const, label: `未检查：${describeError(error)}` })),
    checkImage: (input) =>
      inner.checkImage(input).catch((error: unknown) => ({ status: 'unchecked' as const, reason: `未检查：${describeError(error)}` })),
  };
}

/** A short reason from whatever an SDK threw (`errCode`/`errMsg` from WeChat, or an Error). */
export function describeError(error: unknown): string {
  const e = error as { errCode?: unknown; errcode?: unknown; errMsg?: unknown; message?: unknown } | null;
  const code = e?.errCode ?? e?.errcode;
  const msg = e?.errMsg ?? e?.message ?? String(error);
  const text = `${typeof code === 'number' || typeof code === 'string' ? `${code} ` : ''}${String(msg)}`.trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || '未知错误';
}
