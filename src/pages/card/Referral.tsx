import { useEffect, useState } from 'react';
import { Button, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import type { ApiResult } from '@contracts/apiMap';
import { useRouter } from '../../hooks/lifecycle';
import { callCloud } from '../../services/cloud';
import { customerCallsAllowed } from '../../services/entry';

export type ReferralView = ApiResult<'member', 'getReferral'>;

/** The last share link of this page, for WeChat's share callback (which must answer synchronously). */
let shareOf: ReferralView | null = null;

/**
 * 「转发」 of the card page carries the member's signed referral token (weapp only: H5 has no share menu).
 * A build-time constant picks the branch, so the hook is called unconditionally within a build.
 */
export const useCardShare: () => void =
  process.env.TARO_ENV === 'weapp'
    ? () =>
        useShareAppMessage(() => ({
          title: shareOf?.shareTitle ?? '鲜友会会员卡',
          path: shareOf?.sharePath ?? '/pages/card/index',
        }))
    : () => undefined;

/**
 * Opening a shared card (`?ref=<token>`): binds this new member to the friend once; the server refuses
 * a self-invite or an existing customer and says why, which is not shown (nothing to act on).
 */
async function acceptOnce(token: string): Promise<void> {
  await customerCallsAllowed();
  await callCloud('member', 'acceptReferral', { token }).catch(() => undefined);
}

/** Under the card: 「由 XX 邀请」 for an invited member, and the invitation to share with its reward. */
export function ReferralPanel({ sessionVersion }: { sessionVersion: number }) {
  const { params } = useRouter();
  const token = typeof params.ref === 'string' ? decodeURIComponent(params.ref) : null;
  const [view, setView] = useState<ReferralView | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      if (token) await acceptOnce(token);
      await customerCallsAllowed();
      const v = await callCloud('member', 'getReferral');
      shareOf = v;
      if (live) setView(v);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [token, sessionVersion]);

  if (!view) return null;
  return (
    <View className='panel referral'>
      {view.invitedBy ? <View className='referral-by'>由 {view.invitedBy.name} 邀请</View> : null}
      {view.enabled ? (
        <View className='referral-share'>
          <View className='muted'>{view.rewardPoints > 0 ? `邀请好友成为会员，好友首单完成后您得 ${view.rewardPoints} 积分` : '邀请好友成为会员'}</View>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className='referral-button' openType='share'>
              分享会员卡给好友
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
