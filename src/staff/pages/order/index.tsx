import { useState } from 'react';
import { View } from '@tarojs/components';
import { REASON_MAX_LENGTH } from '@contracts/limits';
import { Card, PageShell } from '../../../components/PageShell';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DateText } from '../../../components/DateText';
import { NumberField, type NumberFieldChange } from '../../../components/NumberField';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tag, type TagTone } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { useRouter } from '../../../hooks/lifecycle';
import { useRemote } from '../../../hooks/useRemote';
import { newRequestId } from '../../../lib/requestId';
import { CloudError } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { formatFen } from '../../../format/money';
import { STEP_LABELS, deskError, getDeskOrder, type DeskLine, type DeskOrder, type OrderEvent, type WeighingLine, type WeightEntry } from '../../lib/orderDesk';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { RetryRow } from '../../lib/SubmitActions';
import { parseYuan } from '../../lib/yuan';
import { useWeighPreview, type PreviewState } from './preview';
import { sendStep, type StepDraft, type StepInput, type StepOutcome } from './steps';
import '../../staff.css';
import '../../orders.css';

const unitWord = (l: DeskLine) => (l.unit === 'piece' ? '件' : l.unit === 'jin' ? '份（按斤计价）' : '份（按公斤计价）');

/** One weighed line's settlement in words: refunded when lighter, charged up to the tolerance, the rest waived. */
function weighingWords(w: WeighingLine, name: string): string {
  const diff = w.differenceFen;
  switch (w.outcome) {
    case 'exact':
      return `${name}：实称 ${w.finalGrams} 克，与预估一致`;
    case 'lighter':
      return `${name}：实称 ${w.finalGrams} 克，比预估轻，退 ${formatFen(-diff)}`;
    case 'heavier':
      return `${name}：实称 ${w.finalGrams} 克，在误差范围内，补收 ${formatFen(diff)}`;
    case 'heavier_capped':
      return `${name}：实称 ${w.finalGrams} 克，按 ${w.chargedGrams} 克补收 ${formatFen(diff)}，超出误差的 ${w.waivedGrams} 克免收`;
  }
}

const OUTCOME_TAGS: Record<WeighingLine['outcome'], { tone: TagTone; text: string }> = {
  exact: { tone: 'neutral', text: '无差价' },
  lighter: { tone: 'positive', text: '退差价' },
  heavier: { tone: 'neutral', text: '误差内补收' },
  heavier_capped: { tone: 'warning', text: '超出误差' },
};

type SettlementFigures = { paidBeforeFen: number; paidFen: number; refundFen: number; chargeFen: number; lines: WeighingLine[] };

/**
 * A weight settlement line by line and in total. The preview and the saved settlement render through
 * this one component from the same figures, so saving shows exactly what the preview showed.
 */
function Settlement({ s, order, pending = [] }: { s: SettlementFigures; order: DeskOrder; pending?: readonly string[] }) {
  const nameOf = (id: string) => order.lines.find((l) => l.productId === id)?.name ?? id;
  return (
    <View className='desk-settlement' {...{ role: 'status' }}>
      {s.lines.map((w) => (
        <View key={w.productId} className={`settlement-line settlement-${w.productId}`}>
          <View className='desk-line-head'>
            <View>{weighingWords(w, nameOf(w.productId))}</View>
            <Tag tone={OUTCOME_TAGS[w.outcome].tone}>{OUTCOME_TAGS[w.outcome].text}</Tag>
          </View>
          <View className='muted'>
            本行 {formatFen(w.finalAmountFen)}（预估 {formatFen(w.estimatedAmountFen)}）· 最多按 {w.maxChargeableGrams} 克计价
          </View>
        </View>
      ))}
      {pending.length > 0 ? <View className='muted settlement-pending'>尚未填写：{pending.map(nameOf).join('、')}（暂按预估计算）</View> : null}
      <View className='settlement-total'>
        应付 {formatFen(s.paidBeforeFen)} → {formatFen(s.paidFen)}
        {s.refundFen > 0 ? `，退还顾客 ${formatFen(s.refundFen)}` : s.chargeFen > 0 ? `，向顾客补收 ${formatFen(s.chargeFen)}` : '，无差价'}
      </View>
    </View>
  );
}

