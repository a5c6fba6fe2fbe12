import type { ReactNode } from 'react';
import type { Remote as RemoteValue } from '../../hooks/useRemote';
import { Skeleton } from '../Skeleton';
import { StateView, type StateAction } from '../StateView';

interface Props<T> {
  /** What useRemote returns (its `reload` drives 重试). */
  value: RemoteValue<T> & { reload?: () => void };
  /** While loading: known text to show at once (the member's name), and placeholder rows. */
  loading?: { title?: string; rows?: number; label?: string };
  /** Error title, e.g. "会员卡加载失败"; the detail is the value's message. */
  errorTitle: string;
  /** When the loaded data counts as empty (with `empty`). */
  isEmpty?: (data: T) => boolean;
  /** The empty state: a title, optional detail and something to do. */
  empty?: { title: string; detail?: string; action?: StateAction };
  /** The loaded data; `refreshing` is true while a background reload runs. */
  children: (data: T, refreshing: boolean) => ReactNode;
}

/**
 * Remote: the one renderer of a remote value's states: a skeleton while loading, an error with 重试,
 * an empty state with an action, or `children(data)`. Pages never write that switch themselves.
 */
export function Remote<T>({ value, loading, errorTitle, isEmpty, empty, children }: Props<T>) {
  if (value.status === 'loading') return <Skeleton title={loading?.title} rows={loading?.rows} label={loading?.label} />;
  if (value.status === 'error') return <StateView kind='error' title={errorTitle} detail={value.message} onRetry={value.reload} />;
  if (empty && isEmpty?.(value.data)) {
    return <StateView kind='empty' title={empty.title} detail={empty.detail} action={empty.action} />;
  }
  return <>{children(value.data, value.refreshing)}</>;
}
