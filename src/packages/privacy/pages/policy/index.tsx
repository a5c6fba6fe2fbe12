import { useState } from 'react';
import { View } from '@tarojs/components';
import { PRIVACY_POLICY_VERSION } from '@contracts/privacy';
import type { ApiResult } from '@contracts/apiMap';
import { Card, PageShell } from '../../../../components/PageShell';
import { ConfirmDialog } from '../../../../components/ConfirmDialog';
import { Tappable } from '../../../../components/Tappable';
import { shanghaiDay } from '../../../../format/date';
import { callCloud } from '../../../../services/cloud';
import { errorMessage } from '../../../../services/errors';
import { localConsent } from '../../../../components/PrivacyPopup/prompt';
import { exportFilename, saveJson } from '../../exportFile';
import { POLICY_SECTIONS } from '../../policyText';
import '../../privacy.css';

type Confirmation = Extract<ApiResult<'member', 'requestDeletion'>, { state: 'confirm' }>;

/** 我的数据: export everything as a JSON file; 注销 with the server's confirmation step. */
export function MyData() {
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);
  const [erased, setErased] = useState(false);

  const run = async (what: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await what();
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const exportData = () =>
    run(async () => {
      setStatus('正在导出…');
      const data = await callCloud('member', 'exportMyData');
      const memberNo = typeof data.profile.memberNo === 'string' ? data.profile.memberNo : 'member';
      setStatus(await saveJson(exportFilename(memberNo, shanghaiDay(data.generatedAt)), data));
    });

  const askDeletion = () =>
    run(async () => {
      setStatus(null);
      const answer = await callCloud('member', 'requestDeletion', {});
      if (answer.state === 'erased') setErased(true);
      else setConfirm(answer);
    });

  const confirmDeletion = (token: string) =>
    run(async () => {
      setConfirm(null);
      const answer = await callCloud('member', 'requestDeletion', { confirmToken: token });
      if (answer.state === 'erased') {
        localConsent.withdraw();
        setErased(true);
      }
    });

  if (erased) {
    return (
      <Card title='我的数据'>
        <View {...{ role: 'status' }}>账户已注销，您的个人信息已删除。再次打开鲜友会将作为新会员开始。</View>
      </Card>
    );
  }
  const message = confirm
    ? [`将删除：${confirm.erases.join('；')}。`, `将保留：${confirm.keeps.join('；')}。`, confirm.openOrders > 0 ? `您还有 ${confirm.openOrders} 笔未完成的订单，完成或取消后才能注销。` : '注销后无法恢复。'].join('\n')
    : undefined;
  return (
    <Card title='我的数据'>
      <View className='mydata-actions'>
        <Tappable className='btn' disabled={busy} onPress={() => void exportData()}>
          导出我的数据
        </Tappable>
        <Tappable className='btn btn-ghost mydata-erase' disabled={busy} onPress={() => void askDeletion()}>
          注销账户并删除个人信息
        </Tappable>
      </View>
      {status ? (
        <View className='mydata-status muted' {...{ role: 'status' }}>
          {status}
        </View>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title='确认注销账户'
        message={message}
        confirmLabel={confirm && confirm.openOrders > 0 ? '我知道了' : '确认注销'}
        danger
        onConfirm={() => (confirm && confirm.openOrders === 0 ? void confirmDeletion(confirm.confirmToken) : setConfirm(null))}
        onCancel={() => setConfirm(null)}
      />
    </Card>
  );
}

/** 隐私政策: what is collected, why, how long, who sees it, the rights and the contact; then 我的数据. */
export default function PolicyPage() {
  return (
    <PageShell title='隐私政策'>
      {POLICY_SECTIONS.map((s) => (
        <Card key={s.title} title={s.title}>
          {s.items.map((item) => (
            <View key={item} className='policy-item'>
              {item}
            </View>
          ))}
        </Card>
      ))}
      <View className='policy-version muted'>版本 {PRIVACY_POLICY_VERSION}</View>
      <MyData />
    </PageShell>
  );
}
