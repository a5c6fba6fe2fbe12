import { useState } from 'react';
import { View } from '@tarojs/components';
import type { ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../../components/PageShell';
import { Tappable } from '../../../../components/Tappable';
import { TextField } from '../../../../components/TextField';
import { openPage } from '../../../../lib/nav';
import { ROUTES, urlOf } from '../../../../lib/routes';
import { callCloud } from '../../../../services/cloud';
import { errorMessage } from '../../../../services/errors';
import { notifySessionChange } from '../../../../services/session';

type Joined = ApiResult<'team', 'redeemInvite'>;

/** 加入团队: a new staff member types the one-time code a manager gave them, and their name. */
export default function JoinTeamPage() {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<Joined | null>(null);

  const submit = () => {
    if (busy) return;
    const c = code.replace(/[\s-]/g, '');
    if (c.length !== 10) return setError('邀请码为 10 位字母或数字');
    if (!name.trim()) return setError('请填写姓名');
    setBusy(true);
    setError(null);
    callCloud('team', 'redeemInvite', { code: c, name: name.trim() }).then(
      (r) => {
        setBusy(false);
        setJoined(r);
        // whoami now answers with the staff role.
        notifySessionChange();
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  };

  return (
    <PageShell title='加入团队'>
      {joined ? (
        <Card title='已加入团队'>
          <View className='form-ok' {...{ role: 'status' }}>
            {joined.name}，你已成为{joined.roleName}
          </View>
          <Tappable className='btn' onPress={() => openPage(urlOf(ROUTES.staffHome))} label='进入员工工作台'>
            进入员工工作台
          </Tappable>
        </Card>
      ) : (
        <Card title='输入邀请码'>
          <TextField className='join-code' label='邀请码（店长提供，24 小时内有效）' value={code} maxLength={14} placeholder='10 位字母或数字' onChange={setCode} disabled={busy} />
          <TextField className='join-name' label='你的姓名' value={name} maxLength={20} placeholder='如 李小鲜' onChange={setName} disabled={busy} />
          <Tappable className={busy ? 'btn btn-disabled' : 'btn'} disabled={busy} onPress={submit} label='加入团队'>
            {busy ? '提交中…' : '加入团队'}
          </Tappable>
          {error ? (
            <View className='form-error' {...{ role: 'alert' }}>
              {error}
            </View>
          ) : null}
        </Card>
      )}
    </PageShell>
  );
}
