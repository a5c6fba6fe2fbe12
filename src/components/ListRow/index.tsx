import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { tappable } from '../Tappable';
import './index.css';

interface Props {
  /** Main line. */
  title: ReactNode;
  /** Second line, muted (source, date). */
  detail?: ReactNode;
  /** Right-hand content (an amount, a tag); never wraps. */
  side?: ReactNode;
  /** Under the side content. */
  sideDetail?: ReactNode;
  /** Makes the whole row a button (Tab + Enter in H5) with a › chevron. */
  onPress?: () => void;
  /** Accessible name when the row is a button and its text is not enough. */
  label?: string;
  className?: string;
}

/** ListRow: one row of a list: title and detail on the left, side content on the right. */
export function ListRow({ title, detail, side, sideDetail, onPress, label, className }: Props) {
  const cls = ['row', 'list-row', onPress ? 'list-row-tappable' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <View className={cls} {...(onPress ? tappable({ onPress, label }) : {})}>
      <View className='row-main'>
        <View className='list-row-title'>{title}</View>
        {detail ? <View className='muted'>{detail}</View> : null}
      </View>
      {side || sideDetail ? (
        <View className='row-side'>
          {side ? <View>{side}</View> : null}
          {sideDetail ? <View className='muted'>{sideDetail}</View> : null}
        </View>
      ) : null}
      {onPress ? <View className='list-row-chevron'>›</View> : null}
    </View>
  );
}
