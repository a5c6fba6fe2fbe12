import { useState } from 'react';
import { Input, Textarea, View } from '@tarojs/components';
import { showModal } from '@tarojs/taro';
import type { AdjustResultView } from '@contracts/api';
import { MAX_ADJUST_POINTS, REASON_MAX_LENGTH } from '@contracts/limits';
import { newRequestId } from '../../../lib/requestId';
import { errorMessage, isCloudError } from '../../../services/errors';
import { adjustPoints, type AdjustPointsInput } from '../../../services/staffApi';
import { formatPoints } from '../../../format/money';
import { formatSignedPoints } from '../../../format/points';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { checkAdjust } from '../../lib/validate';
import { SubmitActions } from '../../lib/SubmitActions';

interface Props {
  memberNo: string;
  displayName: string;
  available: number;
  onChanged: () => void;
}

function adjustError(e: unknown): string {
  if (isCloudError(e)) {
    if (e.code === FORBIDDEN) return STAFF_ONLY;
    if (e.code === 'POINTS.INSUFFICIENT_BALANCE') return '扣减失败：会员可用积分不足';
  }
  return `调整失败：${errorMessage(e)}`;
}

function resultText(r: AdjustResultView): string {
  const head = r.delta > 0 ? `已增加 ${formatPoints(r.delta)} 积分` : `已扣减 ${formatPoints(-r.delta)} 积分`;
  return `${head}，当前可用 ${formatPoints(r.available)} 积分${r.owed > 0 ? `，待扣回 ${formatPoints(r.owed)} 积分` : ''}`;
}

/** 调整积分: add or deduct points with a reason; confirmed first, sent once (retries reuse the id). */
export function AdjustPointsForm({ memberNo, displayName, available, onChanged }: Props) {
  const [sign, setSign] = useState<1 | -1>(1);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const form = useOnceSubmit<AdjustPointsInput, AdjustResultView>(adjustPoints, adjustError, () => {
    setAmount('');
    setReason('');
    onChanged();
  });
  const locked = form.pending !== null || form.sending;

  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const checked = checkAdjust(sign, amount, reason, available);
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    const { delta, reason: why } = checked.value;
    showModal({
      title: '确认调整积分',
      content: `为 ${displayName} ${delta > 0 ? '增加' : '扣减'} ${formatPoints(Math.abs(delta))} 积分？原因：${why}`,
      confirmText: '确认',
    }).then(
      (res) => {
        if (res.confirm) form.submit({ memberNo, delta, reason: why, requestId: newRequestId() });
      },
      () => undefined,
    );
  };

  const shownSign = form.pending ? (form.pending.delta > 0 ? 1 : -1) : sign;
  const shownAmount = form.pending ? String(Math.abs(form.pending.delta)) : amount;
  const shownReason = form.pending ? form.pending.reason : reason;

  return (
    <View className='panel adjust-form'>
      <View className='panel-title'>调整积分</View>
      <View className='chips'>
        {([1, -1] as const).map((s) => (
          <View
            key={s}
            className={s === shownSign ? 'chip chip-active' : locked ? 'chip chip-disabled' : 'chip'}
            onClick={() => {
              if (!locked) setSign(s);
            }}
          >
            {s > 0 ? '增加' : '扣减'}
          </View>
        ))}
      </View>
      <View className='field-label'>积分数量</View>
      <Input
        className={locked ? 'field field-disabled adjust-amount' : 'field adjust-amount'}
        type='number'
        value={shownAmount}
        placeholder='如 100'
        maxlength={String(MAX_ADJUST_POINTS).length}
        disabled={locked}
        onInput={(e) => setAmount(e.detail.value)}
      />
      <View className='field-label'>原因（必填，会员可在积分明细中看到）</View>
      <Textarea
        className={locked ? 'field field-area field-disabled adjust-reason' : 'field field-area adjust-reason'}
        value={shownReason}
        placeholder='如 配送延误补偿'
        maxlength={REASON_MAX_LENGTH}
        disabled={locked}
        onInput={(e) => setReason(e.detail.value)}
      />
      {form.pending ? (
        <View className='muted form-note'>待确认：{formatSignedPoints(form.pending.delta)} 积分</View>
      ) : null}
      <SubmitActions form={form} onSubmit={submit} />
      {form.result ? <View className='form-ok'>{resultText(form.result)}</View> : null}
    </View>
  );
}
