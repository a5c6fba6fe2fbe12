import { Text, View } from '@tarojs/components';
import { tappable } from '../Tappable';

export interface StateAction {
  label: string;
  onPress: () => void;
}

interface Props {
  kind: 'loading' | 'error' | 'empty';
  title: string;
  detail?: string;
  /** Error states: a 重试 button. */
  onRetry?: () => void;
  /** Something to do instead (empty states: "去下单", "去兑换"). */
  action?: StateAction;
}

/**
 * StateView: a whole-page loading, error or empty state: a title, optional detail, 重试 and/or an
 * action. Announced politely to screen readers (role status; errors as alert).
 */
export function StateView({ kind, title, detail, onRetry, action }: Props) {
  return (
    <View className={kind === 'error' ? 'state state-error' : 'state'} {...{ role: kind === 'error' ? 'alert' : 'status' }}>
      <Text className='state-title'>{title}</Text>
      {detail ? <View className='muted'>{detail}</View> : null}
      {onRetry ? (
        <View className='btn' {...tappable({ onPress: onRetry })}>
          重试
        </View>
      ) : null}
      {action ? (
        <View className={onRetry ? 'btn btn-ghost state-action' : 'btn state-action'} {...tappable({ onPress: action.onPress })}>
          {action.label}
        </View>
      ) : null}
    </View>
  );
}
