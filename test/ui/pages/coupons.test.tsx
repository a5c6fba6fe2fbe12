import Taro from '@tarojs/taro';
import { formatDate } from '@/format/date';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { CouponView, Page, RedeemResultView } from '@contracts/api';
import RedeemPage from '@/packages/coupons/pages/redeem/index';
import MyCouponsPage from '@/packages/coupons/pages/mine/index';
import { couponFixture, summaryFixture, templatesFixture } from '../fixtures';
import { NETWORK_DOWN, fail, installFakeServer, ok, type FakeServer } from '../fakeServer';

jest.mock('@/lib/nav', () => ({ openPage: jest.fn() }));

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

/** Answer the open confirmation dialog (ConfirmDialog). */
async function answerModal(confirm: boolean): Promise<void> {
  const modal = screen.getByRole('dialog', { name: '确认兑换' });
  fireEvent.click(within(modal).getByRole('button', { name: confirm ? '兑换' : '取消' }));
  await settle();
  await settle();
}

function templateCard(title: string): HTMLElement {
  const heading = Array.from(document.querySelectorAll('.coupon-template .coupon-title')).find((e) => e.textContent === title);
  const card = heading?.closest('.coupon-template');
  if (!card) throw new Error(`no coupon card for ${title}`);
  return card as HTMLElement;
}

const redeemed = (templateId: string, availableAfter: number): RedeemResultView => ({
  coupon: couponFixture({ templateId, id: 'CPNEW' }),
  cost: 500,
  availableAfter,
});

type RedeemPayload = { templateId: string; requestId: string };

function catalogServer(available = 1200): FakeServer {
  return installFakeServer({
    'points.getSummary': () => ok(summaryFixture({ available })),
    'points.listCouponTemplates': () => ok(templatesFixture()),
    'points.redeemCoupon': ({ payload }) => ok(redeemed((payload as RedeemPayload).templateId, available - 500)),
  });
}

