/** What follows a resolution: the call-back (回访), closing with a root cause, and a manager's reversal. */
import { useState } from 'react';
import { View } from '@tarojs/components';
import { REASON_MAX_LENGTH } from '@contracts/limits';
import { Card } from '../../../components/PageShell';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DateText } from '../../../components/DateText';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { newRequestId } from '../../../lib/requestId';
import { CASE_TEXT_MAX, ROOT_CAUSE_LABELS, type DeskCase, type RootCause } from '../../lib/caseDesk';
import { checkText } from '../../lib/caseForms';
import { SubmitActions } from '../../lib/SubmitActions';
import { checkReason } from '../../lib/validate';
import { useCaseStep } from './useCaseStep';

const ROOT_CAUSES = Object.keys(ROOT_CAUSE_LABELS) as RootCause[];

/** 回访: call the customer back to confirm they are satisfied, then record what they said. */
export function CallbackForm({ c, now, onChanged }: { c: DeskCase; now: number; onChanged: () => void }) {
  const [note, setNote] = useState('');
  const form = useCaseStep(() => {
    setNote('');
    onChanged();
  });
  const cb = c.callback;
  if (!cb) return null;
  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const checked = checkText(note, '回访记录');
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    form.submit({ kind: 'callback', caseId: c.id, requestId: newRequestId(), note: checked.value });
  };
  return (
    <Card title='回访' className='case-callback'>
      {cb.doneAt !== null ? (
        <View className='muted'>
          {cb.assigneeName} 已于 <DateText value={cb.doneAt} mode='datetime' now={now} /> 回访：{cb.note}
        </View>
      ) : (
        <View>
          <View className={cb.dueAt < now ? 'form-error' : 'muted'}>
            由 {cb.assigneeName} 在 <DateText value={cb.dueAt} mode='datetime' now={now} /> 前回访客户，确认是否满意{cb.dueAt < now ? '（已逾期）' : ''}
          </View>
          <TextField
            className='case-callback-note'
            label='回访记录'
            value={form.pending?.kind === 'callback' ? form.pending.note : note}
            maxLength={CASE_TEXT_MAX}
            multiline
            placeholder='如 客户表示满意，青菜已收到'
            disabled={form.sending || form.pending !== null}
            onChange={setNote}
          />
          <SubmitActions form={form} onSubmit={submit} label='记录回访' />
        </View>
      )}
    </Card>
  );
}

/** 关闭: a resolved case is closed with its root cause (for the causes report). */
export function CloseForm({ c, onChanged }: { c: DeskCase; onChanged: () => void }) {
  const [cause, setCause] = useState<RootCause | null>(null);
  const [note, setNote] = useState('');
  const form = useCaseStep(onChanged);
  const locked = form.sending || form.pending !== null;
  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    if (!cause) {
      form.setError('请选择问题根因');
      return;
    }
    form.submit({ kind: 'close', caseId: c.id, requestId: newRequestId(), rootCause: cause, note: note.trim() });
  };
  return (
    <Card title='关闭反馈' className='case-close'>
      <View className='field-label'>问题根因</View>
      <View className='chips case-causes' {...{ role: 'group', 'aria-label': '问题根因' }}>
        {ROOT_CAUSES.map((r) => (
          <Tappable
            key={r}
            className={cause === r ? 'chip chip-active' : 'chip'}
            pressed={cause === r}
            disabled={locked}
            onPress={() => {
              setCause(r);
              if (!form.pending) form.setError(null);
            }}
            label={ROOT_CAUSE_LABELS[r]}
          >
            {ROOT_CAUSE_LABELS[r]}
          </Tappable>
        ))}
      </View>
      <TextField className='case-close-note' label='复盘备注（选填）' value={note} maxLength={CASE_TEXT_MAX} multiline placeholder='如 冷链车温控故障，已报修' disabled={locked} onChange={setNote} />
      <SubmitActions form={form} onSubmit={submit} label='关闭反馈' />
    </Card>
  );
}

/** 撤回补偿 (managers): takes back the case's points or unused coupon, with a reason the audit keeps. */
export function ReverseForm({ c, onChanged }: { c: DeskCase; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const form = useCaseStep(() => {
    setReason('');
    onChanged();
  });
  const r = c.resolution;
  if (!r || r.reversed || (r.compensationKind !== 'points' && r.compensationKind !== 'coupon')) return null;
  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const checked = checkReason(reason);
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    setConfirming(checked.value);
  };
  return (
    <Card title='撤回补偿' className='case-reverse'>
      <View className='muted'>{r.compensation}</View>
      <TextField
        className='case-reverse-reason'
        label='撤回原因（必填）'
        value={form.pending?.kind === 'reverse' ? form.pending.reason : reason}
        maxLength={REASON_MAX_LENGTH}
        multiline
        placeholder='如 重复补偿，客户已另行退款'
        disabled={form.sending || form.pending !== null}
        onChange={setReason}
      />
      <SubmitActions form={form} onSubmit={submit} label='撤回补偿' />
      <ConfirmDialog
        open={confirming !== null}
        title='确认撤回补偿'
        name={c.memberName}
        message={confirming ? `${r.compensation ?? ''} · 原因：${confirming}` : ''}
        confirmLabel='确认撤回'
        danger
        onConfirm={() => {
          const why = confirming;
          setConfirming(null);
          if (why) form.submit({ kind: 'reverse', caseId: c.id, requestId: newRequestId(), reason: why });
        }}
        onCancel={() => setConfirming(null)}
      />
    </Card>
  );
}
