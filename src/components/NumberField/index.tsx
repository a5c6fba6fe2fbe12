import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { tappable } from '../Tappable';
import { parseWholeNumber } from './parse';
import '../fields.css';

export interface NumberFieldChange {
  /** The signed value when the input is valid and complete, else null. */
  value: number | null;
  /** What to fix, or null. */
  error: string | null;
}

interface Props {
  label: string;
  /** Largest magnitude accepted (inclusive); the message names it. */
  max: number;
  /** Smallest magnitude accepted, default 1 (0 rarely means anything in a form). */
  min?: number;
  /** Show 加 / 减 to choose the sign; the typed text is always the magnitude. */
  signed?: boolean;
  /** The sign chosen at first; without it the user must pick one (nothing is assumed). */
  defaultSign?: 1 | -1;
  placeholder?: string;
  disabled?: boolean;
  /** Unit after the field ("积分"). */
  unit?: string;
  className?: string;
  onChange: (change: NumberFieldChange) => void;
}

const isH5 = process.env.TARO_ENV === 'h5';

/**
 * NumberField: a whole-number input that keeps exactly what was typed and says what is wrong
 * (decimals, exponents, signs, over `max`) instead of altering it; full-width digits are read as
 * digits. With `signed`, 加 / 减 buttons choose the direction. Reports `{ value, error }` on change.
 */
export function NumberField({ label, max, min = 1, signed = false, defaultSign, placeholder, disabled = false, unit, className, onChange }: Props) {
  const [text, setText] = useState('');
  const [sign, setSign] = useState<1 | -1 | null>(signed ? (defaultSign ?? null) : 1);
  const [error, setError] = useState<string | null>(null);

  const report = (nextText: string, nextSign: 1 | -1 | null) => {
    const parsed = parseWholeNumber(nextText, { max, min, signed });
    let change: NumberFieldChange;
    if (!parsed.ok) change = { value: null, error: parsed.message };
    else if (parsed.value === null) change = { value: null, error: null };
    else if (nextSign === null) change = { value: null, error: '请选择“加”或“减”' };
    else change = { value: nextSign * parsed.value, error: null };
    setError(change.error);
    onChange(change);
  };

  const choose = (s: 1 | -1) => {
    setSign(s);
    report(text, s);
  };

  return (
    <View className={className ? `field-block ${className}` : 'field-block'}>
      <View className='field-label'>{label}</View>
      <View className='number-field-row'>
        {signed ? (
          <View className='number-field-signs' {...{ role: 'group', 'aria-label': '方向' }}>
            {([1, -1] as const).map((s) => (
              <View
                key={s}
                className={sign === s ? 'sign-btn sign-btn-on' : 'sign-btn'}
                {...tappable({ onPress: () => choose(s), label: s > 0 ? '加' : '减', pressed: sign === s, disabled })}
              >
                {s > 0 ? '加' : '减'}
              </View>
            ))}
          </View>
        ) : null}
        <Input
          className={error ? 'field field-invalid number-field-input' : 'field number-field-input'}
          // H5 type=number would let the browser drop '-', '.' and 'e' before we see them.
          type={isH5 ? 'text' : 'number'}
          value={text}
          placeholder={placeholder}
          disabled={disabled}
          maxlength={-1}
          ariaLabel={label}
          onInput={(e) => {
            setText(e.detail.value);
            report(e.detail.value, sign);
          }}
        />
        {unit ? <View className='field-unit'>{unit}</View> : null}
      </View>
      {error ? (
        <View className='field-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
    </View>
  );
}
