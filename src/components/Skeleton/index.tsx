import { Text, View } from '@tarojs/components';
import './index.css';

/**
 * Skeleton: grey placeholder bars shaped like the content being loaded, with what is already known
 * shown for real (the member's name, the page title).
 * - `title`: known text shown at the top (optional); `rows`: placeholder lines (default 3);
 * - `label`: what screen readers hear (default 正在加载…).
 */
export function Skeleton({ title, rows = 3, label = '正在加载…' }: { title?: string; rows?: number; label?: string }) {
  return (
    <View className='skeleton panel' ariaLabel={label} {...{ role: 'status', 'aria-busy': 'true' }}>
      {title ? <Text className='skeleton-title'>{title}</Text> : <View className='skeleton-bar skeleton-bar-title' />}
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className={i === rows - 1 ? 'skeleton-bar skeleton-bar-short' : 'skeleton-bar'} />
      ))}
    </View>
  );
}
