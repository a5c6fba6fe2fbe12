import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ConfirmDialog } from '../../../../components/ConfirmDialog';
import { DateText } from '../../../../components/DateText';
import { Card, PageShell } from '../../../../components/PageShell';
import { Remote } from '../../../../components/Remote';
import { Tag } from '../../../../components/Tag';
import { Tappable } from '../../../../components/Tappable';
import { useRouter } from '../../../../hooks/lifecycle';
import { useRemote } from '../../../../hooks/useRemote';
import { open, ROUTES } from '../../../../lib/routes';
import { callCloud } from '../../../../services/cloud';
import { customerCallsAllowed } from '../../../../services/entry';
import { cancelOrder, orderDetail, type OrderDetail } from '../../../../services/orders';
import { errorMessage } from '../../../../services/errors';
import { useSessionVersion } from '../../../../services/session';
import { formatDate } from '../../../../format/date';
import { formatFen, formatPoints } from '../../../../format/money';
import { statusTone } from '../../../../pages/orders/status';
import { aboutJin, jinText, percentText, WEIGHT_NOTE } from '../../format';
import { PAY_BUTTON_LABEL, PAYMENT_LABELS, payOrder } from '../../payment';
import '../../shop.css';

type Line = OrderDetail['lines'][number];

function WeightInfo({ line }: { line: Line }) {
  const w = line.weight;
  if (!w) return null;
  if (w.finalGrams === null) return <View className='muted weight-note'>预估{aboutJin(w.estimatedGrams)}，{WEIGHT_NOTE}</View>;
  const diff = w.differenceFen ?? 0;
  return (
    <View className='muted weight-note'>
      预估{aboutJin(w.estimatedGrams)}，实称 {jinText(w.finalGrams)} 斤
      {diff < 0 ? `，退差价 ${formatFen(-diff)}` : diff > 0 ? `，补差价 ${formatFen(diff)}` : '，无差价'}
      {w.waivedGrams ? `（超出误差的 ${jinText(w.waivedGrams)} 斤不收费）` : ''}
    </View>
  );
}

function PointsInfo({ order }: { order: OrderDetail }) {
  const p = order.points;
  switch (p.state) {
    case 'on_completion':
      return <View>预计获得 {formatPoints(p.estimated)} 积分，订单完成后入账</View>;
    case 'pending':
      return (
        <View>
          已获得 {formatPoints(p.earned ?? 0)} 积分 <Tag tone='warning'>待入账</Tag>
          {p.usableOn !== null ? (
            <Text>
              ，<DateText value={p.usableOn} />
              可用
            </Text>
          ) : null}
        </View>
      );
    case 'usable':
      return (
        <View>
          已获得 {formatPoints(p.earned ?? 0)} 积分 <Tag tone='positive'>已到账</Tag>
        </View>
      );
    case 'reversed':
      return <View>本单积分已随退款扣回</View>;
    default:
      return <View className='muted'>本单没有积分</View>;
  }
}

/** 评价本单 when the delivery survey is offered for this order (48 hours to 7 days after delivery). */
function SurveyLink({ order }: { order: OrderDetail }) {
  const delivered = order.status === 'delivered' || order.status === 'completed';
  const offers = useRemote(() => (delivered ? customerCallsAllowed().then(() => callCloud('feedback', 'surveys')) : Promise.resolve([])), [order.id, delivered]);
  if (offers.status !== 'ready' || !offers.data.some((o) => o.orderId === order.id)) return null;
  return (
    <Tappable className='btn btn-ghost state-action' role='link' label={`评价本单：订单 ${order.id}`} onPress={() => void open(ROUTES.serviceSurvey, { orderId: order.id })}>
      评价本单
    </Tappable>
  );
}

const byText = (t: OrderDetail['timeline'][number]) => (t.by === 'customer' ? '我' : t.by === 'staff' ? `店员${t.staffName ? ' ' + t.staffName : ''}` : '系统');

