import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { scanCode } from '@tarojs/taro';
import type { StaffMemberView, WhoAmIView } from '@contracts/api';
import { describeMemberQuery, parseMemberQuery } from '@contracts/memberQuery';
import { openPage } from '../../../lib/nav';
import { ROUTES, switchTab, urlOf } from '../../../lib/routes';
import { Card, PageShell } from '../../../components/PageShell';
import { Remote } from '../../../components/Remote';
import { StateView } from '../../../components/StateView';
import { Tappable } from '../../../components/Tappable';
import { useRemote } from '../../../hooks/useRemote';
import { whoAmI } from '../../../services/api';
import { askForCard } from '../../../services/entry';
import { errorMessage, isCloudError } from '../../../services/errors';
import { useSessionVersion } from '../../../services/session';
import { findMember, scanMemberCode } from '../../../services/staffApi';
import { FORBIDDEN, isManagerRole, STAFF_ONLY } from '../../lib/access';
import { ROLE_NAMES } from '../../lib/labels';
import '../../staff.css';
import '../../orders.css';
import '../../cases.css';

/** The weapp can scan the customer's QR code; the H5 build (local development) pastes the token. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp';

function lookupError(e: unknown, byCode: boolean): string {
  if (isCloudError(e)) {
    if (e.code === FORBIDDEN) return STAFF_ONLY;
    if (byCode && e.code === 'REQUEST.INVALID') return '会员码无效，请让顾客刷新后重试';
  }
  return errorMessage(e);
}

/** The staff member's own card: asking for it is what enrols them as a customer. */
function openOwnCard(): void {
  askForCard();
  void switchTab(ROUTES.card);
}

function Lookup() {
  const [text, setText] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  // What the last lookup searched for ("按会员号 FP00000003 查找"), shown with its outcome.
  const [searched, setSearched] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = (find: () => Promise<StaffMemberView>, byCode: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    find().then(
      (member) => {
        setBusy(false);
        openPage(urlOf(ROUTES.staffMember, { memberNo: member.memberNo }));
      },
      (e: unknown) => {
        setBusy(false);
        setError(lookupError(e, byCode));
      },
    );
  };

  const lookup = () => {
    const parsed = parseMemberQuery(text);
    if (!parsed.ok) {
      setSearched(null);
      setError(parsed.message);
      return;
    }
    setSearched(describeMemberQuery(parsed.query));
    open(() => findMember(text).then((found) => found.member), false);
  };

  const lookupToken = (raw: string) => {
    const t = raw.trim();
    setSearched(t ? '按会员码查找' : null);
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

  // A correction makes the last outcome stale: it goes as soon as the input changes.
  const edit = (set: (v: string) => void) => (e: { detail: { value: string } }) => {
    set(e.detail.value);
    setError(null);
    setSearched(null);
  };

  return (
    <Card title='查找会员'>
      <View className='field-label'>会员号或手机号</View>
      <Input
        className={error && !token ? 'field field-invalid member-no-input' : 'field member-no-input'}
        value={text}
        placeholder='如 FP00000003、3 或 11 位手机号'
        // No platform limit: it would cut a pasted phone silently; the parser refuses long input.
        maxlength={-1}
        confirmType='search'
        ariaLabel='会员号或手机号'
        onInput={edit(setText)}
        onConfirm={lookup}
      />
      <Tappable className={busy ? 'btn btn-disabled' : 'btn'} onPress={lookup} disabled={busy} label='查询会员'>
        查询
      </Tappable>
      {CAN_SCAN ? (
        <View className='scan-row'>
          <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} onPress={scan} disabled={busy} label='扫描会员码'>
            扫描会员码
          </Tappable>
        </View>
      ) : (
        <View className='scan-row'>
          <View className='field-label'>会员码（本地开发：粘贴顾客会员码的内容）</View>
          <Input
            className='field member-token-input'
            value={token}
            placeholder='粘贴会员码'
            maxlength={-1}
            ariaLabel='会员码'
            onInput={edit(setToken)}
            onConfirm={() => lookupToken(token)}
          />
          <Tappable className={busy ? 'btn btn-ghost btn-disabled' : 'btn btn-ghost'} onPress={() => lookupToken(token)} disabled={busy} label='识别会员码'>
            识别会员码
          </Tappable>
        </View>
      )}
      {searched ? (
        <View className='muted form-note lookup-searched' {...{ role: 'status' }}>
          {busy ? `${searched}…` : searched}
        </View>
      ) : null}
      {error ? (
        <View className='form-error' {...{ role: 'alert' }}>
          {error}
        </View>
      ) : null}
    </Card>
  );
}

