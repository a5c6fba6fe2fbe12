import { Image, Text, View } from '@tarojs/components';
import { Tappable } from '../../components/Tappable';
import type { MemberCodeState } from './useMemberCode';

interface Props {
  state: MemberCodeState;
  now: number;
  onRefresh: () => void;
}

const isH5 = process.env.TARO_ENV === 'h5';

/**
 * weapp: `aria-role`. H5: a real `role` on the host, and `alt` on the <img> Taro renders inside it
 * (its `aria-role` attribute would be invalid ARIA, and an <img> without alt is announced as a file).
 */
function imageRole(alt: string): Record<string, unknown> {
  return isH5 ? { role: 'img', nativeProps: { alt } } : { ariaRole: 'img' };
}

/** "会员码，60 秒内有效": what screen readers hear for the QR image. */
export function codeAltText(ttlSeconds: number): string {
  return ttlSeconds > 0 ? `会员码，${ttlSeconds} 秒内有效` : '会员码';
}

/** The member code panel: one <Image> for the QR code (with a text alternative), a countdown and a refresh button. */
export function MemberCode({ state, now, onRefresh }: Props) {
  let body;
  if (state.status === 'ready') {
    const seconds = Math.max(0, Math.ceil((state.refreshAt - now) / 1000));
    body = (
      <View className='code-body'>
        <Image className='code-image' src={state.image} mode='aspectFit' ariaLabel={codeAltText(state.ttlSeconds)} {...imageRole(codeAltText(state.ttlSeconds))} />
        <View className='muted code-hint'>{state.refreshing ? '正在刷新…' : `${seconds} 秒后自动刷新`}</View>
      </View>
    );
  } else if (state.status === 'error') {
    body = (
      <View className='code-body'>
        <View className='state-error'>会员码加载失败：{state.message}</View>
      </View>
    );
  } else {
    body = (
      <View className='code-body'>
        <View className='muted'>正在生成会员码…</View>
      </View>
    );
  }
  return (
    <View className='panel code-panel'>
      <View className='panel-title'>
        <Text>会员码</Text>
        <Tappable className='code-refresh' onPress={onRefresh} label='刷新会员码'>
          刷新
        </Tappable>
      </View>
      {body}
      <View className='muted'>结账时出示给店员扫码，积分与会员价自动生效</View>
    </View>
  );
}
