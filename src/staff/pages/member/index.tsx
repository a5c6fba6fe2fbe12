import { useState } from 'react';
import { View } from '@tarojs/components';
import type { StaffMemberView } from '@contracts/api';
import { parseMemberQuery } from '@contracts/memberQuery';
import { Card, PageShell } from '../../../components/PageShell';
import { DateText } from '../../../components/DateText';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { useRouter } from '../../../hooks/lifecycle';
import { useRemote } from '../../../hooks/useRemote';
import { openPage } from '../../../lib/nav';
import { ROUTES, urlOf } from '../../../lib/routes';
import { CloudError } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { getStaffMember } from '../../../services/staffApi';
import { shanghaiDay } from '../../../format/date';
import { formatPoints } from '../../../format/money';
import { downgradeSentence, progressSentence } from '../../../format/progress';
import { tierTitle } from '../../../format/tier';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { KIND_NAMES, tierName } from '../../lib/labels';
import { AdjustPointsForm } from './AdjustPointsForm';
import { OverrideTierForm } from './OverrideTierForm';
import { AuditPanel, LedgerPanel, TierHistoryPanel } from './Records';
import '../../staff.css';

function MemberSummary({ member }: { member: StaffMemberView }) {
  const { card } = member;
  const override = member.tierOverride;
  const warning = downgradeSentence(card);
  return (
    <Card className='member-card'>
      <View className='member-head'>
        <View className='member-name'>{member.displayName}</View>
        <View className='member-tier'>{tierTitle(card.tier.name)}</View>
      </View>
      <View className='member-line muted'>
        会员号 {member.memberNo} · {KIND_NAMES[member.kind] ?? member.kind} · {member.region}
      </View>
      <View className='member-line muted'>
        {member.phone ? `电话 ${member.phone} · ` : ''}入会 <DateText value={member.joinedAt} />
      </View>
      {card.tier.source === 'override' ? (
        <View className='member-override'>
          人工调整等级，有效期至{card.tier.overrideUntil ? <DateText value={card.tier.overrideUntil} /> : '—'}
          {override ? `（${tierName(member.tiers, override.tier)}；原因：${override.reason}；操作人：${override.by}）` : ''}
        </View>
      ) : (
        <View className='member-line muted'>等级来源：按规则评定</View>
      )}
      <View className='member-points'>
        <View className='member-points-item'>
          <View className='member-points-value member-available'>{formatPoints(card.points.available)}</View>
          <View className='muted'>可用积分</View>
        </View>
        <View className='member-points-item'>
          <View className='member-points-value'>{formatPoints(card.points.pending)}</View>
          <View className='muted'>待入账</View>
        </View>
        <View className='member-points-item'>
          <View className='member-points-value'>{formatPoints(card.points.owed)}</View>
          <View className='muted'>待扣回</View>
        </View>
      </View>
      <View className='member-line'>{progressSentence(card)}</View>
      {warning ? <View className='member-override'>{warning}</View> : null}
      <Tappable className='link crm-card-link' role='link' onPress={() => openPage(urlOf(ROUTES.staffCustomer, { memberNo: member.memberNo }))} label='客户关系卡'>
        客户关系卡 ›
      </Tappable>
    </Card>
  );
}

const missingMemberNo = () => Promise.reject(new CloudError('MEMBER.NOT_FOUND', '缺少会员号或格式不正确'));

/** The member number from the page's query, read like the lookup reads it (a phone is not one). */
function memberNoOf(param: unknown): string | null {
  const parsed = parseMemberQuery(String(param ?? ''));
  return parsed.ok && parsed.query.kind === 'memberNo' ? parsed.query.memberNo : null;
}

/** Member detail for staff: the card, the two change forms, tier history, ledger and audit trail. */
export default function StaffMemberPage() {
  const router = useRouter();
  const memberNo = memberNoOf(router.params.memberNo);
  const sessionVersion = useSessionVersion();
  // Bumped after every change made here: the card and every record list load again.
  const [version, setVersion] = useState(0);
  const member = useRemote<StaffMemberView>(memberNo ? () => getStaffMember(memberNo) : missingMemberNo, [memberNo, version], sessionVersion);
  const changed = () => setVersion((v) => v + 1);

  return (
    <PageShell title='会员详情'>
      {member.status === 'error' && member.code === FORBIDDEN ? (
        <StateView kind='error' title={STAFF_ONLY} detail='当前账号没有员工权限' />
      ) : (
        <Remote value={member} errorTitle='会员加载失败' loading={{ title: memberNo ?? undefined, rows: 4, label: '正在加载会员…' }}>
          {(m) => (
            <View>
              <MemberSummary member={m} />
              <AdjustPointsForm memberNo={m.memberNo} displayName={m.displayName} available={m.card.points.available} onChanged={changed} />
              <OverrideTierForm memberNo={m.memberNo} displayName={m.displayName} today={shanghaiDay(Date.now())} tiers={m.tiers} onChanged={changed} />
              <TierHistoryPanel memberNo={m.memberNo} tiers={m.tiers} version={version} owner={sessionVersion} />
              <LedgerPanel memberNo={m.memberNo} version={version} owner={sessionVersion} />
              <AuditPanel memberNo={m.memberNo} tiers={m.tiers} version={version} owner={sessionVersion} />
            </View>
          )}
        </Remote>
      )}
    </PageShell>
  );
}
