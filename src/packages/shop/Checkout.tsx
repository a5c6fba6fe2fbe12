import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Card } from '../../components/PageShell';
import { Skeleton } from '../../components/Skeleton';
import { StateView } from '../../components/StateView';
import { Tag } from '../../components/Tag';
import { Tappable } from '../../components/Tappable';
import { TextField } from '../../components/TextField';
import { formatDate } from '../../format/date';
import { formatFen, formatPoints } from '../../format/money';
import { sessionIdentity } from '../../hooks/sessionIdentity';
import { isOutcomeUnknown, loadUnsettled, newRequestId, saveUnsettled } from '../../lib/requestId';
import { errorMessage, isCloudError } from '../../services/errors';
import { quote, submitOrder, type OrderDetail, type QuoteItem, type QuoteResult, type SubmitInput } from '../../services/orders';
import { aboutJin, percentText, WEIGHT_NOTE } from './format';
import { PAYMENT_LABELS, settlePayment, type PaymentMethod } from './payment';
import { slotDays, WINDOWS, type SlotChoice } from './slot';

type Quoted = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: QuoteResult };

/** 'auto': the best coupon the server suggests; 'none': no coupon; else a coupon id. */
type CouponChoice = 'auto' | 'none' | string;

interface Props {
  /** What to price: productId and quantity (unit and unitPriceFen when the customer saw prices). */
  items: QuoteItem[];
  initialSlot: SlotChoice;
  /** Show the priced lines (the cart's confirmation); the reorder page shows its own. */
  showLines?: boolean;
  onOrdered: (order: OrderDetail, slot: SlotChoice) => void;
}

/** What the customer may choose: on account always; WeChat Pay when the server offers it. */
export function offeredMethods(q: Pick<QuoteResult, 'paymentMethods'>): PaymentMethod[] {
  // An older server answers no list: on account only.
  const offered = (q.paymentMethods as PaymentMethod[] | undefined) ?? [];
  return offered.includes('wechat_pay') ? ['on_account', 'wechat_pay'] : ['on_account'];
}

const UNSETTLED_SCOPE = 'order';
const PICKUP_MAX = 30;

/** Why a submit was refused, in words a customer can act on. */
function submitErrorText(e: unknown): string {
  if (isCloudError(e)) {
    if (e.code === 'COUPON.USED' || e.code === 'COUPON.EXPIRED' || e.code === 'COUPON.NOT_FOUND') return '这张优惠券已不可用，已为您重新计算，请确认后再下单';
    if (e.code === 'ORDER.INVALID_SLOT') return e.message || '配送时间不可选，请重新选择';
  }
  return `下单失败：${errorMessage(e)}`;
}

function dayLabel(day: string, days: string[]): string {
  if (day === days[0]) return `今天 ${formatDate(day)}`;
  if (day === days[1]) return `明天 ${formatDate(day)}`;
  return formatDate(day);
}

/**
 * The confirmation: the cart priced by the server at the member's tier (list price, tier discount, the
 * best coupon preselected and changeable, the total and the points it will earn), the hand-over slot,
 * and 确认下单. Each confirmed cart gets one request id, kept in storage until the server has answered,
 * so a double tap or a retry after a lost answer (even after leaving the page) finds the same order.
 * A price or stock change caught at submit is quoted again and shown before the next submit.
 */
