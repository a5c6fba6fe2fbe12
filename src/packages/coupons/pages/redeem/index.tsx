import { useEffect, useRef, useState } from 'react';
import { View } from '@tarojs/components';
import { showModal, showToast } from '@tarojs/taro';
import type { CouponTemplateView, PointsSummaryView } from '@contracts/api';
import { openPage } from '../../../../lib/nav';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { useRemote } from '../../../../hooks/useRemote';
import { isOutcomeUnknown, loadUnsettled, newRequestId, saveUnsettled } from '../../../../lib/requestId';
import { getPointsSummary, listCouponTemplates, redeemCoupon } from '../../../../services/api';
import { useSessionVersion } from '../../../../services/session';
import { formatPoints } from '../../../../format/money';
import { redeemErrorText } from '../../errors';
import '../../coupons.css';

type Notice = { kind: 'ok' | 'error'; templateId: string; text: string };

/** Redemption needs the current balance and the catalogue (with how many the member already has). */
function loadAll(): Promise<{ summary: PointsSummaryView; templates: CouponTemplateView[] }> {
  return Promise.all([getPointsSummary(), listCouponTemplates()]).then(([summary, templates]) => ({ summary, templates }));
}

function limitReached(t: CouponTemplateView): boolean {
  return t.perMemberLimit !== null && t.redeemedByMe >= t.perMemberLimit;
}

/**
 * The coupon catalogue: each coupon with its price in points; 兑换 asks for confirmation and sends a
 * request id made for that tap. When the answer is lost (network), the same id is sent again on retry,
 * so the points are never taken twice.
 */
export default function RedeemPage() {
  const sessionVersion = useSessionVersion();
  const [version, setVersion] = useState(0);
  const data = useRemote(loadAll, [version], sessionVersion);
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  // Request ids of taps whose outcome is still unknown, by template: a retry reuses them, even after
  // the page was closed (they are kept in storage until the server has answered).
  const [unsettled, setUnsettled] = useState<Record<string, string>>(() => loadUnsettled('redeem'));
  useEffect(() => saveUnsettled('redeem', unsettled), [unsettled]);

  const settle = (templateId: string) =>
    setUnsettled((prev) => {
      const next = { ...prev };
      delete next[templateId];
      return next;
    });

  const done = () => {
    busyRef.current = false;
    setBusy(null);
  };

  const send = (t: CouponTemplateView, requestId: string) => {
    busyRef.current = true;
    setBusy(t.id);
    setNotice(null);
    redeemCoupon(t.id, requestId)
      .then(
        (result) => {
          settle(t.id);
          setNotice({
            kind: 'ok',
            templateId: t.id,
            text: `兑换成功：「${result.coupon.title}」已放入我的优惠券，消耗 ${formatPoints(result.cost)} 积分，剩余 ${formatPoints(result.availableAfter)} 积分`,
          });
          showToast({ title: '兑换成功', icon: 'success' }).catch(() => undefined);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          if (isOutcomeUnknown(e)) {
            setNotice({ kind: 'error', templateId: t.id, text: '网络异常，兑换结果未确认。请点击“重试兑换”，不会重复扣除积分' });
            return;
          }
          settle(t.id);
          setNotice({ kind: 'error', templateId: t.id, text: redeemErrorText(e) });
          setVersion((v) => v + 1); // the balance or the limit may have changed meanwhile
        },
      )
      .then(done, done);
  };

  const redeem = (t: CouponTemplateView) => {
    if (busyRef.current) return;
    const retryId = unsettled[t.id];
    if (retryId) {
      send(t, retryId);
      return;
    }
    busyRef.current = true; // no second dialog while this one is open
    showModal({ title: '确认兑换', content: `使用 ${formatPoints(t.costPoints)} 积分兑换「${t.title}」？`, confirmText: '兑换' })
      .then(
        (res) => res.confirm,
        () => false,
      )
      .then((confirmed) => {
        busyRef.current = false;
        if (!confirmed) return;
        const requestId = newRequestId();
        setUnsettled((prev) => ({ ...prev, [t.id]: requestId }));
        send(t, requestId);
      });
  };

  let content;
  if (data.status === 'loading') {
    content = <StateView kind='loading' title='正在加载优惠券…' />;
  } else if (data.status === 'error') {
    content = <StateView kind='error' title='优惠券加载失败' detail={data.message} onRetry={data.reload} />;
  } else {
    const { summary, templates } = data.data;
    content = (
      <View>
        <View className='panel coupon-balance'>
          <View>
            <View className='muted'>可用积分</View>
            <View className='coupon-balance-points'>{formatPoints(summary.available)}</View>
          </View>
          <View className='link' onClick={() => openPage('/packages/coupons/pages/mine/index')}>
            我的优惠券 ›
          </View>
        </View>
        {templates.length === 0 ? <StateView kind='empty' title='暂无可兑换的优惠券' /> : null}
        {templates.map((t) => {
          const retry = Boolean(unsettled[t.id]);
          let button;
          if (busy === t.id) button = <View className='btn btn-small btn-disabled'>兑换中…</View>;
          else if (retry)
            button = (
              <View className='btn btn-small' onClick={() => redeem(t)}>
                重试兑换
              </View>
            );
          else if (limitReached(t)) button = <View className='btn btn-small btn-disabled'>已达上限</View>;
          else if (summary.available < t.costPoints) button = <View className='btn btn-small btn-disabled'>积分不足</View>;
          else
            button = (
              <View className={busy ? 'btn btn-small btn-disabled' : 'btn btn-small'} onClick={() => redeem(t)}>
                兑换
              </View>
            );
          return (
            <View key={t.id} className='panel coupon-template'>
              <View className='coupon-head'>
                <View className='row-main'>
                  <View className='coupon-title'>{t.title}</View>
                  {t.description !== t.title ? <View className='muted'>{t.description}</View> : null}
                </View>
                {button}
              </View>
              <View className='coupon-meta muted'>
                <View className='coupon-meta-item coupon-cost'>{formatPoints(t.costPoints)} 积分</View>
                <View className='coupon-meta-item'>领取后 {t.validDays} 天内有效</View>
                {t.perMemberLimit !== null ? (
                  <View className='coupon-meta-item'>
                    每人限兑 {t.perMemberLimit} 张（已兑 {t.redeemedByMe} 张）
                  </View>
                ) : null}
              </View>
              {notice && notice.templateId === t.id ? (
                <View className={notice.kind === 'ok' ? 'form-ok' : 'form-error'}>{notice.text}</View>
              ) : null}
            </View>
          );
        })}
      </View>
    );
  }
  return <PageShell>{content}</PageShell>;
}
