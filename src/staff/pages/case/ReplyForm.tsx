import { useState } from 'react';
import { View } from '@tarojs/components';
import { Card } from '../../../components/PageShell';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { newRequestId } from '../../../lib/requestId';
import { CASE_TEXT_MAX, type DeskCase } from '../../lib/caseDesk';
import { checkText } from '../../lib/caseForms';
import { useCaseStep } from './useCaseStep';

type Mode = 'reply' | 'ask' | 'internal';

const MODES: Record<Mode, { label: string; internal: boolean; askCustomer: boolean; done: string }> = {
  reply: { label: '回复客户', internal: false, askCustomer: false, done: '已回复客户，客户会收到通知' },
  ask: { label: '请客户补充', internal: false, askCustomer: true, done: '已请客户补充，等待期间计时暂停' },
  internal: { label: '内部备注', internal: true, askCustomer: false, done: '已添加内部备注（客户看不到）' },
};

/**
 * The reply box: one text, three ways to send it — to the customer (notified; the first reply meets
 * the first-response target), asking the customer for more (the clock pauses) or as an internal note.
 * Visible at once on an open case, so answering the most urgent case is type + one tap.
 */
export function ReplyForm({ c, onChanged }: { c: DeskCase; onChanged: () => void }) {
  const [text, setText] = useState('');
  const [mode, setMode] = useState<Mode>('reply');
  const form = useCaseStep(() => {
    setText('');
    onChanged();
  });
  const locked = form.sending || form.pending !== null;
  // Asking for more pauses a running clock: not on a resolved case.
  const modes: Mode[] = c.status === 'resolved' ? ['reply', 'internal'] : ['reply', 'ask', 'internal'];

  const send = (m: Mode) => {
    if (locked) return;
    const checked = checkText(text, '回复内容');
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    setMode(m);
    form.submit({ kind: 'reply', caseId: c.id, requestId: newRequestId(), text: checked.value, internal: MODES[m].internal, askCustomer: MODES[m].askCustomer });
  };

  const pendingText = form.pending?.kind === 'reply' ? form.pending.text : null;
  return (
    <Card title='回复' className='case-reply'>
      <TextField
        className='case-reply-text'
        label={c.status === 'resolved' ? '回复或备注（已解决的反馈不会重新打开）' : '回复内容'}
        value={pendingText ?? text}
        maxLength={CASE_TEXT_MAX}
        multiline
        placeholder='如 非常抱歉，我们马上为您核实处理'
        disabled={locked}
        onChange={(t) => {
          setText(t);
          if (!form.pending && form.error) form.setError(null);
        }}
      />
      {form.pending && !form.sending ? (
        <View className='form-actions'>
          <Tappable className='btn' onPress={form.retry} label={`重试${MODES[mode].label}`}>
            重试提交
          </Tappable>
          <Tappable className='btn btn-ghost' onPress={form.abandon} label='放弃未确认的提交'>
            放弃
          </Tappable>
        </View>
      ) : (
        <View className='case-reply-buttons'>
          {modes.map((m) => (
            <Tappable key={m} className={`${m === 'reply' ? 'btn' : 'btn btn-ghost'}${locked ? ' btn-disabled' : ''} case-${m}`} disabled={locked} onPress={() => send(m)} label={MODES[m].label}>
              {form.sending && m === mode ? '提交中…' : MODES[m].label}
            </Tappable>
          ))}
        </View>
      )}
      {form.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {form.error}
        </View>
      ) : null}
      {form.result ? (
        <View className='form-ok' {...{ role: 'status' }}>
          {MODES[mode].done}
        </View>
      ) : null}
    </Card>
  );
}
