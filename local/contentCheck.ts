/**
 * The local cloud's content check: it checks nothing, and says so. Text comes back `unchecked` and
 * photos `unchecked`, so in local development every item takes the path an unreachable WeChat check
 * takes in production: stored, flagged for staff, photos staff-only until approved.
 */
import type { ContentCheck } from '../cloudfunctions/ports/contentCheck';

export const LOCAL_UNCHECKED = '未检查：本地开发环境不做内容安全检查';

export function localContentCheck(): ContentCheck {
  return {
    checkText: async () => ({ verdict: 'unchecked', label: LOCAL_UNCHECKED }),
    checkImage: async () => ({ status: 'unchecked', reason: LOCAL_UNCHECKED }),
  };
}
