import { Text, View } from '@tarojs/components';
import type { MovementView } from '@contracts/api';
import { earnStateText, movementBreakdown, movementSource, movementTitle } from '../../format/points';
import { DateText } from '../DateText';
import { ListRow } from '../ListRow';
import { SignedAmount } from '../SignedAmount';
import { Tag } from '../Tag';

/**
 * MovementRow: one row of a points history: what happened, where from and when on the left, the
 * signed amount a customer counts on the right (`movement.amount`: the change of usable + pending −
 * owed, so the rows add up to the total at the top). An order's row carries its state: 待入账 until a
 * day, then 已到账 on it. Props: `movement`, `staffView` (the stored reason, who adjusted, and which
 * balances moved), `now` (what "this year" is for dates; tests pass it).
 */
export function MovementRow({ movement, staffView = false, now }: { movement: MovementView; staffView?: boolean; now?: number }) {
  const state = movement.state ? earnStateText(movement.state) : null;
  const breakdown = staffView ? movementBreakdown(movement) : null;
  return (
    <ListRow
      className='movement'
      title={movementTitle(movement, staffView)}
      detail={
        <Text>
          {movementSource(movement.source, staffView)} · <DateText value={movement.at} mode='datetime' now={now} />
        </Text>
      }
      side={<SignedAmount value={movement.amount} />}
      sideDetail={
        state || breakdown ? (
          <View className='movement-side'>
            {state ? <Tag tone={state.tone}>{state.tag}</Tag> : null}
            {state?.day ? (
              <Text className='movement-day'>
                {' '}
                <DateText value={state.day} now={now} />
                {state.dayText}
              </Text>
            ) : null}
            {breakdown ? <View>{breakdown}</View> : null}
          </View>
        ) : undefined
      }
    />
  );
}
