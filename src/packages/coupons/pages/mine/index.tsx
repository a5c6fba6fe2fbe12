import { useState } from 'react';
import { View } from '@tarojs/components';
import type { CouponStatusView, CouponView } from '@contracts/api';
import { ListFooter } from '../../../../components/ListFooter';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Tappable } from '../../../../components/Tappable';
import { open, ROUTES } from '../../../../lib/routes';
import { usePageVisibility } from '../../../../hooks/usePageVisibility';
import { usePaged } from '../../../../hooks/usePaged';
import { listMyCoupons } from '../../../../services/api';
import { useSessionVersion } from '../../../../services/session';
import { DateText } from '../../../../components/DateText';
import { formatDate } from '../../../../format/date';
import '../../coupons.css';

const TABS: { status: CouponStatusView; label: string; empty: string }[] = [
  { status: 'usable', label: '可用', empty: '暂无可用的优惠券' },
  { status: 'used', label: '已使用', empty: '还没有使用过优惠券' },
  { status: 'expired', label: '已过期', empty: '没有过期的优惠券' },
];

const SOURCE_NAMES: Record<CouponView['source'], string> = { redeem: '积分兑换', repurchase: '复购奖励', staff: '商家赠送' };

function validity(c: CouponView): string {
  if (c.status === 'used') return '已使用';
  if (c.status === 'expired') return `已于${formatDate(c.lastValidDay)}过期`;
  return `有效期至${formatDate(c.lastValidDay)}`;
}

/** Orders are not placed in the app yet: a coupon is used at the till, checked off by staff. */
const HOW_TO_USE = '使用方法：到店结账时出示会员码，店员核销';

const PAGE_SIZE = 20;
const couponKey = (c: CouponView) => c.id;
const loadPage = (page: number) => listMyCoupons(page, PAGE_SIZE);

/** The member's coupons in three tabs: usable, used, expired; read page by page, newest first. */
export default function MyCouponsPage() {
  const sessionVersion = useSessionVersion();
  const { reshown } = usePageVisibility();
  const coupons = usePaged<CouponView>(loadPage, couponKey, [reshown], sessionVersion);
  const [tab, setTab] = useState<CouponStatusView>('usable');

  let content;
  if (coupons.status === 'loading') {
    content = <StateView kind='loading' title='正在加载优惠券…' />;
  } else if (coupons.status === 'error') {
    content = <StateView kind='error' title='优惠券加载失败' detail={coupons.message} onRetry={coupons.reload} />;
  } else {
    const all = coupons.items;
    // Counts of the coupons loaded so far: "+" while older ones are still to load.
    const count = (status: CouponStatusView) => `${all.filter((c) => c.status === status).length}${coupons.hasMore ? '+' : ''}`;
    const current = TABS.find((t) => t.status === tab) ?? TABS[0];
    const shown = all.filter((c) => c.status === tab);
    content = (
      <View>
        <View className='tabs' {...{ role: 'tablist' }}>
          {TABS.map((t) => (
            <Tappable key={t.status} className={t.status === tab ? 'tab tab-active' : 'tab'} role='tab' pressed={t.status === tab} onPress={() => setTab(t.status)}>
              {t.label}（{count(t.status)}）
            </Tappable>
          ))}
        </View>
        {shown.length === 0 ? (
          <StateView kind='empty' title={current ? current.empty : ''} detail='积分可兑换优惠券' action={{ label: '去兑换', onPress: () => void open(ROUTES.couponRedeem) }} />
        ) : (
          shown.map((c) => (
            <View key={c.id} className={c.status === 'usable' ? 'panel coupon' : 'panel coupon coupon-inactive'}>
              <View className='coupon-title'>{c.title}</View>
              {c.description !== c.title ? <View className='muted'>{c.description}</View> : null}
              {c.status === 'usable' ? <View className='coupon-how'>{HOW_TO_USE}</View> : null}
              <View className='coupon-meta muted'>
                <View className={c.status === 'usable' ? 'coupon-meta-item coupon-valid' : 'coupon-meta-item'}>{validity(c)}</View>
                <View className='coupon-meta-item'>
                  {SOURCE_NAMES[c.source]} · <DateText value={c.issuedAt} mode='datetime' />
                </View>
              </View>
            </View>
          ))
        )}
        {coupons.hasMore || coupons.moreError || coupons.loadingMore ? <ListFooter list={coupons} onMore={coupons.loadMore} emptyText='' /> : null}
      </View>
    );
  }
  return <PageShell title='我的优惠券'>{content}</PageShell>;
}
