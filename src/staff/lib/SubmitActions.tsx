import { View } from '@tarojs/components';
import { Tappable } from '../../components/Tappable';

interface Props {
  form: { sending: boolean; pending: unknown; error: string | null; abandon: () => void };
  onSubmit: () => void;
  /** The submit button's text and name ("提交积分调整"). */
  label: string;
}

/** The submit row of a staff form built on useOnceSubmit: submit / retry, give up, and the error. */
export function SubmitActions({ form, onSubmit, label }: Props) {
  // The visible text is part of the accessible name (speech users say what they see).
  const text = form.sending ? '提交中…' : form.pending ? '重试提交' : label;
  return (
    <>
      <View className='form-actions'>
        <Tappable className={form.sending ? 'btn btn-disabled' : 'btn'} onPress={onSubmit} disabled={form.sending} label={form.sending ? undefined : form.pending ? `重试${label}` : label}>
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

/**
 * For a one-tap step whose answer was lost (useOnceSubmit's `pending`): send the same request again,
 * or give it up. Nothing shows while it is sending or when nothing is pending.
 */
export function RetryRow({ step, label = '重试提交' }: { step: { sending: boolean; pending: unknown; retry: () => void; abandon: () => void }; label?: string }) {
  if (!step.pending || step.sending) return null;
  return (
    <View className='form-actions'>
      <Tappable className='btn' onPress={step.retry} label={label}>
        重试提交
      </Tappable>
      <Tappable className='btn btn-ghost' onPress={step.abandon} label='放弃'>
        放弃
      </Tappable>
    </View>
  );
}
