import { Text } from '@tarojs/components';
import { formatClock, formatDate, formatDateTime } from '../../format/date';
import './index.css';

/**
 * DateText: a date or time in the one app format, never broken across lines.
 * - `value`: epoch ms, or a 'YYYY-MM-DD' calendar day (only with mode 'date');
 * - `mode`: 'date' (12月8日 / 2026年12月8日, default), 'time' (08:19) or 'datetime' (12月8日 08:19);
 * - `now`: what "this year" is measured against (default: the current time; pass it in tests).
 */
export function DateText({
  value,
  mode = 'date',
  now,
  className,
}: {
  value: number | string;
  mode?: 'date' | 'time' | 'datetime';
  now?: number;
  className?: string;
}) {
  let text: string;
  if (mode === 'date' || typeof value === 'string') text = formatDate(value, now);
  else if (mode === 'time') text = formatClock(value);
  else text = formatDateTime(value, now);
  return <Text className={className ? `date-text ${className}` : 'date-text'}>{text}</Text>;
}