/** Entries to the order desk; the catalogue and the import are the manager's. */
function DeskEntries({ manager }: { manager: boolean }) {
  const entries: [string, StaffRoute][] = [
    ['今日订单', ROUTES.staffOrders],
    ['门店收银', ROUTES.staffCounter],
    ...(manager ? ([['商品管理', ROUTES.staffProducts], ['订单导入', ROUTES.staffImport]] as [string, StaffRoute][]) : []),
  ];
  return (
    <Card title='订单与收银' className='staff-entries'>
      {entries.map(([label, route]) => (
        <Tappable key={route} className='link staff-entry' role='link' onPress={() => openPage(urlOf(route))} label={label}>
          {label} ›
        </Tappable>
      ))}
    </Card>
  );
}

type StaffRoute = typeof ROUTES.staffOrders | typeof ROUTES.staffCounter | typeof ROUTES.staffProducts | typeof ROUTES.staffImport;

/** 店长 and 管理员 see the manager's entries (the server checks every call again). */

/** Staff home (subpackage): find a member by number, phone or member code; the way to one's own card. */
export default function StaffHomePage() {
  const sessionVersion = useSessionVersion();
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);

  return (
    <PageShell title='员工工作台' back={false}>
      <Remote value={me} errorTitle='加载失败' loading={{ title: '员工工作台', rows: 2 }}>
        {(who) =>
          who.role === 'customer' ? (
            <StateView kind='empty' title={STAFF_ONLY} detail='当前账号没有员工权限' action={{ label: '查看我的会员卡', onPress: () => void switchTab(ROUTES.card) }} />
          ) : (
            <View>
              <Card title='员工工作台'>
                <View className='staff-me'>
                  {who.displayName}（{ROLE_NAMES[who.role]}）
                </View>
                <Tappable className='link staff-own-card' role='link' onPress={openOwnCard} label='我的会员卡'>
                  我的会员卡 ›
                </Tappable>
              </Card>
              <Card title='客户服务' className='staff-entries'>
                <Tappable className='link care-entry' role='link' onPress={() => openPage(urlOf(ROUTES.staffCare))} label='今日待办'>
                  今日待办 ›
                </Tappable>
                <Tappable className='link crm-search-entry' role='link' onPress={() => openPage(urlOf(ROUTES.staffSearch))} label='客户搜索'>
                  客户搜索 ›
                </Tappable>
                <Tappable className='link case-entry' role='link' onPress={() => openPage(urlOf(ROUTES.staffCases))} label='投诉处理'>
                  投诉处理 ›
                </Tappable>
              </Card>
              <DeskEntries manager={isManagerRole(who.role)} />
              {isManagerRole(who.role) ? (
                <Card title='团队' className='staff-entries'>
                  <Tappable className='link team-entry' role='link' onPress={() => openPage(urlOf(ROUTES.staffTeam))} label='团队管理'>
                    团队管理 ›
                  </Tappable>
                  <Tappable className='link approvals-entry' role='link' onPress={() => openPage(urlOf(ROUTES.staffApprovals))} label='审批'>
                    审批 ›
                  </Tappable>
                </Card>
              ) : null}
              {isManagerRole(who.role) ? (
                <Card title='经营' className='staff-entries'>
                  <Tappable className='link kpi-entry' role='link' onPress={() => openPage(urlOf(ROUTES.staffKpi))} label='经营指标'>
                    经营指标 ›
                  </Tappable>
                </Card>
              ) : null}
              <Lookup />
            </View>
          )
        }
      </Remote>
    </PageShell>
  );
}
