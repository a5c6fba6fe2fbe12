import { useState } from 'react';
import { View } from '@tarojs/components';
import type { StaffRole, WhoAmIView } from '@contracts/api';
import type { ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../components/PageShell';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ListFooter } from '../../../components/ListFooter';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { usePaged } from '../../../hooks/usePaged';
import { useRemote } from '../../../hooks/useRemote';
import { newRequestId } from '../../../lib/requestId';
import { whoAmI } from '../../../services/api';
import { callCloud } from '../../../services/cloud';
import { errorMessage } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { formatDateTime } from '../../../format/date';
import { FORBIDDEN, isManagerRole } from '../../lib/access';
import { ROLE_NAMES } from '../../lib/labels';
import { SubmitActions } from '../../lib/SubmitActions';
import { useOnceSubmit } from '../../lib/useOnceSubmit';
import '../../staff.css';
import './team.css';

type Member = ApiResult<'team', 'list'>['items'][number];
type Invite = ApiResult<'team', 'createInvite'>;

const MANAGER_ONLY = '仅店长可以管理团队';

/** Whom `role` may invite: a manager clerks and agents, an admin also managers (the server checks again). */
const invitable = (role: StaffRole): StaffRole[] => (role === 'admin' ? ['staff', 'agent', 'manager'] : ['staff', 'agent']);

function InviteCard({ me }: { me: StaffRole }) {
  const [role, setRole] = useState<StaffRole>('staff');
  const form = useOnceSubmit<{ role: StaffRole; requestId: string }, Invite>(
    (input) => callCloud('team', 'createInvite', input),
    (e) => `生成失败：${errorMessage(e)}`,
    () => undefined,
  );
  const submit = () => {
    if (form.sending) return;
    if (form.pending) return form.retry();
    form.submit({ role, requestId: newRequestId() });
  };
  return (
    <Card title='邀请新员工' className='team-invite'>
      <View className='chips' {...{ role: 'group', 'aria-label': '角色' }}>
        {invitable(me).map((r) => (
          <Tappable key={r} className={role === r ? 'chip chip-active' : 'chip'} pressed={role === r} disabled={form.sending || form.pending !== null} onPress={() => setRole(r)} label={ROLE_NAMES[r]}>
            {ROLE_NAMES[r]}
          </Tappable>
        ))}
      </View>
      <SubmitActions form={form} onSubmit={submit} label='生成邀请码' />
      {form.result ? (
        <View className='form-ok invite-code' {...{ role: 'status' }}>
          <View>
            {form.result.roleName}邀请码：<View className='invite-code-value'>{form.result.code}</View>
          </View>
          <View className='muted'>有效期至 {formatDateTime(form.result.expiresAt)}，只能使用一次。请对方在“我的会员卡”底部的“加入团队”中输入。</View>
        </View>
      ) : null}
    </Card>
  );
}

function MemberRow({ m, onRemove }: { m: Member; onRemove: (m: Member) => void }) {
  return (
    <View className='team-member list-row'>
      <View>
        <View className='team-member-name'>
          {m.name}
          {m.isMe ? '（我）' : ''}
        </View>
        <View className='muted'>
          {m.roleName} · {m.active ? '在职' : '已停用'}
        </View>
      </View>
      {m.active && !m.isMe ? (
        <Tappable className='link link-danger' onPress={() => onRemove(m)} label={`停用 ${m.name}`}>
          停用
        </Tappable>
      ) : null}
    </View>
  );
}

/** 团队管理 (managers): the staff with role and state, a one-time invite for a role, removal confirmed first. */
export default function StaffTeamPage() {
  const sessionVersion = useSessionVersion();
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);
  const [version, setVersion] = useState(0);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const list = usePaged<Member>((page) => callCloud('team', 'list', { page, pageSize: 50 }), (m) => m.staffId, [version, sessionVersion]);

  const remove = () => {
    const m = removing;
    setRemoving(null);
    if (!m) return;
    callCloud('team', 'deactivate', { staffId: m.staffId, reason: '店长停用', requestId: newRequestId() }).then(
      () => {
        setNotice({ ok: true, text: `已停用 ${m.name}，其下次操作起即无员工权限` });
        setVersion((v) => v + 1);
      },
      (e: unknown) => setNotice({ ok: false, text: `停用失败：${errorMessage(e)}` }),
    );
  };

  return (
    <PageShell title='团队管理'>
      <Remote value={me} errorTitle='加载失败' loading={{ title: '团队管理', rows: 2 }}>
        {(who) =>
          !isManagerRole(who.role) ? (
            <StateView kind='empty' title={MANAGER_ONLY} />
          ) : (
            <View>
              <InviteCard me={who.role} />
              {notice ? (
                <View className={notice.ok ? 'form-ok' : 'form-error'} {...{ role: notice.ok ? 'status' : 'alert' }}>
                  {notice.text}
                </View>
              ) : null}
              {list.status === 'loading' ? (
                <StateView kind='loading' title='正在加载团队' />
              ) : list.status === 'error' ? (
                <StateView kind='error' title={list.code === FORBIDDEN ? MANAGER_ONLY : '团队加载失败'} detail={list.code === FORBIDDEN ? undefined : list.message} onRetry={list.reload} />
              ) : (
                <Card title='团队成员' className='team-list'>
                  {list.items.map((m) => (
                    <MemberRow key={m.staffId} m={m} onRemove={setRemoving} />
                  ))}
                  <ListFooter list={list} onMore={list.loadMore} emptyText='还没有员工' />
                </Card>
              )}
              <ConfirmDialog
                open={removing !== null}
                title='确认停用员工'
                name={removing?.name}
                message={removing ? `停用后 ${removing.name}（${removing.roleName}）将无法再使用员工功能` : ''}
                confirmLabel='确认停用'
                danger
                onConfirm={remove}
                onCancel={() => setRemoving(null)}
              />
            </View>
          )
        }
      </Remote>
    </PageShell>
  );
}
