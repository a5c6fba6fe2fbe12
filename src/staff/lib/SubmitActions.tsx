import { View } from '@tarojs/components';
import { Tappable } from '../../components/Tappable';

interface Props {
  form: { sending: boolean; pending: unknown; error: string | null; abandon: () => void };
  onSubmit: () => void;
  /** What the submit button says to assistive tech ("提交积分调整"); the visible text stays short. */
  label: string;
}

/** The submit row of a staff form built on useOnceSubmit: submit / retry, give up, and the error. */
export function SubmitActions({ form, onSubmit, label }: Props) {
  const text = form.sending ? '提交中…' : form.pending ? '重试提交' : '提交调整';
  return (
    <>
      <View className='form-actions'>
        <Tappable className={form.sending ? 'btn btn-disabled' : 'btn'} onPress={onSubmit} disabled={form.sending} label={form.pending ? `重试${label}` : label}>
          {text}
        </Tappable>
        {form.pending && !form.sending ? (
          <Tappable className='link' onPress={form.abandon} label='放弃未确认的提交'>
            放弃
          </Tappable>
        ) : null}
      </View>
      {form.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {form.error}
        </View>
      ) : null}
    </>
  );
}
