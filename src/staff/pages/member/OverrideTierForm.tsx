import { useState } from 'react';
import { Picker, View } from '@tarojs/components';
import type { ApprovalPendingView, OverrideResultView, StaffMemberView, TierId } from '@contracts/api';
import { REASON_MAX_LENGTH } from '@contracts/limits';
import { Card } from '../../../components/PageShell';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DateText } from '../../../components/DateText';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { newRequestId } from '../../../lib/requestId';
import { errorMessage, isCloudError } from '../../../services/errors';
import { overrideTier, type OverrideTierInput } from '../../../services/staffApi';
import { addDays, formatDate } from '../../../format/date';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { tierName } from '../../lib/labels';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { checkOverride, lastOverrideDay } from '../../lib/validate';
import { SubmitActions } from '../../lib/SubmitActions';
import { isPending } from './AdjustPointsForm';

interface Props {
  memberNo: string;
  displayName: string;
  /** Today in Shanghai, 'YYYY-MM-DD'. */
  today: string;
  /** The configured tiers, lowest first (sent with the member). */
  tiers: StaffMemberView['tiers'];
  onChanged: () => void;
}

const QUICK_DAYS = [30, 90, 180, 365];

function overrideError(e: unknown): string {
  if (isCloudError(e) && e.code === FORBIDDEN) return STAFF_ONLY;
  return `调整失败：${errorMessage(e)}`;
}

type Override = { tier: TierId; until: string; reason: string };

/** 人工调整等级: a tier, the last day it holds, and a reason; confirmed in a dialog first, sent once. */
export function OverrideTierForm({ memberNo, displayName, today, tiers, onChanged }: Props) {
  const [tier, setTier] = useState<TierId | null>(null);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<Override | null>(null);
  const form = useOnceSubmit<OverrideTierInput, OverrideResultView | ApprovalPendingView>(overrideTier, overrideError, () => {
    setTier(null);
    setUntil('');
    setReason('');
    onChanged();
  });
  const locked = form.pending !== null || form.sending;
  const last = lastOverrideDay(today);

  /** Every change clears a submit-time message, which would be stale (not an unconfirmed one). */
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      if (locked) return;
      set(v);
      if (form.error) form.setError(null);
    };

  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const checked = checkOverride(tier, until, reason, today);
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    setConfirming(checked.value);
  };

  const confirm = () => {
    const value = confirming;
    setConfirming(null);
    if (value) form.submit({ memberNo, ...value, requestId: newRequestId() });
  };

  const shownTier = form.pending ? form.pending.tier : tier;
  const shownUntil = form.pending ? form.pending.until : until;
  const shownReason = form.pending ? form.pending.reason : reason;

  return (
    <Card title='人工调整等级' className='override-form'>
      <View className='field-label'>调整为</View>
      <View className='chips' {...{ role: 'group', 'aria-label': '调整为' }}>
        {tiers.map(({ id }) => (
          <Tappable
            key={id}
            className={id === shownTier ? 'chip chip-active' : locked ? 'chip chip-disabled' : 'chip'}
            onPress={() => edit(setTier)(id)}
            pressed={id === shownTier}
            disabled={locked}
            label={tierName(tiers, id)}
          >
            {tierName(tiers, id)}
          </Tappable>
        ))}
      </View>
      <View className='field-label'>
        有效期至（最晚 <DateText value={last} />）
      </View>
      <Picker mode='date' value={shownUntil || today} start={today} end={last} disabled={locked} onChange={(e) => edit(setUntil)(String(e.detail.value))}>
        <View className={locked ? 'field field-disabled override-until' : 'field override-until'} ariaLabel={shownUntil ? `有效期至 ${formatDate(shownUntil)}，点按修改` : '请选择截止日期'} {...{ role: 'button' }}>
          {shownUntil ? <DateText className='picker-value' value={shownUntil} /> : <View className='picker-placeholder'>请选择截止日期</View>}
        </View>
      </Picker>
      <View className='chips quick-days'>
        {QUICK_DAYS.map((days) => (
          <Tappable key={days} className={locked ? 'chip chip-disabled' : 'chip'} onPress={() => edit(setUntil)(addDays(today, days))} disabled={locked} label={`${days} 天后到期`}>
            {days} 天
          </Tappable>
        ))}
      </View>
      <TextField
        className='override-reason'
        label='原因（必填）'
        value={shownReason}
        maxLength={REASON_MAX_LENGTH}
        multiline
        placeholder='如 年度战略合作签约'
        disabled={locked}
        onChange={edit(setReason)}
      />
      <SubmitActions form={form} onSubmit={submit} label='提交等级调整' />
      {form.result && isPending(form.result) ? (
        <View className='form-ok form-pending' {...{ role: 'status' }}>
          {form.result.message}：店长批准后生效
        </View>
      ) : form.result ? (
        <View className='form-ok'>
          已将等级调整为{tierName(tiers, form.result.tier)}，有效期至<DateText value={form.result.until} />
        </View>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title='确认调整等级'
        name={displayName}
        message={confirming ? `调整为${tierName(tiers, confirming.tier)}，有效期至${formatDate(confirming.until)} · 原因：${confirming.reason}` : ''}
        confirmLabel='确认调整'
        onConfirm={confirm}
        onCancel={() => setConfirming(null)}
      />
    </Card>
  );
}