/** 结算预览 under the weight fields: the figures saving would give, or why there are none yet. */
function WeighPreviewCard({ state, invalid, order }: { state: PreviewState; invalid: boolean; order: DeskOrder }) {
  let body;
  if (invalid) body = <View className='muted'>请先改正上面的重量，再看结算预览</View>;
  else if (state.kind === 'idle') body = <View className='muted'>填写实称克数后，这里显示每个商品的结算和新的应付金额</View>;
  else if (state.kind === 'loading') body = <View className='muted'>正在计算…</View>;
  else if (state.kind === 'error') body = <View className='form-error'>{state.message}</View>;
  else body = <Settlement s={state.preview} order={order} pending={state.preview.pending} />;
  return (
    <Card title='结算预览（未保存）' className='weights-preview'>
      {body}
    </Card>
  );
}

function pointsWords(reversed: number, owed: number): string {
  if (reversed === 0 && owed === 0) return '，无积分需扣回';
  return `${reversed > 0 ? `，扣回积分 ${reversed}` : ''}${owed > 0 ? `，积分不足，待扣回 ${owed}` : ''}`;
}

function outcomeWords(o: StepOutcome): string {
  switch (o.kind) {
    case 'complete':
      return `订单已完成，积分 ${o.result.earnedPoints} 已计入（待入账）`;
    case 'cancel':
      return `订单已取消${o.result.couponReturned ? '，优惠券已退回顾客' : ''}`;
    case 'refund':
      return `已退款 ${formatFen(o.result.refundFen)}${pointsWords(o.result.reversedPoints, o.result.owedPoints)}${o.result.full ? '（已全额退款）' : ''}`;
    case 'weigh':
      return '称重结果已保存';
    default:
      return `已${STEP_LABELS[o.kind]}，订单${o.result.statusLabel}`;
  }
}

type Confirming = { input: StepDraft; title: string; message: string; danger: boolean };

/** The amount field read exactly (yuan → fen); more than is left to refund is refused as typed. */
function amountRefundCheck(text: string, refundable: number): { ok: true; fen: number | null } | { ok: false; message: string } {
  const parsed = parseYuan(text);
  if (!parsed.ok || parsed.fen === null) return parsed;
  if (parsed.fen > refundable) return { ok: false, message: `超过可退金额，最多可退 ${formatFen(refundable)}` };
  return parsed;
}

