/**
 * The privacy-guide flow (用户隐私保护指引). In weapp, WeChat calls `wx.onNeedPrivacyAuthorization`
 * before the first privacy API (clipboard, photos, phone number…) and holds that call until the user
 * agrees through a `<button open-type="agreePrivacyAuthorization">` or refuses. Taro does not wrap it
 * well yet (#14377, #14419), so the weapp branch calls `wx.*` directly. The pending request is kept
 * here and shown by `PrivacyPopup`, which `PageShell` renders on every page.
 *
 * In H5 there is no such hook: the consent page (packages/privacy) records the agreed version on the
 * device before the profile form, through `localConsent`.
 */
import { getStorageSync, removeStorageSync, setStorageSync } from '@tarojs/taro';
import { PRIVACY_POLICY_VERSION } from '@contracts/privacy';

export type PrivacyResolve = (answer: { event: 'agree' | 'disagree'; buttonId?: string }) => void;
type Listener = (pending: boolean) => void;

export const AGREE_BUTTON_ID = 'privacy-agree';

/** One pending authorisation at a time; a newer request replaces (and refuses) an older one. */
export function createPrivacyPrompt() {
  let pending: PrivacyResolve | null = null;
  const listeners = new Set<Listener>();
  const emit = () => listeners.forEach((l) => l(pending !== null));
  const settle = (event: 'agree' | 'disagree') => {
    const resolve = pending;
    pending = null;
    if (resolve) resolve(event === 'agree' ? { event, buttonId: AGREE_BUTTON_ID } : { event });
    emit();
  };
  return {
    /** WeChat's callback: remember the request and show the popup. */
    need(resolve: PrivacyResolve): void {
      if (pending) pending({ event: 'disagree' });
      pending = resolve;
      emit();
    },
    agree: () => settle('agree'),
    disagree: () => settle('disagree'),
    isPending: () => pending !== null,
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const privacyPrompt = createPrivacyPrompt();

interface WxPrivacy {
  onNeedPrivacyAuthorization?: (cb: (resolve: PrivacyResolve, info: { referrer?: string }) => void) => void;
  openPrivacyContract?: (opts: { fail?: () => void }) => void;
}

const wxApi = (): WxPrivacy | null => (globalThis as { wx?: WxPrivacy }).wx ?? null;

/** Called once at start (app.ts); in weapp with base library ≥ 2.32.3 it registers the hook, elsewhere nothing. */
export function installPrivacyPrompt(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false;
  const api = wxApi();
  if (!api?.onNeedPrivacyAuthorization) return false;
  api.onNeedPrivacyAuthorization((resolve) => privacyPrompt.need(resolve));
  return true;
}

/** WeChat's own page for the guide as filed in the admin console; our 隐私政策 page where that is not available. */
export function openPrivacyContract(fallback: () => void): void {
  const api = process.env.TARO_ENV === 'weapp' ? wxApi() : null;
  if (api?.openPrivacyContract) api.openPrivacyContract({ fail: fallback });
  else fallback();
}

const CONSENT_KEY = 'freshpal.privacyConsent';

/** The consent given on this device (H5's consent page), by policy version. */
export const localConsent = {
  current(): { version: string; at: number } | null {
    try {
      const raw = getStorageSync(CONSENT_KEY) as unknown;
      const v = (typeof raw === 'string' && raw ? JSON.parse(raw) : null) as { version?: unknown; at?: unknown } | null;
      return v && v.version === PRIVACY_POLICY_VERSION && typeof v.at === 'number' ? { version: v.version, at: v.at } : null;
    } catch {
      return null;
    }
  },
  record(at: number): void {
    setStorageSync(CONSENT_KEY, JSON.stringify({ version: PRIVACY_POLICY_VERSION, at }));
  },
  withdraw(): void {
    removeStorageSync(CONSENT_KEY);
  },
};
