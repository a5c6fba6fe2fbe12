import { Text, View } from '@tarojs/components';
import { makePhoneCall, navigateTo } from '@tarojs/taro';
import type { MemberCardView, WhoAmIView } from '@contracts/api';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import { useRemote } from '../../hooks/useRemote';
import { getCard, whoAmI } from '../../services/api';
import { useSessionVersion } from '../../services/session';
import { formatDay } from '../../format/date';
import { formatPoints } from '../../format/money';
import { downgradeSentence, progressSentence } from '../../format/progress';
import { benefitLabels, tierTitle } from '../../format/tier';
import { MemberCode } from './MemberCode';
import { useMemberCode } from './useMemberCode';
import './index.css';

function CardFace({ card }: { card: MemberCardView }) {
  const benefits = benefitLabels(card.tier.benefits);
  return (
    <View className={`panel card-face tier-${card.tier.id}`}>
      <View className='card-head'>
        <Text className='card-name'>{card.displayName}</Text>
        <Text className='tier-badge'>{tierTitle(card.tier.name)}</Text>
      </View>
      <View className='card-no'>会员号 {card.memberNo}</View>
      {card.tier.source === 'override' && card.tier.overrideUntil ? (
        <View className='card-note'>商家特批等级，有效期至{formatDay(card.tier.overrideUntil)}</View>
      ) : null}
      {benefits.length > 0 ? <View className='benefits'>{benefits.join(' · ')}</View> : null}
    </View>
  );
}

function Points({ points }: { points: MemberCardView['points'] }) {
  return (
    <View className='panel'>
      <View className='muted'>可用积分</View>
      <View className='points-available'>{formatPoints(points.available)}</View>
      {points.available === 0 && points.pending === 0 ? <View className='muted'>暂无积分，下单即可累积</View> : null}
      {points.pending > 0 ? <View className='muted'>待入账 {formatPoints(points.pending)} 积分</View> : null}
      {points.owed > 0 ? <View className='muted'>待扣回 {formatPoints(points.owed)} 积分（将从后续积分中扣除）</View> : null}
      {points.expiringSoon && points.expiringSoon.points > 0 ? (
        <View className='points-expiring'>
          {formatPoints(points.expiringSoon.points)} 积分将于{formatDay(points.expiringSoon.on)}过期
        </View>
      ) : null}
    </View>
  );
}

function Progress({ card }: { card: MemberCardView }) {
  const warning = downgradeSentence(card);
  return (
    <View className='panel'>
      <View className='panel-title'>等级进度</View>
      <View className='progress-text'>{progressSentence(card)}</View>
      {warning ? <View className='downgrade-warning'>{warning}</View> : null}
    </View>
  );
}

function Contact({ contact, dedicated }: { contact: NonNullable<MemberCardView['contact']>; dedicated: boolean }) {
  return (
    <View className='panel contact' onClick={() => makePhoneCall({ phoneNumber: contact.phone }).catch(() => undefined)}>
      <Text>
        {dedicated ? '专属客户经理' : '服务联系人'}：{contact.name}
      </Text>
      <Text className='contact-phone'>{contact.phone}</Text>
    </View>
  );
}

function StaffEntry() {
  return (
    <View className='panel staff-entry' onClick={() => navigateTo({ url: '/staff/pages/home/index' })}>
      进入员工工作台 ›
    </View>
  );
}

export default function CardPage() {
  const sessionVersion = useSessionVersion();
  const { visible, reshown } = usePageVisibility();
  const card = useRemote<MemberCardView>(getCard, [reshown], sessionVersion);
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);
  const code = useMemberCode(visible && card.status !== 'error', sessionVersion);
  const isStaff = me.status === 'ready' && me.data.role !== 'customer';

  let content;
  if (card.status === 'loading') {
    content = <StateView kind='loading' title='正在加载会员卡…' />;
  } else if (card.status === 'error') {
    content = <StateView kind='error' title='会员卡加载失败' detail={card.message} onRetry={card.reload} />;
  } else {
    const data = card.data;
    content = (
      <View>
        <CardFace card={data} />
        <MemberCode state={code.state} now={code.now} onRefresh={code.refresh} />
        <Points points={data.points} />
        <Progress card={data} />
        {data.contact ? <Contact contact={data.contact} dedicated={data.tier.benefits.dedicatedContact} /> : null}
      </View>
    );
  }

  return (
    <PageShell>
      {content}
      {isStaff ? <StaffEntry /> : null}
    </PageShell>
  );
}
