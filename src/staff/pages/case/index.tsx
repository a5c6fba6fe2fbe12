import { View } from '@tarojs/components';
import type { WhoAmIView } from '@contracts/api';
import { Card, PageShell } from '../../../components/PageShell';
import { DateText } from '../../../components/DateText';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tag } from '../../../components/Tag';
import { Tappable } from '../../../components/Tappable';
import { useRouter } from '../../../hooks/lifecycle';
import { usePageVisibility } from '../../../hooks/usePageVisibility';
import { useRemote } from '../../../hooks/useRemote';
import { openPage } from '../../../lib/nav';
import { newRequestId } from '../../../lib/requestId';
import { ROUTES, urlOf } from '../../../lib/routes';
import { whoAmI } from '../../../services/api';
import { CloudError } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { tierTitle } from '../../../format/tier';
import { isManagerRole } from '../../lib/access';
import { assignableStaff, caseError, getCase, type DeskCase } from '../../lib/caseDesk';
import { DUE_KIND_LABELS, serverOffset } from '../../lib/countdown';
import { Countdown } from '../../lib/Countdown';
import { RetryRow } from '../../lib/SubmitActions';
import { getDeskOrder } from '../../lib/orderDesk';
import { useServerNow } from '../../lib/useServerNow';
import { CallbackForm, CloseForm, ReverseForm } from './AfterForms';
import { ReplyForm } from './ReplyForm';
import { ResolveForm } from './ResolveForm';
import { Thread } from './Thread';
import { useCaseStep } from './useCaseStep';
import '../../staff.css';
import '../../cases.css';

const ACTIVE: readonly DeskCase['status'][] = ['open', 'answered', 'waiting_customer'];

const statusTone = (c: DeskCase) => (c.status === 'open' ? 'warning' : c.status === 'resolved' || c.status === 'closed' ? 'positive' : 'neutral');

function Head({ c, manager, now, onChanged }: { c: DeskCase; manager: boolean; now: number; onChanged: () => void }) {
  const step = useCaseStep(onChanged);
  const busy = step.sending || step.pending !== null;
  const active = ACTIVE.includes(c.status);
  return (
    <Card className='case-head'>
      <View className='case-head-line'>
        <View className='member-name'>{c.memberName}</View>
        <Tag tone='positive'>{tierTitle(c.tierName)}</Tag>
        <Tag tone={statusTone(c)}>{c.statusLabel}</Tag>
        {c.breached ? <Tag tone='negative'>超时</Tag> : null}
      </View>
      <View className='muted'>
        {c.typeLabel} · {c.categoryLabel} · 会员号 {c.memberNo}
        {c.region ? ` · ${c.region}` : ''}
      </View>
      {active ? (
        <View className='case-facts'>
          {c.dueKind ? `${DUE_KIND_LABELS[c.dueKind]}剩余 ` : ''}
          <Countdown due={c} now={now} className='case-head-countdown' />
        </View>
      ) : null}
      <View className='case-facts'>
        <View>
          首次响应：
          {c.firstResponseAt !== null ? (
            <>
              已于 <DateText value={c.firstResponseAt} mode='datetime' now={now} /> 响应
            </>
          ) : c.firstResponseDueAt !== null ? (
            <>
              <DateText value={c.firstResponseDueAt} mode='datetime' now={now} /> 前
            </>
          ) : (
            '暂停计时'
          )}
          {c.breachedFirstResponse ? (
            <>
              {' '}
              <Tag tone='negative'>首次响应超时</Tag>
            </>
          ) : null}
        </View>
        <View>
          解决：
          {c.resolution ? (
            <>
              已于 <DateText value={c.resolution.at} mode='datetime' now={now} /> 解决
            </>
          ) : c.resolutionDueAt !== null ? (
            <>
              <DateText value={c.resolutionDueAt} mode='datetime' now={now} /> 前
            </>
          ) : (
            '暂停计时'
          )}
          {c.breachedResolution ? (
            <>
              {' '}
              <Tag tone='negative'>解决超时</Tag>
            </>
          ) : null}
        </View>
        {c.provisional && active ? <View className='muted'>截止时间所在年份的节假日尚未公布，录入后可能提前</View> : null}
        <View>处理人：{c.assignee ?? '待认领'}</View>
        {c.preferredContact ? <View>方便联系：{c.preferredContact}</View> : null}
        {c.rating ? <View>客户评分：{c.rating.score} 分{c.rating.reason ? `（${c.rating.reason}）` : ''}</View> : null}
        {c.rootCauseLabel ? <View>问题根因：{c.rootCauseLabel}</View> : null}
      </View>
      {c.orderId ? (
        <Tappable className='link case-order-link' role='link' onPress={() => openPage(urlOf(ROUTES.staffOrder, { orderId: c.orderId as string }))} label={`关联订单 ${c.orderId}`}>
          关联订单 {c.orderId} ›
        </Tappable>
      ) : null}
      {active && c.assigneeId === null ? (
        <Tappable className={busy ? 'btn btn-disabled case-claim' : 'btn case-claim'} disabled={busy} onPress={() => step.submit({ kind: 'claim', caseId: c.id, requestId: newRequestId() })} label='认领'>
          {step.sending ? '提交中…' : '认领'}
        </Tappable>
      ) : null}
      {manager && active && c.assigneeId !== null ? (
        <Tappable className={busy ? 'btn btn-ghost btn-disabled case-unassign' : 'btn btn-ghost case-unassign'} disabled={busy} onPress={() => step.submit({ kind: 'assign', caseId: c.id, requestId: newRequestId(), staffId: null })} label='退回待认领'>
          退回待认领
        </Tappable>
      ) : null}
      {manager && active ? <AssignRow current={c.assigneeId} busy={busy} onAssign={(staffId) => step.submit({ kind: 'assign', caseId: c.id, requestId: newRequestId(), staffId })} /> : null}
      <RetryRow step={step} />
      {step.error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {step.error}
        </View>
      ) : null}
    </Card>
  );
}

