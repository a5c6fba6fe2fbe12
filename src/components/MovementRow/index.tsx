import { View } from '@tarojs/components';
import type { MovementView } from '@contracts/api';
import { formatTime } from '../../format/date';
import { movementAmount, movementSource } from '../../format/points';
import { SignedAmount } from '../SignedAmount';
import { Tag } from '../Tag';

/**
 * MovementRow: one points movement: why, where from and when on the left, the signed amount on the
 * right. Props: `movement`, `staffView` (staff also see who adjusted).
 */
// The time keeps its 'YYYY-MM-DD HH:mm' text until the points page is rewritten onto DateText.
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
        <View className='movement-amount'>
          <SignedAmount value={delta} />
        </View>
        {bucket === 'available' ? null : <Tag tone={bucket === 'pending' ? 'warning' : 'negative'}>{bucket === 'pending' ? '待入账' : '待扣回'}</Tag>}
        {note ? <View className='muted'>{note}</View> : null}
      </View>
    </View>
  );
}
