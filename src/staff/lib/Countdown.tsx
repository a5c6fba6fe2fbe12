import { View } from '@tarojs/components';
import { countdown, type CountdownInput } from './countdown';

/**
 * The live countdown of a case: its text changes every second with `now` (the page's one ticker), its
 * colour with the state (green, amber from 80 % of the target, red when overdue, grey while paused);
 * screen readers get the time left in words, to the minute.
 */
export function Countdown({ due, now, className }: { due: CountdownInput; now: number; className?: string }) {
  const c = countdown(due, now);
  if (c.tone === 'none') return null;
  return (
    <View className={`case-countdown countdown-${c.tone}${className ? ` ${className}` : ''}`} ariaLabel={c.label} {...{ role: 'timer' }}>
      {c.text}
    </View>
  );
}