function Resolution({ c, now }: { c: DeskCase; now: number }) {
  const r = c.resolution;
  if (!r) return null;
  return (
    <Card title='处理结果' className='case-resolution'>
      <View>
        {r.outcomeLabel}
        {r.compensation ? `：${r.compensation}` : ''}
        {r.reversed ? (
          <>
            {' '}
            <Tag tone='negative'>已撤回</Tag>
          </>
        ) : null}
      </View>
      <View className='muted'>
        {r.by} · <DateText value={r.at} mode='datetime' now={now} /> · {r.note}
      </View>
      {r.reversed ? (
        <View className='muted'>
          {r.reversed.by} 于 <DateText value={r.reversed.at} mode='datetime' now={now} /> 撤回：{r.reversed.reason}
        </View>
      ) : null}
    </Card>
  );
}

function CaseDesk({ c, manager, now, onChanged }: { c: DeskCase; manager: boolean; now: number; onChanged: () => void }) {
  const review = useCaseStep(onChanged);
  // The order tells how much can still be refunded; without it the server alone checks the amount.
  const order = useRemote(() => (c.orderId ? getDeskOrder(c.orderId) : Promise.resolve(null)), [c.orderId]);
  const refundableFen = order.status === 'ready' && order.data ? order.data.paidFen - order.data.refundedFen : null;
  const active = ACTIVE.includes(c.status);
  return (
    <View>
      <Head c={c} manager={manager} now={now} onChanged={onChanged} />
      <Thread c={c} review={review} now={now} />
      {c.status !== 'closed' ? <ReplyForm c={c} onChanged={onChanged} /> : null}
      {active ? <ResolveForm c={c} refundableFen={refundableFen} onChanged={onChanged} /> : null}
      <Resolution c={c} now={now} />
      {manager ? <ReverseForm c={c} onChanged={onChanged} /> : null}
      <CallbackForm c={c} now={now} onChanged={onChanged} />
      {c.status === 'resolved' ? <CloseForm c={c} onChanged={onChanged} /> : null}
    </View>
  );
}

/** A manager hands the case to a named colleague (the server checks the person is active staff). */
function AssignRow({ current, busy, onAssign }: { current: string | null; busy: boolean; onAssign: (staffId: string) => void }) {
  const team = useRemote(assignableStaff, []);
  if (team.status !== 'ready') return null;
  const others = team.data.filter((m) => m.staffId !== current);
  if (others.length === 0) return null;
  return (
    <View className='case-assign' {...{ role: 'group', 'aria-label': '分派给' }}>
      <View className='muted'>分派给：</View>
      {others.map((m) => (
        <Tappable key={m.staffId} className={busy ? 'chip btn-disabled' : 'chip'} disabled={busy} onPress={() => onAssign(m.staffId)} label={`分派给 ${m.name}`}>
          {m.name}
        </Tappable>
      ))}
    </View>
  );
}

/**
 * 反馈处理: one case for staff — who, what, the deadlines with a live countdown, the thread (internal
 * notes marked, photos to review), the reply box right under it (no tap needed to open it), then resolve, the call-back, closing and (managers) reversing compensation.
 */
export default function StaffCasePage() {
  const { params } = useRouter();
  const caseId = typeof params.id === 'string' ? params.id : '';
  const sessionVersion = useSessionVersion();
  // Shown again (back from the order page): the case may have moved on meanwhile.
  const { visible, reshown } = usePageVisibility();
  const now = useServerNow(visible, serverOffset());
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);
  const found = useRemote<DeskCase>(() => (caseId ? getCase(caseId) : Promise.reject(new CloudError('CASE.NOT_FOUND'))), [caseId, sessionVersion, reshown]);
  const manager = me.status === 'ready' && isManagerRole(me.data.role);

  return (
    <PageShell title='反馈处理'>
      {found.status === 'error' ? (
        <StateView kind='error' title={caseError(new CloudError(found.code ?? 'CLIENT.NETWORK', found.message))} onRetry={found.reload} />
      ) : (
        <Remote value={found} errorTitle='反馈加载失败' loading={{ title: '反馈处理', rows: 4 }}>
          {(c) => <CaseDesk c={c} manager={manager} now={now} onChanged={found.reload} />}
        </Remote>
      )}
    </PageShell>
  );
}
