import { useEffect, useRef, useState } from 'react';
import { View } from '@tarojs/components';
import { showToast } from '@tarojs/taro';
import type { CouponTemplateView, PointsSummaryView } from '@contracts/api';
import { ConfirmDialog } from '../../../../components/ConfirmDialog';
import { PageShell } from '../../../../components/PageShell';
import { Remote } from '../../../../components/Remote';
import { StateView } from '../../../../components/StateView';
import { Tappable } from '../../../../components/Tappable';
import { open, ROUTES } from '../../../../lib/routes';
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
  const [asking, setAsking] = useState<CouponTemplateView | null>(null);
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
    setAsking(t);
  };

  const answer = (confirmed: boolean) => {
    const t = asking;
    setAsking(null);
    busyRef.current = false;
    if (!confirmed || !t) return;
    const requestId = newRequestId();
    setUnsettled((prev) => ({ ...prev, [t.id]: requestId }));
    send(t, requestId);
  };

  return (
    <PageShell title='兑换优惠券'>
      <Remote value={data} loading={{ title: '兑换优惠券', rows: 4, label: '正在加载优惠券…' }} errorTitle='优惠券加载失败'>
        {({ summary, templates }) => (
          <View>
            <View className='panel coupon-balance'>
              <View>
                <View className='muted'>可用积分</View>
                <View className='coupon-balance-points'>{formatPoints(summary.available)}</View>
              </View>
              <Tappable className='link' role='link' onPress={() => void open(ROUTES.couponMine)}>
                我的优惠券 ›
              </Tappable>
            </View>
            {templates.length === 0 ? <StateView kind='empty' title='暂无可兑换的优惠券' detail='商家上架新的优惠券后会显示在这里' /> : null}
            {templates.map((t) => {
              const retry = Boolean(unsettled[t.id]);
              const short = t.costPoints - summary.available;
              let button;
              if (busy === t.id) button = <Tappable className='btn btn-small btn-disabled' disabled onPress={() => undefined}>兑换中…</Tappable>;
              else if (retry)
                button = (
                  <Tappable className='btn btn-small' onPress={() => redeem(t)}>
                    重试兑换
                  </Tappable>
                );
              else if (limitReached(t)) button = <Tappable className='btn btn-small btn-disabled' disabled onPress={() => undefined}>已达上限</Tappable>;
              else if (short > 0)
                button = (
                  <Tappable className='btn btn-small btn-disabled' disabled label={`积分不足，还差 ${formatPoints(short)} 积分`} onPress={() => undefined}>
                    积分不足
                  </Tappable>
                );
              else
                button = (
                  <Tappable className={busy ? 'btn btn-small btn-disabled' : 'btn btn-small'} disabled={Boolean(busy)} label={`兑换「${t.title}」`} onPress={() => redeem(t)}>
                    兑换
                  </Tappable>
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
                  {short > 0 && !limitReached(t) && !retry ? <View className='coupon-short'>还差 {formatPoints(short)} 积分</View> : null}
                  {notice && notice.templateId === t.id ? <View className={notice.kind === 'ok' ? 'form-ok' : 'form-error'}>{notice.text}</View> : null}
                </View>
              );
            })}
          </View>
        )}
      </Remote>
      <ConfirmDialog
        open={asking !== null}
        title='确认兑换'
        name={asking ? `「${asking.title}」` : undefined}
        message={asking ? `将使用 ${formatPoints(asking.costPoints)} 积分` : undefined}
        confirmLabel='兑换'
        onConfirm={() => answer(true)}
        onCancel={() => answer(false)}
      />
    </PageShell>
  );
}
