import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemberCodeView } from '@contracts/api';
import { getMemberCode } from '../../services/api';
import { errorMessage } from '../../services/errors';
import { qrDataUrl } from '../../lib/qr';

/** Fetch a new code this long before the current one expires. */
export const REFRESH_LEAD_MS = 10_000;
/** Never refresh more often than this, whatever the server says. */
const MIN_REFRESH_INTERVAL_MS = 5_000;
const TICK_MS = 1_000;
/** After a failed fetch, try again this much later (the manual refresh is always available). */
const ERROR_RETRY_MS = 10_000;

export type MemberCodeState =
  | { status: 'idle' | 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; token: string; image: string; refreshAt: number; expiresAt: number; refreshing: boolean; ttlSeconds: number };

/**
 * When to refresh, on the local clock. The server's `expiresAt` is on the server's clock, so the
 * lifetime is taken from `ttlSeconds` and counted from when the answer arrived (a skewed phone
 * clock must not cause a refresh loop or a stale code).
 */
export function codeSchedule(code: MemberCodeView, receivedAt: number): { refreshAt: number; expiresAt: number } {
  const ttlMs = code.ttlSeconds > 0 ? code.ttlSeconds * 1000 : Math.max(0, code.expiresAt - receivedAt);
  const expiresAt = receivedAt + ttlMs;
  const refreshAt = Math.max(receivedAt + MIN_REFRESH_INTERVAL_MS, expiresAt - REFRESH_LEAD_MS);
  return { refreshAt, expiresAt };
}

/**
 * The member code (a short-lived token shown as a QR code): fetched while `active`, refreshed
 * automatically shortly before it expires, with a once-a-second clock for the countdown.
 */
export function useMemberCode(active: boolean, sessionVersion: number) {
  const [state, setState] = useState<MemberCodeState>({ status: 'idle' });
  const [now, setNow] = useState(() => Date.now());
  // The schedule lives in refs, updated the moment an answer arrives: the clock must never act on a
  // state that React has not rendered yet (that would fire a request every tick).
  const latest = useRef(0);
  const inFlight = useRef(false);
  const nextFetchAt = useRef<number | null>(null);

  const fetchCode = useCallback(() => {
    const id = ++latest.current;
    const fail = (at: number, message: string) => {
      inFlight.current = false;
      nextFetchAt.current = at + ERROR_RETRY_MS;
      setState({ status: 'error', message });
    };
    inFlight.current = true;
    nextFetchAt.current = null;
    setState((prev) => (prev.status === 'ready' ? { ...prev, refreshing: true } : { status: 'loading' }));
    getMemberCode().then(
      (code) => {
        if (latest.current !== id) return;
        const receivedAt = Date.now();
        let image: string;
        try {
          if (typeof code.token !== 'string' || code.token === '') throw new Error('no token');
          image = qrDataUrl(code.token);
        } catch {
          fail(receivedAt, '会员码无效，请稍后重试');
          return;
        }
        const schedule = codeSchedule(code, receivedAt);
        inFlight.current = false;
        nextFetchAt.current = schedule.refreshAt;
        setNow(receivedAt);
        setState({ status: 'ready', token: code.token, image, ...schedule, refreshing: false, ttlSeconds: code.ttlSeconds });
      },
      (e: unknown) => {
        if (latest.current !== id) return;
        fail(Date.now(), errorMessage(e));
      },
    );
  }, []);

  // Another identity's code must not stay on screen while its own loads.
  const owner = useRef(sessionVersion);
  useEffect(() => {
    if (owner.current === sessionVersion) return;
    owner.current = sessionVersion;
    latest.current++;
    inFlight.current = false;
    nextFetchAt.current = null;
    setState({ status: 'idle' });
  }, [sessionVersion]);

  // A new identity means a new code; so does coming back on screen.
  useEffect(() => {
    if (!active) return;
    fetchCode();
  }, [active, sessionVersion, fetchCode]);

  // The clock: drives the countdown and the automatic refresh, only while the page is on screen.
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (!inFlight.current && nextFetchAt.current !== null && t >= nextFetchAt.current) fetchCode();
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [active, fetchCode]);

  useEffect(
    () => () => {
      latest.current = -1;
    },
    [],
  );

  return { state, now, refresh: fetchCode };
}
