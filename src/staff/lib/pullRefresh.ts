/**
 * Pull to refresh on a staff list (the page config sets `enablePullDownRefresh`). Its own module so
 * component tests, which run without a Taro app, can replace it.
 */
import { stopPullDownRefresh, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/** Calls `reload` on a pull and ends the spinner once `settledKey` changes (the new data arrived). */
export function usePullRefresh(reload: () => void, settledKey: unknown): void {
  const pulling = useRef(false);
  usePullDownRefresh(() => {
    pulling.current = true;
    reload();
  });
  useEffect(() => {
    if (!pulling.current) return;
    pulling.current = false;
    try {
      stopPullDownRefresh();
    } catch {
      // no spinner to stop (the page was not pulled on this platform)
    }
  }, [settledKey]);
}
