import { Text, View } from '@tarojs/components';

interface Props {
  kind: 'loading' | 'error' | 'empty';
  title: string;
  detail?: string;
  onRetry?: () => void;
}

/** A whole-page loading, error or empty state. */
export function StateView({ kind, title, detail, onRetry }: Props) {
  return (
    <View className={kind === 'error' ? 'state state-error' : 'state'}>
      <Text className='state-title'>{title}</Text>
      {detail ? <View className='muted'>{detail}</View> : null}
      {onRetry ? (
        <View className='btn' onClick={onRetry}>
          重试
        </View>
      ) : null}
    </View>
  );
}
