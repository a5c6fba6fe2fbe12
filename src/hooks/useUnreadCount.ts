import { callCloud } from '../services/cloud';
import { useSessionVersion } from '../services/session';
import { usePageVisibility } from './usePageVisibility';
import { useRemote } from './useRemote';

const loadUnread = () => callCloud('notices', 'unreadCount');

/**
 * How many of the caller's notices are unread, refreshed whenever the page is shown again (back from
 * the 消息 list) and when the identity changes; null until known or when it cannot be loaded (the
 * badge is then left out rather than showing an error).
 */
export function useUnreadCount(): number | null {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const remote = useRemote(loadUnread, [reshown], sessionVersion);
  return remote.status === 'ready' ? remote.data.unread : null;
}

/** The badge's text and the entry's accessible name. */
export const unreadBadgeText = (n: number): string => (n > 99 ? '99+' : String(n));
export const unreadLabel = (n: number | null): string => (n && n > 0 ? `消息，${n} 条未读` : '消息');
