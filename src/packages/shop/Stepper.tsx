import { View } from '@tarojs/components';
import { Tappable } from '../../components/Tappable';

interface Props {
  /** What is counted, for screen readers ("上海青"). */
  name: string;
  value: number;
  min: number;
  max: number;
  disabled?: boolean;
  onChange: (value: number) => void;
}

/** − quantity +: each button named after the product; the ends of the range disable their button. */
export function Stepper({ name, value, min, max, disabled = false, onChange }: Props) {
  const lessOff = disabled || value <= min;
  const moreOff = disabled || value >= max;
  return (
    <View className='stepper'>
      <Tappable className={lessOff ? 'stepper-btn stepper-off' : 'stepper-btn'} label={`减少${name}`} disabled={lessOff} onPress={() => onChange(value - 1)}>
        −
      </Tappable>
      <View className='stepper-value' ariaLabel={`${name}数量 ${value}`}>
        {value}
      </View>
      <Tappable className={moreOff ? 'stepper-btn stepper-off' : 'stepper-btn'} label={`增加${name}`} disabled={moreOff} onPress={() => onChange(value + 1)}>
        +
      </Tappable>
    </View>
  );
}
