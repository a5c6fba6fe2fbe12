/**
 * Stand-ins for Taro's page lifecycle hooks, which only work inside a running Taro app. Callbacks are
 * recorded so a test can play "the user switched tabs away and back".
 */
import { useEffect, useRef } from 'react';

type Callback = () => void;
const registry = { show: new Set<{ current: Callback }>(), hide: new Set<{ current: Callback }>() };

function makeHook(kind: 'show' | 'hide', callOnMount: boolean) {
  return function useLifecycle(fn: Callback) {
    const ref = useRef(fn);
    ref.current = fn;
    useEffect(() => {
      registry[kind].add(ref);
      if (callOnMount) ref.current();
      return () => {
        registry[kind].delete(ref);
      };
    }, []);
  };
}

let routerParams: Record<string, string> = {};

/** The query of the page under test (what `useRouter().params` returns), e.g. { memberNo: 'FP00000001' }. */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}

export const pageHooks = {
  useDidShow: makeHook('show', true),
  useDidHide: makeHook('hide', false),
  useRouter: () => ({ params: routerParams, path: '' }),
};

export function firePageHide(): void {
  for (const ref of Array.from(registry.hide)) ref.current();
}

export function firePageShow(): void {
  for (const ref of Array.from(registry.show)) ref.current();
}
