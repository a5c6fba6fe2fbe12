import { View } from '@tarojs/components';
import type { MovementView } from '@contracts/api';
import { formatTime } from '../format/date';
import { formatSignedPoints, movementAmount, movementSource } from '../format/points';

/** One points movement: why, where from and when on the left, the signed amount on the right. */
export function MovementRow({ movement, staffView = false }: { movement: MovementView; staffView?: boolean }) {
  const { delta, bucket, note } = movementAmount(movement);
  return (
    <View className='row movement'>
      <View className='row-main'>
        <View className='movement-reason'>{movement.reason}</View>
        <View className='muted'>
          {movementSource(movement.source, staffView)} · {formatTime(movement.at)}
        </View>
      </View>
      <View className='row-side'>
        <View className={delta < 0 ? 'amount-minus movement-amount' : 'amount-plus movement-amount'}>{formatSignedPoints(delta)}</View>
        {bucket === 'available' ? null : <View className='muted'>{bucket === 'pending' ? '待入账' : '待扣回'}</View>}
        {note ? <View className='muted'>{note}</View> : null}
      </View>
    </View>
  );
}
