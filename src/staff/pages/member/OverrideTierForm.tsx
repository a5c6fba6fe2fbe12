import { useState } from 'react';
import { Picker, Textarea, View } from '@tarojs/components';
import { showModal } from '@tarojs/taro';
import type { OverrideResultView, StaffMemberView, TierId } from '@contracts/api';
import { REASON_MAX_LENGTH } from '@contracts/limits';
import { newRequestId } from '../../../lib/requestId';
import { errorMessage, isCloudError } from '../../../services/errors';
import { overrideTier, type OverrideTierInput } from '../../../services/staffApi';
import { addDays, formatDay } from '../../../format/date';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { tierName } from '../../lib/labels';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { checkOverride, lastOverrideDay } from '../../lib/validate';
import { SubmitActions } from '../../lib/SubmitActions';

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

/** 人工调整等级: a tier, the last day it holds, and a reason; confirmed first, sent once. */
export function OverrideTierForm({ memberNo, displayName, today, tiers, onChanged }: Props) {
  const [tier, setTier] = useState<TierId | null>(null);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const form = useOnceSubmit<OverrideTierInput, OverrideResultView>(overrideTier, overrideError, () => {
    setTier(null);
    setUntil('');
    setReason('');
    onChanged();
  });
  const locked = form.pending !== null || form.sending;
  const last = lastOverrideDay(today);

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
    const value = checked.value;
    showModal({
      title: '确认调整等级',
      content: `将 ${displayName} 调整为${tierName(tiers, value.tier)}，有效期至${formatDay(value.until)}？原因：${value.reason}`,
      confirmText: '确认',
    }).then(
      (res) => {
        if (res.confirm) form.submit({ memberNo, ...value, requestId: newRequestId() });
      },
      () => undefined,
    );
  };

  const shownTier = form.pending ? form.pending.tier : tier;
  const shownUntil = form.pending ? form.pending.until : until;
  const shownReason = form.pending ? form.pending.reason : reason;

  return (
    <View className='panel override-form'>
      <View className='panel-title'>人工调整等级</View>
      <View className='field-label'>调整为</View>
      <View className='chips'>
        {tiers.map(({ id }) => (
          <View
            key={id}
            className={id === shownTier ? 'chip chip-active' : locked ? 'chip chip-disabled' : 'chip'}
            onClick={() => {
              if (!locked) setTier(id);
            }}
          >
            {tierName(tiers, id)}
          </View>
        ))}
      </View>
      <View className='field-label'>有效期至（最晚 {formatDay(last)}）</View>
      <Picker mode='date' value={shownUntil || today} start={today} end={last} disabled={locked} onChange={(e) => setUntil(String(e.detail.value))}>
        <View className={locked ? 'field field-disabled override-until' : 'field override-until'}>
          {shownUntil ? <View className='picker-value'>{formatDay(shownUntil)}</View> : <View className='picker-placeholder'>请选择截止日期</View>}
        </View>
      </Picker>
      <View className='chips quick-days'>
        {QUICK_DAYS.map((days) => (
          <View
            key={days}
            className={locked ? 'chip chip-disabled' : 'chip'}
            onClick={() => {
              if (!locked) setUntil(addDays(today, days));
            }}
          >
            {days} 天
          </View>
        ))}
      </View>
      <View className='field-label'>原因（必填）</View>
      <Textarea
        className={locked ? 'field field-area field-disabled override-reason' : 'field field-area override-reason'}
        value={shownReason}
        placeholder='如 年度战略合作签约'
        maxlength={REASON_MAX_LENGTH}
        disabled={locked}
        onInput={(e) => setReason(e.detail.value)}
      />
      <SubmitActions form={form} onSubmit={submit} />
      {form.result ? (
        <View className='form-ok'>
          已将等级调整为{tierName(tiers, form.result.tier)}，有效期至{formatDay(form.result.until)}
        </View>
      ) : null}
    </View>
  );
}
