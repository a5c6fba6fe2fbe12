import { useState } from 'react';
import { View } from '@tarojs/components';
import type { AdjustResultView, ApprovalPendingView } from '@contracts/api';
import { MAX_ADJUST_POINTS, REASON_MAX_LENGTH } from '@contracts/limits';
import { Card } from '../../../components/PageShell';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { NumberField, type NumberFieldChange } from '../../../components/NumberField';
import { TextField } from '../../../components/TextField';
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

/** Over a clerk's cap the server files a request instead: its answer says so plainly (「已提交店长审批」). */
export const isPending = (r: object): r is ApprovalPendingView => (r as { status?: unknown }).status === 'pending';

function resultText(r: AdjustResultView | ApprovalPendingView): string {
  if (isPending(r)) return `${r.message}：店长批准后生效`;
  const head = r.delta > 0 ? `已增加 ${formatPoints(r.delta)} 积分` : `已扣减 ${formatPoints(-r.delta)} 积分`;
  return `${head}，当前可用 ${formatPoints(r.available)} 积分${r.owed > 0 ? `，待扣回 ${formatPoints(r.owed)} 积分` : ''}`;
}

const EMPTY: NumberFieldChange = { value: null, error: null };

/**
 * 调整积分: 加 or 减 chosen explicitly, the amount read exactly (NumberField), a reason with a counter
 * (TextField); confirmed in a dialog first, sent once (retries reuse the request id).
 */
export function AdjustPointsForm({ memberNo, displayName, available, onChanged }: Props) {
  const [amount, setAmount] = useState<NumberFieldChange>(EMPTY);
  const [reason, setReason] = useState('');
  // NumberField keeps what was typed itself: a new key clears it after a success.
  const [generation, setGeneration] = useState(0);
  const [confirming, setConfirming] = useState<{ delta: number; reason: string } | null>(null);
  const form = useOnceSubmit<AdjustPointsInput, AdjustResultView | ApprovalPendingView>(adjustPoints, adjustError, () => {
    setAmount(EMPTY);
    setReason('');
    setGeneration((g) => g + 1);
    onChanged();
  });
  const locked = form.pending !== null || form.sending;

  // A correction makes a submit-time message stale (an unconfirmed submission keeps its own).
  const clearStale = () => {
    if (!form.pending && form.error) form.setError(null);
  };

  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const checked = checkAdjust(amount, reason, available);
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    setConfirming(checked.value);
  };

  const confirm = () => {
    const value = confirming;
    setConfirming(null);
    if (value) form.submit({ memberNo, delta: value.delta, reason: value.reason, requestId: newRequestId() });
  };

  return (
    <Card title='调整积分' className='adjust-form'>
      <NumberField
        key={generation}
        className='adjust-amount'
        label='积分数量'
        signed
        max={MAX_ADJUST_POINTS}
        unit='积分'
        placeholder='如 100'
        disabled={locked}
        onChange={(change) => {
          setAmount(change);
          clearStale();
        }}
      />
      <TextField
        className='adjust-reason'
        label='原因（必填，会员可在积分明细中看到）'
        value={form.pending ? form.pending.reason : reason}
        maxLength={REASON_MAX_LENGTH}
        multiline
        placeholder='如 配送延误补偿'
        disabled={locked}
        onChange={(text) => {
          setReason(text);
          clearStale();
        }}
      />
      {form.pending ? <View className='muted form-note'>待确认：{formatSignedPoints(form.pending.delta)} 积分</View> : null}
      <SubmitActions form={form} onSubmit={submit} label='提交积分调整' />
      {form.result ? (
        <View className={isPending(form.result) ? 'form-ok form-pending' : 'form-ok'} {...{ role: 'status' }}>
          {resultText(form.result)}
        </View>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title='确认调整积分'
        name={displayName}
        message={confirming ? `${confirming.delta > 0 ? '增加' : '扣减'} ${formatPoints(Math.abs(confirming.delta))} 积分 · 原因：${confirming.reason}` : ''}
        confirmLabel={confirming && confirming.delta < 0 ? '确认扣减' : '确认增加'}
        danger={confirming !== null && confirming.delta < 0}
        onConfirm={confirm}
        onCancel={() => setConfirming(null)}
      />
    </Card>
  );
}
