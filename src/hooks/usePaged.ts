import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@contracts/api';
import type { ErrorCode } from '@contracts/errors';
import { errorMessage, isCloudError } from '../services/errors';

export type PagedState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string; code: ErrorCode | null }
  | {
      status: 'ready';
      items: T[];
      hasMore: boolean;
      /** A "load more" is under way. */
      loadingMore: boolean;
      /** The last "load more" failed (the items loaded so far stay). */
      moreError: string | null;
    };

interface Loaded<T> {
  items: T[];
  nextPage: number;
  hasMore: boolean;
}

/**
 * A list read page by page ("加载更多"). Page 0 loads again whenever a dependency changes (keeping
 * the rows on screen meanwhile, unless `owner` changed); answers to superseded requests are ignored.
 * Rows are told apart by `keyOf`: when new rows arrive at the top between two pages, offset paging
 * repeats a row at the page boundary, and the repeat is dropped.
 */
export function usePaged<T>(
  load: (page: number) => Promise<Page<T>>,
  keyOf: (item: T) => string,
  deps: readonly unknown[],
  owner: unknown = null,
): PagedState<T> & { loadMore: () => void; reload: () => void } {
  const [state, setState] = useState<PagedState<T>>({ status: 'loading' });
  const [manual, setManual] = useState(0);
  const loaded = useRef<Loaded<T> | null>(null);
  const generation = useRef(0);
  const moreInFlight = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(keyOf);
  keyRef.current = keyOf;
  const ownerRef = useRef(owner);

  const show = useCallback((data: Loaded<T>, loadingMore: boolean, moreError: string | null) => {
    loaded.current = data;
    setState({ status: 'ready', items: data.items, hasMore: data.hasMore, loadingMore, moreError });
  }, []);

  useEffect(() => {
    const id = ++generation.current;
    moreInFlight.current = false;
    if (ownerRef.current !== owner) {
      ownerRef.current = owner;
      loaded.current = null;
      setState({ status: 'loading' });
    }
    loadRef.current(0).then(
      (page) => {
        if (generation.current !== id) return;
        show({ items: page.items, nextPage: 1, hasMore: page.hasMore }, false, null);
      },
      (e: unknown) => {
        if (generation.current !== id) return;
        // A failed refresh keeps what is on screen; only a first load shows the error.
        if (loaded.current) show(loaded.current, false, null);
        else setState({ status: 'error', message: errorMessage(e), code: isCloudError(e) ? e.code : null });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, owner, manual]);

  useEffect(
    () => () => {
      generation.current = -1; // unmounted: ignore late answers
    },
    [],
  );

  const loadMore = useCallback(() => {
    const current = loaded.current;
    if (!current || !current.hasMore || moreInFlight.current) return;
    const id = generation.current;
    moreInFlight.current = true;
    show(current, true, null);
    loadRef.current(current.nextPage).then(
      (page) => {
        if (generation.current !== id) return;
        moreInFlight.current = false;
        const seen = new Set(current.items.map((item) => keyRef.current(item)));
        const fresh = page.items.filter((item) => !seen.has(keyRef.current(item)));
        show({ items: current.items.concat(fresh), nextPage: current.nextPage + 1, hasMore: page.hasMore }, false, null);
      },
      (e: unknown) => {
        if (generation.current !== id) return;
        moreInFlight.current = false;
        show(current, false, errorMessage(e));
      },
    );
  }, [show]);

  const reload = useCallback(() => setManual((n) => n + 1), []);
  return { ...state, loadMore, reload };
}
