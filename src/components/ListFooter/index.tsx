import { View } from '@tarojs/components';
import type { PagedState } from '../../hooks/usePaged';
import { tappable } from '../Tappable';

interface Props {
  /** A loaded paged list (from usePaged). */
  list: Extract<PagedState<unknown>, { status: 'ready' }>;
  onMore: () => void;
  emptyText: string;
}

/**
 * ListFooter: the end of a paged list: "加载更多", a spinner line, a load error with 重新加载, or the
 * end. Props: `list` (a ready usePaged state), `onMore`, `emptyText` (shown when there are no rows).
 */
export function ListFooter({ list, onMore, emptyText }: Props) {
  const { hasMore, loadingMore, moreError } = list;
  if (list.items.length === 0 && !hasMore) return <View className='list-footer'>{emptyText}</View>;
  if (loadingMore) return <View className='list-footer'>正在加载…</View>;
  if (moreError) {
    return (
      <View className='list-footer'>
        <View className='state-error'>{moreError}</View>
        <View className='list-more' {...tappable({ onPress: onMore })}>
          重新加载
        </View>
      </View>
    );
  }
  if (hasMore) {
    return (
      <View className='list-footer'>
        <View className='list-more' {...tappable({ onPress: onMore })}>
          加载更多
        </View>
      </View>
    );
  }
  return <View className='list-footer'>没有更多了</View>;
}
