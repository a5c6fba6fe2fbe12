import { useEffect, useState } from 'react';
import { Input, Textarea, View } from '@tarojs/components';
import '../fields.css';

interface Props {
  label: string;
  /** The accepted text (controlled). */
  value: string;
  /** Called with each accepted text; never with text over `maxLength`. */
  onChange: (text: string) => void;
  /** Limit in UTF-16 units, the way the cloud functions' schemas count (an emoji counts 2). */
  maxLength: number;
  multiline?: boolean;
  placeholder?: string;
  disabled?: boolean;
  /** An error from outside (required, server said no); shown when there is no length message. */
  error?: string | null;
  className?: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * TextField: single or multi-line text with a visible counter ("12/200"). Input that would go past
 * `maxLength` (typing or a 5,000-character paste) is refused as a whole: the field keeps its prior
 * text and says how long the attempt was, so nothing is cut silently; the message clears as soon
 * as an input is accepted.
 */
export function TextField({ label, value, onChange, maxLength, multiline = false, placeholder, disabled = false, error, className }: Props) {
  const [refused, setRefused] = useState<string | null>(null);
  // The refused text is rendered once so the platform input sees a changed value and is then reset
  // to the accepted text (setting the same value again would not clear what the user pasted).
  const [bounce, setBounce] = useState<string | null>(null);

  useEffect(() => {
    if (bounce !== null) setBounce(null);
  }, [bounce]);

  const onInput = (text: string) => {
    if (text.length > maxLength) {
      setRefused(`最多 ${fmt(maxLength)} 字，这次输入有 ${fmt(text.length)} 字，未填入，请删减后再输入`);
      setBounce(text);
      return;
    }
    setRefused(null);
    onChange(text);
  };

  const shown = bounce ?? value;
  const message = refused ?? error ?? null;
  const common = {
    className: `field${multiline ? ' field-area' : ''}${message ? ' field-invalid' : ''}`,
    value: shown,
    placeholder,
    disabled,
    // -1: no platform limit, which would cut silently; the limit is enforced above.
    maxlength: -1,
    ariaLabel: label,
    onInput: (e: { detail: { value: string } }) => onInput(e.detail.value),
  };
  return (
    <View className={className ? `field-block ${className}` : 'field-block'}>
      <View className='field-label'>{label}</View>
      {multiline ? <Textarea {...common} /> : <Input type='text' {...common} />}
      <View className='field-foot'>
        {message ? (
          <View className='field-error' {...{ role: 'alert' }}>
            {message}
          </View>
        ) : null}
        <View className='field-counter' ariaLabel={`已输入 ${value.length} 字，最多 ${maxLength} 字`}>
          {value.length}/{maxLength}
        </View>
      </View>
    </View>
  );
}
