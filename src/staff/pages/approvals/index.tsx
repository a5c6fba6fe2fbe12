import { useState } from 'react';
import { View } from '@tarojs/components';
import type { ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../components/PageShell';
import { ListFooter } from '../../../components/ListFooter';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { TextField } from '../../../components/TextField';
import { usePaged } from '../../../hooks/usePaged';
import { callCloud } from '../../../services/cloud';
import { errorMessage } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { formatDateTime } from '../../../format/date';
import { formatSignedPoints } from '../../../format/points';
import { FORBIDDEN } from '../../lib/access';
import { roleName } from '../../lib/labels';
import '../../staff.css';
import '../team/team.css';

type Approval = ApiResult<'team', 'approvals'>['items'][number];

const MANAGER_ONLY = '仅店长可以审批';
const TIER_NAMES: Record<string, string> = { basic: '基础', potential: '潜力', core: '核心', strategic: '战略' };

const what = (a: Approval): string =>
  a.kind === 'points.adjust' ? `${formatSignedPoints(a.delta ?? 0)} 积分` : `等级调整为${TIER_NAMES[a.tier ?? ''] ?? a.tier}，至 ${a.until}`;

/** One request: approve at once (the server applies it once however often it is sent), or reject with why. */
function ApprovalRow({ a, onDecided }: { a: Approval; onDecided: (text: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = (decision: 'approve' | 'reject') => {
    if (busy) return;
    if (decision === 'reject' && note.trim().length < 2) return setError('请填写驳回原因');
    setBusy(true);
    setError(null);
    callCloud('team', 'decide', { approvalId: a.approvalId, decision, ...(decision === 'reject' ? { note: note.trim() } : {}) }).then(
      (r) => {
        setBusy(false);
        onDecided(`${r.status === 'approved' ? '已批准' : '已驳回'}：${a.requesterName} 为 ${a.displayName} ${what(a)}`);
      },
      (e: unknown) => {
        setBusy(false);
        setError(`操作失败：${errorMessage(e)}`);
      },
    );
  };

  return (
    <View className='approval-row'>
      <View className='approval-what'>
        {a.displayName}（{a.memberNo}）：{what(a)}
      </View>
      <View className='muted'>
        {a.requesterName}（{roleName(a.requesterRole)}）· {a.whyText} · {formatDateTime(a.createdAt)}
      </View>
      <View className='muted'>原因：{a.reason}</View>
      {rejecting ? <TextField className='reject-note' label='驳回原因（必填，申请人可见）' value={note} maxLength={200} onChange={setNote} disabled={busy} /> : null}
      <View className='form-actions'>
        {rejecting ? (
          <>
            <Tappable className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} onPress={() => send('reject')} label={`确认驳回 ${a.requesterName} 的申请`}>
              确认驳回
            </Tappable>
            <Tappable className='link' onPress={() => setRejecting(false)} label='取消驳回'>
              取消
            </Tappable>
          </>
        ) : (
          <>
            <Tappable className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} onPress={() => send('approve')} label={`批准 ${a.requesterName} 的申请`}>
              {busy ? '提交中…' : '批准'}
            </Tappable>
            <Tappable className='btn btn-ghost' disabled={busy} onPress={() => setRejecting(true)} label={`驳回 ${a.requesterName} 的申请`}>
              驳回
            </Tappable>
          </>
        )}
      </View>
      {error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
    </View>
  );
}

/** 审批 (managers): clerks' adjustments over the caps and tier overrides waiting, oldest first. */
export default function StaffApprovalsPage() {
  const sessionVersion = useSessionVersion();
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const list = usePaged<Approval>((page) => callCloud('team', 'approvals', { status: 'pending', page, pageSize: 20 }), (a) => a.approvalId, [version, sessionVersion]);

  return (
    <PageShell title='审批'>
      {done ? (
        <View className='form-ok' {...{ role: 'status' }}>
          {done}
        </View>
      ) : null}
      {list.status === 'loading' ? (
        <StateView kind='loading' title='正在加载审批' />
      ) : list.status === 'error' ? (
        <StateView kind='error' title={list.code === FORBIDDEN ? MANAGER_ONLY : '审批加载失败'} detail={list.code === FORBIDDEN ? undefined : list.message} onRetry={list.reload} />
      ) : (
        <Card title='待审批' className='approval-list'>
          {list.items.map((a) => (
            <ApprovalRow
              key={a.approvalId}
              a={a}
              onDecided={(text) => {
                setDone(text);
                setVersion((v) => v + 1);
              }}
            />
          ))}
          <ListFooter list={list} onMore={list.loadMore} emptyText='没有待审批的申请' />
        </Card>
      )}
    </PageShell>
  );
}
