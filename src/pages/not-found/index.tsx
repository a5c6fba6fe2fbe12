import { View } from '@tarojs/components';
import { useRouter } from '../../hooks/lifecycle';
import { Card, PageShell } from '../../components/PageShell';
import { tappable } from '../../components/Tappable';
import { HOME, switchTab } from '../../lib/routes';

/** Shown for a path that does not exist (see installNotFound in lib/routes): say so, offer a way home. */
function readable(path: string | undefined): string | null {
  if (!path) return null;
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // already decoded, or not valid percent-encoding
  }
}

export default function NotFoundPage() {
  const from = readable(useRouter().params.from);
  return (
    <PageShell title='页面不存在' back={false}>
      <Card>
        <View className='state'>
          <View className='state-title'>页面不存在或已下线</View>
          {from ? <View className='muted'>没有找到：{from}</View> : null}
          <View className='btn' {...tappable({ onPress: () => void switchTab(HOME) })}>
            回到首页
          </View>
        </View>
      </Card>
    </PageShell>
  );
}
