import { Text } from '@tarojs/components';
import { formatSignedPoints } from '../../format/points';
import './index.css';

/**
 * SignedAmount: a change with its sign, the same everywhere: "+173" green, "-50" red, "0" plain.
 * The sign is ASCII '-' / '+' like every formatted amount in the app (format/points), with thousands
 * separators (screen readers read the sign: "加 173" / "减 50").
 * - `value`: the signed integer change;
 * - `unit`: shown after the number when `showUnit`, default '积分'.
 */
export function SignedAmount({ value, unit = '积分', showUnit = false, className }: { value: number; unit?: string; showUnit?: boolean; className?: string }) {
  const tone = value > 0 ? 'amount-plus' : value < 0 ? 'amount-minus' : 'amount-zero';
  const text = formatSignedPoints(value);
  return (
    <Text className={`signed-amount ${tone}${className ? ' ' + className : ''}`}>
      {showUnit ? `${text} ${unit}` : text}
    </Text>
  );
}
