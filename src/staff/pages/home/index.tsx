import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { scanCode } from '@tarojs/taro';
import type { StaffMemberView, WhoAmIView } from '@contracts/api';
import { openPage } from '../../../lib/nav';
import { PageShell } from '../../../components/PageShell';
import { StateView } from '../../../components/StateView';
import { useRemote } from '../../../hooks/useRemote';
import { whoAmI } from '../../../services/api';
import { errorMessage, isCloudError } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { getStaffMember, scanMemberCode } from '../../../services/staffApi';
import { FORBIDDEN, STAFF_ONLY } from '../../lib/access';
import { normalizeMemberNo, ROLE_NAMES } from '../../lib/labels';
import '../../staff.css';

/** The weapp can scan the customer's QR code; the H5 build (local development) pastes the token. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp';

function lookupError(e: unknown, byCode: boolean): string {
  if (isCloudError(e)) {
    if (e.code === FORBIDDEN) return STAFF_ONLY;
    if (byCode && e.code === 'REQUEST.INVALID') return '会员码无效，请让顾客刷新后重试';
  }
  return errorMessage(e);
}

/** Staff home (subpackage): find a member by member number or by the member code, then open them. */
export default function StaffHomePage() {
  const sessionVersion = useSessionVersion();
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);
  const [memberNo, setMemberNo] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = (find: () => Promise<StaffMemberView>, byCode: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    find().then(
      (member) => {
        setBusy(false);
        openPage(`/staff/pages/member/index?memberNo=${encodeURIComponent(member.memberNo)}`);
      },
      (e: unknown) => {
        setBusy(false);
        setError(lookupError(e, byCode));
      },
    );
  };

  const lookup = () => {
    const no = normalizeMemberNo(memberNo);
    if (!no) {
      setError('会员号应为 FP 加 8 位数字，如 FP00000001');
      return;
    }
    open(() => getStaffMember(no), false);
  };

  const lookupToken = (text: string) => {
    const t = text.trim();
    if (!t) {
      setError('请粘贴顾客的会员码');
      return;
    }
    open(() => scanMemberCode(t), true);
  };

  const scan = () => {
    if (busy) return;
    setError(null);
    scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
      (res) => lookupToken(res.result ?? ''),
      (e: unknown) => {
        const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
        if (!msg.includes('cancel')) setError('扫码失败，请重试或输入会员号');
      },
    );
  };

  let content;
  if (me.status === 'loading') {
    content = <StateView kind='loading' title='正在加载…' />;
  } else if (me.status === 'error') {
    content =
      me.code === FORBIDDEN ? (
        <StateView kind='error' title={STAFF_ONLY} />
      ) : (
        <StateView kind='error' title='加载失败' detail={me.message} onRetry={me.reload} />
      );
  } else if (me.data.role === 'customer') {
    content = <StateView kind='empty' title={STAFF_ONLY} detail='当前账号没有员工权限' />;
  } else {
    content = (
      <View>
        <View className='panel'>
          <View className='panel-title'>员工工作台</View>
          <View>
            {me.data.displayName}（{ROLE_NAMES[me.data.role]}）
          </View>
        </View>
        <View className='panel'>
          <View className='panel-title'>查找会员</View>
          <View className='field-label'>会员号</View>
          <Input
            className='field member-no-input'
            value={memberNo}
            placeholder='如 FP00000001'
            maxlength={10}
            confirmType='search'
            onInput={(e) => setMemberNo(e.detail.value)}
            onConfirm={lookup}
          />
          <View className={busy ? 'btn btn-disabled' : 'btn'} onClick={lookup}>
            查询
          </View>
          {CAN_SCAN ? (
            <View className='scan-row'>
              <View className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} onClick={scan}>
                扫描会员码
              </View>
            </View>
          ) : (
            <View className='scan-row'>
              <View className='field-label'>会员码（本地开发：粘贴顾客会员码的内容）</View>
              <Input
                className='field member-token-input'
                value={token}
                placeholder='粘贴会员码'
                maxlength={200}
                onInput={(e) => setToken(e.detail.value)}
                onConfirm={() => lookupToken(token)}
              />
              <View className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} onClick={() => lookupToken(token)}>
                识别会员码
              </View>
            </View>
          )}
          {busy ? <View className='muted form-note'>正在查找…</View> : null}
          {error ? <View className='form-error'>{error}</View> : null}
        </View>
      </View>
    );
  }
  return <PageShell>{content}</PageShell>;
}
