import { Text, View } from '@tarojs/components';
import type { MovementView, PointsSummaryView } from '@contracts/api';
import { Card, PageShell } from '../../components/PageShell';
import { DateText } from '../../components/DateText';
import { ListFooter } from '../../components/ListFooter';
import { MovementRow } from '../../components/MovementRow';
import { Remote } from '../../components/Remote';
import { StateView } from '../../components/StateView';
import { Tappable } from '../../components/Tappable';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import { usePaged } from '../../hooks/usePaged';
import { useRemote } from '../../hooks/useRemote';
import { open, ROUTES } from '../../lib/routes';
import { getPointsSummary, listMovements } from '../../services/api';
import { useSessionVersion } from '../../services/session';
import { formatDate } from '../../format/date';
import { formatPoints } from '../../format/money';
import { pointsTotal, rulesText } from '../../format/points';
import './index.css';

const PAGE_SIZE = 20;

const OWED_EXPLANATION = '待扣回积分：退款时已使用的积分，将从之后到账的积分中扣除';

const openRedeem = () => void open(ROUTES.couponRedeem);
const openMine = () => void open(ROUTES.couponMine);

/**
 * The balances: the total that the history's rows add up to, with its parts (合计 = 可用 + 待入账 −
 * 待扣回); 可用 is what coupons are bought with, so it leads.
 */
function Summary({ summary }: { summary: PointsSummaryView }) {
  const { nextUsable, expiringSoon } = summary;
  const total = pointsTotal(summary);
  return (
    <Card className='points-summary'>
      <View className='muted'>可用积分</View>
      <View className='points-big points-available'>{formatPoints(summary.available)}</View>
      <View className='points-parts' ariaLabel={`积分合计 ${formatPoints(total)}，等于可用 ${formatPoints(summary.available)} 加待入账 ${formatPoints(summary.pending)} 减待扣回 ${formatPoints(summary.owed)}`}>
        <Text className='points-part'>合计 {formatPoints(total)}</Text>
        <Text className='points-part'> = 可用 {formatPoints(summary.available)}</Text>
        <Text className='points-part'> + 待入账 {formatPoints(summary.pending)}</Text>
        <Text className='points-part'> − 待扣回 {formatPoints(summary.owed)}</Text>
      </View>
      <View className='muted points-parts-hint'>合计即下方积分明细之和</View>
      {summary.pending > 0 && nextUsable ? (
        <View className='points-line muted'>
          {nextUsable.points === summary.pending ? '待入账积分' : `其中 ${formatPoints(nextUsable.points)} 积分`}将于
          <DateText value={nextUsable.on} />
          可用
        </View>
      ) : null}
      {summary.owed > 0 ? <View className='points-line points-owed'>{OWED_EXPLANATION}</View> : null}
      {expiringSoon && expiringSoon.points > 0 ? (
        <Tappable
          className='points-line points-expiring'
          role='link'
          onPress={openRedeem}
          label={`${formatPoints(expiringSoon.points)} 积分将于${formatDate(expiringSoon.on)}过期，去兑换`}
        >
          {formatPoints(expiringSoon.points)} 积分将于<DateText value={expiringSoon.on} />
          过期
          {expiringSoon.totalWithinWindow > expiringSoon.points ? `（近期共 ${formatPoints(expiringSoon.totalWithinWindow)} 积分将过期）` : ''}，去兑换 ›
        </Tappable>
      ) : null}
      <View className='muted points-rules'>积分规则：{rulesText(summary.rules)}</View>
    </Card>
  );
}

function CouponEntry() {
  return (
    <View className='panel coupon-entry'>
      <Tappable className='coupon-entry-item' role='link' onPress={openRedeem}>
        兑换优惠券 ›
      </Tappable>
      <Tappable className='coupon-entry-item' role='link' onPress={openMine}>
        我的优惠券 ›
      </Tappable>
    </View>
  );
}

const movementKey = (m: MovementView) => m.key;

/** Points tab: balances with their explanations, the rules, every movement (paged), and coupons. */
export default function PointsPage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const summary = useRemote<PointsSummaryView>(getPointsSummary, [reshown], sessionVersion);
  const movements = usePaged<MovementView>((page) => listMovements(page, PAGE_SIZE), movementKey, [reshown], sessionVersion);

  let list;
  if (movements.status === 'loading') {
    list = <View className='list-footer'>正在加载积分明细…</View>;
  } else if (movements.status === 'error') {
    list = <StateView kind='error' title='积分明细加载失败' detail={movements.message} onRetry={movements.reload} />;
  } else if (movements.items.length === 0 && !movements.hasMore) {
    list = <StateView kind='empty' title='暂无积分记录' detail='下单即可累积积分' />;
  } else {
    list = (
      <View>
        {movements.items.map((m) => (
          <MovementRow key={m.key} movement={m} />
        ))}
        <ListFooter list={movements} onMore={movements.loadMore} emptyText='暂无积分记录，下单即可累积' />
      </View>
    );
  }

  return (
    <PageShell title='积分' back={false}>
      <Remote value={summary} loading={{ title: '积分', rows: 3, label: '正在加载积分…' }} errorTitle='积分加载失败'>
        {(data) => (
          <View>
            <Summary summary={data} />
            <CouponEntry />
            <Card title='积分明细'>{list}</Card>
          </View>
        )}
      </Remote>
    </PageShell>
  );
}
