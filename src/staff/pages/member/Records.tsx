import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import type { AuditEntryView, MovementView, StaffMemberView, TierHistoryView } from '@contracts/api';
import { ListFooter } from '../../../components/ListFooter';
import { MovementRow } from '../../../components/MovementRow';
import { usePaged } from '../../../hooks/usePaged';
import { getAuditTrail, getMemberLedger, getTierHistory } from '../../../services/staffApi';
import { DateText } from '../../../components/DateText';
import { Tappable } from '../../../components/Tappable';
import { formatSignedPoints } from '../../../format/points';
import { HISTORY_KINDS, roleName, tierName } from '../../lib/labels';

interface Props {
  memberNo: string;
  /** Changes after every change made on this page: the records load again. */
  version: number;
  owner: unknown;
}

/** The configured tiers (sent with the member), to name the tiers in the records. */
type Tiers = StaffMemberView['tiers'];

const LEDGER_PAGE = 20;
const HISTORY_PAGE = 10;
const AUDIT_PAGE = 10;

const movementKey = (m: MovementView) => m.key;
const historyKey = (h: TierHistoryView) => `${h.at}:${h.kind}:${h.from}:${h.to}`;
const auditKey = (a: AuditEntryView) => a.id;

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className='list-footer'>
      <View className='state-error'>{message}</View>
      <Tappable className='list-more' onPress={onRetry} label='重新加载'>
        重试
      </Tappable>
    </View>
  );
}

export function TierHistoryPanel({ memberNo, tiers, version, owner }: Props & { tiers: Tiers }) {
  const history = usePaged<TierHistoryView>((page) => getTierHistory(memberNo, page, HISTORY_PAGE), historyKey, [memberNo, version], owner);
  let body;
  if (history.status === 'loading') body = <View className='list-footer'>正在加载…</View>;
  else if (history.status === 'error') body = <LoadError message={history.message} onRetry={history.reload} />;
  else
    body = (
      <View>
        {history.items.map((h) => (
          <View key={historyKey(h)} className='row history-row'>
            <View className='row-main'>
              <View>
                {HISTORY_KINDS[h.kind] ?? h.kind}：{tierName(tiers, h.from)} → {tierName(tiers, h.to)}
              </View>
              <View className='muted'>
                {h.reason}
                {h.by ? ` · 操作人 ${h.by}` : ''}
              </View>
            </View>
            <View className='row-side muted'>
              <DateText value={h.at} mode='datetime' />
            </View>
          </View>
        ))}
        <ListFooter list={history} onMore={history.loadMore} emptyText='暂无等级变动' />
      </View>
    );
  return (
    <View className='panel tier-history'>
      <View className='panel-title'>等级变动</View>
      {body}
    </View>
  );
}

export function LedgerPanel({ memberNo, version, owner }: Props) {
  const ledger = usePaged<MovementView>((page) => getMemberLedger(memberNo, page, LEDGER_PAGE), movementKey, [memberNo, version], owner);
  let body;
  if (ledger.status === 'loading') body = <View className='list-footer'>正在加载…</View>;
  else if (ledger.status === 'error') body = <LoadError message={ledger.message} onRetry={ledger.reload} />;
  else
    body = (
      <View>
        {ledger.items.map((m) => (
          <MovementRow key={m.key} movement={m} staffView />
        ))}
        <ListFooter list={ledger} onMore={ledger.loadMore} emptyText='暂无积分记录' />
      </View>
    );
  return (
    <View className='panel ledger'>
      <View className='panel-title'>积分明细</View>
      {body}
    </View>
  );
}

/**
 * What an audit entry changed, from its details: "调整积分 +100" / "人工调整等级为核心会员，至2026年12月31日"
 * (the date one unbreakable DateText).
 */
export function auditSummary(entry: AuditEntryView, tiers: Tiers): ReactNode {
  const d = entry.details ?? {};
  if (entry.action === 'points.adjust') {
    return typeof d.delta === 'number' ? `调整积分 ${formatSignedPoints(d.delta)}` : '调整积分';
  }
  if (entry.action === 'tier.override') {
    const tier = typeof d.tier === 'string' ? tierName(tiers, d.tier) : '';
    return (
      <>
        人工调整等级{tier ? '为' + tier : ''}
        {typeof d.until === 'string' ? (
          <>
            ，至<DateText value={d.until} />
          </>
        ) : null}
      </>
    );
  }
  // Requests over a clerk's caps and the manager's decisions: what was asked, with who asked.
  if (entry.action === 'approval.request' || entry.action === 'approval.approve' || entry.action === 'approval.reject') {
    const change = typeof d.delta === 'number' ? auditSummary({ ...entry, action: 'points.adjust' }, tiers) : auditSummary({ ...entry, action: 'tier.override' }, tiers);
    const who = typeof d.requester === 'string' ? `${d.requester} 的申请：` : '';
    const head = entry.action === 'approval.request' ? '申请（待店长审批）：' : entry.action === 'approval.approve' ? `批准${who}` : `驳回${who}`;
    return (
      <>
        {head}
        {change}
      </>
    );
  }
  return String(entry.action);
}

export function AuditPanel({ memberNo, tiers, version, owner }: Props & { tiers: Tiers }) {
  const audit = usePaged<AuditEntryView>((page) => getAuditTrail(memberNo, page, AUDIT_PAGE), auditKey, [memberNo, version], owner);
  let body;
  if (audit.status === 'loading') body = <View className='list-footer'>正在加载…</View>;
  else if (audit.status === 'error') body = <LoadError message={audit.message} onRetry={audit.reload} />;
  else
    body = (
      <View>
        {audit.items.map((a) => (
          <View key={a.id} className='row audit-row'>
            <View className='row-main'>
              <View>{auditSummary(a, tiers)}</View>
              <View className='muted'>原因：{a.reason}</View>
              <View className='muted'>
                {a.actorName}（{roleName(a.role)}）
              </View>
            </View>
            <View className='row-side muted'>
              <DateText value={a.at} mode='datetime' />
            </View>
          </View>
        ))}
        <ListFooter list={audit} onMore={audit.loadMore} emptyText='暂无操作记录' />
      </View>
    );
  return (
    <View className='panel audit'>
      <View className='panel-title'>操作记录</View>
      {body}
    </View>
  );
}
