import { Text, View } from '@tarojs/components';
import { Card, PageShell } from '../../components/PageShell';
import { DateText } from '../../components/DateText';
import { ListFooter } from '../../components/ListFooter';
import { Skeleton } from '../../components/Skeleton';
import { StateView } from '../../components/StateView';
import { Tag } from '../../components/Tag';
import { Tappable } from '../../components/Tappable';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import { usePaged } from '../../hooks/usePaged';
import { useRemote } from '../../hooks/useRemote';
import { open, ROUTES } from '../../lib/routes';
import { orderHistory, standingLists, type OrderSummary, type StandingList } from '../../services/orders';
import { useSessionVersion } from '../../services/session';
import { formatDate } from '../../format/date';
import { formatFen } from '../../format/money';
import { namesText, statusTone } from './status';
import './index.css';

const PAGE_SIZE = 10;

/** What the reconciled cart starts from: the order's hand-over (a leader's pickup point) comes along. */
function reorderParams(o: OrderSummary) {
  return { orderId: o.id, kind: o.slot?.kind, window: o.slot?.window, pickup: o.slot?.pickupPoint ?? undefined };
}

function OrderRow({ order }: { order: OrderSummary }) {
  const names = namesText(order.names, order.lineCount);
  const when = formatDate(order.createdAt);
  return (
    <View className='order-row'>
      <Tappable className='order-row-main' role='link' label={`${when}的订单：${names}，${order.statusLabel}，实付${formatFen(order.paidFen)}，查看详情`} onPress={() => void open(ROUTES.orderDetail, { orderId: order.id })}>
        <View className='order-row-head'>
          <DateText value={order.createdAt} mode='datetime' />
          <Tag tone={statusTone(order.status)}>{order.statusLabel}</Tag>
        </View>
        <View className='order-row-names'>{names}</View>
        <View className='order-row-amount'>
          <Text>实付 {formatFen(order.paidFen)}</Text>
          {order.refundedFen > 0 ? <Text className='order-row-refund'> 已退 {formatFen(order.refundedFen)}</Text> : null}
          {order.hasWeightLines && !order.weighed && order.status !== 'cancelled' ? <Text className='muted'> （待称重结算）</Text> : null}
        </View>
        {order.slot?.pickupPoint ? <View className='muted'>自提点：{order.slot.pickupPoint}</View> : null}
      </Tappable>
      <View className='order-row-actions'>
        <Tappable className='btn btn-small order-again' label={`再来一单：${names}`} onPress={() => void open(ROUTES.reorder, reorderParams(order))}>
          再来一单
        </Tappable>
      </View>
    </View>
  );
}

/** 常购清单: a leader's named lists, each reordered (reconciled like 再来一单) in one tap. */
function Lists({ lists }: { lists: StandingList[] }) {
  if (lists.length === 0) return null;
  return (
    <Card title='常购清单' className='standing-lists'>
      {lists.map((l) => (
        <View key={l.id} className='row standing-list'>
          <View className='row-main'>
            <View className='standing-list-name'>{l.name}</View>
            <View className='muted'>
              {l.items.length} 种商品{l.pickupPoint ? ` · 自提点：${l.pickupPoint}` : ''}
            </View>
          </View>
          <Tappable className='btn btn-small' label={`按常购清单「${l.name}」下单`} onPress={() => void open(ROUTES.reorder, { listId: l.id, kind: l.pickupPoint ? 'pickup' : undefined, pickup: l.pickupPoint ?? undefined })}>
            一键下单
          </Tappable>
        </View>
      ))}
    </Card>
  );
}

const orderKey = (o: OrderSummary) => o.id;

/** 订单 tab: the caller's orders (paged, newest first) with 再来一单 on each, and a leader's 常购清单. */
export default function OrdersPage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const orders = usePaged<OrderSummary>((page) => orderHistory(page, PAGE_SIZE), orderKey, [reshown], sessionVersion);
  const lists = useRemote<StandingList[]>(standingLists, [reshown], sessionVersion);

  let body;
  if (orders.status === 'loading') {
    body = <Skeleton title='历史订单' rows={3} label='正在加载订单…' />;
  } else if (orders.status === 'error') {
    body = <StateView kind='error' title='订单加载失败' detail={orders.message} onRetry={orders.reload} />;
  } else if (orders.items.length === 0 && !orders.hasMore) {
    body = <StateView kind='empty' title='还没有订单' detail='挑选今天的新鲜菜品，下单后会显示在这里' action={{ label: '去选购', onPress: () => void open(ROUTES.shopCatalogue) }} />;
  } else {
    body = (
      <Card title='历史订单' className='order-history'>
        {orders.items.map((o) => (
          <OrderRow key={o.id} order={o} />
        ))}
        <ListFooter list={orders} onMore={orders.loadMore} emptyText='还没有订单' />
      </Card>
    );
  }

  return (
    <PageShell title='订单' back={false}>
      <View className='panel shop-entry'>
        <Tappable className='shop-entry-item' role='link' onPress={() => void open(ROUTES.shopCatalogue)}>
          去选购 ›
        </Tappable>
        <Tappable className='shop-entry-item' role='link' onPress={() => void open(ROUTES.shopCart)}>
          购物车 ›
        </Tappable>
      </View>
      {lists.status === 'ready' ? <Lists lists={lists.data} /> : null}
      {body}
    </PageShell>
  );
}
