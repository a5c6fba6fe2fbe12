import { useRef, useState } from 'react';
import { useDidHide, useDidShow } from './lifecycle';

/**
 * Whether the page is on screen (tab pages stay alive while hidden), and how many times it has been
 * shown again after the first time — a dependency for "reload when the user comes back".
 */
export function usePageVisibility(): { visible: boolean; reshown: number } {
  const [visible, setVisible] = useState(true);
  const [reshown, setReshown] = useState(0);
  const shownOnce = useRef(false);
  useDidShow(() => {
    setVisible(true);
    if (shownOnce.current) setReshown((n) => n + 1);
    shownOnce.current = true;
  });
  useDidHide(() => setVisible(false));
  return { visible, reshown };
}
