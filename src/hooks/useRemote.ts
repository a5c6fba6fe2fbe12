import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorCode } from '@contracts/errors';
import { errorMessage, isCloudError } from '../services/errors';

export type Remote<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string; code: ErrorCode | null }
  | { status: 'ready'; data: T; refreshing: boolean };

/**
 * Load data from the cloud and reload it whenever a dependency changes. A reload keeps showing the
 * previous data (also when it fails), except when `owner` (who the data belongs to) changed; answers
 * to superseded requests are ignored.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  owner: unknown = null,
): Remote<T> & { reload: () => void } {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' });
  const [manual, setManual] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const ownerRef = useRef(owner);

  useEffect(() => {
    const id = ++latest.current;
    const sameOwner = ownerRef.current === owner;
    ownerRef.current = owner;
    setState((prev) => (prev.status === 'ready' && sameOwner ? { ...prev, refreshing: true } : { status: 'loading' }));
    loadRef.current().then(
      (data) => {
        if (latest.current === id) setState({ status: 'ready', data, refreshing: false });
      },
      (e: unknown) => {
        if (latest.current !== id) return;
        // A failed background refresh keeps what is on screen; only a first load shows the error.
        setState((prev) =>
          prev.status === 'ready'
            ? { ...prev, refreshing: false }
            : { status: 'error', message: errorMessage(e), code: isCloudError(e) ? e.code : null },
        );
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, owner, manual]);

  useEffect(
    () => () => {
      latest.current = -1; // unmounted: ignore late answers
    },
    [],
  );

  const reload = useCallback(() => setManual((n) => n + 1), []);
  return { ...state, reload };
}