/** 待支付: the amount and the one way to pay it (WeChat Pay, or the labelled local simulation). */
function PayPanel({ order, paying, onPay }: { order: OrderDetail; paying: boolean; onPay: () => void }) {
  return (
    <Card title='待支付' className='detail-pay'>
      <View className='sum-row sum-total'>
        <Text>{order.hasWeightLines ? '应付（预估）' : '应付'}</Text>
        <Text className='sum-paid'>{formatFen(order.paidFen)}</Text>
      </View>
      <View className='muted'>支付后商家开始备货；不需要了可以取消订单，优惠券会退回</View>
      {process.env.TARO_ENV === 'h5' ? <View className='muted'>本地开发环境：不会真实扣款，点击后按订单金额模拟微信支付的结果通知</View> : null}
      <Tappable className={paying ? 'btn detail-pay-button btn-disabled' : 'btn detail-pay-button'} disabled={paying} label={`${PAY_BUTTON_LABEL} ${formatFen(order.paidFen)}`} onPress={onPay}>
        {paying ? '正在支付…' : `${PAY_BUTTON_LABEL} ${formatFen(order.paidFen)}`}
      </Tappable>
    </Card>
  );
}

function Detail({ order, placed, onCancel, paying, onPay }: { order: OrderDetail; placed: boolean; onCancel: () => void; paying: boolean; onPay: () => void }) {
  const again = () =>
    void open(ROUTES.reorder, { orderId: order.id, kind: order.slot?.kind, window: order.slot?.window, pickup: order.slot?.pickupPoint ?? undefined });
  return (
    <View>
      {placed ? (
        <View className='panel placed' {...{ role: 'status' }}>
          <View className='placed-title'>{order.payable ? '订单已提交，待支付' : '下单成功'}</View>
          <View className='muted'>{order.payable ? '支付后商家确认备货，可在“订单”中查看进度' : '商家确认后开始备货，可在“订单”中查看进度'}</View>
        </View>
      ) : null}
      <Card className='detail-head'>
        <View className='detail-status'>
          <Tag tone={statusTone(order.status)}>{order.statusLabel}</Tag>
          <Text className='muted'> 订单号 {order.id}</Text>
        </View>
        <View className='muted'>
          下单时间 <DateText value={order.createdAt} mode='datetime' />
        </View>
        {order.slot ? (
          <View className='detail-slot'>
            {order.slot.kind === 'pickup' ? `自提：${order.slot.pickupPoint ?? ''}` : '送货上门'} · <DateText value={order.slot.day} /> {order.slot.windowLabel}
            {order.slot.priority ? ' · 优先配送' : ''}
          </View>
        ) : null}
      </Card>

      {order.payable ? <PayPanel order={order} paying={paying} onPay={onPay} /> : null}

      <Card title={`商品（${order.lineCount} 种）`}>
        {order.lines.map((l) => (
          <View key={l.productId} className='row detail-line'>
            <View className='row-main'>
              <View>{l.name}</View>
              <View className='muted'>
                {formatFen(l.unitPriceFen)}/{l.unitLabel} × {l.quantity}
                {l.listUnitPriceFen !== l.unitPriceFen ? `（原价 ${formatFen(l.listUnitPriceFen)}）` : ''}
              </View>
              <WeightInfo line={l} />
            </View>
            <View className='row-side'>
              <View>{formatFen(l.amountFen)}</View>
              {l.couponShareFen > 0 ? <View className='muted'>券 -{formatFen(l.couponShareFen)}</View> : null}
            </View>
          </View>
        ))}
      </Card>

      <Card title='金额' className='checkout-total'>
        <View className='sum-row'>
          <Text>商品原价</Text>
          <Text>{formatFen(order.listTotalFen)}</Text>
        </View>
        <View className='sum-row'>
          <Text>会员折扣{order.discountBp > 0 ? `（${percentText(order.discountBp)}）` : ''}</Text>
          <Text className='amount-minus'>-{formatFen(order.tierDiscountFen)}</Text>
        </View>
        <View className='sum-row'>
          <Text>{order.coupon ? `优惠券「${order.coupon.title}」` : '优惠券'}</Text>
          <Text className='amount-minus'>-{formatFen(order.couponFen)}</Text>
        </View>
        {order.weightSettlement ? (
          <View className='sum-row'>
            <Text>称重结算（<DateText value={order.weightSettlement.at} />）</Text>
            <Text>{order.weightSettlement.refundFen > 0 ? `退 ${formatFen(order.weightSettlement.refundFen)}` : `补 ${formatFen(order.weightSettlement.chargeFen)}`}</Text>
          </View>
        ) : null}
        <View className='sum-row sum-total'>
          <Text>{order.hasWeightLines && !order.weighed ? '实付（预估）' : '实付'}</Text>
          <Text className='sum-paid'>{formatFen(order.paidFen)}</Text>
        </View>
        <View className='sum-row detail-payment'>
          <Text>支付方式</Text>
          <Text>
            {PAYMENT_LABELS[order.payment.method]}
            {order.payment.method === 'wechat_pay' ? (order.payment.paidAt !== null ? ' · 已支付' : ' · 未支付') : ''}
          </Text>
        </View>
        {order.refunds.map((r) => (
          <View key={r.refundId} className='sum-row refund-row'>
            <Text>
              退款 <DateText value={r.at} />
              {r.reason ? `（${r.reason}）` : ''}
              {r.points > 0 ? `，扣回 ${formatPoints(r.points)} 积分` : ''}
            </Text>
            <Text className='amount-minus'>-{formatFen(r.fen)}</Text>
          </View>
        ))}
      </Card>

      <Card title='积分'>
        <PointsInfo order={order} />
      </Card>

      <Card title='订单进度' className='timeline'>
        {order.timeline.map((t, i) => (
          <View key={`${t.status}-${t.at}-${i}`} className={i === order.timeline.length - 1 ? 'timeline-item timeline-now' : 'timeline-item'}>
            <View className='timeline-dot' />
            <View className='row-main'>
              <View>
                {t.statusLabel} <Text className='muted'>· {byText(t)}</Text>
              </View>
              <DateText className='muted' value={t.at} mode='datetime' />
              {t.note ? <View className='muted'>{t.note}</View> : null}
            </View>
          </View>
        ))}
      </Card>

      <View className='detail-actions'>
        <Tappable className='btn' label={`再来一单：订单 ${order.id}`} onPress={again}>
          再来一单
        </Tappable>
        <Tappable className='btn btn-ghost state-action' role='link' label={`投诉/反馈：订单 ${order.id}`} onPress={() => void open(ROUTES.serviceNew, { orderId: order.id })}>
          投诉/反馈
        </Tappable>
        <SurveyLink order={order} />
        {order.cancellable ? (
          <Tappable className='btn btn-ghost state-action' onPress={onCancel}>
            取消订单
          </Tappable>
        ) : null}
      </View>
    </View>
  );
}