function OrderDesk({ order, onChanged }: { order: DeskOrder; onChanged: () => void }) {
  const [weights, setWeights] = useState<Record<string, NumberFieldChange>>({});
  const [reason, setReason] = useState('');
  const [refundPick, setRefundPick] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [refundYuan, setRefundYuan] = useState('');
  const [settled, setSettled] = useState<SettlementFigures | null>(null);
  const step = useOnceSubmit<StepInput, StepOutcome>(sendStep, (e) => deskError(e, '操作失败：'), (o) => {
    if (o.kind === 'weigh') setSettled(o.result);
    setReason('');
    setRefundPick({});
    setRefundYuan('');
    onChanged();
  });
  const busy = step.sending || step.pending !== null;
  const allowed = new Set<OrderEvent>(order.allowed);
  const weighLines = order.lines.filter((l) => l.estimatedGrams !== null);
  const weighing = allowed.has('weigh') && !order.weights;
  const weightInvalid = weighLines.some((l) => (weights[l.productId]?.error ?? null) !== null);
  const entered: WeightEntry[] = weighLines.flatMap((l) => {
    const grams = weights[l.productId]?.value ?? null;
    return grams === null ? [] : [{ productId: l.productId, grams }];
  });
  const preview = useWeighPreview(order.id, weighing && !weightInvalid ? entered : null);
  const refundable = order.paidFen - order.refundedFen;
  // Typed yuan read as the field changes: the limit is what is left to refund.
  const amountCheck = amountRefundCheck(refundYuan, refundable);

  const send = (input: StepDraft) => {
    if (busy) return;
    setNote(null);
    // A fresh id per user action; a retry of this action (step.retry) reuses it.
    step.submit({ ...input, requestId: newRequestId() } as StepInput);
  };

  const submitWeights = () => {
    const missing = weighLines.filter((l) => (weights[l.productId]?.value ?? null) === null);
    if (missing.length > 0) {
      setNote(`请填写称重结果：${missing.map((l) => l.name).join('、')}`);
      return;
    }
    send({ kind: 'weigh', orderId: order.id, weights: weighLines.map((l) => ({ productId: l.productId, grams: weights[l.productId]?.value as number })) });
  };

  const askCancel = () => {
    if (reason.trim().length < 2) {
      setNote('请先填写取消原因');
      return;
    }
    setConfirming({ input: { kind: 'cancel', orderId: order.id, reason: reason.trim() }, title: '确认取消订单', message: `原因：${reason.trim()}（优惠券退回顾客，不计积分）`, danger: true });
  };

  const askRefund = (whole: boolean) => {
    if (reason.trim().length < 2) {
      setNote('请先填写退款原因');
      return;
    }
    if (whole) {
      setConfirming({ input: { kind: 'refund', orderId: order.id, reason: reason.trim(), whole: true }, title: '确认全额退款', message: `退还 ${formatFen(order.paidFen - order.refundedFen)} · 原因：${reason.trim()}`, danger: true });
      return;
    }
    const lines: { productId: string; fen?: number }[] = [];
    let total = 0;
    for (const [productId, text] of Object.entries(refundPick)) {
      const line = order.lines.find((l) => l.productId === productId);
      if (!line) continue;
      const open = line.paidFen - line.refundedFen;
      const parsed = parseYuan(text, { max: open });
      if (!parsed.ok) {
        setNote(`${line.name}：${parsed.message}`);
        return;
      }
      lines.push(parsed.fen === null ? { productId } : { productId, fen: parsed.fen });
      total += parsed.fen ?? open;
    }
    if (lines.length === 0) {
      setNote('请选择要退款的商品');
      return;
    }
    setConfirming({ input: { kind: 'refund', orderId: order.id, reason: reason.trim(), lines }, title: '确认部分退款', message: `退还 ${formatFen(total)} · 原因：${reason.trim()}`, danger: true });
  };

  const askAmountRefund = () => {
    if (reason.trim().length < 2) {
      setNote('请先填写退款原因');
      return;
    }
    if (!amountCheck.ok || amountCheck.fen === null) {
      setNote(amountCheck.ok ? '请填写退款金额' : `退款金额：${amountCheck.message}`);
      return;
    }
    const fen = amountCheck.fen;
    setConfirming({ input: { kind: 'refund', orderId: order.id, reason: reason.trim(), amountFen: fen }, title: '确认按金额退款', message: `退还 ${formatFen(fen)}（可退 ${formatFen(refundable)}）· 原因：${reason.trim()}`, danger: true });
  };

  const forward = (['confirm', 'dispatch', 'deliver', 'complete'] as const).filter((e) => allowed.has(e));
  const canRefund = allowed.has('refund_partial') || allowed.has('refund_full');

  return (
    <View>
      <Card title='商品' className='desk-lines'>
        {order.lines.length === 0 ? <View className='muted'>按总额记录的订单（门店收银或导入），没有商品明细</View> : null}
        {order.lines.map((l) => (
          <View key={l.productId} className='desk-line'>
            <View className='desk-line-head'>
              <View>
                {l.name} × {l.quantity} {unitWord(l)}
              </View>
              <View>{formatFen(l.paidFen)}</View>
            </View>
            {l.estimatedGrams !== null ? (
              <View className='muted'>
                预估 {l.estimatedGrams} 克{l.finalGrams !== null ? ` · 实称 ${l.finalGrams} 克` : ' · 待称重'}
              </View>
            ) : null}
            {l.refundedFen > 0 ? <View className='muted'>已退 {formatFen(l.refundedFen)}</View> : null}
          </View>
        ))}
        <View className='desk-line-head order-total'>
          <View>实付</View>
          <View className='desk-big'>{formatFen(order.paidFen)}</View>
        </View>
        <View className='muted'>
          标价 {formatFen(order.listTotalFen)} · 会员优惠 {formatFen(order.tierDiscountFen)} · 优惠券 {formatFen(order.couponFen)}
          {order.refundedFen > 0 ? ` · 已退 ${formatFen(order.refundedFen)}` : ''}
        </View>
      </Card>

      {order.weights ? (
        <Card title='称重结算' className='weights-settled'>
          <Settlement s={order.weights} order={order} />
        </Card>
      ) : null}

      {weighing ? (
        <Card title='录入实际重量' className='weights-form'>
          {weighLines.map((l) => (
            <NumberField
              key={l.productId}
              className={`weight-${l.productId}`}
              label={`${l.name}（预估 ${l.estimatedGrams ?? 0} 克）`}
              unit='克'
              min={1}
              max={10_000_000}
              placeholder='实称克数'
              disabled={busy}
              onChange={(c) => setWeights((w) => ({ ...w, [l.productId]: c }))}
            />
          ))}
          <View className='muted form-note'>比预估轻的退差价；重的按误差范围内补收，超出误差的部分免收。</View>
          <Tappable className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} onPress={submitWeights} label='保存称重结果'>
            保存称重结果
          </Tappable>
        </Card>
      ) : null}
      {weighing && !settled ? <WeighPreviewCard state={preview} invalid={weightInvalid} order={order} /> : null}
      {settled && !order.weights ? (
        <Card title='称重结算'>
          <Settlement s={settled} order={order} />
        </Card>
      ) : null}

      <Card title='处理订单' className='desk-actions'>
        {forward.length > 0 ? (
          <View className='desk-steps'>
            {forward.map((e) => (
              <Tappable key={e} className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} onPress={() => send({ kind: e, orderId: order.id })} label={STEP_LABELS[e]}>
                {STEP_LABELS[e]}
              </Tappable>
            ))}
          </View>
        ) : allowed.has('weigh') ? (
          <View className='muted'>称重后才能发货</View>
        ) : null}
        {allowed.has('cancel') || canRefund ? (
          <TextField className='desk-reason' label={allowed.has('cancel') ? '取消或退款原因' : '退款原因'} value={reason} maxLength={REASON_MAX_LENGTH} placeholder='如 顾客要求取消' disabled={busy} onChange={setReason} />
        ) : null}
        {canRefund && order.amountRefund ? (
          <View className='refund-by-amount'>
            <View className='field-label refund-remainder'>
              可退金额 {formatFen(refundable)}
              {order.refundedFen > 0 ? `（已退 ${formatFen(order.refundedFen)}）` : ''}
            </View>
            <TextField
              className='refund-amount'
              label='退款金额（元）'
              value={refundYuan}
              maxLength={14}
              placeholder='如 30.50'
              disabled={busy}
              error={amountCheck.ok ? null : amountCheck.message}
              onChange={setRefundYuan}
            />
          </View>
        ) : null}
        {canRefund && !order.amountRefund ? (
          <View className='refund-lines'>
            <View className='field-label'>选择退款商品（金额留空即退该商品剩余全部）</View>
            {order.lines
              .filter((l) => l.paidFen - l.refundedFen > 0)
              .map((l) => {
                const picked = refundPick[l.productId] !== undefined;
                return (
                  <View key={l.productId} className='refund-line'>
                    <Tappable
                      className={picked ? 'chip chip-active' : 'chip'}
                      pressed={picked}
                      disabled={busy}
                      label={`退 ${l.name}`}
                      onPress={() =>
                        setRefundPick((p) => {
                          const next = { ...p };
                          if (picked) delete next[l.productId];
                          else next[l.productId] = '';
                          return next;
                        })
                      }
                    >
                      {l.name}（可退 {formatFen(l.paidFen - l.refundedFen)}）
                    </Tappable>
                    {picked ? (
                      <TextField className={`refund-amount-${l.productId}`} label={`${l.name}退款金额（元）`} value={refundPick[l.productId] ?? ''} maxLength={12} placeholder='留空退全部' disabled={busy} onChange={(t) => setRefundPick((p) => ({ ...p, [l.productId]: t }))} />
                    ) : null}
                  </View>
                );
              })}
          </View>
        ) : null}
        <View className='desk-steps'>
          {allowed.has('cancel') ? (
            <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={busy} onPress={askCancel} label='取消订单'>
              取消订单
            </Tappable>
          ) : null}
          {canRefund && order.amountRefund ? (
            <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={busy} onPress={askAmountRefund} label='按金额退款'>
              按金额退款
            </Tappable>
          ) : null}
          {canRefund && !order.amountRefund ? (
            <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={busy} onPress={() => askRefund(false)} label='退选中商品'>
              退选中商品
            </Tappable>
          ) : null}
          {allowed.has('refund_full') ? (
            <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} disabled={busy} onPress={() => askRefund(true)} label='全额退款'>
              全额退款
            </Tappable>
          ) : null}
        </View>
        {forward.length === 0 && !allowed.has('cancel') && !canRefund && !allowed.has('weigh') ? <View className='muted'>该订单没有可进行的操作</View> : null}
        {step.sending ? <View className='muted form-note'>提交中…</View> : null}
        <RetryRow step={step} />
        {note ? (
          <View className='form-error' {...{ role: 'alert' }}>
            {note}
          </View>
        ) : null}
        {step.error ? (
          <View className='form-error' {...{ role: 'alert' }}>
            {step.error}
          </View>
        ) : null}
        {step.result ? <View className='form-ok'>{outcomeWords(step.result)}</View> : null}
      </Card>

      <Card title='状态记录' className='desk-timeline'>
        {order.timeline.map((t, i) => (
          <View key={i} className='muted'>
            <DateText value={t.at} /> {t.statusLabel}
            {t.byName ? `（${t.byName}）` : ''}
            {t.note ? ` · ${t.note}` : ''}
          </View>
        ))}
      </Card>

      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.title ?? ''}
        name={order.memberName ?? order.memberNo ?? ''}
        message={confirming?.message ?? ''}
        confirmLabel='确认'
        danger={confirming?.danger ?? false}
        onConfirm={() => {
          const c = confirming;
          setConfirming(null);
          if (c) send(c.input);
        }}
        onCancel={() => setConfirming(null)}
      />
    </View>
  );
}

