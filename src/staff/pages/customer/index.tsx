import { useState } from 'react';
import { View } from '@tarojs/components';
import { parseMemberQuery } from '@contracts/memberQuery';
import { CARD_LIMITS } from '../../../../cloudfunctions/core/crm/card';
import { Card, PageShell } from '../../../components/PageShell';
import { DateText } from '../../../components/DateText';
import { ListRow } from '../../../components/ListRow';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { useRouter } from '../../../hooks/lifecycle';
import { useRemote } from '../../../hooks/useRemote';
import { openPage } from '../../../lib/nav';
import { newRequestId } from '../../../lib/requestId';
import { ROUTES, urlOf } from '../../../lib/routes';
import { CloudError, errorMessage } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { formatFen, formatPoints } from '../../../format/money';
import { tierTitle } from '../../../format/tier';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { KIND_NAMES } from '../../lib/labels';
import { SubmitActions } from '../../lib/SubmitActions';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import { addCrmNote, getCareContacts, getCareProfile, getCrmCard, type AddNoteInput, type CareContact, type CareProfile, type CrmCard } from './api';
import { ContactSection, KeyDatesSection, OrganisationSection, PreferencesSection } from './Sections';
import '../../staff.css';
import './crm.css';

function MemberSection({ card }: { card: CrmCard }) {
  const m = card.member;
  return (
    <Card title='会员与积分' className='crm-member'>
      <View className='member-head'>
        <View className='member-name'>{m.displayName}</View>
        <View className='member-tier'>{tierTitle(m.tier.name)}</View>
      </View>
      <View className='member-line muted'>
        会员号 {m.memberNo} · {KIND_NAMES[m.kind] ?? m.kind} · {m.region}
      </View>
      <View className='member-line muted'>
        {m.phone ? `手机 ${m.phone} · ` : ''}入会 <DateText value={m.joinedAt} /> · 最近下单 {m.lastOrderAt ? <DateText value={m.lastOrderAt} /> : '暂无'}
      </View>
      <View className='member-points'>
        <View className='member-points-item'>
          <View className='member-points-value crm-available'>{formatPoints(m.points.available)}</View>
          <View className='muted'>可用积分</View>
        </View>
        <View className='member-points-item'>
          <View className='member-points-value'>{formatPoints(m.points.pending)}</View>
          <View className='muted'>待入账</View>
        </View>
      </View>
      <Tappable className='link crm-member-link' role='link' onPress={() => openPage(urlOf(ROUTES.staffMember, { memberNo: m.memberNo }))} label='会员详情（积分与等级）'>
        会员详情（积分与等级） ›
      </Tappable>
    </Card>
  );
}

function OrdersSection({ card }: { card: CrmCard }) {
  return (
    <Card title='最近订单' className='crm-orders'>
      {card.recentOrders.length === 0 ? <View className='muted'>暂无订单</View> : null}
      {card.recentOrders.map((o) => (
        <ListRow
          key={o.id}
          title={`${o.names.join('、')}${o.lineCount > o.names.length ? `等${o.lineCount}件` : ''}`}
          detail={
            <View>
              <DateText value={o.createdAt} /> · {o.statusLabel}
            </View>
          }
          side={formatFen(o.paidFen)}
          onPress={() => openPage(urlOf(ROUTES.staffOrder, { orderId: o.id }))}
          label={`订单 ${o.id}`}
        />
      ))}
    </Card>
  );
}

function CasesSection({ card }: { card: CrmCard }) {
  return (
    <Card title='投诉与满意度' className='crm-cases'>
      {card.openCases.length === 0 ? <View className='muted'>没有处理中的反馈</View> : null}
      {card.openCases.map((c) => (
        <ListRow
          key={c.id}
          className='crm-case'
          title={
            <View>
              <Tag tone={c.typeLabel === '投诉' ? 'negative' : 'neutral'}>{c.typeLabel}</Tag> {c.categoryLabel} · {c.statusLabel}
            </View>
          }
          detail={c.text}
          onPress={() => openPage(urlOf(ROUTES.staffCase, { id: c.id }))}
          label={`${c.typeLabel}：${c.text}`}
        />
      ))}
      <View className='crm-subtitle'>满意度记录</View>
      {card.satisfaction.length === 0 ? <View className='muted'>暂无评价</View> : null}
      {card.satisfaction.map((s) =>
        s.kind === 'case' ? (
          <View key={`c-${s.id}`} className='crm-line crm-rating'>
            <DateText value={s.at} /> 反馈处理评分 {s.score}/5{s.reason ? `：${s.reason}` : ''}
          </View>
        ) : (
          <View key={`s-${s.orderId}`} className='crm-line crm-rating'>
            <DateText value={s.at} /> 配送评价：新鲜 {s.scores.freshness} · 准时 {s.scores.onTime} · 服务 {s.scores.service}
            {s.comment ? `（${s.comment}）` : ''}
          </View>
        ),
      )}
    </Card>
  );
}

