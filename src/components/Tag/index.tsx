import type { PropsWithChildren } from 'react';
import { Text } from '@tarojs/components';
import './index.css';

export type TagTone = 'neutral' | 'positive' | 'negative' | 'warning';

/**
 * Tag: a short status label (待入账, 已到账, 即将过期) on a tinted fill; one line, never wrapped.
 * - `tone`: 'neutral' (default), 'positive', 'negative' or 'warning' (all ≥ 4.5:1, see tokens.ts).
 */
export function Tag({ tone = 'neutral', children }: PropsWithChildren<{ tone?: TagTone }>) {
  return <Text className={`tag tag-${tone}`}>{children}</Text>;
}