/** 订单处理: one order's lines, weights, settlement and the steps it allows, each sent once. */
export default function StaffOrderPage() {
  const { params } = useRouter();
  const orderId = typeof params.orderId === 'string' ? params.orderId : '';
  const sessionVersion = useSessionVersion();
  const order = useRemote<DeskOrder>(() => (orderId ? getDeskOrder(orderId) : Promise.reject(new CloudError('ORDER.NOT_FOUND'))), [orderId, sessionVersion]);

  return (
    <PageShell title='订单处理'>
      {order.status === 'error' ? (
        <StateView kind='error' title={deskError(new CloudError(order.code ?? 'CLIENT.NETWORK', order.message))} onRetry={order.reload} />
      ) : (
        <Remote value={order} errorTitle='订单加载失败' loading={{ title: '订单处理', rows: 3 }}>
          {(o) => (
            <View>
              <Card className='desk-head'>
                <View className='desk-line-head'>
                  <View className='member-name'>{o.memberName ?? '未知会员'}</View>
                  <Tag tone={o.status === 'cancelled' ? 'negative' : o.status === 'completed' ? 'positive' : 'neutral'}>{o.statusLabel}</Tag>
                </View>
                <View className='muted'>
                  订单 {o.id}
                  {o.memberNo ? ` · 会员号 ${o.memberNo}` : ''}
                  {o.slot ? ` · ${o.slot.kind === 'pickup' ? `自提 ${o.slot.pickupPoint ?? ''}` : `配送 ${o.slot.windowLabel}`}` : ''}
                </View>
                {o.note ? <View className='muted'>备注：{o.note}</View> : null}
              </Card>
              <OrderDesk order={o} onChanged={order.reload} />
            </View>
          )}
        </Remote>
      )}
    </PageShell>
  );
}
