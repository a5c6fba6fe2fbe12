import { View } from '@tarojs/components';
import type { MovementView, PointsSummaryView } from '@contracts/api';
import { ListFooter } from '../../components/ListFooter';
import { MovementRow } from '../../components/MovementRow';
import { openPage } from '../../lib/nav';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import { usePaged } from '../../hooks/usePaged';
import { useRemote } from '../../hooks/useRemote';
import { getPointsSummary, listMovements } from '../../services/api';
import { useSessionVersion } from '../../services/session';
import { formatDay } from '../../format/date';
import { formatPoints } from '../../format/money';
import { rulesText } from '../../format/points';
import './index.css';

const PAGE_SIZE = 20;

const OWED_EXPLANATION = '待扣回积分：退款时已使用的积分，将从之后到账的积分中扣除';

function Summary({ summary }: { summary: PointsSummaryView }) {
  const { nextUsable, expiringSoon } = summary;
  return (
    <View className='panel'>
      <View className='muted'>可用积分</View>
      <View className='points-big points-total'>{formatPoints(summary.available)}</View>
      {summary.pending > 0 ? (
        <View className='points-line'>
          <View>待入账 {formatPoints(summary.pending)} 积分</View>
          {nextUsable ? (
            <View className='muted'>
              {nextUsable.points === summary.pending ? '' : `其中 ${formatPoints(nextUsable.points)} 积分`}
              将于{formatDay(nextUsable.on)}可用
            </View>
          ) : null}
        </View>
      ) : null}
      {summary.owed > 0 ? (
        <View className='points-line points-owed'>
          <View>待扣回 {formatPoints(summary.owed)} 积分</View>
          <View className='muted'>{OWED_EXPLANATION}</View>
        </View>
      ) : null}
      {expiringSoon && expiringSoon.points > 0 ? (
        <View className='points-line points-expiring'>
          {formatPoints(expiringSoon.points)} 积分将于{formatDay(expiringSoon.on)}过期
          {expiringSoon.totalWithinWindow > expiringSoon.points ? `，近期共 ${formatPoints(expiringSoon.totalWithinWindow)} 积分将过期` : ''}
        </View>
      ) : null}
      <View className='muted points-rules'>积分规则：{rulesText(summary.rules)}</View>
    </View>
  );
}

function CouponEntry() {
  return (
    <View className='panel coupon-entry'>
      <View className='coupon-entry-item' onClick={() => openPage('/packages/coupons/pages/redeem/index')}>
        兑换优惠券 ›
      </View>
      <View className='coupon-entry-item' onClick={() => openPage('/packages/coupons/pages/mine/index')}>
        我的优惠券 ›
      </View>
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

  if (summary.status === 'loading') {
    return (
      <PageShell>
        <StateView kind='loading' title='正在加载积分…' />
      </PageShell>
    );
  }
  if (summary.status === 'error') {
    return (
      <PageShell>
        <StateView kind='error' title='积分加载失败' detail={summary.message} onRetry={summary.reload} />
      </PageShell>
    );
  }

  let list;
  if (movements.status === 'loading') {
    list = <View className='list-footer'>正在加载积分明细…</View>;
  } else if (movements.status === 'error') {
    list = (
      <View className='list-footer'>
        <View className='state-error'>积分明细加载失败：{movements.message}</View>
        <View className='list-more' onClick={movements.reload}>
          重试
        </View>
      </View>
    );
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
    <PageShell>
      <Summary summary={summary.data} />
      <CouponEntry />
      <View className='panel'>
        <View className='panel-title'>积分明细</View>
        {list}
      </View>
    </PageShell>
  );
}