function NotesSection({ memberNo, card, onSaved }: { memberNo: string; card: CrmCard; onSaved: () => void }) {
  const [text, setText] = useState('');
  const form = useOnceSubmit<AddNoteInput, unknown>(addCrmNote, (e) => `添加失败：${errorMessage(e)}`, () => {
    setText('');
    onSaved();
  });
  const submit = () => {
    if (form.pending) {
      form.retry();
      return;
    }
    if (text.trim() === '') {
      form.setError('请填写备注');
      return;
    }
    form.submit({ memberNo, text: text.trim(), requestId: newRequestId() });
  };
  return (
    <Card title='备注' className='crm-notes'>
      <TextField className='crm-note-input' label='新备注' value={form.pending ? form.pending.text : text} maxLength={CARD_LIMITS.note} multiline placeholder='如 电话回访：想要更多菌菇' disabled={form.pending !== null || form.sending} onChange={setText} />
      <SubmitActions form={form} onSubmit={submit} label='添加备注' />
      {card.notes.length === 0 ? <View className='muted'>暂无备注</View> : null}
      {card.notes.map((n) => (
        <View key={n.id} className='crm-note'>
          <View className='muted'>
            <DateText value={n.at} mode='datetime' /> · {n.byName}
          </View>
          <View className='crm-line'>{n.text}</View>
        </View>
      ))}
      {card.notesHasMore ? <View className='muted form-note'>只显示最近 20 条备注</View> : null}
    </Card>
  );
}

/** 客户分析 from the care list's nightly profile (`care.profile`): RFM segment, rhythm, churn warning. */
function ProfileSection({ memberNo, owner }: { memberNo: string; owner: unknown }) {
  const profile = useRemote<CareProfile | null>(() => getCareProfile(memberNo), [memberNo], owner);
  return (
    <Card title='客户分析' className='crm-profile'>
      <Remote value={profile} errorTitle='客户分析加载失败' loading={{ rows: 2 }}>
        {(p) =>
          p === null ? (
            <View className='muted'>尚未生成（每晚计算一次）</View>
          ) : (
            <View>
              {p.churn ? (
                <View className='crm-churn' {...{ role: 'status' }}>
                  <Tag tone='warning'>流失预警</Tag> {p.churn.reason}
                </View>
              ) : null}
              <View className='crm-line'>
                RFM：<Tag>{p.rfm.segment}</Tag> {p.rfm.explanation}
              </View>
              {p.rhythm.medianDays !== null ? <View className='crm-line muted'>{`通常每 ${p.rhythm.medianDays} 天下单（${p.rhythm.orderDays} 个下单日）`}</View> : null}
              <View className='crm-line muted'>
                客户经理：{p.accountManager ? p.accountManager.name : '未分配'} · 最近联系：{p.lastContactAt ? <DateText value={p.lastContactAt} /> : '暂无'}
              </View>
            </View>
          )
        }
      </Remote>
    </Card>
  );
}

/** 联系记录 from the care list's contact log (`care.contacts`): call, visit, WeChat, sample, by whom and when. */
function ContactsSection({ memberNo, owner }: { memberNo: string; owner: unknown }) {
  const contacts = useRemote<CareContact[]>(() => getCareContacts(memberNo), [memberNo], owner);
  return (
    <Card title='联系记录' className='crm-contacts'>
      <Remote value={contacts} errorTitle='联系记录加载失败' loading={{ rows: 2 }}>
        {(list) =>
          list.length === 0 ? (
            <View className='muted'>暂无联系记录</View>
          ) : (
            <View>
              {list.map((c) => (
                <View key={c.id} className='crm-note crm-contact'>
                  <View className='muted'>
                    <DateText value={c.at} mode='datetime' /> · {c.byName} · {c.channelLabel}
                  </View>
                  {c.note ? <View className='crm-line'>{c.note}</View> : null}
                </View>
              ))}
            </View>
          )
        }
      </Remote>
    </Card>
  );
}

const missingMemberNo = () => Promise.reject(new CloudError('MEMBER.NOT_FOUND', '缺少会员号或格式不正确'));

/** The member number from the page's query (`memberNo`), read like the lookup reads it. */
function memberNoOf(param: unknown): string | null {
  const parsed = parseMemberQuery(String(param ?? ''));
  return parsed.ok && parsed.query.kind === 'memberNo' ? parsed.query.memberNo : null;
}

/** 客户关系卡: what the shop knows about one customer, editable by staff; every open is logged. */
export default function StaffCustomerPage() {
  const router = useRouter();
  const memberNo = memberNoOf(router.params.memberNo);
  const sessionVersion = useSessionVersion();
  const [version, setVersion] = useState(0);
  const card = useRemote<CrmCard>(memberNo ? () => getCrmCard(memberNo) : missingMemberNo, [memberNo, version], sessionVersion);
  const saved = () => setVersion((v) => v + 1);

  return (
    <PageShell title='客户关系卡'>
      {card.status === 'error' && card.code === FORBIDDEN ? (
        <StateView kind='error' title={STAFF_ONLY} detail='当前账号没有员工权限' />
      ) : (
        <Remote value={card} errorTitle='客户关系卡加载失败' loading={{ title: memberNo ?? undefined, rows: 6, label: '正在加载客户关系卡…' }}>
          {(c) => (
            <View>
              <MemberSection card={c} />
              <ProfileSection memberNo={c.member.memberNo} owner={sessionVersion} />
              <ContactSection memberNo={c.member.memberNo} card={c.card} onSaved={saved} />
              <OrganisationSection memberNo={c.member.memberNo} card={c.card} onSaved={saved} />
              <PreferencesSection memberNo={c.member.memberNo} card={c.card} onSaved={saved} />
              <KeyDatesSection memberNo={c.member.memberNo} card={c.card} onSaved={saved} />
              <OrdersSection card={c} />
              <CasesSection card={c} />
              <NotesSection memberNo={c.member.memberNo} card={c} onSaved={saved} />
              <ContactsSection memberNo={c.member.memberNo} owner={sessionVersion} />
              {c.card.updatedAt ? (
                <View className='muted form-note'>
                  最后修改：<DateText value={c.card.updatedAt} mode='datetime' />
                  {c.card.updatedByName ? ` · ${c.card.updatedByName}` : ''}
                </View>
              ) : null}
            </View>
          )}
        </Remote>
      )}
    </PageShell>
  );
}
