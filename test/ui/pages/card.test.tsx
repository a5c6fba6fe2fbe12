import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import CardPage from '@/pages/card/index';
import { qrDataUrl } from '@/lib/qr';
import { codeFixture, cardFixture, coreCard, customerMe } from '../fixtures';
import { fail, installFakeServer, ok } from '../fakeServer';
import { firePageHide, firePageShow } from '../pageHooks';
import { advance } from '../interact';

/** Let pending fetches resolve and React commit, moving fake time forward by `ms`. */
function qrSrc(container: HTMLElement): string | null {
  return container.querySelector('taro-image-core')?.getAttribute('src') ?? null;
}

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00+08:00') });
  // No card kept from an earlier test (the page caches the last card per identity).
  window.localStorage.clear();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('card page', () => {
  it('shows the member, tier, benefits, points and the way to the next tier', async () => {
    installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
    });
    render(<CardPage />);
    expect(screen.getByLabelText('正在加载会员卡…')).toBeTruthy();
    await advance();

    expect(screen.getByText('陈阿姨')).toBeTruthy();
    // The QR has a text alternative; refresh is a named button.
    expect(screen.getByRole('img', { name: '会员码，60 秒内有效' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '刷新会员码' })).toBeTruthy();
    expect(screen.getByText('潜力会员')).toBeTruthy();
    expect(screen.getByText('会员价9.7折 · 1.2倍积分 · 手写感谢卡')).toBeTruthy();
    expect(screen.getByText('12,345')).toBeTruthy();
    expect(screen.getByText('待入账 300 积分')).toBeTruthy();
    expect(screen.queryByText(/待扣回/)).toBeNull();
    expect(screen.getByRole('link', { name: /200 积分将于12月31日过期，去兑换/ })).toBeTruthy();
    expect(screen.getByText('再消费 ¥12,340，再有 2 个月下单，合作满 1 年（还差 45 天），即可升级为核心会员')).toBeTruthy();
    expect(screen.queryByText(/下次评审/)).toBeNull();
    expect(screen.queryByText('进入员工工作台 ›')).toBeNull();
  });

  it('shows the downgrade warning, owed points and the dedicated contact', async () => {
    installFakeServer({
      'member.getCard': () => ok(coreCard()),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
    });
    render(<CardPage />);
    await advance();

    expect(screen.getByText('核心会员')).toBeTruthy();
    expect(screen.getByText('会员价9.5折 · 1.5倍积分 · 优先配送 · 专属客户经理')).toBeTruthy();
    expect(screen.getByText('86,000')).toBeTruthy();
    expect(screen.getByText('待扣回 150 积分（将从后续积分中扣除）')).toBeTruthy();
    expect(screen.queryByText(/待入账/)).toBeNull();
    expect(screen.getByText('再消费 ¥1,234 即可升级为战略会员')).toBeTruthy();
    expect(screen.getByText('下次评审（2026年12月1日）前再消费 ¥5,000 即可保持核心会员，否则将调整为潜力会员')).toBeTruthy();
    expect(screen.getByText('专属客户经理：小李')).toBeTruthy();
    // The warning comes before the upgrade line.
    const warning = screen.getByText(/下次评审/);
    const upgrade = screen.getByText('再消费 ¥1,234 即可升级为战略会员');
    expect(warning.compareDocumentPosition(upgrade) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The phone is a link that calls.
    expect(screen.getByRole('link', { name: /拨打专属客户经理小李的电话/ })).toBeTruthy();
  });

  it('shows the last card at once on the next open, then the fresh one; never another identity’s', async () => {
    window.localStorage.setItem('freshpal.dev.openid', 'o-chen');
    let name = '陈阿姨';
    installFakeServer({
      'member.getCard': () => ok(cardFixture({ displayName: name })),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
    });
    const first = render(<CardPage />);
    await advance();
    first.unmount();
    name = '陈阿姨（新）';
    render(<CardPage />);
    // Before any answer: the kept card, not a blank page.
    expect(screen.getByText('陈阿姨')).toBeTruthy();
    await advance();
    expect(screen.getByText('陈阿姨（新）')).toBeTruthy();
    cleanup();

    window.localStorage.setItem('freshpal.dev.openid', 'o-other');
    render(<CardPage />);
    expect(screen.queryByText(/陈阿姨/)).toBeNull();
    expect(screen.getByLabelText('正在加载会员卡…')).toBeTruthy();
  });

  it('says so at the top tier', async () => {
    installFakeServer({
      'member.getCard': () =>
        ok(cardFixture({ tier: { ...coreCard().tier, id: 'strategic', name: '战略会员' }, progress: null })),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
    });
    render(<CardPage />);
    await advance();
    expect(screen.getByText('战略会员')).toBeTruthy();
    expect(screen.getByText('您已是最高等级')).toBeTruthy();
  });

  it('shows an error with the server message and recovers on retry', async () => {
    const server = installFakeServer({
      'member.getCard': () => fail('SYSTEM.INTERNAL', '服务繁忙，请稍后再试'),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
    });
    const { container } = render(<CardPage />);
    await advance();
    expect(screen.getByText('会员卡加载失败')).toBeTruthy();
    expect(screen.getByText('服务繁忙，请稍后再试')).toBeTruthy();
    expect(qrSrc(container)).toBeNull();

    server.on('member.getCard', () => ok(cardFixture()));
    fireEvent.click(screen.getByText('重试'));
    await advance();
    expect(screen.getByText('潜力会员')).toBeTruthy();
    expect(server.count('member.getCard')).toBe(2);
  });

  it('shows a transport failure in plain words', async () => {
    installFakeServer({});
    (window.fetch as jest.Mock).mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    render(<CardPage />);
    await advance();
    expect(screen.getByText('会员卡加载失败')).toBeTruthy();
    expect(screen.getByText('网络异常，请检查网络后重试')).toBeTruthy();
  });

  it('shows a brand-new member how points start, and staff their way to the workbench', async () => {
    installFakeServer({
      'member.getCard': () =>
        ok(
          cardFixture({
            points: { available: 0, pending: 0, owed: 0, expiringSoon: null },
            metrics: { annualSpendFen: 0, tenureDays: 0, activeMonths: 0, repeatPurchases: 0 },
            progress: { next: { id: 'potential', name: '潜力会员' }, gaps: { repeatPurchases: 2 } },
          }),
        ),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok({ role: 'staff', displayName: '小李', memberNo: null }),
    });
    render(<CardPage />);
    await advance();
    expect(screen.getByText('暂无积分，下单即可累积')).toBeTruthy();
    expect(screen.queryByText(/再复购/)).toBeNull();
    expect(screen.queryByText(/待入账/)).toBeNull();
    expect(screen.queryByText(/过期/)).toBeNull();
    expect(screen.getByText('进入员工工作台 ›')).toBeTruthy();
  });

  it('renders the member code as one QR image and refreshes it before it expires', async () => {
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': ({ call }) => ok(codeFixture(`tok-${call}`, 60)),
      'member.whoami': () => ok(customerMe),
    });
    const { container } = render(<CardPage />);
    await advance();

    expect(container.querySelectorAll('taro-image-core')).toHaveLength(1);
    expect(qrSrc(container)).toBe(qrDataUrl('tok-1'));
    expect(qrSrc(container)).toMatch(/^data:image\/gif;base64,/);
    expect(screen.getByText('50 秒后自动刷新')).toBeTruthy();

    await advance(49_000);
    expect(screen.getByText('1 秒后自动刷新')).toBeTruthy();
    expect(server.count('member.getCode')).toBe(1);

    await advance(1_000);
    expect(server.count('member.getCode')).toBe(2);
    expect(qrSrc(container)).toBe(qrDataUrl('tok-2'));
    expect(screen.getByText('50 秒后自动刷新')).toBeTruthy();

    // Ten minutes on screen: one code every 50 seconds, no more.
    await advance(600_000);
    expect(server.count('member.getCode')).toBe(14);
  });

  it('refreshes the code by hand', async () => {
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': ({ call }) => ok(codeFixture(`tok-${call}`, 60)),
      'member.whoami': () => ok(customerMe),
    });
    const { container } = render(<CardPage />);
    await advance(5_000);
    fireEvent.click(screen.getByText('刷新'));
    await advance();
    expect(server.count('member.getCode')).toBe(2);
    expect(qrSrc(container)).toBe(qrDataUrl('tok-2'));
  });

  it('ignores a skewed phone clock: the refresh follows the code lifetime', async () => {
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      // The server's clock is an hour behind: expiresAt is already in the past on the phone.
      'member.getCode': ({ call }) => ok(codeFixture(`tok-${call}`, 60, Date.now() - 3_600_000)),
      'member.whoami': () => ok(customerMe),
    });
    render(<CardPage />);
    await advance();
    await advance(10_000);
    expect(server.count('member.getCode')).toBe(1);
    expect(screen.getByText('40 秒后自动刷新')).toBeTruthy();
  });

  it('shows a code error without a stale QR', async () => {
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => fail('SYSTEM.BUSY', '操作太频繁'),
      'member.whoami': () => ok(customerMe),
    });
    const { container } = render(<CardPage />);
    await advance();
    expect(screen.getByText('会员码加载失败：操作太频繁')).toBeTruthy();
    expect(qrSrc(container)).toBeNull();

    // It tries again by itself a little later.
    server.on('member.getCode', () => ok(codeFixture('tok-ok')));
    await advance(10_000);
    expect(qrSrc(container)).toBe(qrDataUrl('tok-ok'));
  });

  it('treats a code without a token as an error', async () => {
    installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => ok({ token: '', expiresAt: Date.now() + 60_000, ttlSeconds: 60 }),
      'member.whoami': () => ok(customerMe),
    });
    const { container } = render(<CardPage />);
    await advance();
    expect(screen.getByText('会员码加载失败：会员码无效，请稍后重试')).toBeTruthy();
    expect(qrSrc(container)).toBeNull();
  });

  it('stops the clock while hidden and reloads when shown again', async () => {
    const server = installFakeServer({
      'member.getCard': ({ call }) => ok(cardFixture({ points: { ...cardFixture().points, available: 100 * call } })),
      'member.getCode': ({ call }) => ok(codeFixture(`tok-${call}`, 60)),
      'member.whoami': () => ok(customerMe),
    });
    const { container } = render(<CardPage />);
    await advance();
    expect(screen.getByText('100')).toBeTruthy();

    act(() => firePageHide());
    await advance(300_000);
    expect(server.count('member.getCode')).toBe(1);

    act(() => firePageShow());
    await advance();
    expect(server.count('member.getCode')).toBe(2);
    expect(server.count('member.getCard')).toBe(2);
    expect(qrSrc(container)).toBe(qrDataUrl('tok-2'));
    expect(screen.getByText('200')).toBeTruthy();
  });

  it('keeps the card on screen when a refresh on return fails', async () => {
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': ({ call }) => ok(codeFixture(`tok-${call}`, 60)),
      'member.whoami': () => ok(customerMe),
    });
    render(<CardPage />);
    await advance();
    act(() => firePageHide());
    server.on('member.getCard', () => fail('SYSTEM.BUSY', '系统繁忙'));
    act(() => firePageShow());
    await advance();
    expect(server.count('member.getCard')).toBe(2);
    expect(screen.getByText('潜力会员')).toBeTruthy();
    expect(screen.queryByText('会员卡加载失败')).toBeNull();
  });
});
