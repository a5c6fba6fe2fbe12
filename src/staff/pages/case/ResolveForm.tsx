import { useState } from 'react';
import { View } from '@tarojs/components';
import { Card } from '../../../components/PageShell';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { NumberField } from '../../../components/NumberField';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { newRequestId } from '../../../lib/requestId';
import { formatFen } from '../../../format/money';
import { CASE_TEXT_MAX, OUTCOME_LABELS, type DeskCase, type Outcome, type ResolvePayload } from '../../lib/caseDesk';
import { MAX_COMPENSATION_POINTS, checkResolve, describeResolve, emptyResolveDraft, type ResolveDraft } from '../../lib/caseForms';
import { SubmitActions } from '../../lib/SubmitActions';
import { useCaseStep } from './useCaseStep';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as Outcome[];

interface Props {
  c: DeskCase;
  /** What the case's order can still refund, when it was read (null: unknown or no order). */
  refundableFen: number | null;
  onChanged: () => void;
}

/**
 * 解决: the outcome (退款 only for a case about an order, in yuan or 全额; 补发; 补偿积分 with the
 * number; 补偿优惠券 by template; 解释说明) and a note for the customer, confirmed in a dialog, sent
 * once. Compensation is keyed to the case on the server, so a retry never pays twice.
 */
export function ResolveForm({ c, refundableFen, onChanged }: Props) {
  const [draft, setDraft] = useState<ResolveDraft>(emptyResolveDraft);
  // NumberField keeps its own text: a new key clears it after a success.
  const [generation, setGeneration] = useState(0);
  const [confirming, setConfirming] = useState<ResolvePayload | null>(null);
  const form = useCaseStep(() => {
    setDraft(emptyResolveDraft);
    setGeneration((g) => g + 1);
    onChanged();
  });
  const locked = form.sending || form.pending !== null;
  const outcomes = OUTCOMES.filter((o) => o !== 'refund' || c.orderId !== null);

  const edit = (patch: Partial<ResolveDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (!form.pending && form.error) form.setError(null);
  };

  const submit = () => {
    if (form.sending) return;
    if (form.pending) {
      form.retry();
      return;
    }
    const checked = checkResolve(draft, { hasOrder: c.orderId !== null, refundableFen });
    if (!checked.ok) {
      form.setError(checked.error);
      return;
    }
    setConfirming(checked.value);
  };

  const confirm = () => {
    const value = confirming;
    setConfirming(null);
    if (value) form.submit({ kind: 'resolve', caseId: c.id, requestId: newRequestId(), ...value });
  };

  return (
    <Card title='解决' className='case-resolve'>
      <View className='field-label'>处理结果</View>
      <View className='chips case-outcomes' {...{ role: 'group', 'aria-label': '处理结果' }}>
        {outcomes.map((o) => (
          <Tappable key={o} className={draft.outcome === o ? 'chip chip-active' : 'chip'} pressed={draft.outcome === o} disabled={locked} onPress={() => edit({ outcome: o })} label={OUTCOME_LABELS[o]}>
            {OUTCOME_LABELS[o]}
          </Tappable>
        ))}
      </View>
      {c.orderId === null ? <View className='muted form-note'>该反馈没有关联订单，不能退款</View> : null}
      {draft.outcome === 'points' ? (
        <NumberField key={generation} className='case-points' label='补偿积分' max={MAX_COMPENSATION_POINTS} unit='积分' placeholder='如 100' disabled={locked} onChange={(points) => edit({ points })} />
      ) : null}
      {draft.outcome === 'coupon' ? (
        <TextField
          className='case-coupon'
          label='优惠券模板编号（如 back-50-5）'
          value={draft.couponTemplateId}
          maxLength={64}
          placeholder='向店长确认可发放的优惠券'
          disabled={locked}
          onChange={(couponTemplateId) => edit({ couponTemplateId })}
        />
      ) : null}
      {draft.outcome === 'refund' ? (
        <View className='case-refund'>
          {refundableFen !== null ? <View className='muted'>该订单还可退 {formatFen(refundableFen)}</View> : null}
          <View className='chips'>
            <Tappable className={draft.refundWhole ? 'chip chip-active' : 'chip'} pressed={draft.refundWhole} disabled={locked} onPress={() => edit({ refundWhole: !draft.refundWhole })} label='全额退款'>
              全额退款
            </Tappable>
          </View>
          {draft.refundWhole ? null : (
            <TextField className='case-refund-yuan' label='退款金额（元）' value={draft.refundYuan} maxLength={12} placeholder='如 20.50' disabled={locked} onChange={(refundYuan) => edit({ refundYuan })} />
          )}
        </View>
      ) : null}
      <TextField
        className='case-resolve-note'
        label='处理说明（客户可见）'
        value={form.pending?.kind === 'resolve' ? form.pending.note : draft.note}
        maxLength={CASE_TEXT_MAX}
        multiline
        placeholder='如 已为您补偿 100 积分，给您带来不便非常抱歉'
        disabled={locked}
        onChange={(note) => edit({ note })}
      />
      <SubmitActions form={form} onSubmit={submit} label='提交处理结果' />
      {form.result ? (
        <View className='form-ok' {...{ role: 'status' }}>
          已解决{form.result.resolution?.compensation ? `：${form.result.resolution.compensation}` : ''}
        </View>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title='确认解决'
        name={c.memberName}
        message={confirming ? `${describeResolve(confirming, refundableFen)} · ${confirming.note}` : ''}
        confirmLabel='确认解决'
        onConfirm={confirm}
        onCancel={() => setConfirming(null)}
      />
    </Card>
  );
}
