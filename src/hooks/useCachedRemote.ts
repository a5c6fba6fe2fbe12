import { useEffect, useMemo } from 'react';
import { getStorageSync, setStorageSync } from '@tarojs/taro';
import { sessionIdentity } from './sessionIdentity';
import { useRemote, type Remote } from './useRemote';

interface Stored<T> {
  identity: string;
  data: T;
}

const storageKey = (name: string) => `freshpal.cache.${name}`;

/** The cached value of `name` if it was saved for `identity`; never another identity's. */
export function readCache<T>(name: string, identity: string | null): T | null {
  if (identity === null) return null;
  try {
    const stored = getStorageSync(storageKey(name)) as Stored<T> | '' | undefined;
    return stored && typeof stored === 'object' && stored.identity === identity ? stored.data : null;
  } catch {
    return null;
  }
}

function writeCache<T>(name: string, identity: string | null, data: T): void {
  if (identity === null) return;
  try {
    setStorageSync(storageKey(name), { identity, data } satisfies Stored<T>);
  } catch {
    // Storage full or unavailable: the page still works, only the next open is slower.
  }
}

export type CachedRemote<T> = Remote<T> & {
  reload: () => void;
  /** The data shown is the last saved copy (the fresh one is on its way, or failed: see `error`). */
  fromCache: boolean;
  /** Why the fresh copy could not be loaded while the cached one is shown. */
  error: string | null;
};

/**
 * useRemote with the last answer kept in Taro storage under `name`, keyed by the session identity:
 * on the next open the saved copy is shown at once (a slow link shows the card, not a blank page)
 * while the fresh one loads and replaces it. A copy saved for another identity is never shown, so a
 * dev-switch identity change cannot show someone else's card.
 */
export function useCachedRemote<T>(name: string, load: () => Promise<T>, deps: readonly unknown[], owner: unknown = null): CachedRemote<T> {
  // Each answer is tagged with the identity it was asked for, so it is saved under that one even if
  // the identity changes while it travels.
  const remote = useRemote<{ identity: string | null; data: T }>(() => {
    const asked = sessionIdentity();
    return load().then((data) => ({ identity: asked, data }));
  }, deps, owner);
  // Read when the owner changes (identity switch), not on every render.
  const identity = useMemo(() => sessionIdentity(), [owner]); // eslint-disable-line react-hooks/exhaustive-deps
  const cached = useMemo(() => readCache<T>(name, identity), [name, identity]);

  const answer = remote.status === 'ready' ? remote.data : null;
  useEffect(() => {
    if (answer) writeCache(name, answer.identity, answer.data);
  }, [answer, name]);

  if (remote.status === 'ready') return { ...remote, data: remote.data.data, fromCache: false, error: null };
  if (cached === null) return { ...remote, fromCache: false, error: null };
  return {
    status: 'ready',
    data: cached,
    refreshing: remote.status === 'loading',
    reload: remote.reload,
    fromCache: true,
    error: remote.status === 'error' ? remote.message : null,
  };
}