/** 订单详情: lines with estimated and weighed weights, prices, refunds, coupon, points and the timeline. */
export default function DetailPage() {
  const { params } = useRouter();
  const orderId = params?.orderId ?? '';
  const sessionVersion = useSessionVersion();
  const [version, setVersion] = useState(0);
  const order = useRemote(() => orderDetail(orderId), [orderId, version], sessionVersion);
  const [asking, setAsking] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [payNotice, setPayNotice] = useState<string | null>(null);

  // The order turns paid when WeChat Pay's notice is handled, a moment after the sheet closes: look again a few times.
  const awaitPaid = (tries: number): Promise<void> =>
    orderDetail(orderId).then((o) => (o.payable && tries > 1 ? new Promise<void>((r) => setTimeout(r, 1000)).then(() => awaitPaid(tries - 1)) : undefined));
  const pay = () => {
    if (paying) return;
    setPaying(true);
    setPayNotice(null);
    payOrder(orderId)
      .then((outcome) => (outcome === 'sent' ? awaitPaid(5) : setPayNotice('已取消支付，订单保留为待支付')))
      .catch((e: unknown) => setPayNotice(`支付失败：${errorMessage(e)}`))
      .finally(() => {
        setPaying(false);
        setVersion((v) => v + 1);
      });
  };

  const cancel = () => {
    setAsking(false);
    setCancelError(null);
    cancelOrder(orderId).then(
      () => setVersion((v) => v + 1),
      (e: unknown) => setCancelError(`取消失败：${errorMessage(e)}`),
    );
  };

  return (
    <PageShell title='订单详情' className='shop-page'>
      <Remote value={order} loading={{ title: '订单详情', rows: 5, label: '正在加载订单…' }} errorTitle='订单加载失败'>
        {(data) => <Detail order={data} placed={params?.placed === '1'} onCancel={() => setAsking(true)} paying={paying} onPay={pay} />}
      </Remote>
      {payNotice ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {payNotice}
        </View>
      ) : null}
      {cancelError ? <View className='form-error'>{cancelError}</View> : null}
      <ConfirmDialog
        open={asking}
        title='取消订单'
        name={`订单 ${orderId}`}
        message={`下单于${order.status === 'ready' ? formatDate(order.data.createdAt) : ''}，取消后优惠券退回`}
        confirmLabel='取消订单'
        cancelLabel='不取消'
        danger
        onConfirm={cancel}
        onCancel={() => setAsking(false)}
      />
    </PageShell>
  );
}
