import { Text, View } from '@tarojs/components';
import { makePhoneCall } from '@tarojs/taro';
import type { MemberCardView, WhoAmIView } from '@contracts/api';
import { Card, PageShell } from '../../components/PageShell';
import { DateText } from '../../components/DateText';
import { Remote } from '../../components/Remote';
import { Tappable } from '../../components/Tappable';
import { useCachedRemote } from '../../hooks/useCachedRemote';
import { usePageVisibility } from '../../hooks/usePageVisibility';
import { useRemote } from '../../hooks/useRemote';
import { open, ROUTES } from '../../lib/routes';
import { getCard, whoAmI } from '../../services/api';
import { useSessionVersion } from '../../services/session';
import { formatDate } from '../../format/date';
import { formatPoints } from '../../format/money';
import { downgradeSentence, progressSentence } from '../../format/progress';
import { benefitLabels, tierTitle } from '../../format/tier';
import { MemberCode } from './MemberCode';
import { useMemberCode } from './useMemberCode';
import { NoticesEntry } from './NoticesEntry';
import { ReferralPanel, useCardShare } from './Referral';
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
        <View className='card-note'>
          商家特批等级，有效期至<DateText value={card.tier.overrideUntil} />
        </View>
      ) : null}
      {benefits.length > 0 ? <View className='benefits'>{benefits.join(' · ')}</View> : null}
    </View>
  );
}

function Points({ points }: { points: MemberCardView['points'] }) {
  return (
    <Card>
      <View className='muted'>可用积分</View>
      <View className='points-available'>{formatPoints(points.available)}</View>
      {points.available === 0 && points.pending === 0 ? <View className='muted'>暂无积分，下单即可累积</View> : null}
      {points.pending > 0 ? <View className='muted'>待入账 {formatPoints(points.pending)} 积分</View> : null}
      {points.owed > 0 ? <View className='muted'>待扣回 {formatPoints(points.owed)} 积分（将从后续积分中扣除）</View> : null}
      {points.expiringSoon && points.expiringSoon.points > 0 ? (
        <Tappable
          className='points-expiring'
          role='link'
          label={`${formatPoints(points.expiringSoon.points)} 积分将于${formatDate(points.expiringSoon.on)}过期，去兑换`}
          onPress={() => void open(ROUTES.couponRedeem)}
        >
          {formatPoints(points.expiringSoon.points)} 积分将于<DateText value={points.expiringSoon.on} />
          过期，去兑换 ›
        </Tappable>
      ) : null}
    </Card>
  );
}

/** The downgrade warning comes first: keeping the tier is more urgent than the next one. */
function Progress({ card }: { card: MemberCardView }) {
  const warning = downgradeSentence(card);
  return (
    <Card title='等级进度'>
      {warning ? (
        <View className='downgrade-warning' {...{ role: 'note' }}>
          {warning}
        </View>
      ) : null}
      <View className='progress-text'>{progressSentence(card)}</View>
    </Card>
  );
}

function Contact({ contact, dedicated }: { contact: NonNullable<MemberCardView['contact']>; dedicated: boolean }) {
  const role = dedicated ? '专属客户经理' : '服务联系人';
  return (
    <Card className='contact'>
      <Text>
        {role}：{contact.name}
      </Text>
      <Tappable
        className='contact-phone'
        role='link'
        label={`拨打${role}${contact.name}的电话 ${contact.phone}`}
        onPress={() => void makePhoneCall({ phoneNumber: contact.phone }).catch(() => undefined)}
      >
        {contact.phone}
      </Tappable>
    </Card>
  );
}

function StaffEntry() {
  return (
    <Tappable className='panel staff-entry' role='link' onPress={() => void open(ROUTES.staffHome)}>
      进入员工工作台 ›
    </Tappable>
  );
}

export default function CardPage() {
  const sessionVersion = useSessionVersion();
  const { visible, reshown } = usePageVisibility();
  // The last card is kept on the phone: a slow link shows it at once while the fresh one loads.
  const card = useCachedRemote<MemberCardView>('card', getCard, [reshown], sessionVersion);
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);
  const code = useMemberCode(visible && card.status !== 'error', sessionVersion);
  const isStaff = me.status === 'ready' && me.data.role !== 'customer';
  useCardShare();

  return (
    <PageShell title='会员卡' back={false}>
      <Remote value={card} loading={{ title: '会员卡', rows: 4, label: '正在加载会员卡…' }} errorTitle='会员卡加载失败'>
        {(data) => (
          <View>
            {card.fromCache && card.error ? (
              <View className='card-stale' {...{ role: 'status' }}>
                显示的是上次的会员卡（{card.error}）
                <Tappable className='card-stale-retry' onPress={card.reload}>
                  重试
                </Tappable>
              </View>
            ) : null}
            <CardFace card={data} />
            <MemberCode state={code.state} now={code.now} onRefresh={code.refresh} />
            <Points points={data.points} />
            <Progress card={data} />
            {data.contact ? <Contact contact={data.contact} dedicated={data.tier.benefits.dedicatedContact} /> : null}
            <NoticesEntry />
            <Tappable className='panel service-entry' role='link' label='服务与反馈：投诉、咨询、建议' onPress={() => void open(ROUTES.serviceMine)}>
              服务与反馈 ›
            </Tappable>
            <ReferralPanel sessionVersion={sessionVersion} />
            <Tappable className='panel profile-entry' role='link' label='完善资料：姓名和手机号' onPress={() => void open(ROUTES.privacyProfile)}>
              完善资料 ›
            </Tappable>
            <Tappable className='panel privacy-entry' role='link' label='隐私政策与我的数据' onPress={() => void open(ROUTES.privacyPolicy)}>
              隐私政策与我的数据 ›
            </Tappable>
          </View>
        )}
      </Remote>
      {isStaff ? <StaffEntry /> : null}
      {me.status === 'ready' && !isStaff ? (
        <Tappable className='panel join-entry' role='link' label='员工加入团队（邀请码）' onPress={() => void open(ROUTES.joinTeam)}>
          员工加入团队 ›
        </Tappable>
      ) : null}
    </PageShell>
  );
}