export function Checkout({ items, initialSlot, showLines = false, onOrdered }: Props) {
  const [quoted, setQuoted] = useState<Quoted>({ status: 'loading' });
  const [quoting, setQuoting] = useState(false);
  const [coupon, setCoupon] = useState<CouponChoice>('auto');
  const [pickingCoupon, setPickingCoupon] = useState(false);
  const [slot, setSlot] = useState<SlotChoice>(initialSlot);
  const [method, setMethod] = useState<PaymentMethod>('on_account');
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [changes, setChanges] = useState<string[] | null>(null);
  const [requote, setRequote] = useState(0);
  const [unsettled, setUnsettled] = useState<Record<string, string>>(() => loadUnsettled(UNSETTLED_SCOPE));
  useEffect(() => saveUnsettled(UNSETTLED_SCOPE, unsettled), [unsettled]);
  const suggested = useRef<string | null>(null);
  const latest = useRef(0);
  const itemsKey = JSON.stringify(items);

  useEffect(() => {
    if (items.length === 0) return;
    const id = ++latest.current;
    setQuoting(true);
    const wanted = coupon === 'auto' ? suggested.current : coupon === 'none' ? null : coupon;
    quote(items, wanted)
      .then((q) => {
        // 'auto' follows the server's suggestion: price again with it when it changed.
        if (coupon === 'auto' && q.suggestedCouponId !== wanted) {
          suggested.current = q.suggestedCouponId;
          return q.suggestedCouponId === null ? q : quote(items, q.suggestedCouponId);
        }
        return q;
      })
      .then(
        (q) => {
          if (latest.current !== id) return;
          setQuoted({ status: 'ready', data: q });
          setQuoting(false);
        },
        (e: unknown) => {
          if (latest.current !== id) return;
          setQuoting(false);
          setQuoted((prev) => (prev.status === 'ready' ? prev : { status: 'error', message: errorMessage(e) }));
          setNotice(`价格计算失败：${errorMessage(e)}`);
        },
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemsKey, coupon, requote]);

  useEffect(
    () => () => {
      latest.current = -1;
    },
    [],
  );

  if (items.length === 0) return <StateView kind='empty' title='没有要下单的商品' detail='请先选择商品' />;
  if (quoted.status === 'loading') return <Skeleton title='订单确认' rows={4} label='正在计算价格…' />;
  if (quoted.status === 'error') return <StateView kind='error' title='价格计算失败' detail={quoted.message} onRetry={() => setRequote((n) => n + 1)} />;

  const q = quoted.data;
  const total = q.quote;
  const days = slotDays();
  const pickupMissing = slot.kind === 'pickup' && slot.pickupPoint.trim() === '';
  const methods = offeredMethods(q);
  const paymentMethod: PaymentMethod = methods.includes(method) ? method : 'on_account';

  const payload = (): Omit<SubmitInput, 'requestId'> => ({
    items: total.lines.map((l) => ({ productId: l.productId, unit: l.unit, quantity: l.quantity, unitPriceFen: l.unitPriceFen })),
    couponId: total.coupon?.couponId ?? null,
    slot: { kind: slot.kind, day: slot.day, window: slot.window, pickupPoint: slot.kind === 'pickup' ? slot.pickupPoint.trim() : null },
    note: null,
    paymentMethod,
  });
  // The same confirmed cart (for the same identity) keeps its request id until the server answers.
  const fingerprint = `${sessionIdentity() ?? ''}|${JSON.stringify(payload())}`;
  const retrying = Boolean(unsettled[fingerprint]);
  const canSubmit = !busy && !quoting && total.lines.length > 0 && !pickupMissing;

  const settle = (key: string) =>
    setUnsettled((prev) => {
      const next = { ...prev };
      delete next[key];
      return next;
    });
  const done = () => {
    busyRef.current = false;
    setBusy(false);
  };

  const submit = () => {
    if (busyRef.current || !canSubmit) return;
    const body = payload();
    const key = fingerprint;
    const requestId = unsettled[key] ?? newRequestId();
    // Stored before the call: an answer lost with the page closed is retried with this id.
    saveUnsettled(UNSETTLED_SCOPE, { ...unsettled, [key]: requestId });
    setUnsettled((prev) => ({ ...prev, [key]: requestId }));
    busyRef.current = true;
    setBusy(true);
    setNotice(null);
    setChanges(null);
    submitOrder({ requestId, ...body })
      .then(
        (order): Promise<void> | void => {
          settle(key);
          // WeChat Pay's sheet opens at once; closing it leaves the order 待支付 with 去支付 on its page.
          // Locally (模拟支付) the order page offers the clearly labelled simulation instead.
          if (order.pay?.kind === 'wechat') {
            return settlePayment(order.id, order.pay).then(
              () => onOrdered(order, slot),
              () => onOrdered(order, slot),
            );
          }
          onOrdered(order, slot);
        },
        (e: unknown): Promise<void> | void => {
          if (isOutcomeUnknown(e)) {
            setNotice('网络异常，下单结果未确认。请点击“重试下单”，不会重复下单');
            return;
          }
          settle(key);
          if (isCloudError(e) && e.code === 'ORDER.CART_CHANGED') {
            // Quote the confirmed lines again: the recheck says what moved; the new prices are shown.
            return quote(body.items, body.couponId ?? null).then(
              (again) => {
                setChanges(again.recheck?.messages.length ? again.recheck.messages : [e.message]);
                setQuoted({ status: 'ready', data: again });
              },
              () => setChanges([e.message]),
            );
          }
          setNotice(submitErrorText(e));
          if (isCloudError(e) && e.code.startsWith('COUPON.')) {
            suggested.current = null;
            setCoupon('auto');
            setRequote((n) => n + 1);
          }
        },
      )
      .then(done, done);
  };

  const chosenCoupon = total.coupon;
  const usableCoupons = q.coupons.filter((c) => c.usable);

  return (
    <View className='checkout'>
      {changes ? (
        <View className='panel checkout-changes' {...{ role: 'alert' }}>
          <View className='checkout-changes-title'>商品有变化，已按最新价格和库存重新计算，请确认后再下单：</View>
          {changes.map((m) => (
            <View key={m} className='checkout-change'>
              · {m}
            </View>
          ))}
        </View>
      ) : null}
      {q.unavailable.length > 0 || q.adjusted.length > 0 ? (
        <Card className='checkout-left-out'>
          {q.unavailable.map((u) => (
            <View key={u.productId} className='checkout-note'>
              {u.name}：{u.label}，本单不含
            </View>
          ))}
          {q.adjusted.map((a) => (
            <View key={a.productId} className='checkout-note'>
              {a.name}：数量 {a.from} → {a.to}（{a.labels.join('，')}）
            </View>
          ))}
        </Card>
      ) : null}

      {showLines ? (
        <Card title='商品'>
          {total.lines.map((l) => (
            <View key={l.productId} className='row checkout-line'>
              <View className='row-main'>
                <View>{l.name}</View>
                <View className='muted'>
                  {formatFen(l.unitPriceFen)}/{l.unit === 'piece' ? '件' : l.unit === 'jin' ? '斤' : '公斤'} × {l.quantity}
                  {l.estimatedGrams !== null ? ` · ${aboutJin(l.estimatedGrams)}` : ''}
                </View>
                {l.estimatedGrams !== null ? <View className='muted weight-note'>{WEIGHT_NOTE}</View> : null}
              </View>
              <View className='row-side'>
                <View>{formatFen(l.amountFen)}</View>
                {l.tierDiscountFen > 0 ? <View className='muted strike'>{formatFen(l.listAmountFen)}</View> : null}
              </View>
            </View>
          ))}
        </Card>
      ) : null}

      <Card title={q.pricing.priorityDelivery ? '配送（优先配送）' : '配送'} className='checkout-slot'>
        {q.pricing.priorityDelivery ? <View className='priority-note'>{q.pricing.tierName}享优先配送：所选时段内优先送达</View> : null}
        <View className='chips' {...{ role: 'group', 'aria-label': '收货方式' }}>
          {(['delivery', 'pickup'] as const).map((kind) => (
            <Tappable key={kind} className={slot.kind === kind ? 'chip chip-on' : 'chip'} pressed={slot.kind === kind} onPress={() => setSlot((s) => ({ ...s, kind }))}>
              {kind === 'delivery' ? '送货上门' : '到自提点'}
            </Tappable>
          ))}
        </View>
        <View className='chips' {...{ role: 'group', 'aria-label': '日期' }}>
          {days.map((d) => (
            <Tappable key={d} className={slot.day === d ? 'chip chip-on' : 'chip'} pressed={slot.day === d} onPress={() => setSlot((s) => ({ ...s, day: d }))}>
              {dayLabel(d, days)}
            </Tappable>
          ))}
        </View>
        <View className='chips' {...{ role: 'group', 'aria-label': '时段' }}>
          {WINDOWS.map((w) => (
            <Tappable key={w.id} className={slot.window === w.id ? 'chip chip-on' : 'chip'} pressed={slot.window === w.id} onPress={() => setSlot((s) => ({ ...s, window: w.id }))}>
              {w.label}
            </Tappable>
          ))}
        </View>
        {slot.kind === 'pickup' ? (
          <TextField
            className='pickup-field'
            label='自提点'
            value={slot.pickupPoint}
            maxLength={PICKUP_MAX}
            placeholder='如：阳光花园3号门'
            error={pickupMissing ? '请填写自提点' : null}
            onChange={(text) => setSlot((s) => ({ ...s, pickupPoint: text }))}
          />
        ) : null}
      </Card>

      <Card title='优惠券' className='checkout-coupon'>
        <View className='row coupon-chosen'>
          <View className='row-main'>
            {chosenCoupon ? (
              <Text>
                {chosenCoupon.title}
                {coupon === 'auto' ? <Tag tone='positive'>已选最优</Tag> : null}
              </Text>
            ) : (
              <Text className='muted'>{usableCoupons.length > 0 ? '不使用优惠券' : '暂无可用优惠券'}</Text>
            )}
          </View>
          {chosenCoupon ? <Text className='row-side amount-minus'>-{formatFen(total.couponFen)}</Text> : null}
          {q.coupons.length > 0 ? (
            <Tappable className='link coupon-change' label={pickingCoupon ? '收起优惠券' : '更换优惠券'} onPress={() => setPickingCoupon((v) => !v)}>
              {pickingCoupon ? '收起' : '更换'}
            </Tappable>
          ) : null}
        </View>
        {q.couponRefusal ? <View className='form-error'>所选优惠券不可用：{q.couponRefusal.message}</View> : null}
        {pickingCoupon ? (
          <View className='coupon-options'>
            <Tappable className={!chosenCoupon ? 'coupon-option coupon-option-on' : 'coupon-option'} pressed={!chosenCoupon} onPress={() => { setCoupon('none'); setPickingCoupon(false); }}>
              不使用优惠券
            </Tappable>
            {q.coupons.map((c) => (
              <Tappable
                key={c.id}
                className={['coupon-option', chosenCoupon?.couponId === c.id ? 'coupon-option-on' : '', c.usable ? '' : 'coupon-option-off'].filter(Boolean).join(' ')}
                disabled={!c.usable}
                pressed={chosenCoupon?.couponId === c.id}
                label={c.usable ? `使用「${c.title}」，减${formatFen(c.deductionFen)}` : `「${c.title}」不可用：${c.refusal?.message ?? ''}`}
                onPress={() => { setCoupon(c.id); setPickingCoupon(false); }}
              >
                <View>
                  {c.title}
                  {c.id === q.suggestedCouponId ? <Text className='coupon-best'> 最优</Text> : null}
                </View>
                <View className='muted'>{c.usable ? `减 ${formatFen(c.deductionFen)} · 有效期至${formatDate(c.lastValidDay)}` : c.refusal?.message}</View>
              </Tappable>
            ))}
          </View>
        ) : null}
      </Card>

      <Card title='金额' className='checkout-total'>
        <View className='sum-row'>
          <Text>商品原价</Text>
          <Text>{formatFen(total.listTotalFen)}</Text>
        </View>
        <View className='sum-row'>
          <Text>
            会员折扣（{q.pricing.tierName}
            {q.pricing.discountBp > 0 ? ` ${percentText(q.pricing.discountBp)}` : ''}）
          </Text>
          <Text className='amount-minus'>-{formatFen(total.tierDiscountFen)}</Text>
        </View>
        <View className='sum-row'>
          <Text>优惠券</Text>
          <Text className='amount-minus'>-{formatFen(total.couponFen)}</Text>
        </View>
        <View className='sum-row sum-total'>
          <Text>{total.hasWeightLines ? '实付（预估）' : '实付'}</Text>
          <Text className='sum-paid'>{formatFen(total.paidFen)}</Text>
        </View>
        {total.hasWeightLines ? <View className='muted weight-note'>含称重商品：{WEIGHT_NOTE}</View> : null}
        <View className='sum-row points-earn'>
          <Text>预计获得积分</Text>
          <Text>{formatPoints(total.estimatedPoints)}</Text>
        </View>
        <View className='muted'>订单完成后积分进入待入账，售后期结束后可用；{PAYMENT_LABELS[paymentMethod]}</View>
      </Card>

      {methods.length > 1 ? (
        <Card title='支付方式' className='checkout-payment'>
          <View className='chips' {...{ role: 'group', 'aria-label': '支付方式' }}>
            {methods.map((m) => (
              <Tappable key={m} className={paymentMethod === m ? 'chip chip-on' : 'chip'} pressed={paymentMethod === m} onPress={() => setMethod(m)}>
                {PAYMENT_LABELS[m]}
              </Tappable>
            ))}
          </View>
          {paymentMethod === 'wechat_pay' ? <View className='muted'>下单后用微信支付{total.hasWeightLines ? '预估金额，称重后多退少补' : ''}；未支付的订单可在订单详情中继续支付或取消</View> : null}
        </Card>
      ) : null}

      {notice ? (
        <View className='form-error checkout-notice' {...{ role: 'alert' }}>
          {notice}
        </View>
      ) : null}

      <View className='shell-footer checkout-bar'>
        <View className='checkout-bar-sum'>
          <Text className='muted'>{total.hasWeightLines ? '预估实付 ' : '实付 '}</Text>
          <Text className='sum-paid'>{formatFen(total.paidFen)}</Text>
        </View>
        <Tappable className={canSubmit ? 'btn checkout-submit' : 'btn checkout-submit btn-disabled'} disabled={!canSubmit} label={busy ? '正在下单' : retrying ? '重试下单' : '确认下单'} onPress={submit}>
          {busy ? '正在下单…' : quoting ? '计算中…' : retrying ? '重试下单' : '确认下单'}
        </Tappable>
      </View>
    </View>
  );
}
