/**
 * Pull to refresh on a staff list (the page config sets `enablePullDownRefresh`). Its own module so
 * component tests, which run without a Taro app, can replace it.
 */
import { stopPullDownRefresh, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useRef } from 'react';

/**
 * Calls `reload` on a pull; returns `settled`, which the loader calls when the reloaded data has
 * arrived or failed, to end the spinner either way.
 */
export function usePullRefresh(reload: () => void): () => void {
  const pulling = useRef(false);
  usePullDownRefresh(() => {
    pulling.current = true;
    reload();
  });
  return useCallback(() => {
    if (!pulling.current) return;
    pulling.current = false;
    try {
      stopPullDownRefresh();
    } catch {
      // no spinner to stop on this platform
    }
  }, []);
}
