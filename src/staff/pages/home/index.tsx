import { View } from '@tarojs/components';
import type { WhoAmIView } from '@contracts/api';
import { PageShell } from '../../../components/PageShell';
import { StateView } from '../../../components/StateView';
import { useRemote } from '../../../hooks/useRemote';
import { whoAmI } from '../../../services/api';
import { useSessionVersion } from '../../../services/session';

const ROLE_NAMES: Record<WhoAmIView['role'], string> = { customer: '顾客', staff: '店员', manager: '店长' };

/** Staff home (subpackage): who is signed in; the tools themselves are not built yet. */
export default function StaffHomePage() {
  const sessionVersion = useSessionVersion();
  const me = useRemote<WhoAmIView>(whoAmI, [], sessionVersion);

  let content;
  if (me.status === 'loading') {
    content = <StateView kind='loading' title='正在加载…' />;
  } else if (me.status === 'error') {
    content = <StateView kind='error' title='加载失败' detail={me.message} onRetry={me.reload} />;
  } else if (me.data.role === 'customer') {
    content = <StateView kind='empty' title='员工工作台' detail='当前账号没有员工权限' />;
  } else {
    content = (
      <View className='panel'>
        <View className='panel-title'>员工工作台</View>
        <View>
          {me.data.displayName}（{ROLE_NAMES[me.data.role]}）
        </View>
        <View className='muted'>工作台功能暂未开放</View>
      </View>
    );
  }
  return <PageShell>{content}</PageShell>;
}