describe('兑换优惠券', () => {
  it('lists each coupon with its price, validity and limit; disables what cannot be redeemed', async () => {
    catalogServer(1200);
    render(<RedeemPage />);
    expect(screen.getByLabelText('正在加载优惠券…')).toBeTruthy();
    await settle();

    expect(screen.getByText('1,200')).toBeTruthy();
    const cheap = templateCard('满100减10');
    expect(within(cheap).getByText('500 积分')).toBeTruthy();
    expect(within(cheap).getByText('领取后 30 天内有效')).toBeTruthy();
    expect(within(cheap).getByText('兑换')).toBeTruthy();

    const eggs = templateCard('免费鲜鸡蛋一盒');
    expect(within(eggs).getByText('免费领取：农家鲜鸡蛋一盒（10枚）')).toBeTruthy();
    expect(within(eggs).getByText('每人限兑 2 张（已兑 2 张）')).toBeTruthy();
    expect(within(eggs).getByText('已达上限').className).toContain('btn-disabled');

    const big = templateCard('满1000减150');
    expect(within(big).getByText('20,000 积分')).toBeTruthy();
    const disabled = within(big).getByText('积分不足');
    expect(disabled.className).toContain('btn-disabled');
    // Says how many points are missing (20,000 − 1,200).
    expect(within(big).getByText('还差 18,800 积分')).toBeTruthy();
    expect(within(big).getByRole('button', { name: '积分不足，还差 18,800 积分' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(disabled);
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('redeems after confirmation with a well-formed request id, then shows the new balance', async () => {
    const server = catalogServer(1200);
    render(<RedeemPage />);
    await settle();

    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    const dialog = screen.getByRole('dialog', { name: '确认兑换' });
    // The coupon name is one unbreakable unit, the cost under it.
    expect(dialog.querySelector('.dialog-name')?.textContent).toBe('「满100减10」');
    expect(within(dialog).getByText('将使用 500 积分')).toBeTruthy();
    expect(server.count('points.redeemCoupon')).toBe(0);
    server.on('points.getSummary', () => ok(summaryFixture({ available: 700 })));
    await answerModal(true);

    expect(server.count('points.redeemCoupon')).toBe(1);
    const sent = server.payloads('points.redeemCoupon')[0] as RedeemPayload;
    expect(sent.templateId).toBe('pts-100-10');
    expect(sent.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(screen.getByText('兑换成功：「满100减10」已放入我的优惠券，消耗 500 积分，剩余 700 积分')).toBeTruthy();
    // The balance and the catalogue load again.
    expect(server.count('points.getSummary')).toBe(2);
    expect(server.count('points.listCouponTemplates')).toBe(2);
    expect(screen.getByText('700')).toBeTruthy();

    // A second tap is a new redemption with a new id.
    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);
    const ids = server.payloads('points.redeemCoupon').map((p) => (p as RedeemPayload).requestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const server = catalogServer(1200);
    render(<RedeemPage />);
    await settle();
    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(false);
    expect(server.count('points.redeemCoupon')).toBe(0);
  });

  it('says so in Chinese when the points are not enough', async () => {
    const server = catalogServer(1200);
    server.on('points.redeemCoupon', () => fail('POINTS.INSUFFICIENT_BALANCE', '积分不足'));
    render(<RedeemPage />);
    await settle();
    server.on('points.getSummary', () => ok(summaryFixture({ available: 100 })));

    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);

    expect(within(templateCard('满100减10')).getByText('积分不足，无法兑换')).toBeTruthy();
    // The refusal is final: the balance is reloaded and the button now says why it is disabled.
    expect(within(templateCard('满100减10')).getByText('积分不足').className).toContain('btn-disabled');
    expect(screen.queryByText('重试兑换')).toBeNull();
  });

  it('explains a reached limit', async () => {
    const server = catalogServer(1200);
    server.on('points.redeemCoupon', () => fail('COUPON.LIMIT_REACHED', '每人限兑2张'));
    render(<RedeemPage />);
    await settle();
    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);
    expect(screen.getByText('已达兑换上限（每人限兑2张）')).toBeTruthy();
  });

  it('retries a redemption lost to the network with the same request id, without asking again', async () => {
    const server = catalogServer(1200);
    // The first attempt reaches the server, but the answer never comes back.
    server.on('points.redeemCoupon', ({ call, payload }) =>
      call === 1 ? NETWORK_DOWN : ok(redeemed((payload as RedeemPayload).templateId, 700)),
    );
    render(<RedeemPage />);
    await settle();

    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);
    expect(screen.getByText('网络异常，兑换结果未确认。请点击“重试兑换”，不会重复扣除积分')).toBeTruthy();
    const retry = within(templateCard('满100减10')).getByText('重试兑换');

    fireEvent.click(retry);
    // No second confirmation: the retry belongs to the tap already confirmed.
    expect(screen.queryByRole('dialog')).toBeNull();
    await settle();
    await settle();

    const [first, second] = server.payloads('points.redeemCoupon') as RedeemPayload[];
    expect(second).toEqual(first);
    expect(screen.getByText('兑换成功：「满100减10」已放入我的优惠券，消耗 500 积分，剩余 700 积分')).toBeTruthy();
    expect(screen.queryByText('重试兑换')).toBeNull();

    // Settled: the next tap confirms again and gets a fresh id.
    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);
    const third = server.payloads('points.redeemCoupon')[2] as RedeemPayload;
    expect(third.requestId).not.toBe(first?.requestId);
  });

  it('keeps an unconfirmed request id after the page is closed and reopened', async () => {
    const server = catalogServer(1200);
    server.on('points.redeemCoupon', ({ call, payload }) => (call === 1 ? NETWORK_DOWN : ok(redeemed((payload as RedeemPayload).templateId, 700))));
    const first = render(<RedeemPage />);
    await settle();
    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);
    first.unmount();

    render(<RedeemPage />);
    await settle();
    fireEvent.click(within(templateCard('满100减10')).getByText('重试兑换'));
    await settle();
    await settle();
    const [lost, retried] = server.payloads('points.redeemCoupon') as RedeemPayload[];
    expect(retried?.requestId).toBe(lost?.requestId);
    expect(screen.getByText('兑换成功：「满100减10」已放入我的优惠券，消耗 500 积分，剩余 700 积分')).toBeTruthy();
  });

  it('keeps the request id across repeated network failures', async () => {
    const server = catalogServer(1200);
    server.on('points.redeemCoupon', () => NETWORK_DOWN);
    render(<RedeemPage />);
    await settle();
    fireEvent.click(within(templateCard('满100减10')).getByText('兑换'));
    await settle();
    await answerModal(true);
    fireEvent.click(screen.getByText('重试兑换'));
    await settle();
    fireEvent.click(screen.getByText('重试兑换'));
    await settle();
    const ids = new Set(server.payloads('points.redeemCoupon').map((p) => (p as RedeemPayload).requestId));
    expect(server.count('points.redeemCoupon')).toBe(3);
    expect(ids.size).toBe(1);
  });

  it('shows a load error with retry', async () => {
    const server = installFakeServer({
      'points.getSummary': () => ok(summaryFixture()),
      'points.listCouponTemplates': () => fail('SYSTEM.INTERNAL', '系统繁忙，请稍后再试'),
    });
    render(<RedeemPage />);
    await settle();
    expect(screen.getByText('优惠券加载失败')).toBeTruthy();
    server.on('points.listCouponTemplates', () => ok(templatesFixture()));
    fireEvent.click(screen.getByText('重试'));
    await settle();
    expect(templateCard('满100减10')).toBeTruthy();
  });
});

const onePage = (items: CouponView[]): Page<CouponView> => ({ items, page: 0, pageSize: 20, hasMore: false });

describe('我的优惠券', () => {
  it('shows usable, used and expired coupons in tabs', async () => {
    installFakeServer({
      'points.listMyCoupons': () =>
        ok(
          onePage([
            couponFixture({ id: 'a', title: '满100减10', lastValidDay: '2026-12-25' }),
            couponFixture({ id: 'b', title: '复购券·满300减40', description: '满300减40', source: 'repurchase', lastValidDay: '2026-12-16' }),
            couponFixture({ id: 'c', title: '免费鲜鸡蛋一盒', status: 'used' }),
            couponFixture({ id: 'd', title: '时令水果券', status: 'expired', lastValidDay: '2026-10-01' }),
          ]),
        ),
    });
    const { container } = render(<MyCouponsPage />);
    await settle();

    expect(screen.getByText('可用（2）')).toBeTruthy();
    expect(screen.getByText('已使用（1）')).toBeTruthy();
    expect(screen.getByText('已过期（1）')).toBeTruthy();
    const titles = () => Array.from(container.querySelectorAll('.coupon-title')).map((e) => e.textContent);
    expect(titles()).toEqual(['满100减10', '复购券·满300减40']);
    expect(screen.getByText(`有效期至${formatDate('2026-12-25')}`)).toBeTruthy();
    expect(container.querySelectorAll('.coupon')[1]?.textContent).toContain(`复购奖励 · ${formatDate(Date.parse('2026-11-25T00:05:00+08:00'))} 00:05`);
    // How a usable coupon is used (no in-app orders yet).
    expect(screen.getAllByText('使用方法：到店结账时出示会员码，店员核销')).toHaveLength(2);
    expect(screen.getByRole('tab', { name: '可用（2）' }).getAttribute('aria-selected')).toBe('true');

    fireEvent.click(screen.getByText('已使用（1）'));
    expect(titles()).toEqual(['免费鲜鸡蛋一盒']);
    fireEvent.click(screen.getByText('已过期（1）'));
    expect(titles()).toEqual(['时令水果券']);
    expect(screen.getByText(`已于${formatDate('2026-10-01')}过期`)).toBeTruthy();
    expect(screen.queryByText(/使用方法/)).toBeNull();
  });

  it('says when a tab is empty', async () => {
    installFakeServer({ 'points.listMyCoupons': () => ok(onePage([])) });
    render(<MyCouponsPage />);
    await settle();
    expect(screen.getByText('暂无可用的优惠券')).toBeTruthy();
    // An empty state offers something to do.
    const navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    fireEvent.click(screen.getByRole('button', { name: '去兑换' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/coupons/pages/redeem/index' });
    navigateTo.mockRestore();
    fireEvent.click(screen.getByText('已过期（0）'));
    expect(screen.getByText('没有过期的优惠券')).toBeTruthy();
  });

  it('loads older coupons page by page', async () => {
    const first = Array.from({ length: 20 }, (_, i) => couponFixture({ id: `n${i}`, title: `新券${i}` }));
    const server = installFakeServer({
      'points.listMyCoupons': ({ payload }) =>
        (payload as { page: number }).page === 0
          ? ok({ items: first, page: 0, pageSize: 20, hasMore: true })
          : ok({ items: [couponFixture({ id: 'old', title: '旧券' })], page: 1, pageSize: 20, hasMore: false }),
    });
    render(<MyCouponsPage />);
    await settle();
    expect(screen.getByText('可用（20+）')).toBeTruthy();
    expect(screen.queryByText('旧券')).toBeNull();
    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(screen.getByText('可用（21）')).toBeTruthy();
    expect(screen.getByText('旧券')).toBeTruthy();
    expect(screen.queryByText('加载更多')).toBeNull();
    expect(server.payloads('points.listMyCoupons')).toEqual([
      { page: 0, pageSize: 20 },
      { page: 1, pageSize: 20 },
    ]);
  });
});
