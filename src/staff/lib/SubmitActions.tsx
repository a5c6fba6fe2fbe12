import { View } from '@tarojs/components';

interface Props {
  form: { sending: boolean; pending: unknown; error: string | null; abandon: () => void };
  onSubmit: () => void;
}

/** The submit row of a staff form built on useOnceSubmit: submit / retry, give up, and the error. */
export function SubmitActions({ form, onSubmit }: Props) {
  return (
    <>
      <View className='form-actions'>
        <View className={form.sending ? 'btn btn-disabled' : 'btn'} onClick={onSubmit}>
          {form.sending ? '提交中…' : form.pending ? '重试提交' : '提交调整'}
        </View>
        {form.pending && !form.sending ? (
          <View className='link' onClick={form.abandon}>
            放弃
          </View>
        ) : null}
      </View>
      {form.error ? <View className='form-error'>{form.error}</View> : null}
    </>
  );
}
