import { useEffect, useState } from 'react';

/**
 * The server's time, ticking once a second while `active` (the page is on screen): one interval for
 * the whole page, every countdown on it reads this value. `offset` is the server clock minus the
 * phone's (countdown.ts `rememberServerNow`).
 */
export function useServerNow(active: boolean, offset: number): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    if (!active) return undefined;
    const id = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(id);
  }, [active, offset]);
  return now;
}
