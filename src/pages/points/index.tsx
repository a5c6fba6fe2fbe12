import { View } from '@tarojs/components';
import type { MemberCardView } from '@contracts/api';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import { useRemote } from '../../hooks/useRemote';
import { getCard } from '../../services/api';
import { useSessionVersion } from '../../services/session';
import { formatPoints } from '../../format/money';
import './index.css';

/** Points tab: the balance only for now; history and redemption are not built yet. */
export default function PointsPage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const card = useRemote<MemberCardView>(getCard, [reshown], sessionVersion);

  let content;
  if (card.status === 'loading') {
    content = <StateView kind='loading' title='正在加载积分…' />;
  } else if (card.status === 'error') {
    content = <StateView kind='error' title='积分加载失败' detail={card.message} onRetry={card.reload} />;
  } else {
    const { points } = card.data;
    content = (
      <View>
        <View className='panel'>
          <View className='muted'>可用积分</View>
          <View className='points-big'>{formatPoints(points.available)}</View>
          <View className='muted'>待入账 {formatPoints(points.pending)} 积分</View>
        </View>
        <View className='panel muted'>积分明细与兑换暂未开放</View>
      </View>
    );
  }
  return <PageShell>{content}</PageShell>;
}
