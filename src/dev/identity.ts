/**
 * H5 local mode only: which demo identity the browser acts as. Never bundled into weapp (everything
 * under src/dev/ is required only inside `process.env.TARO_ENV === 'h5'` branches).
 */
import { notifySessionChange } from '../services/session';

const STORAGE_KEY = 'freshpal.dev.openid';

export function getDevOpenid(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remember the identity; unless `silent`, pages reload their data as that identity. */
export function setDevOpenid(openid: string, options: { silent?: boolean } = {}): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, openid);
  } catch {
    // Private mode without storage: the choice lasts until the page reloads.
  }
  if (!options.silent) notifySessionChange();
}
